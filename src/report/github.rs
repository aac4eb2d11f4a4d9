//! GitHub Actions (`GITHUB_ACTIONS=true` or `--format github`): `::error` workflow commands
//! pointing at the snippet file and line, and a Markdown summary appended to the file named
//! by `$GITHUB_STEP_SUMMARY`. The human report still prints beside it.
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::difference::FirstDifference;
use super::location::{compile_error_line, error_at, stderr_tail, traceback_line};
use super::{
    capped, closing_line, duration, escape, more_lines, page_state, pages_line, relative,
    shown_line, without_root, Reporter, DIFF_LINES,
};
use crate::compare::{SideResult, Verdict};
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
        Verdict::Mismatch | Verdict::Drift | Verdict::Flaky => {
            let mut m = reason.clone();
            if let Some(d) = &p.diff {
                for line in FirstDifference::of(d).render_plain("") {
                    let _ = write!(m, "\n{line}");
                }
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
                if let Some(last) = stderr_tail(root, p, side, 3) {
                    let _ = write!(m, "\n{}", escape::text(last));
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
    let mut s = format!("## mirror: {}", closing_line(r));
    let problems = r.page_problems();
    s.push_str(
        "\n\n| lesson | pairs | passed | failed | skipped | pair time | page |\n|---|---:|---:|---:|---:|---:|---|\n",
    );
    for l in &r.lessons {
        let page = match l.page.as_ref().map(page_state) {
            None => "-".to_string(),
            Some((true, text)) => text,
            Some((false, text)) => format!("**{text}**"),
        };
        let mark = if l.verdict() == "pass" { "✅" } else { "❌" };
        let _ = writeln!(
            s,
            "| {mark} {} | {} | {} | {} | {} | {} | {page} |",
            cell(&escape::line(format!(
                "{} {}",
                l.id.split('-').next().unwrap_or(""),
                l.title
            ))),
            l.pairs.len(),
            l.passed(),
            l.failed(),
            l.skipped(),
            duration(l.duration())
        );
    }
    if let Some(line) = pages_line(r) {
        let _ = writeln!(s, "\n{line}.");
    }
    let failures = r.failures();
    if !failures.is_empty() || problems > 0 {
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
        if let Some(at) = error_at(root, p) {
            let _ = writeln!(s, "- at: {}", code(&escape::line(at.to_string())));
        }
        if let Some(d) = &p.diff {
            let first = FirstDifference::of(d);
            let mut text = format!("{}:\n", first.heading());
            for line in first.render("  ") {
                let _ = writeln!(text, "{line}");
            }
            s.push_str(&fenced("text", &text));
            let unified = escape::text(&d.unified);
            let (lines, more) = capped(&unified, DIFF_LINES);
            s.push_str(&fenced("diff", &lines.join("\n")));
            if more > 0 {
                let _ = writeln!(
                    s,
                    "\n{} (the `--junit` and `--html` reports have the whole diff)",
                    more_lines(more)
                );
            }
        }
        if p.verdict != Verdict::Mismatch {
            for side in [Side::CSharp, Side::Python] {
                if let Some(tail) = stderr_tail(root, p, side, 12) {
                    let _ = write!(s, "\n{} stderr (last lines):\n", side.label());
                    s.push_str(&fenced("text", &escape::text(tail)));
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
                shown_line(root, &f.message)
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
