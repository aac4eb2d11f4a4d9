//! Spawning one snippet: temp folder, fixed environment, pre-exec layers, concurrent capped
//! capture, timeout, and killing everything the snippet started once it is done.
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::sync::watch;

use super::{landlock, Job, Runtime, Sandbox};

/// How a snippet process ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Exited(i32),
    Signaled(i32),
    TimedOut,
    /// It could not be started at all (the message says why).
    NotStarted(String),
}

/// A limit that stopped the snippet, named in its verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LimitHit {
    Output,
    Memory,
    CpuTime,
    FileSize,
}

impl LimitHit {
    pub fn describe(self) -> &'static str {
        match self {
            LimitHit::Output => "output limit",
            LimitHit::Memory => "memory limit",
            LimitHit::CpuTime => "CPU time limit",
            LimitHit::FileSize => "file size limit",
        }
    }
}

/// Everything observed about one run.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: Status,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub stdout_truncated: bool,
    pub stderr_truncated: bool,
    pub duration: Duration,
    pub limit: Option<LimitHit>,
    /// Processes the snippet left behind (they were killed).
    pub leaked: bool,
}

impl Outcome {
    pub fn failed_to_start(message: String) -> Outcome {
        Outcome {
            status: Status::NotStarted(message),
            stdout: Vec::new(),
            stderr: Vec::new(),
            stdout_truncated: false,
            stderr_truncated: false,
            duration: Duration::ZERO,
            limit: None,
            leaked: false,
        }
    }

    pub fn exit_code(&self) -> Option<i32> {
        match self.status {
            Status::Exited(c) => Some(c),
            _ => None,
        }
    }

    pub fn timed_out(&self) -> bool {
        self.status == Status::TimedOut
    }
}

