//! `mirror watch`: one warm engine re-runs the pairs whose files change, then the screen
//! is cleared and the whole result redrawn. Changes come from the OS (inotify, through
//! `notify` and its debouncer), so a save is seen at once; a lesson page edit re-checks
//! that page without running anything. Ctrl-C exits cleanly with 130.
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult};

use crate::config::RunSettings;
use crate::course::{self, Course, Pair};
use crate::engine::{Engine, Reuse, Signals};
use crate::error::{Error, Result};
use crate::report::{NullReporter, Reporter};
use crate::runner::RunReport;

/// How long a burst of file events (an editor's write, rename and chmod) may take before it
/// is handled as one save.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// What a set of changed files asks for.
#[derive(Debug, PartialEq, Eq)]
enum Rerun {
    /// Nothing the course depends on.
    Nothing,
    /// Only lesson pages: check them again, run nothing.
    Pages,
    /// These pairs (by id), and the pages.
    Pairs(Vec<String>),
    /// A new or removed snippet, course.toml, requirements, fixtures: prepare afresh.
    Everything,
}

/// Which pairs must run again after these files changed.
fn affected(course: &Course, changed: &[PathBuf]) -> Rerun {
    let mut ids = Vec::new();
    let mut pages = false;
    for path in changed {
        if is_scratch(path) {
            continue;
        }
        if course
            .lessons
            .iter()
            .any(|l| crate::pages::check::page_path(&course.root, &l.id) == *path)
        {
            pages = true;
            continue;
        }
        let mut hit = false;
        for p in course.lessons.iter().flat_map(|l| &l.pairs) {
            let data = p
                .settings
                .data
                .iter()
                .any(|d| course.root.join(d.get_ref()) == *path);
            if p.python.as_deref() == Some(path) || p.csharp.as_deref() == Some(path) || data {
                ids.push(p.id());
                hit = true;
            }
        }
        if !hit {
            return Rerun::Everything;
        }
    }
    ids.sort();
    ids.dedup();
    match (ids.is_empty(), pages) {
        (false, _) => Rerun::Pairs(ids),
        (true, true) => Rerun::Pages,
        (true, false) => Rerun::Nothing,
    }
}

/// The sides of the pairs in `ids` whose own files did not change: their last result
/// stands, so a Python edit does not start .NET again (and a C# edit not Python).
fn unchanged_sides(
    course: &Course,
    ids: &[String],
    changed: &[PathBuf],
    last: &RunReport,
) -> Reuse {
    let mut reuse = Reuse::default();
    for p in course.lessons.iter().flat_map(|l| &l.pairs) {
        let id = p.id();
        if !ids.contains(&id) {
            continue;
        }
        let data = p
            .settings
            .data
            .iter()
            .any(|d| changed.contains(&course.root.join(d.get_ref())));
        let Some(before) = last
            .lessons
            .iter()
            .flat_map(|l| &l.pairs)
            .find(|r| r.pair.id() == id)
        else {
            continue;
        };
        if data {
            continue;
        }
        let touched = |side: &Option<PathBuf>| side.as_ref().is_some_and(|f| changed.contains(f));
        if !touched(&p.csharp) && before.csharp.outcome().is_some() {
            reuse.csharp.insert(id.clone(), before.csharp.clone());
        }
        if !touched(&p.python) && before.python.outcome().is_some() {
            reuse.python.insert(id, before.python.clone());
        }
    }
    reuse
}

