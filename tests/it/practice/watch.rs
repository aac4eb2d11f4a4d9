//! `mirror practice --watch`: it re-checks on every save, and Ctrl-C (between checks or
//! during one running an endless loop) exits 130 with nothing left running.
use std::io::{BufRead, BufReader};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{course, practice_file, write_body};
use crate::support::{cache_dir, processes_with, token, Course};

/// `mirror practice --watch` running in the background, its stderr read line by line.
struct Watcher {
    child: std::process::Child,
    lines: mpsc::Receiver<String>,
    seen: String,
}

impl Watcher {
    fn start(c: &Course, filter: &str) -> Watcher {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mirror"))
            .arg("-C")
            .arg(c.path())
            .args(["practice", "--watch", filter])
            .env("MIRROR_CACHE_DIR", cache_dir())
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = mpsc::channel();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        Watcher {
            child,
            lines,
            seen: String::new(),
        }
    }

    fn wait_for(&mut self, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(200)) {
                self.seen.push_str(&line);
                self.seen.push('\n');
                if line.contains(what) {
                    return;
                }
            }
        }
        panic!("never saw {what:?}:\n{}", self.seen);
    }

    /// Ctrl-C; returns the exit code.
    fn interrupt(mut self) -> Option<i32> {
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGINT);
        }
        self.child.wait().unwrap().code()
    }
}

#[test]
fn practice_watch_rechecks_on_save_and_stops_on_ctrl_c() {
    let c = course();
    let file = practice_file(&c, "06-linq/squares.py");
    assert_eq!(c.run(&["practice", "6/squares"]).status.code(), Some(0));
    let mut w = Watcher::start(&c, "6/squares");
    w.wait_for("TODO     6/squares");
    w.wait_for("watching");
    write_body(&file, "print(' '.join(str(x * x) for x in range(1, 5)))\n");
    w.wait_for("PASS     6/squares");
    w.wait_for("watching");
    write_body(&file, "print(' '.join(str(x * x) for x in range(1, 4)))\n");
    w.wait_for("MISMATCH 6/squares");
    w.wait_for("watching");
    let seen = w.seen.clone();
    assert_eq!(w.interrupt(), Some(130), "{seen}");
    let course = c.path().display().to_string();
    assert!(
        processes_with(&course).is_empty(),
        "{:?}",
        processes_with(&course)
    );
}

#[test]
fn practice_watch_sees_a_workspace_deleted_and_made_again() {
    // `rm -rf practice`, then the folder made again (a `git checkout`, a restore from a
    // backup): the old watch was on the deleted folder; saves in the new one must still
    // be checked.
    let c = course();
    let file = practice_file(&c, "06-linq/squares.py");
    assert_eq!(c.run(&["practice", "6/squares"]).status.code(), Some(0));
    let mut w = Watcher::start(&c, "6/squares");
    w.wait_for("TODO     6/squares");
    w.wait_for("watching");
    let workspace = c.path().join("practice");
    let template = std::fs::read_to_string(&file).unwrap();
    std::fs::remove_dir_all(&workspace).unwrap();
    w.wait_for("watching");
    std::thread::sleep(Duration::from_millis(500));
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, &template).unwrap();
    write_body(&file, "print(' '.join(str(x * x) for x in range(1, 4)))\n");
    w.wait_for("MISMATCH 6/squares");
    w.wait_for("watching");
    write_body(&file, "print(' '.join(str(x * x) for x in range(1, 5)))\n");
    w.wait_for("PASS     6/squares");
    let seen = w.seen.clone();
    assert_eq!(w.interrupt(), Some(130), "{seen}");
}

#[test]
fn practice_watch_ctrl_c_during_a_check_stops_everything() {
    let c = course();
    let file = practice_file(&c, "06-linq/squares.py");
    assert_eq!(c.run(&["practice", "6/squares"]).status.code(), Some(0));
    let mut w = Watcher::start(&c, "6/squares");
    w.wait_for("watching");
    let marker = token("practice-watch-loop");
    write_body(
        &file,
        &format!("import subprocess\nsubprocess.Popen(['sh', '-c', 'sleep 300; echo {marker}'])\nwhile True:\n    pass\n"),
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while processes_with(&marker).is_empty() {
        assert!(Instant::now() < deadline, "the endless loop never started");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(w.interrupt(), Some(130));
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        processes_with(&marker).is_empty(),
        "left running: {:?}",
        processes_with(&marker)
    );
}
