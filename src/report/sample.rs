//! Reports built by hand for the reporters' unit tests: no run, no toolchain.
use std::path::PathBuf;
use std::time::Duration;

use crate::compare::{diff::diff, SideResult, Verdict};
use crate::course::Pair;
use crate::pages::check::{Examination, Finding};
use crate::pages::PageCheck;
use crate::runner::{LessonReport, PairReport, RunReport};
use crate::sandbox::{Outcome, Status};

pub const ROOT: &str = "/course";

pub fn ran(code: i32, stdout: &[u8], stderr: &[u8], ms: u64) -> SideResult {
    let mut o = Outcome::failed_to_start(String::new());
    o.status = Status::Exited(code);
    o.stdout = stdout.to_vec();
    o.stderr = stderr.to_vec();
    o.duration = Duration::from_millis(ms);
    SideResult::Ran(o)
}

pub fn pair(lesson: &str, name: &str, cs: &str) -> Pair {
    Pair {
        name: name.into(),
        key: name.replace('_', ""),
        lesson: lesson.into(),
        python: Some(PathBuf::from(format!(
            "{ROOT}/examples-py/{lesson}/{name}.py"
        ))),
        csharp: Some(PathBuf::from(format!(
            "{ROOT}/examples-cs/{lesson}/{cs}.cs"
        ))),
        settings: Default::default(),
    }
}

pub fn report(pair: Pair, verdict: Verdict, reason: Option<&str>) -> PairReport {
    PairReport {
        pair,
        verdict,
        reason: reason.map(String::from),
        python: ran(0, b"", b"", 100),
        csharp: ran(0, b"", b"", 300),
        diff: None,
        csharp_cached: true,
        timeout: Duration::from_secs(10),
        matrix: Vec::new(),
    }
}

/// A pass, a mismatch only in the final line break, a drift, a flaky pair, a Python
/// traceback, a C# compile error, and a pair `--fail-fast` skipped; lesson 02 has a page
/// with one checked block and three problems.
pub fn run() -> RunReport {
    let pass = report(pair("01-a", "hello", "Hello"), Verdict::Pass, None);
    let mut bye = report(
        pair("01-a", "bye", "Bye"),
        Verdict::Mismatch,
        Some("outputs differ from line 1"),
    );
    bye.diff = diff(b"Goodbye, World!\n", b"Goodbye, World!", "C#", "Python");
    let mut drift = report(
        pair("01-a", "drifted", "Drifted"),
        Verdict::Drift,
        Some("golden output is stale"),
    );
    drift.diff = diff(b"old\n", b"new\n", "golden", "now");
    let mut flaky = report(
        pair("01-a", "sets", "Sets"),
        Verdict::Flaky,
        Some("Python output changed between repetitions 1 and 2"),
    );
    flaky.diff = diff(b"{1, 2}\n", b"{2, 1}\n", "run 1", "run 2");
    let mut crash = report(
        pair("02-b", "crash", "Crash"),
        Verdict::Error,
        Some("Python side exited with 1 (expected exit 0)"),
    );
    crash.python = ran(
        1,
        b"start\n",
        b"Traceback (most recent call last):\n  File \"/tmp/mirror-run-1-x/002-02-crash-py3.11-r0/./crash.py\", line 5, in <module>\n    f()\n  File \"/tmp/mirror-run-1-x/002-02-crash-py3.11-r0/./crash.py\", line 2, in f\n    raise ValueError('boom')\nValueError: boom\n",
        80,
    );
    let mut broken = report(
        pair("02-b", "broken", "Broken"),
        Verdict::Error,
        Some("C# side does not compile"),
    );
    broken.csharp = SideResult::CompileError(
        "examples-cs/02-b/Broken.cs(2,19): error CS0103: The name 'x' does not exist\n".into(),
    );
    let mut skipped = report(
        pair("02-b", "later", "Later"),
        Verdict::Skipped,
        Some("not run (--fail-fast)"),
    );
    skipped.python = SideResult::NotRun;
    skipped.csharp = SideResult::NotRun;
    let finding = |line: usize, pair: Option<&str>, message: &str| Finding {
        line,
        pair: pair.map(String::from),
        message: message.into(),
        example: None,
        diff: None,
        fixable: pair.is_some(),
    };
    let page = PageCheck {
        path: PathBuf::from(format!("{ROOT}/lessons/02-b.md")),
        page: String::new(),
        examination: Examination {
            checked: 1,
            findings: vec![
                finding(3, None, "untagged ```python block"),
                finding(
                    8,
                    None,
                    "block names pair `helo`, which lesson 02-b does not have",
                ),
                finding(
                    12,
                    Some("crash"),
                    "output of `crash` cannot be checked: the pair does not pass",
                ),
            ],
            ..Default::default()
        },
    };
    RunReport {
        header: crate::runner::Header {
            course: ROOT.into(),
            ..Default::default()
        },
        lessons: vec![
            LessonReport {
                id: "01-a".into(),
                title: "A".into(),
                pairs: vec![pass, bye, drift, flaky],
                page: None,
            },
            LessonReport {
                id: "02-b".into(),
                title: "B".into(),
                pairs: vec![crash, broken, skipped],
                page: Some(page),
            },
        ],
        timings: crate::runner::Timings {
            total: Duration::from_millis(3700),
            ..Default::default()
        },
        kept_temp: None,
        interrupted: None,
    }
}