/// Files editors and tools write beside the course's own: swap files, backups, bytecode.
pub(crate) fn is_scratch(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || path.components().any(|c| {
            let c = c.as_os_str();
            c == "__pycache__" || c == ".git" || c == "target" || c == "practice"
        })
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

/// The course, the engine prepared for it, and the last full report.
struct Session {
    course: Course,
    pairs: Vec<Pair>,
    engine: Engine,
}

impl Session {
    fn start(root: &Path, settings: &RunSettings) -> Result<Session> {
        let course = course::discover(root)?;
        let pairs: Vec<Pair> = course::filter::select(&course, settings.selector())?
            .pairs
            .into_iter()
            .cloned()
            .collect();
        let engine = Engine::prepare(&course, &pairs, settings, Signals::Cancel)?;
        engine.warm_up_compiler();
        Ok(Session {
            course,
            pairs,
            engine,
        })
    }

    fn run_all(&mut self, settings: &RunSettings) -> Result<RunReport> {
        self.run(settings, None, None, Reuse::default())
    }

    /// Runs the pairs named in `only` (all when None) and merges them into `last`.
    fn run(
        &mut self,
        settings: &RunSettings,
        only: Option<&[String]>,
        last: Option<RunReport>,
        reuse: Reuse,
    ) -> Result<RunReport> {
        // Pairs keep their paths and settings; the files' contents are read at run time.
        let pairs: Vec<Pair> = self
            .pairs
            .iter()
            .filter(|p| only.is_none_or(|ids| ids.contains(&p.id())))
            .cloned()
            .collect();
        let fresh = self
            .engine
            .run_reusing(&self.course, pairs, reuse, &mut NullReporter)?;
        if let Some(code) = fresh.interrupted {
            return Err(Error::Interrupted(code));
        }
        let lessons: Vec<String> = fresh.lessons.iter().map(|l| l.id.clone()).collect();
        let mut report = match (only, last) {
            (Some(_), Some(mut last)) => {
                merge(&mut last, fresh);
                last
            }
            _ => fresh,
        };
        if settings.pages() {
            // Only the pages of the lessons that ran can have changed their verdict.
            crate::pages::check_lessons(&self.course, &mut report, |id| {
                lessons.iter().any(|l| l == id)
            });
        }
        Ok(report)
    }
}

/// Clears the screen (on a terminal only) and shows the report.
fn draw(
    result: &Result<RunReport>,
    settings: &RunSettings,
    root: &Path,
    round: usize,
) -> Result<()> {
    if std::io::stderr().is_terminal() {
        eprint!("\x1b[2J\x1b[H");
    } else if round > 1 {
        eprintln!("\n---- a file changed: the result again ----");
    }
    match result {
        Ok(report) => {
            let mut out = settings.human_reporter();
            out.start(&report.header, 0);
            out.finish(report)
                .map_err(|e| Error::io("writing the report", e))?;
        }
        Err(e) => eprintln!("error: {e}"),
    }
    eprintln!("\nwatching {} for changes (Ctrl-C to stop)", root.display());
    Ok(())
}

/// The paths whose content or existence changed. Reads (mirror's own, while it runs the
/// pairs: access events) and metadata-only changes (a chmod, a touched atime) are not
/// changes; counting them would re-run for ever.
pub fn changes(
    events: Vec<notify_debouncer_full::DebouncedEvent>,
) -> impl Iterator<Item = PathBuf> {
    use notify::event::{EventKind, ModifyKind};
    events
        .into_iter()
        .filter(|e| match e.event.kind {
            EventKind::Create(_) | EventKind::Remove(_) => true,
            EventKind::Modify(ModifyKind::Metadata(_)) => false,
            EventKind::Modify(_) => true,
            _ => false,
        })
        .flat_map(|e| e.event.paths)
}

/// A debounced watcher; events stop when it is dropped.
pub type Watcher =
    notify_debouncer_full::Debouncer<notify::RecommendedWatcher, notify_debouncer_full::RecommendedCache>;

/// OS file events under `dirs` (recursively), debounced: each message is one burst.
/// Keep the returned watcher alive for as long as events are wanted.
pub fn file_events(
    dirs: &[&Path],
) -> Result<(Watcher, std::sync::mpsc::Receiver<DebounceEventResult>)> {
    let (tx, rx) = std::sync::mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, tx)
        .map_err(|e| Error::Toolchain(format!("watching files: {e}")))?;
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        debouncer
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|e| Error::Toolchain(format!("watching {}: {e}", dir.display())))?;
    }
    Ok((debouncer, rx))
}

/// The file events of everything a course is made of (examples, pages, the harness), for
/// `watch` and `serve`'s live reload alike.
pub fn course_events(
    root: &Path,
) -> Result<(Watcher, std::sync::mpsc::Receiver<DebounceEventResult>)> {
    let dirs: Vec<PathBuf> = ["examples-py", "examples-cs", "lessons", "harness"]
        .iter()
        .map(|d| root.join(d))
        .collect();
    let (mut debouncer, rx) = file_events(&dirs.iter().map(PathBuf::as_path).collect::<Vec<_>>())?;
    // A course file at the root may be replaced (an editor's rename): watch the root too,
    // not recursively.
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| Error::Toolchain(format!("watching {}: {e}", root.display())))?;
    Ok((debouncer, rx))
}

