//! `mirror watch`: re-run the pairs whose files change, then clear the screen and redraw the
//! whole result. Polls modification times (no extra crate, works on every filesystem);
//! Ctrl-C exits cleanly with 130.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::config::RunSettings;
use crate::course::{self, Course, Pair};
use crate::error::{Error, Result};
use crate::report::human::HumanReporter;
use crate::report::{NullReporter, Reporter};
use crate::runner::RunReport;

const POLL: Duration = Duration::from_millis(300);

/// Modification times of everything a run depends on.
type Stamps = HashMap<PathBuf, SystemTime>;

fn stamp_dir(dir: &Path, depth: usize, out: &mut Stamps) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() && depth > 0 {
            stamp_dir(&path, depth - 1, out);
        } else if let Ok(modified) = e.metadata().and_then(|m| m.modified()) {
            out.insert(path, modified);
        }
    }
}

fn snapshot(root: &Path) -> Stamps {
    let mut stamps = Stamps::new();
    for dir in ["examples-py", "examples-cs", "lessons"] {
        stamp_dir(&root.join(dir), 1, &mut stamps);
    }
    stamp_dir(&root.join("harness"), 3, &mut stamps);
    stamps
}

/// Which pairs must run again after these files changed; None means all of them.
fn affected(course: &Course, changed: &[PathBuf]) -> Option<Vec<String>> {
    let mut ids = Vec::new();
    for path in changed {
        let mut hit = false;
        for lesson in &course.lessons {
            let page = crate::pages::check::page_path(&course.root, &lesson.id);
            for p in &lesson.pairs {
                let data = p
                    .settings
                    .data
                    .iter()
                    .any(|d| course.root.join(d.get_ref()) == *path);
                if page == *path
                    || p.python.as_deref() == Some(path)
                    || p.csharp.as_deref() == Some(path)
                    || data
                {
                    ids.push(p.id());
                    hit = true;
                }
            }
        }
        if !hit {
            // A new or removed snippet, course.toml, requirements, fixtures: start afresh.
            return None;
        }
    }
    ids.sort();
    ids.dedup();
    Some(ids)
}

/// Puts the fresh results into the last full report, pair by pair.
fn merge(last: &mut RunReport, fresh: RunReport) {
    for lesson in fresh.lessons {
        match last.lessons.iter_mut().find(|l| l.id == lesson.id) {
            Some(old) => {
                for p in lesson.pairs {
                    match old.pairs.iter_mut().find(|o| o.pair.id() == p.pair.id()) {
                        Some(slot) => *slot = p,
                        None => old.pairs.push(p),
                    }
                }
            }
            None => last.lessons.push(lesson),
        }
    }
    last.header = fresh.header;
    last.timings = fresh.timings;
}

fn run_once(
    root: &Path,
    settings: &RunSettings,
    only: Option<&[String]>,
    last: Option<RunReport>,
) -> Result<RunReport> {
    let course = course::discover(root)?;
    let selection = course::filter::select(&course, &settings.filters)?;
    let pairs: Vec<Pair> = selection
        .pairs
        .into_iter()
        .filter(|p| only.is_none_or(|ids| ids.contains(&p.id())))
        .cloned()
        .collect();
    let fresh = crate::runner::execute(&course, pairs, settings, &mut NullReporter)?;
    let mut report = match (only, last) {
        (Some(_), Some(mut last)) => {
            merge(&mut last, fresh);
            last
        }
        _ => fresh,
    };
    if settings.pages {
        crate::pages::check_run(&course, &mut report);
    }
    Ok(report)
}

/// Watches the course at `root` until Ctrl-C; returns the exit code (130).
pub fn watch(root: &Path, settings: &RunSettings, color: bool) -> Result<u8> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(sig, stop.clone())
            .map_err(|e| Error::io("watching for Ctrl-C", e))?;
    }
    let mut stamps = snapshot(root);
    let mut only: Option<Vec<String>> = None;
    let mut last: Option<RunReport> = None;
    loop {
        let result = run_once(root, settings, only.as_deref(), last.take());
        // Clear the screen and redraw everything.
        eprint!("\x1b[2J\x1b[H");
        let mut out = HumanReporter::new(std::io::stderr(), color, false, settings.timings);
        match result {
            Ok(report) => {
                out.start(&report.header, 0);
                out.finish(&report)
                    .map_err(|e| Error::io("writing the report", e))?;
                last = Some(report);
            }
            Err(e) => eprintln!("error: {e}"),
        }
        eprintln!("\nwatching {} for changes (Ctrl-C to stop)", root.display());
        loop {
            std::thread::sleep(POLL);
            if stop.load(Ordering::SeqCst) {
                eprintln!("stopped");
                return Ok(130);
            }
            let now = snapshot(root);
            if now != stamps {
                let mut changed: Vec<PathBuf> = now
                    .iter()
                    .filter(|(p, t)| stamps.get(*p) != Some(t))
                    .map(|(p, _)| p.clone())
                    .collect();
                changed.extend(stamps.keys().filter(|p| !now.contains_key(*p)).cloned());
                stamps = now;
                only = course::discover(root)
                    .ok()
                    .and_then(|c| affected(&c, &changed));
                if only.is_none() {
                    last = None;
                }
                break;
            }
        }
    }
}
