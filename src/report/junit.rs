//! `--junit FILE`: JUnit XML for CI test tabs (Jenkins, GitLab, Azure, GitHub test reporters).
//! One `<testsuite>` per lesson, one `<testcase>` per pair (classname = lesson id, name = pair
//! name) plus a `page` testcase per checked lesson page. Mismatches, orphans and page findings
//! are `<failure>`s, timeouts and errors `<error>`s, one-sided or unrun pairs `<skipped>`. The
//! shape follows the Jenkins/Ant JUnit schema (`tests/fixtures/junit.xsd` checks it).
use std::fmt::Write as _;

use super::{escape, relative, seconds, without_root};
use crate::compare::{tail, SideResult, Verdict};
use crate::course::Side;
use crate::pages::PageCheck;
use crate::runner::{LessonReport, PairReport, RunReport};

/// How a testcase ended, in JUnit's terms.
enum Outcome {
    Passed,
    Failure {
        kind: String,
        message: String,
        text: String,
    },
    Error {
        kind: String,
        message: String,
        text: String,
    },
    Skipped(String),
}

struct Case {
    name: String,
    time: String,
    outcome: Outcome,
    stdout: Option<String>,
    stderr: Option<String>,
}

/// The whole document.
pub fn render(r: &RunReport) -> String {
    let root = r.header.course.as_str();
    let suites: Vec<(&LessonReport, Vec<Case>)> = r
        .lessons
        .iter()
        .map(|l| {
            let mut cases: Vec<Case> = l.pairs.iter().map(|p| pair_case(root, p)).collect();
            cases.extend(l.page.as_ref().map(|p| page_case(root, p)));
            (l, cases)
        })
        .collect();
    let count =
        |cases: &[Case], f: fn(&Outcome) -> bool| cases.iter().filter(|c| f(&c.outcome)).count();
    let is_failure = |o: &Outcome| matches!(o, Outcome::Failure { .. });
    let is_error = |o: &Outcome| matches!(o, Outcome::Error { .. });
    let is_skipped = |o: &Outcome| matches!(o, Outcome::Skipped(_));
    let all: Vec<&Case> = suites.iter().flat_map(|(_, c)| c).collect();
    let total = |f: fn(&Outcome) -> bool| all.iter().filter(|c| f(&c.outcome)).count();

    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<testsuites name=\"mirror\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{}\">",
        all.len(),
        total(is_failure),
        total(is_error),
        seconds(r.timings.total)
    );
    for (l, cases) in &suites {
        let _ = writeln!(
            x,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\">",
            attr(&l.id),
            cases.len(),
            count(cases, is_failure),
            count(cases, is_error),
            count(cases, is_skipped),
            seconds(l.duration())
        );
        for c in cases {
            write_case(&mut x, &l.id, c);
        }
        x.push_str("  </testsuite>\n");
    }
    x.push_str("</testsuites>\n");
    x
}

fn write_case(x: &mut String, classname: &str, c: &Case) {
    let _ = write!(
        x,
        "    <testcase name=\"{}\" classname=\"{}\" time=\"{}\"",
        attr(&c.name),
        attr(classname),
        c.time
    );
    if matches!(c.outcome, Outcome::Passed) && c.stdout.is_none() && c.stderr.is_none() {
        x.push_str("/>\n");
        return;
    }
    x.push_str(">\n");
    match &c.outcome {
        Outcome::Passed => {}
        Outcome::Skipped(why) => {
            let _ = writeln!(x, "      <skipped message=\"{}\"/>", attr(why));
        }
        Outcome::Failure {
            kind,
            message,
            text,
        } => {
            let _ = writeln!(
                x,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                attr(message),
                attr(kind),
                text_node(text)
            );
        }
        Outcome::Error {
            kind,
            message,
            text,
        } => {
            let _ = writeln!(
                x,
                "      <error message=\"{}\" type=\"{}\">{}</error>",
                attr(message),
                attr(kind),
                text_node(text)
            );
        }
    }
    if let Some(out) = &c.stdout {
        let _ = writeln!(x, "      <system-out>{}</system-out>", text_node(out));
    }
    if let Some(err) = &c.stderr {
        let _ = writeln!(x, "      <system-err>{}</system-err>", text_node(err));
    }
    x.push_str("    </testcase>\n");
}

