//! Phase 5, report: reporters consume the runner's events; one output format per file.
pub mod human;
pub mod json;

use crate::runner::{Header, PairReport, RunReport};

/// Receives a run's events in order: start, each finished pair, the final report.
pub trait Reporter {
    fn start(&mut self, header: &Header, pairs: usize);
    fn pair_finished(&mut self, pair: &PairReport);
    fn finish(&mut self, report: &RunReport) -> std::io::Result<()>;
}

/// Human-readable time: `850ms`, `1.2s`.
pub fn duration(d: std::time::Duration) -> String {
    if d.as_millis() < 1000 {
        format!("{}ms", d.as_millis())
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

/// A reporter that shows nothing (the caller reports the result itself).
pub struct NullReporter;

impl Reporter for NullReporter {
    fn start(&mut self, _header: &Header, _pairs: usize) {}
    fn pair_finished(&mut self, _pair: &PairReport) {}
    fn finish(&mut self, _report: &RunReport) -> std::io::Result<()> {
        Ok(())
    }
}
