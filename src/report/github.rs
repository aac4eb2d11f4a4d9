//! GitHub Actions (`GITHUB_ACTIONS=true` or `--format github`): `::error` workflow commands
//! pointing at the snippet file and line, and a Markdown summary appended to the file named
//! by `$GITHUB_STEP_SUMMARY`. The human report still prints beside it.
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{duration, escape, relative, without_root, Reporter};
use crate::compare::{tail, SideResult, Verdict};
use crate::course::{ExpectExit, Side};
use crate::runner::{Header, PairReport, RunReport};
use crate::sandbox::{Outcome, Status};

/// One `::error` annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// Relative to the course root (the repository root in CI).
    pub file: String,
    pub line: usize,
    pub title: String,
    pub message: String,
}

impl Annotation {
    /// `::error file=F,line=N,title=T::message`, escaped as the runner expects, with the
    /// control characters of snippet text made visible first (`report::escape`).
    pub fn command(&self) -> String {
        format!(
            "::error file={},line={},title={}::{}",
            property(&escape::line(&self.file)),
            self.line,
            property(&escape::line(&self.title)),
            data(&escape::text(&self.message))
        )
    }
}

/// Prints annotations to `out` and appends the summary when the run ends.
pub struct GithubReporter<W: Write> {
    out: W,
    summary: Option<PathBuf>,
}

impl<W: Write> GithubReporter<W> {
    /// `summary`: the `$GITHUB_STEP_SUMMARY` file, when set.
    pub fn new(out: W, summary: Option<PathBuf>) -> Self {
        GithubReporter { out, summary }
    }
}

impl<W: Write> Reporter for GithubReporter<W> {
    fn start(&mut self, _header: &Header, _pairs: usize) {}
    fn pair_finished(&mut self, _pair: &PairReport) {}
    fn finish(&mut self, report: &RunReport) -> std::io::Result<()> {
        for a in annotations(report) {
            writeln!(self.out, "{}", a.command())?;
        }
        self.out.flush()?;
        if let Some(path) = &self.summary {
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| {
                    std::io::Error::new(
                        e.kind(),
                        format!("$GITHUB_STEP_SUMMARY {}: {e}", path.display()),
                    )
                })?;
            file.write_all(summary(report).as_bytes())?;
        }
        Ok(())
    }
}

/// Every annotation of a run: failing pairs, then page findings.
pub fn annotations(r: &RunReport) -> Vec<Annotation> {
    let root = r.header.course.as_str();
    let mut all = Vec::new();
    for l in &r.lessons {
        for p in l.pairs.iter().filter(|p| p.verdict.is_failure()) {
            all.extend(pair_annotations(root, p));
        }
        let Some(page) = &l.page else { continue };
        for f in &page.examination.findings {
            let mut message = without_root(root, &f.message);
            if let Some((file, line)) = &f.example {
                let _ = write!(message, "\nexample: {}:{line}", relative(root, file));
            }
            all.push(Annotation {
                file: relative(root, &page.path),
                line: f.line.max(1),
                title: format!("{} page", l.id),
                message,
            });
        }
    }
    all
}

fn pair_annotations(root: &str, p: &PairReport) -> Vec<Annotation> {
    let title = format!("{} {}", p.pair.id(), p.verdict.name());
    let reason = p.reason.clone().unwrap_or_default();
    let at = |side: Side, line: usize, message: String| {
        p.pair.source(side).map(|path| Annotation {
            file: relative(root, path),
            line: line.max(1),
            title: title.clone(),
            message,
        })
    };
    let mut found = Vec::new();
    match p.verdict {
        Verdict::Mismatch => {
            let mut m = reason.clone();
            if let Some(d) = &p.diff {
                let _ = write!(
                    m,
                    "\nC#:     {}\nPython: {}",
                    escape::output_line(d.left_line.as_deref()),
                    escape::output_line(d.right_line.as_deref())
                );
            }
            if let Some(cs) = &p.pair.csharp {
                let _ = write!(m, "\nC# side: {}", relative(root, cs));
            }
            found.extend(at(Side::Python, 1, m));
        }
        Verdict::Error | Verdict::Timeout => {
            if let SideResult::CompileError(diag) = &p.csharp {
                let (line, first) = compile_error_line(diag).unwrap_or((1, String::new()));
                found.extend(at(Side::CSharp, line, format!("{reason}\n{first}")));
            }
            for (side, result) in [(Side::CSharp, &p.csharp), (Side::Python, &p.python)] {
                let Some(o) = result.outcome() else { continue };
                if !side_failed(o, p.pair.settings.expect_exit) {
                    continue;
                }
                let file_name = p
                    .pair
                    .source(side)
                    .and_then(Path::file_name)
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let line = match side {
                    Side::Python => traceback_line(&o.stderr, &file_name).unwrap_or(1),
                    Side::CSharp => 1,
                };
                let mut m = reason.clone();
                let last = escape::text(tail(&o.stderr, 3));
                if !last.is_empty() {
                    let _ = write!(m, "\n{last}");
                }
                found.extend(at(side, line, m));
            }
        }
        _ => {}
    }
    if found.is_empty() {
        // Orphans, and anything not placed above: the file that exists, line 1.
        found.extend(at(Side::Python, 1, reason.clone()).or_else(|| at(Side::CSharp, 1, reason)));
    }
    found
}