/// The environment every snippet gets; nothing is inherited.
pub fn base_env(home: &Path) -> Vec<(String, String)> {
    let home = home.display().to_string();
    [
        ("PATH", "/usr/local/bin:/usr/bin:/bin"),
        ("LANG", "C.UTF-8"),
        ("LC_ALL", "C.UTF-8"),
        ("TZ", "UTC"),
        ("PYTHONHASHSEED", "0"),
        ("PYTHONUTF8", "1"),
        ("PYTHONDONTWRITEBYTECODE", "1"),
        ("PYTHONNOUSERSITE", "1"),
        ("DOTNET_CLI_TELEMETRY_OPTOUT", "1"),
        ("DOTNET_NOLOGO", "1"),
        ("DOTNET_EnableDiagnostics", "0"),
        ("DOTNET_DbgEnableMiniDump", "0"),
        ("DOTNET_gcServer", "0"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .chain([
        ("HOME".to_string(), home.clone()),
        ("TMPDIR".to_string(), home.clone()),
        ("TMP".to_string(), home.clone()),
        ("TEMP".to_string(), home),
    ])
    .collect()
}

const MAX_RLIMITS: usize = 4;

pub(super) async fn run(sandbox: &Sandbox, job: &Job, dir: &Path) -> std::io::Result<Outcome> {
    std::fs::create_dir_all(dir)?;
    for (source, name) in &job.files {
        std::fs::copy(source, dir.join(name))?;
    }
    let limits = &sandbox.limits;

    // Everything the child needs after fork is prepared here, before it.
    let cgroup = sandbox
        .cgroups
        .as_ref()
        .and_then(|root| root.job(limits).ok());
    let procs_fds: Vec<i32> = cgroup.as_ref().map_or(Vec::new(), |c| c.procs_fds());
    let ruleset = if sandbox.layers.landlock.is_active() {
        landlock::Ruleset::for_job(dir, &job.read_paths).ok()
    } else {
        None
    };
    let ruleset_fd = ruleset.as_ref().map_or(-1, |r| r.fd());
    let netns_fd = sandbox.netns.as_ref().map_or(-1, |n| n.fd());
    let cpu_secs = job.timeout.as_secs() * 2 + 2;
    let mut rlimits = [(0 as libc::__rlimit_resource_t, 0u64); MAX_RLIMITS];
    rlimits[0] = (libc::RLIMIT_CORE, 0);
    rlimits[1] = (libc::RLIMIT_FSIZE, limits.file_bytes);
    rlimits[2] = (libc::RLIMIT_CPU, cpu_secs);
    let mut n_rlimits = 3;
    if job.runtime == Runtime::Python {
        // RLIMIT_AS breaks the .NET GC's reservations, so only Python gets it.
        rlimits[3] = (libc::RLIMIT_AS, limits.memory_bytes);
        n_rlimits = 4;
    }
    let cgroup_fds: [i32; 3] = {
        let mut a = [-1; 3];
        for (slot, fd) in a.iter_mut().zip(&procs_fds) {
            *slot = *fd;
        }
        a
    };

    let mut command = tokio::process::Command::new(&job.program);
    command
        .args(&job.args)
        .current_dir(dir)
        .env_clear()
        .envs(base_env(dir))
        .envs(job.env.iter().cloned())
        .stdin(if job.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true);
    if job.runtime == Runtime::Dotnet {
        command.env(
            "DOTNET_GCHeapHardLimit",
            format!("{:#x}", limits.memory_bytes * 3 / 4),
        );
    }
    // SAFETY: only async-signal-safe calls (setrlimit, write, setns, prctl, syscall) on
    // values prepared before the fork; no allocation, no locks.
    unsafe {
        command.pre_exec(move || {
            for (resource, value) in &rlimits[..n_rlimits] {
                let lim = libc::rlimit {
                    rlim_cur: *value,
                    rlim_max: *value,
                };
                if libc::setrlimit(*resource, &lim) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            for fd in cgroup_fds {
                if fd >= 0 && libc::write(fd, b"0".as_ptr().cast(), 1) != 1 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            if netns_fd >= 0 && libc::setns(netns_fd, libc::CLONE_NEWNET) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            if ruleset_fd >= 0 {
                landlock::restrict_self(ruleset_fd)?;
            }
            Ok(())
        });
    }

    let started = Instant::now();
    let mut child = command.spawn()?;
    drop(ruleset);
    let pgid = child.id().map_or(0, |p| p as i32);
    sandbox.live.lock().unwrap().insert(pgid);

    if let (Some(mut stdin), Some(text)) = (child.stdin.take(), job.stdin.clone()) {
        tokio::spawn(async move {
            let _ = stdin.write_all(&text).await;
        });
    }
    let (cap_tx, mut cap_rx) = watch::channel(false);
    let out_task = tokio::spawn(read_capped(
        child.stdout.take().unwrap(),
        limits.output_bytes,
        cap_tx.clone(),
    ));
    let err_task = tokio::spawn(read_capped(
        child.stderr.take().unwrap(),
        limits.output_bytes,
        cap_tx,
    ));

    let mut limit = None;
    let status = tokio::select! {
        s = child.wait() => Some(s),
        _ = tokio::time::sleep(job.timeout) => None,
        Ok(_) = cap_rx.wait_for(|hit| *hit) => { limit = Some(LimitHit::Output); None }
    };
    let duration = started.elapsed();
    // A clean exit that left processes behind is reported; then nothing may outlive it.
    let left_behind = status.is_some()
        && (group_alive(pgid) || cgroup.as_ref().is_some_and(|c| c.has_processes()));
    kill_group(pgid);
    if let Some(c) = &cgroup {
        c.kill();
    }
    let status = match status {
        Some(s) => Some(s?),
        None => {
            // Reap the killed child; its status is not the snippet's own.
            child.wait().await?;
            None
        }
    };

    // After the kill, the pipes must reach EOF quickly; if not, something escaped.
    let grace = Duration::from_millis(500);
    let (stdout, stderr, leaked_pipe) =
        match tokio::time::timeout(grace, async { (out_task.await, err_task.await) }).await {
            Ok((Ok(o), Ok(e))) => (o, e, false),
            _ => ((Vec::new(), false), (Vec::new(), false), true),
        };
    let oom = cgroup.as_ref().is_some_and(|c| c.oom_killed());
    drop(cgroup);
    sandbox.live.lock().unwrap().remove(&pgid);

    let status = match status {
        None if limit.is_some() => Status::Signaled(libc::SIGKILL),
        None => Status::TimedOut,
        Some(s) => {
            use std::os::unix::process::ExitStatusExt;
            match (s.code(), s.signal()) {
                (Some(c), _) => Status::Exited(c),
                (None, Some(sig)) => Status::Signaled(sig),
                _ => Status::Exited(-1),
            }
        }
    };
    if limit.is_none() {
        limit = if oom || looks_out_of_memory(&stderr.0) {
            Some(LimitHit::Memory)
        } else if status == Status::Signaled(libc::SIGXCPU) {
            Some(LimitHit::CpuTime)
        } else if status == Status::Signaled(libc::SIGXFSZ) {
            Some(LimitHit::FileSize)
        } else if stdout.1 || stderr.1 {
            Some(LimitHit::Output)
        } else {
            None
        };
    }
    Ok(Outcome {
        status,
        stdout: stdout.0,
        stderr: stderr.0,
        stdout_truncated: stdout.1,
        stderr_truncated: stderr.1,
        duration,
        limit,
        leaked: left_behind || leaked_pipe,
    })
}

fn group_alive(pgid: i32) -> bool {
    // SAFETY: signal 0 only checks for existence.
    pgid > 0 && unsafe { libc::killpg(pgid, 0) } == 0
}

fn kill_group(pgid: i32) {
    if pgid > 0 {
        // SAFETY: plain syscall on a process group we created.
        unsafe {
            libc::killpg(pgid, libc::SIGKILL);
        }
    }
}

/// Python's `MemoryError` under RLIMIT_AS, .NET's `OutOfMemoryException` or fatal
/// "Out of memory." under the GC heap limit.
fn looks_out_of_memory(stderr: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&stderr[stderr.len().saturating_sub(4096)..]);
    text.lines().any(|l| {
        l.starts_with("MemoryError")
                || l.contains("System.OutOfMemoryException")
                // What the .NET runtime prints when DOTNET_GCHeapHardLimit is exhausted.
                || l == "Out of memory."
    })
}

/// Reads to EOF keeping at most `cap` bytes; reports (bytes, truncated) and trips `cap_hit`.
async fn read_capped(
    mut reader: impl AsyncRead + Unpin,
    cap: usize,
    cap_hit: watch::Sender<bool>,
) -> (Vec<u8>, bool) {
    let mut kept = Vec::new();
    let mut truncated = false;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match reader.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let room = cap.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
                if n > room && !truncated {
                    truncated = true;
                    let _ = cap_hit.send(true);
                }
            }
        }
    }
    (kept, truncated)
}
