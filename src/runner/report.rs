//! The results a run hands to reporters: per side, per pair, per lesson, and the summary.
use std::time::Duration;

use crate::compare::{Diff, SideResult, Verdict};
use crate::course::Pair;

/// One pair's result.
#[derive(Debug, Clone)]
pub struct PairReport {
    pub pair: Pair,
    pub verdict: Verdict,
    pub reason: Option<String>,
    pub python: SideResult,
    pub csharp: SideResult,
    pub diff: Option<Diff>,
    /// Whether the C# dll came from the cache.
    pub csharp_cached: bool,
    pub timeout: Duration,
    /// The other interpreters of a `--python` matrix (the first is `python`).
    pub matrix: Vec<MatrixEntry>,
}

/// The verdict of a pair under one more Python version.
#[derive(Debug, Clone)]
pub struct MatrixEntry {
    pub python: String,
    pub verdict: Verdict,
    pub reason: Option<String>,
    pub outcome: SideResult,
}

impl PairReport {
    /// The slower side's wall time (the sides run at once).
    pub fn duration(&self) -> Duration {
        let d = |s: &SideResult| s.outcome().map_or(Duration::ZERO, |o| o.duration);
        d(&self.python).max(d(&self.csharp))
    }

    /// The output both sides agree on (normalised), when both ran cleanly and agree.
    pub fn agreed_output(&self) -> Option<Vec<u8>> {
        let filters = self.pair.settings.filters();
        let (cs, py) = (self.csharp.outcome()?, self.python.outcome()?);
        let clean = |o: &crate::sandbox::Outcome| o.limit.is_none() && !o.timed_out();
        let (c, p) = (
            crate::compare::normalize::normalize(&cs.stdout, &filters),
            crate::compare::normalize::normalize(&py.stdout, &filters),
        );
        (clean(cs) && clean(py) && c == p).then_some(c)
    }
}

/// One lesson's pairs, in course order.
#[derive(Debug, Clone)]
pub struct LessonReport {
    pub id: String,
    pub title: String,
    pub pairs: Vec<PairReport>,
    /// The lesson page's check, when it has a page and pages are checked.
    pub page: Option<crate::pages::PageCheck>,
}

impl LessonReport {
    pub fn passed(&self) -> usize {
        self.pairs
            .iter()
            .filter(|p| p.verdict == Verdict::Pass)
            .count()
    }
    pub fn failed(&self) -> usize {
        self.pairs.iter().filter(|p| p.verdict.is_failure()).count()
    }
    pub fn skipped(&self) -> usize {
        self.pairs
            .iter()
            .filter(|p| p.verdict == Verdict::Skipped)
            .count()
    }
    /// Problems its page has (blocks that differ, and blocks that name no pair, untagged
    /// blocks, unreadable files: not all of them are blocks that were checked).
    pub fn page_failed(&self) -> usize {
        self.page.as_ref().map_or(0, |p| p.failed())
    }
    /// Tied blocks of its page that were checked and are wrong (at most the blocks checked).
    pub fn page_blocks_failed(&self) -> usize {
        self.page.as_ref().map_or(0, |p| {
            p.examination
                .findings
                .iter()
                .filter(|f| f.pair.is_some())
                .count()
        })
    }
    pub fn verdict(&self) -> &'static str {
        if self.failed() == 0 && self.page_failed() == 0 {
            "pass"
        } else {
            "fail"
        }
    }
    /// Sum of the slower side of each pair (not wall time: pairs run at once, across
    /// lessons too); the reports call it `pair time`.
    pub fn duration(&self) -> Duration {
        self.pairs.iter().map(PairReport::duration).sum()
    }
}

/// Where the time went.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Snippets compiled (cache misses) and the compile host's wall time.
    pub compiled: usize,
    pub compile: Duration,
    pub cached: usize,
    /// Setting up toolchains and environments before the first snippet.
    pub setup: Duration,
    pub total: Duration,
}

/// What the run used, shown in the header.
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub course: String,
    pub python: Option<String>,
    pub dotnet: Option<String>,
    pub sandbox_active: Vec<String>,
    pub sandbox_unavailable: Vec<String>,
    pub fixture: Option<String>,
}

/// The whole run.
#[derive(Debug, Clone, Default)]
pub struct RunReport {
    pub header: Header,
    pub lessons: Vec<LessonReport>,
    pub timings: Timings,
    pub kept_temp: Option<std::path::PathBuf>,
}

impl RunReport {
    pub fn passed(&self) -> usize {
        self.lessons.iter().map(LessonReport::passed).sum()
    }
    pub fn failed(&self) -> usize {
        self.lessons.iter().map(LessonReport::failed).sum()
    }
    pub fn skipped(&self) -> usize {
        self.lessons.iter().map(LessonReport::skipped).sum()
    }
    /// The pairs that failed, in course order.
    pub fn failures(&self) -> Vec<&PairReport> {
        self.lessons
            .iter()
            .flat_map(|l| &l.pairs)
            .filter(|p| p.verdict.is_failure())
            .collect()
    }
    /// Page blocks checked and checked blocks that are wrong, over all lessons.
    pub fn page_blocks(&self) -> (usize, usize) {
        let checked = self
            .lessons
            .iter()
            .filter_map(|l| l.page.as_ref())
            .map(|p| p.examination.checked)
            .sum();
        let failed = self
            .lessons
            .iter()
            .map(LessonReport::page_blocks_failed)
            .sum();
        (checked, failed)
    }
    /// Page problems over all lessons (each fails the run).
    pub fn page_problems(&self) -> usize {
        self.lessons.iter().map(LessonReport::page_failed).sum()
    }
    /// Whether CI should fail: a pair failed, or a page has a problem.
    pub fn is_failure(&self) -> bool {
        self.failed() > 0 || self.page_problems() > 0
    }
}
