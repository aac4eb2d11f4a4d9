//! Where a failing side went wrong, as a course path: the line of a C# compile error, the
//! line of a Python traceback. A snippet runs from a temp folder that is gone when the
//! report is read, so its traceback's paths are rewritten to the course file
//! (`File "examples-py/01-a/crash.py", line 2`).
use std::path::Path;

use regex::bytes::Regex;

use super::relative;
use crate::compare::{tail, SideResult, Verdict};
use crate::course::Side;
use crate::runner::PairReport;

/// A place in a course file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    #[serde(skip)]
    pub side: Side,
    /// Relative to the course root.
    pub file: String,
    pub line: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// The line of the first C# compiler error (`File.cs(LINE,COL): error CS....`) and that error.
pub fn compile_error_line(diagnostics: &str) -> Option<(usize, String)> {
    let re = regex::Regex::new(r"\.cs\((\d+),\d+\): (error .*)$").expect("valid regex");
    diagnostics.lines().find_map(|l| {
        let c = re.captures(l)?;
        Some((c[1].parse().ok()?, c[2].to_string()))
    })
}

/// A traceback frame: `File "PATH", line N` (compiled once; reports read it per side).
fn frame() -> &'static Regex {
    static FRAME: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r#"File "([^"]*)", line (\d+)"#).expect("valid regex")
    });
    &FRAME
}

fn same_name(path: &[u8], file_name: &str) -> bool {
    use std::os::unix::ffi::OsStrExt;
    Path::new(std::ffi::OsStr::from_bytes(path))
        .file_name()
        .is_some_and(|n| n.as_bytes() == file_name.as_bytes())
}

/// The last `File "…/<file_name>", line N` of a Python traceback.
pub fn traceback_line(stderr: &[u8], file_name: &str) -> Option<usize> {
    frame()
        .captures_iter(stderr)
        .filter(|c| same_name(&c[1], file_name))
        .filter_map(|c| std::str::from_utf8(&c[2]).ok()?.parse().ok())
        .last()
}

/// Stderr with every traceback frame of the snippet file (`File "/tmp/mirror-run-…/x.py"`)
/// pointing at the course file instead (`File "examples-py/01-a/x.py"`). Bytes stay bytes.
pub fn course_paths(stderr: &[u8], root: &str, source: Option<&Path>) -> Vec<u8> {
    let Some(source) = source else {
        return stderr.to_vec();
    };
    let Some(name) = source.file_name().and_then(|n| n.to_str()) else {
        return stderr.to_vec();
    };
    // Most sides' stderr is empty or names no run folder: nothing to rewrite or compile.
    let run_prefix = crate::sandbox::RUN_PREFIX.as_bytes();
    if !stderr.windows(run_prefix.len()).any(|w| w == run_prefix) {
        return stderr.to_vec();
    }
    let rel = relative(root, source);
    let framed = frame().replace_all(stderr, |c: &regex::bytes::Captures| {
        if same_name(&c[1], name) {
            let mut out = format!("File \"{rel}\", line ").into_bytes();
            out.extend_from_slice(&c[2]);
            out
        } else {
            c[0].to_vec()
        }
    });
    // The same file named outside a frame (`SyntaxError: Non-UTF-8 code ... in file
    // /tmp/mirror-run-…/000-…/./x.py on line 3`): its copy in the run's folder.
    let copy = Regex::new(&format!(
        r#"(?:/[^\s"':/]+)*/{}[^/\s"']+/[^/\s"']+/(?:\./)?{}\b"#,
        regex::escape(crate::sandbox::RUN_PREFIX),
        regex::escape(name)
    ))
    .expect("valid regex");
    copy.replace_all(&framed, regex::bytes::NoExpand(rel.as_bytes()))
        .into_owned()
}

/// The last `n` lines of a side's stderr, its traceback pointing at the course file.
pub fn stderr_tail(root: &str, p: &PairReport, side: Side, n: usize) -> Option<Vec<u8>> {
    let o = match side {
        Side::CSharp => p.csharp.outcome(),
        Side::Python => p.python.outcome(),
    }?;
    (!o.stderr.is_empty()).then(|| course_paths(tail(&o.stderr, n), root, p.pair.source(side)))
}

/// Where a failing pair went wrong in its sources: the C# compile error's line, else the
/// line of the Python traceback that is in the snippet. None for a pair that did not fail
/// that way (a mismatch is about output, not a source line).
pub fn error_at(root: &str, p: &PairReport) -> Option<Location> {
    if !matches!(p.verdict, Verdict::Error | Verdict::Timeout) {
        return None;
    }
    let at = |side: Side, line: usize| {
        p.pair.source(side).map(|path| Location {
            side,
            file: relative(root, path),
            line,
        })
    };
    if let SideResult::CompileError(d) = &p.csharp {
        if let Some((line, _)) = compile_error_line(d) {
            return at(Side::CSharp, line);
        }
    }
    let o = p.python.outcome()?;
    let name = p.pair.python.as_deref()?.file_name()?.to_str()?;
    at(Side::Python, traceback_line(&o.stderr, name)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_copy_is_named_as_the_course_file_outside_frames_too() {
        let err = b"SyntaxError: Non-UTF-8 code starting with '\\xe9' in file /tmp/mirror-run-16494-286TMj/000-03-mutable_default-py3.11.7-r0/./mutable_default.py on line 51, but no encoding declared\n";
        let out = course_paths(
            err,
            "/c",
            Some(Path::new("/c/examples-py/03-fn/mutable_default.py")),
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "SyntaxError: Non-UTF-8 code starting with '\\xe9' in file examples-py/03-fn/mutable_default.py on line 51, but no encoding declared\n"
        );
        // Another file in the run's folder, or the name elsewhere, stays as it is.
        let other = b"/tmp/mirror-run-1-x/000-a/./helper.py and mutable_default.py\n";
        assert_eq!(
            course_paths(other, "/c", Some(Path::new("/c/examples-py/03-fn/mutable_default.py"))),
            other.to_vec()
        );
    }

    #[test]
    fn locations_from_diagnostics_and_tracebacks() {
        let diag =
            "/c/examples-cs/03-fn/Broken.cs(2,19): error CS0103: The name 'x' does not exist\n";
        assert_eq!(
            compile_error_line(diag),
            Some((2, "error CS0103: The name 'x' does not exist".into()))
        );
        let tb = b"Traceback (most recent call last):\n  File \"/tmp/a/boom.py\", line 7, in <module>\n    f()\n  File \"/tmp/a/boom.py\", line 3, in f\n  File \"/usr/lib/python3/json/__init__.py\", line 9, in loads\nValueError: no\n";
        assert_eq!(traceback_line(tb, "boom.py"), Some(3));
        assert_eq!(traceback_line(b"nothing", "boom.py"), None);
    }

    #[test]
    fn traceback_frames_point_at_the_course_file() {
        let tb = b"  File \"/tmp/mirror-run-1-x/001-01-boom-py3.11-r0/./boom.py\", line 7, in <module>\n  File \"/usr/lib/python3/json/__init__.py\", line 9, in loads\n\xff\n";
        let src = Path::new("/course/examples-py/01-a/boom.py");
        let out = course_paths(tb, "/course", Some(src));
        assert_eq!(
            out,
            b"  File \"examples-py/01-a/boom.py\", line 7, in <module>\n  File \"/usr/lib/python3/json/__init__.py\", line 9, in loads\n\xff\n"
        );
        assert_eq!(course_paths(tb, "/course", None), tb);
    }
}
