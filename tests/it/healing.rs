//! The engine heals what it reuses: a compile host killed mid-run, a course venv whose
//! interpreter is gone. Each fault was once reported as failing pairs; now the run passes
//! (with a note), because a harness fault is never a pair's failure.
use crate::support::{pids_under, processes_with, stderr, token, Course};

/// A course of `n` C# pairs that print the same as their Python sides.
fn course(n: usize, tag: &str) -> Course {
    let mut c = Course::new();
    for i in 0..n {
        c = c
            .py(&format!("01-x/p{i}.py"), &format!("print({i}, '{tag}')\n"))
            .cs(
                &format!("01-x/P{i}.cs"),
                &format!("System.Console.WriteLine(\"{i} {tag}\");\n"),
            );
    }
    c
}

/// Starts `mirror run --format json` (plus `extra`) on `c` in the background, for a test
/// to harm what the run prepared while it runs.
fn start_run(c: &Course, extra: &[&str]) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("mirror"))
        .arg("-C")
        .arg(c.path())
        .args(["run", "--format", "json"])
        .args(extra)
        .env("MIRROR_CACHE_DIR", crate::support::cache_dir())
        .env_remove("GITHUB_ACTIONS")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for the run and checks that it exited 0 with all `n` pairs passing; returns its
/// stderr (where a healed fault is said).
fn every_pair_passed(run: std::process::Child, n: usize) -> String {
    let out = run.wait_with_output().unwrap();
    let err = stderr(&out);
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {err}"));
    assert_eq!(out.status.code(), Some(0), "{err}\n{json:#}");
    let verdicts: Vec<&str> = json["lessons"][0]["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, vec!["pass"; n], "{err}");
    err
}

#[test]
fn a_compile_host_killed_mid_run_is_started_again_and_every_pair_still_passes() {
    let tag = token("host-kill");
    let c = course(4, &tag);
    let child = start_run(&c, &["--no-cache"]);
    // The host starts with the run's first compile request: kill it as soon as it is seen,
    // while it is still compiling (a cold Roslyn takes a second or more).
    let started = std::time::Instant::now();
    let mut killed = false;
    while started.elapsed() < std::time::Duration::from_secs(60) && !killed {
        for pid in pids_under("CompileHost.dll", child.id() as i32) {
            // SAFETY: plain syscall on a process of this test's own mirror.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            killed = true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(killed, "no compile host of this run was seen");
    let err = every_pair_passed(child, 4);
    assert!(
        err.contains("compile host stopped") && err.contains("started a fresh one"),
        "the restart is said: {err}"
    );
}

#[test]
fn a_venv_whose_interpreter_is_gone_is_made_again_and_the_python_sides_still_run() {
    let tag = token("venv-heal");
    // A requirements file of its own (a comment), so that this test's venv is its own.
    let c = course(1, &tag).file("harness/requirements.txt", &format!("# {tag}\n"));
    let first = c.run(&["run"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let doctor = c.run(&["doctor"]);
    let text = crate::support::stdout(&doctor);
    let venv = text
        .lines()
        .find_map(|l| l.strip_prefix("venv     "))
        .and_then(|l| l.split(" (").next())
        .unwrap_or_else(|| panic!("doctor names the venv: {text}"));
    let interpreter = std::path::Path::new(venv).join("bin/python");
    std::fs::remove_file(&interpreter).unwrap();

    let again = c.run(&["run"]);
    let err = stderr(&again);
    assert_eq!(again.status.code(), Some(0), "{err}");
    assert!(err.contains("no longer has a working interpreter"), "{err}");
    assert!(interpreter.exists(), "the venv was made again");
    let _ = std::fs::remove_dir_all(venv);
}

#[test]
fn a_jail_server_killed_mid_run_costs_no_pair_and_the_rest_start_their_jails_on_their_own() {
    let tag = token("zygote-kill");
    let mut c = Course::new();
    // Each side sleeps, so that jails are running when their servers are killed.
    for i in 0..6 {
        c = c
            .py(
                &format!("01-x/p{i}.py"),
                &format!("import time\ntime.sleep(0.4)\nprint({i}, '{tag}')\n"),
            )
            .cs(
                &format!("01-x/P{i}.cs"),
                &format!("System.Threading.Thread.Sleep(400);\nSystem.Console.WriteLine(\"{i} {tag}\");\n"),
            );
    }
    // Built first, so that the run below is all running.
    let first = c.run(&["run"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let child = start_run(&c, &[]);
    // Kill every jail server of this run as soon as one has forked a jail (a child of
    // its own), so that snippets are running inside when it goes.
    let started = std::time::Instant::now();
    let mut killed = 0;
    while started.elapsed() < std::time::Duration::from_secs(30) && killed == 0 {
        // A jail's init (or monitor) shows its server's command line too: it is one that
        // descends from another. Only the servers are killed (their jails die with them).
        let all = pids_under("__zygote", child.id() as i32);
        let is_jail = |pid: &i32| {
            all.iter()
                .any(|other| other != pid && crate::support::descends_from(*pid, *other))
        };
        let busy = all.iter().any(is_jail);
        let servers: Vec<i32> = all.iter().copied().filter(|p| !is_jail(p)).collect();
        if busy {
            for pid in &servers {
                // SAFETY: plain syscall on processes of this test's own mirror.
                unsafe { libc::kill(*pid, libc::SIGKILL) };
                killed += 1;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(killed > 0, "no busy jail server of this run was seen");
    let err = every_pair_passed(child, 6);
    assert!(
        err.contains("the jail server failed") && err.contains("on its own"),
        "the fallback is said: {err}"
    );
    assert!(
        processes_with(&tag).is_empty(),
        "nothing of the run is left: {:?}",
        processes_with(&tag)
    );
}
