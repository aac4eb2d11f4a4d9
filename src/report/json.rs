//! `--format json`: one document on stdout, schema documented in the README (`"schema": 2`).
//! Every file in it is a path relative to `course` (the course folder, absolute), as in
//! `error_at`, the human report and the GitHub annotations; a Python traceback's frame in
//! the snippet names the course file, not the run's temp folder.
//! The document is typed: each object below is a struct, so the schema is in one place
//! and a field cannot be misspelt in one report and not another.
use std::path::Path;

use serde::Serialize;

use super::difference::FirstDifference;
use super::location::{course_paths, error_at, Location};
use super::{relative, without_root};
use super::Reporter;
use crate::compare::{SideResult, Verdict};
use crate::course::Side as Language;
use crate::runner::{Header, LessonReport, PairReport, RunReport};
use crate::sandbox::{LimitHit, Status};

/// Writes the whole report as one JSON document when the run ends.
pub struct JsonReporter<W: std::io::Write> {
    out: W,
}

impl<W: std::io::Write> JsonReporter<W> {
    pub fn new(out: W) -> Self {
        JsonReporter { out }
    }
}

/// The document's version (and the JSON Lines events'): 2 made every file in it
/// relative to `course`, and a page failure's `example` an object like `error_at`.
pub const SCHEMA: u32 = 2;

/// The whole run.
#[derive(Serialize)]
pub struct Document<'a> {
    schema: u32,
    /// The course folder, absolute: every other path is relative to it.
    course: &'a str,
    lessons: Vec<Lesson<'a>>,
    summary: Summary,
    environment: Environment<'a>,
    timings: Timings,
}

#[derive(Serialize)]
struct Lesson<'a> {
    id: &'a str,
    title: &'a str,
    verdict: &'static str,
    pairs: Vec<Pair<'a>>,
    page: Option<Page<'a>>,
}

#[derive(Serialize)]
pub(super) struct Page<'a> {
    path: String,
    blocks_checked: usize,
    /// Checked blocks that are wrong (at most `blocks_checked`).
    blocks_failed: usize,
    /// Every finding, including those that are not a checked block (an untagged block, a
    /// block naming no pair).
    problems: usize,
    illustrative: usize,
    failures: Vec<Failure<'a>>,
}

/// One page problem.
#[derive(Serialize)]
struct Failure<'a> {
    line: usize,
    pair: Option<&'a str>,
    message: String,
    /// The example file and line the block is tied to.
    example: Option<FileLine>,
    /// Unified diff page -> expected, when the block differs.
    diff: Option<&'a str>,
    /// Whether `mirror sync-pages` can mend it.
    fixable: bool,
}

#[derive(Serialize)]
struct FileLine {
    file: String,
    line: usize,
}

/// One pair.
#[derive(Serialize)]
pub struct Pair<'a> {
    id: String,
    name: &'a str,
    verdict: Verdict,
    reason: Option<&'a str>,
    summary: Option<&'a str>,
    python_file: Option<String>,
    csharp_file: Option<String>,
    python: Option<Side<'a>>,
    csharp: Option<Side<'a>>,
    csharp_cached: bool,
    python_matrix: Vec<MatrixEntry<'a>>,
    diff: Option<String>,
    first_difference: Option<Difference>,
    /// Where the failing side went wrong, as a course path and line (a compile error, a
    /// Python traceback's line in the snippet).
    error_at: Option<Location>,
}

#[derive(Serialize)]
struct MatrixEntry<'a> {
    python: &'a str,
    verdict: Verdict,
    reason: Option<&'a str>,
    result: Option<Side<'a>>,
}

/// One side's result: not run (`null`), refused by the compiler, or run.
#[derive(Serialize)]
#[serde(untagged)]
enum Side<'a> {
    CompileError {
        compile_error: &'a str,
    },
    Ran {
        exit_code: Option<i32>,
        signal: Option<i32>,
        duration_ms: u64,
        timed_out: bool,
        limit: Option<LimitHit>,
        stdout: String,
        stdout_truncated: bool,
        stderr: String,
        stderr_truncated: bool,
        leaked_processes: bool,
    },
}

/// The first difference, with the lines under `csharp` and `python` too when the diff is
/// C# against Python (a `drift` diff is golden against now, a `flaky` one run against run).
#[derive(Serialize)]
struct Difference {
    #[serde(flatten)]
    first: FirstDifference,
    #[serde(skip_serializing_if = "Option::is_none")]
    csharp: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    python: Option<Option<String>>,
}

#[derive(Serialize)]
pub(super) struct Summary {
    passed: usize,
    failed: usize,
    skipped: usize,
    page_blocks_checked: usize,
    page_blocks_failed: usize,
    page_problems: usize,
    /// The exit code of the signal that stopped the run (130 for Ctrl-C); absent when
    /// the run was not interrupted.
    #[serde(skip_serializing_if = "Option::is_none")]
    interrupted: Option<u8>,
}

#[derive(Serialize)]
pub(super) struct Environment<'a> {
    python: Option<&'a str>,
    dotnet: Option<&'a str>,
    sandbox: Sandbox<'a>,
    fixture_http: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct Sandbox<'a> {
    active: &'a [String],
    unavailable: &'a [String],
}

#[derive(Serialize)]
pub(super) struct Timings {
    total_ms: u64,
    setup_ms: u64,
    compile_ms: u64,
    compiled: usize,
    cached: usize,
    lent: usize,
    most_at_once: usize,
}

