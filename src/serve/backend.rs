//! The one seam between the web server and whatever runs code: the server never calls the
//! engine directly, so the routes, the pages and the security checks do not depend on how
//! pairs are run (and tests can put a stand-in behind them).
//!
//! Both calls block (they run real processes) and are made from a thread of their own; the
//! server caps how many run at once and queues the rest in order.
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc::UnboundedSender;

use crate::config::RunSettings;
use crate::course::{Course, Pair};
use crate::engine::{Engine, Signals};
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

    /// The server is stopping: end every run, kill what they started and remove their
    /// temp folders (calls still running return as interrupted).
    fn close(&self) {}
}

/// The warm engine behind the pages: prepared on the first click for the whole course, and
/// kept (compile host, venv, fixture server, sandbox) for every later Run and Check. When
/// the course changes shape (a pair added or removed, packages, fixtures, limits) it is
/// prepared again.
pub struct EngineBackend {
    settings: RunSettings,
    engine: Mutex<Option<(String, Arc<Engine>)>>,
}

impl EngineBackend {
    pub fn new(settings: RunSettings) -> Self {
        EngineBackend {
            settings,
            engine: Mutex::new(None),
        }
    }

    /// The engine for the course as it is now.
    fn engine(&self, course: &Course) -> Result<Arc<Engine>> {
        let key = shape(course);
        let mut slot = self.engine.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((k, engine)) = slot.as_ref() {
            if *k == key {
                return Ok(engine.clone());
            }
        }
        // The old engine goes when its last run ends (a run in progress holds it).
        slot.take();
        let scope: Vec<Pair> = course
            .lessons
            .iter()
            .flat_map(|l| l.pairs.iter().cloned())
            .collect();
        // serve answers signals itself (and kills the toolchain's processes on its way out).
        let engine = Arc::new(Engine::prepare(
            course,
            &scope,
            &self.settings,
            Signals::Caller,
        )?);
        engine.warm_up_compiler();
        *slot = Some((key, engine.clone()));
        Ok(engine)
    }
}

/// What an engine is prepared from: the pairs and their sides, fixtures, packages, limits.
fn shape(course: &Course) -> String {
    let pairs: Vec<String> = course
        .lessons
        .iter()
        .flat_map(|l| &l.pairs)
        .map(|p| {
            format!(
                "{}:{}{}:{:?}",
                p.id(),
                p.python.is_some(),
                p.csharp.is_some(),
                p.settings.fixtures
            )
        })
        .collect();
    format!(
        "{:?}|{:?}|{:?}|{:?}|{}",
        course.root,
        course.packages,
        course.timeout,
        course.disk,
        pairs.join(",")
    )
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

impl Backend for EngineBackend {
    fn close(&self) {
        let engine = self
            .engine
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some((_, engine)) = engine {
            engine.close();
        }
    }

    fn run(
        &self,
        course: &Course,
        pairs: Vec<Pair>,
        tx: &UnboundedSender<PairReport>,
    ) -> Result<()> {
        if pairs.is_empty() {
            return Ok(());
        }
        self.engine(course)?
            .run(course, pairs, &mut Forward(tx))
            .map(|_| ())
    }

    fn check(&self, course: &Course, file: PracticeFile) -> Result<Checked> {
        let engine = self.engine(course)?;
        let mut checked =
            crate::practice::check::check_files(Some(&engine), course, vec![file], &self.settings)?;
        Ok(checked.remove(0))
    }
}
