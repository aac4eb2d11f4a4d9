//! The one seam between the web server and whatever runs code: the server never calls the
//! runner directly, so the warm engine can replace [`RunnerBackend`] without touching the
//! routes, the pages or the security checks.
//!
//! Both calls block (they run real processes) and are made from a thread of their own; the
//! server caps how many run at once and queues the rest in order.
use tokio::sync::mpsc::UnboundedSender;

use crate::config::RunSettings;
use crate::course::{Course, Pair};
use crate::error::Result;
use crate::practice::check::Checked;
use crate::practice::PracticeFile;
use crate::report::Reporter;
use crate::runner::{Header, PairReport, RunReport};

/// What `mirror serve` needs from the engine: run course pairs, judge one practice file.
pub trait Backend: Send + Sync + 'static {
    /// Runs `pairs` (all from `course`) exactly as `mirror run` does (same sandbox, limits,
    /// stdin, data, fixtures, normalisations) and sends each pair's report on `tx` as soon as
    /// that pair finishes, in finishing order. Returns when every pair has been sent. An
    /// `Err` is the harness's (no toolchain, a package that cannot be restored): nothing more
    /// is sent after it.
    fn run(
        &self,
        course: &Course,
        pairs: Vec<Pair>,
        tx: &UnboundedSender<PairReport>,
    ) -> Result<()>;

    /// Judges one practice file, already saved in the workspace, by the real run of the other
    /// side, exactly as `mirror practice --check` does. Does not record progress (the caller
    /// writes `progress.toml`, shared with the terminal).
    fn check(&self, course: &Course, file: PracticeFile) -> Result<Checked>;
}

/// Today's implementation: one `runner::execute` per call, on the calling thread.
pub struct RunnerBackend {
    pub settings: RunSettings,
}

/// Forwards each finished pair into the channel.
struct Forward<'a>(&'a UnboundedSender<PairReport>);

impl Reporter for Forward<'_> {
    fn start(&mut self, _header: &Header, _pairs: usize) {}
    fn pair_finished(&mut self, pair: &PairReport) {
        let _ = self.0.send(pair.clone());
    }
    fn finish(&mut self, _report: &RunReport) -> std::io::Result<()> {
        Ok(())
    }
}

impl Backend for RunnerBackend {
    fn run(
        &self,
        course: &Course,
        pairs: Vec<Pair>,
        tx: &UnboundedSender<PairReport>,
    ) -> Result<()> {
        if pairs.is_empty() {
            return Ok(());
        }
        crate::runner::execute(course, pairs, &self.settings, &mut Forward(tx)).map(|_| ())
    }

    fn check(&self, course: &Course, file: PracticeFile) -> Result<Checked> {
        let mut checked = crate::practice::check::check_files(course, vec![file], &self.settings)?;
        Ok(checked.remove(0))
    }
}
