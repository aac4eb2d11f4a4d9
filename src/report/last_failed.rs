//! What `mirror run --failed` re-runs, as pytest's `--lf` does: every run records the pairs
//! that failed in it, in the cache (`last-failed/<hash of the course folder>`, one pair id a
//! line). A run of some pairs only updates those pairs: a failure it did not run stays
//! recorded until a run passes it.
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::Reporter;
use crate::compare::Verdict;
use crate::runner::{Header, PairReport, RunReport};

/// The record of one course's failures.
pub struct LastFailed {
    file: PathBuf,
}

impl LastFailed {
    /// The record of the course at `root`, in mirror's cache.
    pub fn for_course(root: &Path) -> LastFailed {
        LastFailed::at(crate::lang::cache_dir().join("last-failed"), root)
    }

    fn at(dir: PathBuf, root: &Path) -> LastFailed {
        let hash = Sha256::digest(root.as_os_str().as_encoded_bytes());
        let name: String = hash.iter().take(8).map(|b| format!("{b:02x}")).collect();
        LastFailed {
            file: dir.join(name),
        }
    }

    /// The pair ids that failed when they last ran (none when nothing was recorded).
    pub fn load(&self) -> Vec<String> {
        std::fs::read_to_string(&self.file)
            .map(|t| {
                t.lines()
                    .filter(|l| !l.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The record after a run: earlier failures of pairs it did not run, then its own failures.
pub fn update(before: Vec<String>, r: &RunReport) -> Vec<String> {
    let ran: Vec<String> = r
        .lessons
        .iter()
        .flat_map(|l| &l.pairs)
        .filter(|p| p.verdict != Verdict::Skipped)
        .map(|p| p.pair.id())
        .collect();
    let mut after: Vec<String> = before.into_iter().filter(|id| !ran.contains(id)).collect();
    after.extend(r.failures().iter().map(|p| p.pair.id()));
    after
}

impl Reporter for LastFailed {
    fn start(&mut self, _header: &Header, _pairs: usize) {}
    fn pair_finished(&mut self, _pair: &PairReport) {}
    /// Best effort: a cache that cannot be written does not fail the run.
    fn finish(&mut self, report: &RunReport) -> std::io::Result<()> {
        let ids = update(self.load(), report);
        let text: String = ids.iter().map(|id| format!("{id}\n")).collect();
        let _ = super::write_file(&self.file, &text);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample;

    #[test]
    fn a_run_replaces_what_it_ran_and_keeps_the_rest() {
        let r = sample::run();
        let before = vec![
            "01-a/hello".to_string(),
            "09-z/gone".to_string(),
            "02-b/later".into(),
        ];
        assert_eq!(
            update(before, &r),
            [
                "09-z/gone",
                "02-b/later",
                "01-a/bye",
                "01-a/drifted",
                "01-a/sets",
                "02-b/crash",
                "02-b/broken"
            ]
        );
    }

    #[test]
    fn the_record_round_trips_per_course() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = LastFailed::at(dir.path().to_path_buf(), Path::new("/course/a"));
        let b = LastFailed::at(dir.path().to_path_buf(), Path::new("/course/b"));
        assert!(a.load().is_empty());
        a.finish(&sample::run()).unwrap();
        assert_eq!(a.load().len(), 5);
        assert!(b.load().is_empty());
    }
}