/// Watches the course at `root` until Ctrl-C; returns the exit code (130).
pub fn watch(root: &Path, settings: &RunSettings) -> Result<u8> {
    // Ctrl-C between runs (during one, the engine stops its snippets first): the same
    // process-wide request to stop that the engine answers.
    crate::engine::interrupt::listen().map_err(|e| Error::io("listening for signals", e))?;
    let (_watcher, rx) = course_events(root)?;

    let mut session: Option<Session> = None;
    let mut rerun = Rerun::Everything;
    let mut last: Option<RunReport> = None;
    let mut changed_last: Vec<PathBuf> = Vec::new();
    let mut round = 0;
    loop {
        let result = match (rerun, session.as_mut(), last.take()) {
            (Rerun::Nothing, Some(_), Some(r)) => Ok(r),
            (Rerun::Pages, Some(s), Some(mut r)) => {
                if settings.pages() {
                    crate::pages::check_run(&s.course, &mut r);
                }
                Ok(r)
            }
            (Rerun::Pairs(ids), Some(s), Some(r)) => {
                let reuse = unchanged_sides(&s.course, &ids, &changed_last, &r);
                s.run(settings, Some(&ids), Some(r), reuse)
            }
            (_, _, _) => {
                // The old engine goes first: its snippets, host and temp folders with it.
                session = None;
                Session::start(root, settings)
                    .and_then(|mut s| s.run_all(settings).map(|r| (s, r)))
                    .map(|(s, r)| {
                        session = Some(s);
                        r
                    })
            }
        };
        if let Err(Error::Interrupted(code)) = result {
            eprintln!("stopped");
            return Ok(code);
        }
        round += 1;
        draw(&result, settings, root, round)?;
        last = result.ok();
        // Wait for a save (or Ctrl-C), then take every event that came with it.
        let course_file = root.join("course.toml");
        let relevant =
            |p: &PathBuf| !is_scratch(p) && (p.parent() != Some(root) || *p == course_file);
        let mut changed: Vec<PathBuf> = Vec::new();
        while changed.is_empty() {
            if let Some(code) = crate::engine::interrupt::requested() {
                eprintln!("stopped");
                return Ok(code);
            }
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(Ok(events)) => changed.extend(changes(events).filter(|p| relevant(p))),
                Ok(Err(errors)) => {
                    for e in errors {
                        eprintln!("mirror: watching: {e}");
                    }
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(Error::Toolchain("the file watcher stopped".into()))
                }
            }
        }
        changed.sort();
        changed.dedup();
        rerun = match course::discover(root) {
            Ok(course) => affected(&course, &changed),
            Err(_) => Rerun::Everything,
        };
        changed_last = changed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course() -> Course {
        let root = PathBuf::from("/c");
        let pair = Pair {
            name: "gather".into(),
            key: "gather".into(),
            lesson: "07-async".into(),
            python: Some(root.join("examples-py/07-async/gather.py")),
            csharp: Some(root.join("examples-cs/07-async/Gather.cs")),
            settings: Default::default(),
        };
        Course::of(
            root,
            vec![course::Lesson {
                id: "07-async".into(),
                number: 7,
                title: "Async".into(),
                pairs: vec![pair],
            }],
        )
    }

    #[test]
    fn a_save_reruns_its_pair_a_page_edit_only_the_pages_and_the_rest_everything() {
        let c = course();
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(
            affected(&c, &[p("/c/examples-cs/07-async/Gather.cs")]),
            Rerun::Pairs(vec!["07-async/gather".into()])
        );
        assert_eq!(affected(&c, &[p("/c/lessons/07-async.md")]), Rerun::Pages);
        assert_eq!(
            affected(
                &c,
                &[
                    p("/c/lessons/07-async.md"),
                    p("/c/examples-py/07-async/gather.py")
                ]
            ),
            Rerun::Pairs(vec!["07-async/gather".into()])
        );
        assert_eq!(
            affected(&c, &[p("/c/harness/course.toml")]),
            Rerun::Everything
        );
        assert_eq!(
            affected(&c, &[p("/c/examples-py/07-async/new.py")]),
            Rerun::Everything
        );
        assert_eq!(
            affected(&c, &[p("/c/examples-py/07-async/.gather.py.swp")]),
            Rerun::Nothing
        );
        assert_eq!(
            affected(&c, &[p("/c/examples-py/07-async/__pycache__/x.pyc")]),
            Rerun::Nothing
        );
    }

    #[test]
    fn a_python_edit_keeps_the_csharp_result_and_a_data_edit_keeps_nothing() {
        use crate::compare::SideResult;
        let mut c = course();
        c.lessons[0].pairs[0].settings.data =
            vec![toml::Spanned::new(0..0, "harness/in.txt".into())];
        let ran = || SideResult::Ran(crate::sandbox::Outcome::failed_to_start(String::new()));
        let mut before =
            crate::runner::PairReport::empty(c.lessons[0].pairs[0].clone(), Default::default());
        before.python = ran();
        before.csharp = ran();
        let last = RunReport {
            lessons: vec![crate::runner::LessonReport {
                id: "07-async".into(),
                title: String::new(),
                pairs: vec![before],
                page: None,
            }],
            ..Default::default()
        };
        let ids = vec!["07-async/gather".to_string()];
        let py = [PathBuf::from("/c/examples-py/07-async/gather.py")];
        let reuse = unchanged_sides(&c, &ids, &py, &last);
        assert!(reuse.csharp.contains_key("07-async/gather"));
        assert!(!reuse.python.contains_key("07-async/gather"));
        let data = [PathBuf::from("/c/harness/in.txt")];
        let reuse = unchanged_sides(&c, &ids, &data, &last);
        assert!(reuse.csharp.is_empty() && reuse.python.is_empty());
    }
}
