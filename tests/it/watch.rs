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
    assert_eq!(status.code(), Some(130), "{}", buffer.lock().unwrap());
}