/// Whether one side's run is itself unacceptable (the rules `compare::judge` applies).
fn side_failed(o: &Outcome, expect: ExpectExit) -> bool {
    match (&o.status, expect) {
        _ if o.limit.is_some() => true,
        (Status::TimedOut | Status::NotStarted(_), _) => true,
        (Status::Exited(c), ExpectExit::Zero) => *c != 0,
        (Status::Exited(c), ExpectExit::Nonzero) => *c == 0,
        (Status::Signaled(_), ExpectExit::Zero) => true,
        (Status::Signaled(_), ExpectExit::Nonzero) => false,
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

/// The last `File "…/<file_name>", line N` of a Python traceback.
pub fn traceback_line(stderr: &[u8], file_name: &str) -> Option<usize> {
    let re = regex::Regex::new(r#"File "([^"]*)", line (\d+)"#).expect("valid regex");
    let text = String::from_utf8_lossy(stderr);
    re.captures_iter(&text)
        .filter(|c| Path::new(&c[1]).file_name().is_some_and(|n| n == file_name))
        .filter_map(|c| c[2].parse().ok())
        .last()
}

/// Message text: `%`, CR and LF escaped.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Property values: also `:` and `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The Markdown step summary: headline, the lesson table, then every failure.
pub fn summary(r: &RunReport) -> String {
    let root = r.header.course.as_str();
    let mut s = format!("## mirror: {} passed, {} failed", r.passed(), r.failed());
    if r.skipped() > 0 {
        let _ = write!(s, ", {} skipped", r.skipped());
    }
    let (checked, bad) = r.page_blocks();
    s.push_str(
        "\n\n| lesson | pairs | passed | failed | time | page |\n|---|---:|---:|---:|---:|---|\n",
    );
    for l in &r.lessons {
        let page = match &l.page {
            None => "-".to_string(),
            Some(p) if p.failed() == 0 => format!("ok ({} blocks)", p.examination.checked),
            Some(p) => format!(
                "**{} of {} blocks wrong**",
                p.failed(),
                p.examination.checked
            ),
        };
        let mark = if l.verdict() == "pass" { "✅" } else { "❌" };
        let _ = writeln!(
            s,
            "| {mark} {} | {} | {} | {} | {} | {page} |",
            cell(&escape::line(format!(
                "{} {}",
                l.id.split('-').next().unwrap_or(""),
                l.title
            ))),
            l.pairs.len(),
            l.passed(),
            l.failed(),
            duration(l.duration())
        );
    }
    if checked > 0 {
        let _ = writeln!(s, "\nPages: {checked} tied blocks checked, {bad} failed.");
    }
    let failures = r.failures();
    if !failures.is_empty() || bad > 0 {
        s.push_str("\n### Failures\n");
    }
    for p in failures {
        let _ = writeln!(
            s,
            "\n#### ❌ {}: {}\n\n{}\n",
            code(&escape::line(p.pair.id())),
            p.verdict.name(),
            escape::line(p.reason.as_deref().unwrap_or(""))
        );
        for side in [Side::CSharp, Side::Python] {
            if let Some(path) = p.pair.source(side) {
                let _ = writeln!(
                    s,
                    "- {}: {}",
                    side.label(),
                    code(&escape::line(relative(root, path)))
                );
            }
        }
        if let SideResult::CompileError(d) = &p.csharp {
            let errors: Vec<&str> = d.lines().filter(|l| l.contains("error")).collect();
            s.push_str(&fenced("text", &escape::text(errors.join("\n"))));
        }
        if let Some(d) = &p.diff {
            s.push_str(&fenced("diff", &escape::text(&d.unified)));
        }
        if p.verdict != Verdict::Mismatch {
            for (side, result) in [(Side::CSharp, &p.csharp), (Side::Python, &p.python)] {
                match result.outcome() {
                    Some(o) if !o.stderr.is_empty() => {
                        let _ = write!(s, "\n{} stderr (last lines):\n", side.label());
                        s.push_str(&fenced("text", &escape::text(tail(&o.stderr, 12))));
                    }
                    _ => {}
                }
            }
        }
    }
    for l in &r.lessons {
        let Some(page) = &l.page else { continue };
        for f in &page.examination.findings {
            let _ = writeln!(
                s,
                "\n#### ❌ page {}\n\n{}",
                code(&format!(
                    "{}:{}",
                    escape::line(relative(root, &page.path)),
                    f.line
                )),
                escape::line(without_root(root, &f.message))
            );
            if let Some(d) = &f.diff {
                s.push_str(&fenced("diff", &escape::text(d)));
            }
        }
    }
    s.push('\n');
    s
}

/// A table cell: `|` escaped, one line.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// A code span whose backtick fence is longer than any backtick run inside.
fn code(text: &str) -> String {
    let fence = "`".repeat(longest_backticks(text) + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn longest_backticks(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// A fenced block whose fence is longer than any backtick run inside.
fn fenced(lang: &str, body: &str) -> String {
    let fence = "`".repeat(longest_backticks(body).max(2) + 1);
    let body = body.strip_suffix('\n').unwrap_or(body);
    format!("\n{fence}{lang}\n{body}\n{fence}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn commands_are_escaped() {
        let a = Annotation {
            file: "a,b:c.py".into(),
            line: 4,
            title: "01-a/x mismatch".into(),
            message: "50% off\nline two".into(),
        };
        assert_eq!(
            a.command(),
            "::error file=a%2Cb%3Ac.py,line=4,title=01-a/x mismatch::50%25 off%0Aline two"
        );
        assert_eq!(fenced("text", "a ``` b"), "\n````text\na ``` b\n````\n");
    }
}
