//! The engine's promises seen from outside: a signal is a cancel event, so an interrupted
//! run still finishes every reporter (JUnit and HTML are written, the stopped pairs are
//! "not run") and exits 130 through the normal path.
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{cache_dir, processes_with, token, Course};

/// Starts a run of a quick pair and a 60 s one under a TMPDIR of its own, sends `signals`
/// (back to back) once the slow snippet runs, and checks what every interrupted run
/// promises: it ends at once with `code`, JUnit and HTML are written with the stopped pair
/// "not run", nothing is left running and no temp folder is left behind.
fn interrupt(signals: &[i32], code: i32) {
    let m = token("interrupt-reports");
    let c = Course::new()
        .py("01-x/quick.py", "print('quick')\n")
        .cs("01-x/Quick.cs", "Console.WriteLine(\"quick\");\n")
        .py(
            "01-x/slow.py",
            // A child in a session of its own carries the marker on its command line: it
            // shows the snippet runs, and that nothing of it is left afterwards.
            &format!("import subprocess, time\nsubprocess.Popen(['sh', '-c', 'sleep 60; echo {m}'], start_new_session=True)\ntime.sleep(60)\n"),
        )
        .cs("01-x/Slow.cs", "Thread.Sleep(60000);\n");
    let out = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let (junit, html) = (
        out.path().join("r/junit.xml"),
        out.path().join("r/run.html"),
    );
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mirror"))
        .arg("-C")
        .arg(c.path())
        .args(["run", "--timeout", "60s", "--junit"])
        .arg(&junit)
        .arg("--html")
        .arg(&html)
        .env("MIRROR_CACHE_DIR", cache_dir())
        .env("TMPDIR", tmp.path())
        .env_remove("GITHUB_ACTIONS")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the slow snippet runs.
    let deadline = Instant::now() + Duration::from_secs(60);
    while processes_with(&m).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!processes_with(&m).is_empty(), "the snippet never started");
    std::thread::sleep(Duration::from_millis(300));
    for signal in signals {
        // SAFETY: plain syscall on our own child.
        unsafe { libc::kill(child.id() as i32, *signal) };
    }
    let started = Instant::now();
    let status = child.wait().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the interrupt ended the run at once"
    );
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(code), "{err}");
    let xml = std::fs::read_to_string(&junit)
        .unwrap_or_else(|e| panic!("JUnit written after {signals:?}: {e}\n{err}"));
    assert!(xml.contains("slow"), "{xml}");
    assert!(xml.contains("not run (interrupted)"), "{xml}");
    let page = std::fs::read_to_string(&html)
        .unwrap_or_else(|e| panic!("HTML written after {signals:?}: {e}\n{err}"));
    assert!(page.contains("not run (interrupted)"), "{page}");
    assert!(err.contains("interrupted"), "{err}");
    assert!(processes_with(&m).is_empty(), "left running");
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().collect();
    assert!(left.is_empty(), "temp left behind: {left:?}");
}

#[test]
fn ctrl_c_still_writes_every_report_with_the_stopped_pairs_not_run() {
    interrupt(&[libc::SIGINT], 130);
}

#[test]
fn a_signal_delivered_twice_at_once_is_one_interrupt() {
    // `timeout` signals mirror, then its whole process group: mirror gets SIGTERM twice
    // within microseconds. That is one request to stop, not a second "stop now".
    interrupt(&[libc::SIGTERM, libc::SIGTERM], 143);
}