/// One side as the document shows it; `source` (the side's file) lets a Python
/// traceback's frames name the course file (`root`-relative) instead of the temp copy.
fn side<'a>(s: &'a SideResult, root: &str, source: Option<&Path>) -> Option<Side<'a>> {
    match s {
        SideResult::NotRun => None,
        SideResult::CompileError(d) => Some(Side::CompileError { compile_error: d }),
        SideResult::Ran(o) => Some(Side::Ran {
            exit_code: o.exit_code(),
            signal: match o.status {
                Status::Signaled(s) => Some(s),
                _ => None,
            },
            duration_ms: o.duration.as_millis() as u64,
            timed_out: o.timed_out(),
            limit: o.limit,
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stdout_truncated: o.stdout_truncated,
            stderr: String::from_utf8_lossy(&course_paths(&o.stderr, root, source)).into_owned(),
            stderr_truncated: o.stderr_truncated,
            leaked_processes: o.leaked,
        }),
    }
}

/// One pair as the document shows it (`root`: the course folder, for `error_at`).
pub fn pair<'a>(root: &str, p: &'a PairReport) -> Pair<'a> {
    Pair {
        id: p.pair.id(),
        name: &p.pair.name,
        verdict: p.verdict,
        reason: p.reason.as_deref(),
        summary: p.pair.settings.summary.as_deref(),
        python_file: p.pair.python.as_deref().map(|f| relative(root, f)),
        csharp_file: p.pair.csharp.as_deref().map(|f| relative(root, f)),
        python: side(&p.python, root, p.pair.source(Language::Python)),
        csharp: side(&p.csharp, root, p.pair.source(Language::CSharp)),
        csharp_cached: p.csharp_cached,
        python_matrix: p
            .matrix
            .iter()
            .map(|m| MatrixEntry {
                python: &m.python,
                verdict: m.verdict,
                reason: m.reason.as_deref(),
                result: side(&m.outcome, root, p.pair.source(Language::Python)),
            })
            .collect(),
        diff: p
            .diff
            .as_ref()
            .map(|d| String::from_utf8_lossy(&d.unified).into_owned()),
        first_difference: p.diff.as_ref().map(|d| {
            let first = FirstDifference::of(d);
            let sides = d.left_name == "C#" && d.right_name == "Python";
            Difference {
                csharp: sides.then(|| first.left.text.clone()),
                python: sides.then(|| first.right.text.clone()),
                first,
            }
        }),
        error_at: error_at(root, p),
    }
}

fn lesson<'a>(root: &str, l: &'a LessonReport) -> Lesson<'a> {
    Lesson {
        id: &l.id,
        title: &l.title,
        verdict: l.verdict(),
        pairs: l.pairs.iter().map(|p| pair(root, p)).collect(),
        page: l.page.as_ref().map(|p| Page {
            path: relative(root, &p.path),
            blocks_checked: p.examination.checked,
            blocks_failed: l.page_blocks_failed(),
            problems: p.failed(),
            illustrative: p.examination.illustrative,
            failures: p
                .examination
                .findings
                .iter()
                .map(|f| Failure {
                    line: f.line,
                    pair: f.pair.as_deref(),
                    message: without_root(root, &f.message),
                    example: f.example.as_ref().map(|(file, line)| FileLine {
                        file: relative(root, file),
                        line: *line,
                    }),
                    diff: f.diff.as_deref(),
                    fixable: f.fixable,
                })
                .collect(),
        }),
    }
}

/// The run's counts.
pub(super) fn summary(r: &RunReport) -> Summary {
    let (checked, failed) = r.page_blocks();
    Summary {
        passed: r.passed(),
        failed: r.failed(),
        skipped: r.skipped(),
        page_blocks_checked: checked,
        page_blocks_failed: failed,
        page_problems: r.page_problems(),
        interrupted: r.interrupted,
    }
}

/// What the run used.
pub(super) fn environment(h: &Header) -> Environment<'_> {
    Environment {
        python: h.python.as_deref(),
        dotnet: h.dotnet.as_deref(),
        sandbox: Sandbox {
            active: &h.sandbox_active,
            unavailable: &h.sandbox_unavailable,
        },
        fixture_http: h.fixture.as_deref(),
    }
}

/// Where the time went.
pub(super) fn timings(r: &RunReport) -> Timings {
    let ms = |d: std::time::Duration| d.as_millis() as u64;
    Timings {
        total_ms: ms(r.timings.total),
        setup_ms: ms(r.timings.setup),
        compile_ms: ms(r.timings.compile),
        compiled: r.timings.compiled,
        cached: r.timings.cached,
        lent: r.timings.lent,
        most_at_once: r.timings.most_at_once,
    }
}

/// A lesson's verdict and page, without its pairs (the `finished` event of `jsonl`).
#[derive(Serialize)]
pub(super) struct LessonSummary<'a> {
    id: &'a str,
    verdict: &'static str,
    page: Option<Page<'a>>,
}

pub(super) fn lesson_summary(l: &LessonReport) -> LessonSummary<'_> {
    let full = lesson("", l);
    LessonSummary {
        id: full.id,
        verdict: full.verdict,
        page: full.page,
    }
}

/// The document of a whole run.
pub fn document(r: &RunReport) -> Document<'_> {
    let root = r.header.course.as_str();
    Document {
        schema: SCHEMA,
        course: root,
        lessons: r.lessons.iter().map(|l| lesson(root, l)).collect(),
        summary: summary(r),
        environment: environment(&r.header),
        timings: timings(r),
    }
}

impl<W: std::io::Write> Reporter for JsonReporter<W> {
    fn start(&mut self, _header: &Header, _pairs: usize) {}
    fn pair_finished(&mut self, _pair: &PairReport) {}
    fn finish(&mut self, report: &RunReport) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut self.out, &document(report))?;
        writeln!(self.out)
    }
}
