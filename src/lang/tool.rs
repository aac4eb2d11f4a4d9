//! The toolchain processes mirror starts for itself, outside any jail: `python -m venv`,
//! pip, `dotnet restore`, csc building the compile host. Each gets a process group of its
//! own, so that an interrupt can end it with everything it started (pip re-runs itself
//! under the venv's interpreter, `dotnet restore` starts MSBuild), and dies with mirror
//! (`PR_SET_PDEATHSIG`) if mirror is killed outright. Without this, a SIGTERM to mirror
//! during a venv build ended mirror and left pip installing for minutes.
use std::io;
use std::os::unix::process::CommandExt;
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;

/// The process groups of the tools running now.
static RUNNING: Mutex<Vec<i32>> = Mutex::new(Vec::new());

/// Runs `cmd` to its end in a process group of its own and collects its output, as
/// [`Command::output`] does (stdin is empty, stdout and stderr are captured).
pub fn output(cmd: &mut Command) -> io::Result<Output> {
    let parent = std::process::id();
    cmd.process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: prctl and getppid are async-signal-safe; nothing is allocated.
    unsafe {
        cmd.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0) != 0 {
                return Err(io::Error::last_os_error());
            }
            // mirror may have died between the fork and the prctl.
            if libc::getppid() as u32 != parent {
                return Err(io::Error::other("mirror has exited"));
            }
            Ok(())
        });
    }
    let child = cmd.spawn()?;
    let group = child.id() as i32;
    lock().push(group);
    let out = child.wait_with_output();
    lock().retain(|g| *g != group);
    out
}

/// Kills every tool that is running, with what it started (an interrupt: the run they
/// prepare for will not happen). The caller sees each one's output end as if killed.
pub fn kill_all() {
    kill_where(|_| true);
}

fn kill_where(which: impl Fn(i32) -> bool) {
    for &group in lock().iter().filter(|g| which(**g)) {
        // SAFETY: kill(2) of a process group this process created and has not reaped.
        unsafe { libc::kill(-group, libc::SIGKILL) };
    }
}

fn lock() -> std::sync::MutexGuard<'static, Vec<i32>> {
    RUNNING.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn a_tool_runs_in_a_group_of_its_own_and_kill_all_ends_what_it_started() {
        let marker = format!("mirror-tool-test-{}", std::process::id());
        let waiter = std::thread::spawn({
            let script = format!("sh -c 'sleep 30; : {marker}' & wait");
            move || output(Command::new("sh").args(["-c", &script]))
        });
        // Wait until the tool and its child run.
        let deadline = Instant::now() + Duration::from_secs(10);
        while running(&marker).len() < 2 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let groups: Vec<i32> = running(&marker).iter().map(|(_, g)| *g).collect();
        assert_eq!(groups.len(), 2, "the tool never started its child");
        // SAFETY: getpgrp(2) has no arguments.
        let ours = unsafe { libc::getpgrp() };
        assert!(
            groups[0] == groups[1] && groups[0] != ours,
            "{groups:?} (ours: {ours})"
        );
        // kill_all, but only of this test's tool: other tests may run tools of their own.
        kill_where(|g| g == groups[0]);
        let out = waiter.join().unwrap().unwrap();
        assert!(!out.status.success());
        let deadline = Instant::now() + Duration::from_secs(5);
        while !running(&marker).is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(running(&marker).is_empty(), "what the tool started outlived it");
        assert!(!lock().contains(&groups[0]));
    }

    /// (pid, process group) of each process whose command line holds `marker`.
    fn running(marker: &str) -> Vec<(i32, i32)> {
        let mut found = Vec::new();
        for e in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(pid) = e.file_name().to_string_lossy().parse::<i32>() else {
                continue;
            };
            let cmdline = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
            if !String::from_utf8_lossy(&cmdline).contains(marker) {
                continue;
            }
            let stat = std::fs::read_to_string(e.path().join("stat")).unwrap_or_default();
            // After "(comm)": state, ppid, pgrp.
            let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
            if let Some(pgrp) = rest.split_whitespace().nth(2).and_then(|g| g.parse().ok()) {
                found.push((pid, pgrp));
            }
        }
        found
    }
}
