//! `mirror practice --watch [FILTER]`: check, then re-check the selection on every save of
//! a practice file (the OS's file events, through `notify`; a save that changes neither
//! size nor mtime is not a change), clearing and redrawing on a terminal. One warm engine
//! judges every round. Ctrl-C (or SIGTERM) stops it: a check in progress is killed by the
//! engine, which removes its temp folders; exit 130 / 143.
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use super::{check, show, Options};
use crate::course::Course;
use crate::engine::{Engine, Signals};
use crate::error::{Error, Result};

/// How often Ctrl-C is looked for while no file event comes.
const TICK: Duration = Duration::from_millis(100);

type Snapshot = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

/// Size and mtime of every `.py`/`.cs` file in the workspace's lesson folders.
fn snapshot(options: &Options) -> Snapshot {
    let mut snap = Snapshot::new();
    let Ok(lessons) = std::fs::read_dir(&options.workspace.root) else {
        return snap;
    };
    for lesson in lessons.flatten().filter(|e| e.path().is_dir()) {
        let Ok(files) = std::fs::read_dir(lesson.path()) else {
            continue;
        };
        for f in files.flatten() {
            let p = f.path();
            if p.extension().is_some_and(|e| e == "py" || e == "cs") {
                if let Ok(m) = f.metadata() {
                    snap.insert(p, (m.len(), m.modified().ok()));
                }
            }
        }
    }
    snap
}

/// A folder's device and inode: which folder a path names now.
fn identity(dir: &std::path::Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(dir).ok().map(|m| (m.dev(), m.ino()))
}

/// Runs until interrupted; returns the signal's exit code. One engine, prepared for the
/// selection, judges every round: the compile host stays warm between saves.
pub fn watch(course: &Course, options: &Options) -> Result<u8> {
    let scope: Vec<crate::course::Pair> = check::selected(course, options)?
        .iter()
        .map(|f| f.as_pair())
        .collect();
    let engine = Engine::prepare(course, &scope, &options.run, Signals::Cancel)?;
    engine.warm_up_compiler();
    std::fs::create_dir_all(&options.workspace.root)
        .map_err(|e| Error::io(format!("creating {}", show(&options.workspace.root)), e))?;
    let (mut _watcher, mut events) = crate::watch::file_events(&[&options.workspace.root])?;
    // The folder being watched: deleted and made again (`rm -rf`, a `git checkout`), it is
    // another folder, which the old watch does not see.
    let mut watched = identity(&options.workspace.root);
    let terminal = std::io::stderr().is_terminal();
    let mut last: Option<Snapshot> = None;
    let mut round = 0u64;
    loop {
        let now = snapshot(options);
        if last.as_ref() != Some(&now) {
            last = Some(now);
            round += 1;
            if terminal {
                eprint!("\x1b[2J\x1b[H");
            } else if round > 1 {
                eprintln!("\n---- a practice file changed: checking again ----");
            }
            match super::round(Some(&engine), course, options) {
                Ok(checked) => eprint!("{}", check::render(&checked, options.color)),
                Err(Error::Interrupted(code)) => {
                    eprintln!("\nmirror: stopped watching");
                    return Ok(code);
                }
                Err(e) => eprintln!("error: {e}"),
            }
            eprintln!(
                "\nwatching {} (check #{round}); save a file to check again, Ctrl-C to stop",
                show(&options.workspace.root)
            );
        }
        loop {
            if let Some(code) = engine.interrupted() {
                eprintln!("\nmirror: stopped watching");
                return Ok(code);
            }
            match events.recv_timeout(TICK) {
                Ok(Ok(burst)) => {
                    if crate::watch::changes(burst).next().is_some() {
                        break;
                    }
                }
                Ok(Err(_)) => {}
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    let now = identity(&options.workspace.root);
                    if now.is_none() {
                        // Gone: whatever comes back is another folder, even one that gets
                        // the same inode number again (ext4 and tmpfs reuse them at once).
                        watched = None;
                    } else if now != watched {
                        (_watcher, events) =
                            crate::watch::file_events(&[&options.workspace.root])?;
                        watched = now;
                        break;
                    }
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(Error::Toolchain("the file watcher stopped".into()))
                }
            }
        }
    }
}
