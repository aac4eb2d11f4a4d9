//! `--format json`: one document on stdout, schema documented in the README (`"schema": 1`).
use serde_json::{json, Value};

use super::Reporter;
use crate::compare::SideResult;
use crate::runner::{Header, PairReport, RunReport};

/// Writes the whole report as one JSON document when the run ends.
pub struct JsonReporter<W: std::io::Write> {
    out: W,
}

impl<W: std::io::Write> JsonReporter<W> {
    pub fn new(out: W) -> Self {
        JsonReporter { out }
    }
}

fn side(s: &SideResult) -> Value {
    match s {
        SideResult::NotRun => Value::Null,
        SideResult::CompileError(d) => json!({ "compile_error": d }),
        SideResult::Ran(o) => json!({
            "exit_code": o.exit_code(),
            "signal": match o.status { crate::sandbox::Status::Signaled(s) => Some(s), _ => None },
            "duration_ms": o.duration.as_millis() as u64,
            "timed_out": o.timed_out(),
            "limit": o.limit,
            "stdout": String::from_utf8_lossy(&o.stdout),
            "stdout_truncated": o.stdout_truncated,
            "stderr": String::from_utf8_lossy(&o.stderr),
            "stderr_truncated": o.stderr_truncated,
            "leaked_processes": o.leaked,
        }),
    }
}

/// The JSON value of one pair.
pub fn pair_value(p: &PairReport) -> Value {
    json!({
        "id": p.pair.id(),
        "name": p.pair.name,
        "verdict": p.verdict.name(),
        "reason": p.reason,
        "summary": p.pair.settings.summary,
        "python_file": p.pair.python,
        "csharp_file": p.pair.csharp,
        "python": side(&p.python),
        "csharp": side(&p.csharp),
        "csharp_cached": p.csharp_cached,
        "python_matrix": p.matrix.iter().map(|m| json!({
            "python": m.python,
            "verdict": m.verdict.name(),
            "reason": m.reason,
            "result": side(&m.outcome),
        })).collect::<Vec<_>>(),
        "diff": p.diff.as_ref().map(|d| String::from_utf8_lossy(&d.unified)),
        "first_difference": p.diff.as_ref().map(|d| json!({
            "line": d.first_line,
            "csharp": d.left_line.as_deref().map(String::from_utf8_lossy),
            "python": d.right_line.as_deref().map(String::from_utf8_lossy),
        })),
    })
}

/// The JSON value of a whole run.
pub fn report_value(r: &RunReport) -> Value {
    json!({
        "schema": 1,
        "lessons": r.lessons.iter().map(|l| json!({
            "id": l.id,
            "title": l.title,
            "verdict": l.verdict(),
            "pairs": l.pairs.iter().map(pair_value).collect::<Vec<_>>(),
            "page": l.page.as_ref().map(|p| json!({
                "path": p.path,
                "blocks_checked": p.examination.checked,
                "blocks_failed": p.failed(),
                "illustrative": p.examination.illustrative,
                "failures": p.examination.findings,
            })),
        })).collect::<Vec<_>>(),
        "summary": {
            "passed": r.passed(), "failed": r.failed(), "skipped": r.skipped(),
            "page_blocks_checked": r.page_blocks().0, "page_blocks_failed": r.page_blocks().1,
        },
        "environment": {
            "python": r.header.python,
            "dotnet": r.header.dotnet,
            "sandbox": { "active": r.header.sandbox_active, "unavailable": r.header.sandbox_unavailable },
            "fixture_http": r.header.fixture,
        },
        "timings": {
            "total_ms": r.timings.total.as_millis() as u64,
            "setup_ms": r.timings.setup.as_millis() as u64,
            "compile_ms": r.timings.compile.as_millis() as u64,
            "compiled": r.timings.compiled,
            "cached": r.timings.cached,
        },
    })
}

impl<W: std::io::Write> Reporter for JsonReporter<W> {
    fn start(&mut self, _header: &Header, _pairs: usize) {}
    fn pair_finished(&mut self, _pair: &PairReport) {}
    fn finish(&mut self, report: &RunReport) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut self.out, &report_value(report))?;
        writeln!(self.out)
    }
}