fn pair_case(root: &str, p: &PairReport) -> Case {
    let reason = p.reason.clone().unwrap_or_default();
    let kind = p.verdict.name().to_string();
    let outcome = match p.verdict {
        Verdict::Pass => Outcome::Passed,
        Verdict::Skipped => Outcome::Skipped(reason),
        Verdict::Mismatch | Verdict::Orphan | Verdict::Flaky | Verdict::Drift => Outcome::Failure {
            kind,
            text: details(root, p),
            message: reason,
        },
        Verdict::Timeout | Verdict::Error => Outcome::Error {
            kind,
            text: details(root, p),
            message: reason,
        },
    };
    let failed = p.verdict.is_failure();
    let both = |pick: fn(&crate::sandbox::Outcome) -> &[u8]| {
        let mut s = String::new();
        for (side, result) in [(Side::CSharp, &p.csharp), (Side::Python, &p.python)] {
            if let Some(o) = result.outcome() {
                let _ = writeln!(s, "--- {} ---\n{}", side.label(), escape::text(pick(o)));
            }
        }
        (failed && !s.is_empty()).then_some(s)
    };
    Case {
        name: p.pair.name.clone(),
        time: seconds(p.duration()),
        outcome,
        stdout: both(|o| &o.stdout),
        stderr: both(|o| &o.stderr),
    }
}

/// The failure text: reason, files, compiler errors, the diff, stderr tails.
fn details(root: &str, p: &PairReport) -> String {
    let mut t = format!("{}: {}\n", p.pair.id(), p.reason.as_deref().unwrap_or(""));
    for side in [Side::CSharp, Side::Python] {
        if let Some(path) = p.pair.source(side) {
            let _ = writeln!(t, "  {:<7} {}", side.label(), relative(root, path));
        }
    }
    if let SideResult::CompileError(d) = &p.csharp {
        t.push_str("C# compiler:\n");
        for line in d.lines().filter(|l| l.contains("error")) {
            let _ = writeln!(t, "  {line}");
        }
    }
    if let Some(d) = &p.diff {
        let _ = writeln!(
            t,
            "first difference at line {}:\n  C#:     {}\n  Python: {}\n{}",
            d.first_line,
            escape::output_line(d.left_line.as_deref()),
            escape::output_line(d.right_line.as_deref()),
            escape::text(&d.unified)
        );
    }
    if matches!(p.verdict, Verdict::Error | Verdict::Timeout) {
        for (side, result) in [(Side::CSharp, &p.csharp), (Side::Python, &p.python)] {
            match result.outcome() {
                Some(o) if !o.stderr.is_empty() => {
                    let _ = writeln!(
                        t,
                        "{} stderr (last lines):\n{}",
                        side.label(),
                        escape::text(tail(&o.stderr, 12))
                    );
                }
                _ => {}
            }
        }
    }
    t
}

fn page_case(root: &str, page: &PageCheck) -> Case {
    let rel = relative(root, &page.path);
    let ex = &page.examination;
    let outcome = if ex.findings.is_empty() {
        Outcome::Passed
    } else {
        let mut text = String::new();
        for f in &ex.findings {
            let _ = writeln!(text, "{rel}:{}: {}", f.line, without_root(root, &f.message));
            if let Some((file, line)) = &f.example {
                let _ = writeln!(text, "  example: {}:{line}", relative(root, file));
            }
            if let Some(d) = &f.diff {
                text.push_str(d);
            }
        }
        Outcome::Failure {
            kind: "page".into(),
            message: format!(
                "{rel}: {} of {} tied blocks wrong",
                ex.findings.len(),
                ex.checked
            ),
            text,
        }
    };
    Case {
        name: "page".into(),
        time: seconds(std::time::Duration::ZERO),
        outcome,
        stdout: None,
        stderr: None,
    }
}

/// Escapes text for XML 1.0. `report::escape` first makes every control character visible
/// (XML 1.0 cannot carry most of them at all, even as references): an element keeps tab
/// and line breaks, an attribute (a name, a one-line message) is one line, its tab a
/// reference.
fn xml(text: &str, in_attr: bool) -> String {
    let shown = if in_attr {
        escape::line(text)
    } else {
        escape::text(text)
    };
    let mut out = String::with_capacity(shown.len());
    for c in shown.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attr => out.push_str("&quot;"),
            '\t' if in_attr => out.push_str("&#9;"),
            _ => out.push(c),
        }
    }
    out
}

fn text_node(text: &str) -> String {
    xml(text, false)
}

fn attr(text: &str) -> String {
    xml(text, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_illegal_characters() {
        assert_eq!(text_node("a<b & \x1b[31m"), "a&lt;b &amp; \\x1b[31m");
        assert_eq!(attr("say \"hi\"\tnow"), "say &quot;hi&quot;&#9;now");
        assert_eq!(text_node("\u{0}ok\u{FFFE}\r"), "\\x00ok\\u{fffe}\\r");
        assert_eq!(attr("name\nPASS\x1b"), "name\\nPASS\\x1b");
    }
}