#[test]
fn a_csharp_side_whose_build_is_ready_goes_before_later_pairs_python_sides() {
    // Cold (the C# sides are new to the cache), one place at a time: the Python sides all
    // ask for a place at once, each C# side only once its dll is compiled (a second or
    // more). Waiting in course order, the first C# sides run before the last Python sides;
    // first come, first served, every C# side would run after every Python side.
    let m = token("course-order");
    let mut c = Course::new();
    for i in 0..8 {
        c = c
            .py(
                &format!("01-x/p{i}.py"),
                &format!("import time\ntime.sleep(0.5)\nprint('{m} {i}')\n"),
            )
            .cs(
                &format!("01-x/P{i}.cs"),
                &format!("Console.WriteLine(\"{m} {i}\");\n"),
            );
    }
    let (out, kept) = c.run_kept(&["run", "--jobs", "1"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Each side's kept folder is named `NNN-<label>`, NNN counting the places given out.
    let started: Vec<(u32, String)> = kept
        .sides
        .iter()
        .filter_map(|side| {
            let name = side.file_name()?.to_string_lossy().into_owned();
            let (n, label) = name.split_once('-')?;
            Some((n.parse().ok()?, label.to_string()))
        })
        .collect();
    let first_cs = started
        .iter()
        .filter(|(_, l)| l.contains("-cs-"))
        .map(|(n, _)| *n)
        .min();
    let last_py = started
        .iter()
        .filter(|(_, l)| l.contains("-py"))
        .map(|(n, _)| *n)
        .max();
    assert!(
        matches!((first_cs, last_py), (Some(cs), Some(py)) if cs < py),
        "the C# sides waited behind every Python side: {started:?}"
    );
}

/// A run whose venv build hangs: pip asks a package index on the loopback that never
/// answers (the listener returned), under a TMPDIR of its own. Returns once mirror started.
fn mirror_with_pip_hanging(
    tag: &str,
) -> (
    Course,
    tempfile::TempDir,
    std::net::TcpListener,
    std::process::Child,
) {
    let index = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = index.local_addr().unwrap().port();
    let c = Course::new()
        .py("01-x/quick.py", "print('quick')\n")
        .cs("01-x/Quick.cs", "Console.WriteLine(\"quick\");\n")
        .file(
            "harness/requirements.txt",
            &format!("# {}\nrich\n", token(tag)),
        );
    let tmp = tempfile::tempdir().unwrap();
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mirror"))
        .arg("-C")
        .arg(c.path())
        .arg("run")
        .env("MIRROR_CACHE_DIR", cache_dir())
        .env("TMPDIR", tmp.path())
        .env("PIP_CONFIG_FILE", "/dev/null")
        .env("PIP_INDEX_URL", format!("http://127.0.0.1:{port}/simple/"))
        .env_remove("PIP_NO_INDEX")
        .env_remove("PIP_FIND_LINKS")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    (c, tmp, index, child)
}

#[test]
fn pip_dies_with_a_mirror_killed_outright() {
    // SIGKILL leaves mirror no say: the kernel ends pip's own process (PR_SET_PDEATHSIG),
    // as the README promises (what pip started under the venv's interpreter may run on).
    let (c, _tmp, index, mut child) = mirror_with_pip_hanging("pip-killed");
    let (_conn, _) = index.accept().unwrap();
    let pip = || {
        processes_with(&c.path().display().to_string())
            .into_iter()
            .filter(|p| p.contains("-m pip --python"))
            .collect::<Vec<_>>()
    };
    assert!(!pip().is_empty(), "pip is not running");
    child.kill().unwrap();
    child.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !pip().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(pip(), Vec::<String>::new(), "pip outlived mirror");
}

#[test]
fn a_signal_while_pip_installs_ends_pip_too() {
    // pip asks a package index on the loopback that never answers, so the signal surely
    // comes while it installs. SIGTERM goes to mirror alone (as a CI runner or `kill`
    // sends it): pip is in no group the signal reaches, so mirror has to end it.
    let (c, tmp, index, mut child) = mirror_with_pip_hanging("pip-interrupted");
    // pip's connection: it is installing now.
    let (mut conn, _) = index.accept().unwrap();
    let pip = processes_with(&c.path().display().to_string());
    assert!(
        pip.iter().any(|p| p.contains("pip")),
        "pip is not running: {pip:?}"
    );
    // SAFETY: plain syscall on our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let started = Instant::now();
    let status = child.wait().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "mirror ended at once"
    );
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(143), "{err}");
    assert!(
        err.contains("interrupted while preparing the toolchains; no pair ran"),
        "{err}"
    );
    // pip is gone: its connection to the index ends, and no process names the course.
    conn.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut rest = Vec::new();
    let _ = std::io::Read::read_to_end(&mut conn, &mut rest);
    let deadline = Instant::now() + Duration::from_secs(5);
    while !processes_with(&c.path().display().to_string()).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        processes_with(&c.path().display().to_string()),
        Vec::<String>::new(),
        "left running after mirror"
    );
    // mirror's run folder is gone (pip's own temp folders, killed, are pip's).
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("mirror"))
        .collect();
    assert!(left.is_empty(), "temp left behind: {left:?}");
}

#[test]
fn a_second_signal_a_second_later_ends_a_mirror_that_is_stuck() {
    // The run ends, and mirror writes its JSON report into a pipe nobody reads: it cannot
    // finish. The first SIGTERM is a request to stop (mirror still tries to write its
    // report); a second one, a second and more later, ends it at once.
    let big = 300_000;
    let c = Course::new()
        .py("01-x/big.py", &format!("print('x' * {big})\n"))
        .cs(
            "01-x/Big.cs",
            &format!("Console.WriteLine(new string('x', {big}));\n"),
        );
    let tmp = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mirror"))
        .arg("-C")
        .arg(c.path())
        .args(["run", "--format", "json"])
        .env("MIRROR_CACHE_DIR", cache_dir())
        .env("TMPDIR", tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Stuck: the run is over (its folder is gone) and mirror still runs.
    let deadline = Instant::now() + Duration::from_secs(60);
    let run_over = || {
        std::fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .all(|e| !e.file_name().to_string_lossy().starts_with("mirror-run-"))
    };
    std::thread::sleep(Duration::from_millis(500));
    while !run_over() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(500));
    assert!(run_over(), "the run never ended");
    assert!(
        child.try_wait().unwrap().is_none(),
        "mirror did not wait on its pipe"
    );
    let pid = child.id() as i32;
    let term = || {
        // SAFETY: plain syscall on our own child.
        unsafe { libc::kill(pid, libc::SIGTERM) };
    };
    term();
    std::thread::sleep(Duration::from_millis(1300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the first signal is a request to stop, not an exit"
    );
    term();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the second signal did not end mirror"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(143));
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert!(err.contains("stopped at once (a second signal)"), "{err}");
}
