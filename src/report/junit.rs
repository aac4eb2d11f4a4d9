//! `--junit FILE`: JUnit XML for CI test tabs (Jenkins, GitLab, Azure, GitHub test reporters),
//! written by `quick-junit` (as nextest writes its own). One `<testsuite>` per lesson, one
//! `<testcase>` per pair (classname = lesson id, name = pair name) plus a `page` testcase per
//! checked lesson page. Mismatches, orphans, flaky and drifted pairs and page problems are
//! `<failure>`s, timeouts and errors `<error>`s, one-sided or unrun pairs `<skipped>`. The
//! shape follows the Jenkins/Ant JUnit schema (`tests/fixtures/junit.xsd` checks it).
//!
//! quick-junit 0.5 rather than 0.8: 0.8 writes a `skipped` count on `<testsuites>`, which
//! the Jenkins/Ant schema does not allow.
//!
//! Every text goes through `report::escape` first, so control characters are shown, not
//! dropped (quick-junit would drop them, and XML 1.0 cannot carry most of them).
use std::fmt::Write as _;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::difference::FirstDifference;
use super::location::{error_at, stderr_tail};
use super::{count, escape, relative, without_root};
use crate::compare::{SideResult, Verdict};
use crate::course::Side;
use crate::pages::PageCheck;
use crate::runner::{PairReport, RunReport};

/// The whole document.
pub fn render(r: &RunReport) -> String {
    let root = r.header.course.as_str();
    let mut report = Report::new("mirror");
    report.set_time(r.timings.total);
    for l in &r.lessons {
        let mut suite = TestSuite::new(escape::line(&l.id));
        suite.set_time(l.duration());
        suite.add_test_cases(l.pairs.iter().map(|p| pair_case(root, p)));
        if let Some(page) = &l.page {
            suite.add_test_case(page_case(root, &l.id, page));
        }
        // quick-junit counts skipped cases as `disabled`; CI readers look for `skipped`.
        let skipped = suite.disabled.to_string();
        suite.extra.insert("skipped".into(), skipped.into());
        report.add_test_suite(suite);
    }
    let mut out = Vec::new();
    report
        .serialize(&mut out)
        .expect("writing XML to memory cannot fail");
    String::from_utf8(out).expect("quick-junit writes UTF-8")
}

fn non_success(kind: NonSuccessKind, ty: &str, message: &str, text: &str) -> TestCaseStatus {
    let mut status = TestCaseStatus::non_success(kind);
    status
        .set_type(ty)
        .set_message(escape::line(message))
        .set_description(escape::text(text));
    status
}

fn pair_case(root: &str, p: &PairReport) -> TestCase {
    let reason = p.reason.clone().unwrap_or_default();
    let kind = p.verdict.name();
    let status = match p.verdict {
        Verdict::Pass => TestCaseStatus::success(),
        Verdict::Skipped => {
            let mut s = TestCaseStatus::skipped();
            s.set_message(escape::line(&reason));
            s
        }
        Verdict::Mismatch | Verdict::Orphan | Verdict::Flaky | Verdict::Drift => {
            non_success(NonSuccessKind::Failure, kind, &reason, &details(root, p))
        }
        Verdict::Timeout | Verdict::Error => {
            non_success(NonSuccessKind::Error, kind, &reason, &details(root, p))
        }
    };
    let mut case = TestCase::new(escape::line(&p.pair.name), status);
    case.set_classname(escape::line(&p.pair.lesson));
    case.set_time(p.duration());
    if p.verdict.is_failure() {
        let mut out = String::new();
        let mut err = String::new();
        for (side, result) in [(Side::CSharp, &p.csharp), (Side::Python, &p.python)] {
            if let Some(o) = result.outcome() {
                let _ = writeln!(out, "--- {} ---\n{}", side.label(), escape::text(&o.stdout));
                let stderr = super::location::course_paths(&o.stderr, root, p.pair.source(side));
                let _ = writeln!(err, "--- {} ---\n{}", side.label(), escape::text(stderr));
            }
        }
        if !out.is_empty() {
            case.set_system_out(out);
            case.set_system_err(err);
        }
    }
    case
}

/// The failure text: reason, files, compiler errors, the diff, stderr tails.
fn details(root: &str, p: &PairReport) -> String {
    let mut t = format!("{}: {}\n", p.pair.id(), p.reason.as_deref().unwrap_or(""));
    for side in [Side::CSharp, Side::Python] {
        if let Some(path) = p.pair.source(side) {
            let _ = writeln!(t, "  {:<7} {}", side.label(), relative(root, path));
        }
    }
    if let Some(at) = error_at(root, p) {
        let _ = writeln!(t, "  at      {at}");
    }
    if let SideResult::CompileError(d) = &p.csharp {
        t.push_str("C# compiler:\n");
        for line in d.lines().filter(|l| l.contains("error")) {
            let _ = writeln!(t, "  {line}");
        }
    }
    if let Some(d) = &p.diff {
        let first = FirstDifference::of(d);
        let _ = writeln!(t, "{}:", first.heading());
        for line in first.render("  ") {
            let _ = writeln!(t, "{line}");
        }
        let _ = writeln!(t, "{}", escape::text(&d.unified));
    }
    if matches!(p.verdict, Verdict::Error | Verdict::Timeout) {
        for side in [Side::CSharp, Side::Python] {
            if let Some(tail) = stderr_tail(root, p, side, 12) {
                let _ = writeln!(
                    t,
                    "{} stderr (last lines):\n{}",
                    side.label(),
                    escape::text(tail)
                );
            }
        }
    }
    t
}

fn page_case(root: &str, lesson: &str, page: &PageCheck) -> TestCase {
    let rel = relative(root, &page.path);
    let ex = &page.examination;
    let status = if ex.findings.is_empty() {
        TestCaseStatus::success()
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
        let message = format!(
            "{rel}: {} ({} checked)",
            count(ex.findings.len(), "problem", "problems"),
            count(ex.checked, "tied block", "tied blocks")
        );
        non_success(NonSuccessKind::Failure, "page", &message, &text)
    };
    let mut case = TestCase::new("page", status);
    case.set_classname(escape::line(lesson));
    case.set_time(std::time::Duration::ZERO);
    case
}
