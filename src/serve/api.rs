//! The JSON of the course page's API (`/api/*`) as types: what each answer holds, in one
//! place, so the page's script (`assets/app.js`) and the server cannot drift apart unseen.
//! Maps are sorted, so the same state always gives the same text.
use std::collections::BTreeMap;

use serde::Serialize;

use super::render::ProgressView;
use crate::compare::diff::Diff;
use crate::compare::SideResult;
use crate::runner::PairReport;

/// One line of `POST /api/run`'s NDJSON stream.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum RunLine<'a> {
    /// Waiting for a run slot, behind this many.
    Queued { ahead: usize },
    Start { pairs: Vec<&'a str> },
    Result { result: &'a PairView },
    Error { message: String },
    End { passed: usize, failed: usize },
}

/// One pair's result for the page: verdict, both sides, first difference and diff.
#[derive(Serialize, Clone)]
pub struct PairView {
    id: String,
    lesson: String,
    name: String,
    verdict: &'static str,
    failure: bool,
    reason: Option<String>,
    ms: u64,
    csharp: SideView,
    python: SideView,
    diff: Option<DiffView>,
}

impl PairView {
    pub fn of(r: &PairReport) -> PairView {
        PairView {
            id: r.pair.id(),
            lesson: r.pair.lesson.clone(),
            name: r.pair.name.clone(),
            verdict: r.verdict.name(),
            failure: r.verdict.is_failure(),
            reason: r.reason.clone(),
            ms: r.duration().as_millis() as u64,
            csharp: SideView::of(&r.csharp),
            python: SideView::of(&r.python),
            diff: r.diff.as_ref().map(|d| {
                let (first_line, csharp, python, unified) = diff_parts(d);
                DiffView {
                    first_line,
                    csharp,
                    python,
                    unified,
                }
            }),
        }
    }
}

/// A run's first difference: the C# side is the left of the diff.
#[derive(Serialize, Clone)]
struct DiffView {
    first_line: usize,
    csharp: Option<String>,
    python: Option<String>,
    unified: String,
}

/// One side's outcome, as the page shows it.
#[derive(Serialize, Clone)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum SideView {
    CompileError {
        diagnostics: String,
    },
    NotRun,
    Ran {
        stdout: String,
        stderr: String,
        /// `exit 0`, `killed by signal 9`, `timed out`, with the limit hit if any.
        status: String,
        ms: u64,
        truncated: bool,
    },
}

impl SideView {
    pub fn of(side: &SideResult) -> SideView {
        match side {
            SideResult::CompileError(d) => SideView::CompileError {
                diagnostics: d.clone(),
            },
            SideResult::NotRun => SideView::NotRun,
            SideResult::Ran(o) => {
                use crate::sandbox::Status;
                let mut status = match &o.status {
                    Status::Exited(c) => format!("exit {c}"),
                    Status::Signaled(s) => format!("killed by signal {s}"),
                    Status::TimedOut => "timed out".to_string(),
                    Status::NotStarted(m) => format!("not started: {m}"),
                };
                if let Some(l) = o.limit {
                    status.push_str(&format!(" ({})", l.describe()));
                }
                SideView::Ran {
                    stdout: lossy(&o.stdout),
                    stderr: lossy(&o.stderr),
                    status,
                    ms: o.duration.as_millis() as u64,
                    truncated: o.stdout_truncated || o.stderr_truncated,
                }
            }
        }
    }
}

/// `GET /api/results?lesson=..`: the lesson's last results, by pair id.
pub type Results<'a> = BTreeMap<&'a str, &'a PairView>;

/// `GET /api/progress`, and the progress in every check's answer.
#[derive(Serialize)]
pub struct Progress<'a> {
    done: usize,
    total: usize,
    percent: usize,
    lessons: BTreeMap<&'a str, LessonProgress>,
    /// `lesson/name` -> pass, mismatch, error, timeout, todo, changed, stale, unchecked.
    pairs: BTreeMap<&'a str, &'a str>,
}

#[derive(Serialize)]
struct LessonProgress {
    done: usize,
    total: usize,
}

impl<'a> Progress<'a> {
    pub fn of(view: &'a ProgressView) -> Progress<'a> {
        Progress {
            done: view.done,
            total: view.total,
            percent: view.percent(),
            lessons: view
                .lessons
                .iter()
                .map(|(k, (done, total))| {
                    let (done, total) = (*done, *total);
                    (k.as_str(), LessonProgress { done, total })
                })
                .collect(),
            pairs: view
                .pairs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect(),
        }
    }
}

/// `GET /api/practice`: the learner's file (or a fresh template) and where it stands.
#[derive(Serialize)]
pub struct PracticeView {
    pub source: String,
    pub exists: bool,
    pub state: String,
    pub checked: bool,
    /// `python` or `csharp`: the language the learner writes.
    pub to: &'static str,
    /// The file, relative to the course.
    pub path: String,
}

/// `POST /api/check`: the verdict on the learner's side against the course's other side.
#[derive(Serialize)]
pub struct CheckAnswer<'a> {
    pub state: &'static str,
    pub failure: bool,
    pub reason: Option<String>,
    /// The pair's trap, on a failure.
    pub hint: Option<String>,
    pub yours: SideView,
    pub expected: SideView,
    pub diff: Option<CheckDiff>,
    pub todo: bool,
    pub progress: Progress<'a>,
}

/// A check's first difference: the course's side is the left of the diff.
#[derive(Serialize)]
pub struct CheckDiff {
    first_line: usize,
    expected: Option<String>,
    yours: Option<String>,
    unified: String,
}

impl CheckDiff {
    pub fn of(d: &Diff) -> CheckDiff {
        let (first_line, expected, yours, unified) = diff_parts(d);
        CheckDiff {
            first_line,
            expected,
            yours,
            unified,
        }
    }
}

/// `POST /api/reveal`: the course's answer.
#[derive(Serialize)]
pub struct Reveal {
    pub answer: String,
    pub path: String,
}

/// An answer that is only a sentence (`409` on a reveal before any check).
#[derive(Serialize)]
pub struct Message<'a> {
    pub message: &'a str,
}

/// The `running` server-sent event: a pair re-run after its files changed.
#[derive(Serialize)]
pub struct Running<'a> {
    pub lesson: &'a str,
    pub name: &'a str,
}

/// First line, left line, right line, unified diff.
fn diff_parts(d: &Diff) -> (usize, Option<String>, Option<String>, String) {
    (
        d.first_line,
        d.left_line.as_deref().map(lossy),
        d.right_line.as_deref().map(lossy),
        lossy(&d.unified),
    )
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
