//! `mirror watch`: a saved edit re-runs the pair and redraws; Ctrl-C exits cleanly.
use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{cache_dir, Course};

fn wait_for(buffer: &Arc<Mutex<String>>, needle: &str, from: usize) -> usize {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let text = buffer.lock().unwrap().clone();
        if let Some(i) = text[from.min(text.len())..].find(needle) {
            return from + i + needle.len();
        }
        assert!(
            Instant::now() < deadline,
            "never saw {needle:?} in:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn watch_reruns_on_save_and_stops_on_ctrl_c() {
    let c = Course::new()
        .py("01-a/card.py", "print(1)\n")
        .cs("01-a/Card.cs", "Console.WriteLine(1);\n")
        .py("01-a/other.py", "print(2)\n")
        .cs("01-a/Other.cs", "Console.WriteLine(2);\n");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mirror"))
        .arg("-C")
        .arg(c.path())
        .arg("watch")
        .env("MIRROR_CACHE_DIR", cache_dir())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let buffer = Arc::new(Mutex::new(String::new()));
    let mut stderr = child.stderr.take().unwrap();
    let sink = buffer.clone();
    let reader = std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(n) = stderr.read(&mut chunk) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&chunk[..n]));
        }
    });
    let at = wait_for(&buffer, "2 passed, 0 failed", 0);
    let at = wait_for(&buffer, "watching", at);
    std::thread::sleep(Duration::from_millis(500));
    std::fs::write(c.path().join("examples-py/01-a/card.py"), "print(10)\n").unwrap();
    let at = wait_for(&buffer, "MISMATCH 01-a/card", at);
    // The redraw shows the whole course: the untouched pair still counts as passed.
    let at = wait_for(&buffer, "1 passed, 1 failed", at);
    wait_for(&buffer, "watching", at);
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let status = child.wait().unwrap();
    reader.join().unwrap();
    let text = buffer.lock().unwrap().clone();
    assert_eq!(status.code(), Some(130), "{text}");
    // stderr is a pipe here, not a terminal: redraws write no screen-clearing codes.
    assert!(
        !text.contains("\x1b[2J") && !text.contains("\x1b[H"),
        "{text:?}"
    );
}

/// Compile hosts whose parent chain leads to `root_pid`.
fn hosts_under(root_pid: u32) -> Vec<i32> {
    crate::support::pids_under("CompileHost.dll", root_pid as i32)
}

#[test]
fn watch_keeps_one_warm_compile_host_and_a_page_edit_runs_nothing() {
    // The pair sleeps: a redraw that came without running it is quicker than the sleep.
    let c = Course::new()
        .py("01-a/card.py", "import time\ntime.sleep(3)\nprint(1)\n")
        .cs(
            "01-a/Card.cs",
            "Thread.Sleep(3000);\nConsole.WriteLine(1);\n",
        )
        .file(
            "lessons/01-a.md",
            "# Lesson 1\n\n```python pair=card\nimport time\ntime.sleep(3)\nprint(1)\n```\n",
        );
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mirror"))
        .arg("-C")
        .arg(c.path())
        .args(["watch", "--no-cache"])
        .env("MIRROR_CACHE_DIR", cache_dir())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let buffer = Arc::new(Mutex::new(String::new()));
    let mut stderr = child.stderr.take().unwrap();
    let sink = buffer.clone();
    let reader = std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(n) = stderr.read(&mut chunk) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&chunk[..n]));
        }
    });
    let at = wait_for(&buffer, "1 passed, 0 failed", 0);
    let at = wait_for(&buffer, "watching", at);
    let hosts = hosts_under(child.id());
    assert_eq!(hosts.len(), 1, "one compile host after the first run");

    // A page edit: the page is checked again, nothing runs.
    std::thread::sleep(Duration::from_millis(300));
    let saved = Instant::now();
    std::fs::write(
        c.path().join("lessons/01-a.md"),
        "# Lesson 1\n\n```python pair=card\nimport time\ntime.sleep(3)\nprint(2)\n```\n",
    )
    .unwrap();
    let at = wait_for(&buffer, "lessons/01-a.md:3", at);
    let at = wait_for(&buffer, "watching", at);
    assert!(
        saved.elapsed() < Duration::from_millis(2500),
        "a page edit re-ran the pair ({:?})",
        saved.elapsed()
    );

    // A C# edit: compiled again on the same, warm host.
    std::fs::write(
        c.path().join("examples-cs/01-a/Card.cs"),
        "Thread.Sleep(3000);\nConsole.WriteLine(1); // edited\n",
    )
    .unwrap();
    let at = wait_for(&buffer, "a file changed", at);
    wait_for(&buffer, "watching", at);
    assert_eq!(
        hosts_under(child.id()),
        hosts,
        "the same compile host served the edit"
    );
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let status = child.wait().unwrap();
    reader.join().unwrap();
    assert_eq!(status.code(), Some(130), "{}", buffer.lock().unwrap());
    // The compile host runs in the course folder: nothing may be left running there.
    std::thread::sleep(Duration::from_millis(200));
    let left = crate::support::processes_in(c.path());
    assert!(left.is_empty(), "left running: {left:#?}");
}
