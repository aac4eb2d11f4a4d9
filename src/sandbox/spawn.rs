//! Spawning one snippet: temp folder, fixed environment, pre-exec layers, concurrent capped
//! capture, timeout, and killing everything the snippet started once it is done.
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::sync::watch;

use std::os::fd::AsRawFd;

use super::{jail, landlock, Job, Runtime, Sandbox};

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
    Disk,
}

impl LimitHit {
    pub fn describe(self) -> &'static str {
        match self {
            LimitHit::Output => "output limit",
            LimitHit::Memory => "memory limit",
            LimitHit::CpuTime => "CPU time limit",
            LimitHit::FileSize => "file size limit",
            LimitHit::Disk => "disk limit",
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

/// What a snippet process needs after fork, prepared before it (no allocation after).
struct PreExec {
    rlimits: [(libc::__rlimit_resource_t, u64); MAX_RLIMITS],
    n_rlimits: usize,
    cgroup_fds: [i32; 3],
    netns_fd: i32,
    /// Landlock outside the jail (the fallback when namespaces are unavailable), taken and
    /// enforced in the child.
    ruleset: Option<::landlock::RulesetCreated>,
    /// The jail's status pipe, kept open across exec.
    status_fd: i32,
    parent: i32,
}

impl PreExec {
    /// Runs in the child between fork and exec: only async-signal-safe syscalls.
    fn apply(&mut self) -> std::io::Result<()> {
        // SAFETY: plain syscalls on integers and on memory prepared before the fork.
        unsafe {
            // Die with mirror, whatever kills it; if it is already gone, do not start.
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0) != 0
                || libc::getppid() != self.parent
            {
                libc::_exit(125);
            }
            // A session of its own: no controlling terminal, and a process group to kill.
            if libc::setsid() < 0 {
                return Err(std::io::Error::last_os_error());
            }
            jail::set_rlimits(&self.rlimits[..self.n_rlimits])?;
            for fd in self.cgroup_fds {
                if fd >= 0 && libc::write(fd, b"0".as_ptr().cast(), 1) != 1 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            if self.netns_fd >= 0 && libc::setns(self.netns_fd, libc::CLONE_NEWNET) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            if let Some(ruleset) = self.ruleset.take() {
                landlock::restrict_self(ruleset)?;
            }
            // Only 0-2 (and the jail's status pipe) survive exec, whatever mirror inherited.
            if libc::syscall(
                libc::SYS_close_range,
                3u32,
                u32::MAX,
                libc::CLOSE_RANGE_CLOEXEC,
            ) != 0
            {
                // Before Linux 5.11: one descriptor at a time.
                for fd in 3..4096 {
                    libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
                }
            }
            if self.status_fd >= 0 && libc::fcntl(self.status_fd, libc::F_SETFD, 0) != 0 {
                return Err(std::io::Error::last_os_error());
            }
        }
        Ok(())
    }
}

/// Runs one job to its end (exit, timeout or output cap) and reports what was observed.
/// Three steps: prepare everything the child needs before the fork, supervise it, then
/// settle its status from what the kernel and the jail said.
pub(super) async fn run(sandbox: &Sandbox, job: &Job, dir: &Path) -> std::io::Result<Ran> {
    let jailed = sandbox.jail.is_some();
    let mut slot = sandbox.slot().await;
    let Prepared {
        launch,
        status_read,
        status_write,
    } = prepare(sandbox, &slot, job, dir)?;

    let started = Instant::now();
    let Running {
        pgid,
        house,
        stdin,
        stdout,
        stderr,
        mut end,
    } = start(
        sandbox,
        slot.zygote.as_deref(),
        launch,
        status_read,
        status_write,
        job.stdin.is_some(),
    )?;
    let group = Group::register(sandbox, pgid);
    if house {
        // The house lives on in the slot's cgroup between snippets, as its server does.
        if let Some(c) = slot.cgroup.as_mut() {
            c.lodge(pgid);
        }
    }

    if let (Some(mut stdin), Some(text)) = (stdin, job.stdin.clone()) {
        tokio::spawn(async move {
            let _ = stdin.write_all(&text).await;
        });
    }
    let limits = &sandbox.limits;
    let (cap_tx, mut cap_rx) = watch::channel(false);
    let out_task = tokio::spawn(read_capped(stdout, limits.output_bytes, cap_tx.clone()));
    let err_task = tokio::spawn(read_capped(stderr, limits.output_bytes, cap_tx));

    let mut output_cap = false;
    let ending = tokio::select! {
        e = end.wait() => e?,
        _ = tokio::time::sleep(job.timeout) => Ending::Stopped,
        Ok(_) = cap_rx.wait_for(|hit| *hit) => { output_cap = true; Ending::Stopped }
    };
    let duration = started.elapsed();
    // Outside a jail, a clean exit that left processes behind is seen here (inside one,
    // the jail's init reports it).
    let left_behind = !jailed
        && ending != Ending::Stopped
        && (group_alive(pgid) || slot.cgroup.as_ref().is_some_and(|c| c.has_processes()));
    // A jail that ended on its own took every process of the snippet with it (its init is
    // pid 1 of their namespace); what may still be in the cgroup is the init (and a monitor)
    // on their way out, and the cgroup is emptied off this snippet's path before it is
    // handed on. A snippet mirror stopped, or one without a jail, is killed here and now.
    let jail_ended = jailed && ending != Ending::Stopped;
    if !jail_ended {
        kill_group(pgid);
        if let Some(c) = slot.cgroup.as_mut() {
            // A house killed with its snippet is no longer one: the server makes another.
            if house {
                c.unlodge(pgid);
            }
            c.kill();
        }
    }
    // Reap what was killed; its status is not the snippet's own.
    let jail_said = end.finish().await?;
    // A jail that vanished without a word because its server was killed (the jails it
    // made die with it): the harness failed, not the snippet.
    let server_lost = ending == Ending::Closed
        && jail_said.is_none()
        && match &slot.zygote {
            Some(z) => server_gone(z).await,
            None => false,
        };

    // After the kill, the pipes must reach EOF quickly; if not, something escaped.
    let grace = Duration::from_millis(500);
    let (stdout, stderr, leaked_pipe) =
        match tokio::time::timeout(grace, async { (out_task.await, err_task.await) }).await {
            Ok((Ok(o), Ok(e))) => (o, e, false),
            _ => ((Vec::new(), false), (Vec::new(), false), true),
        };
    let oom = slot.cgroup.as_ref().is_some_and(|c| c.oom_killed());
    if jail_ended && house {
        // A house killed and reaped everything of its snippet before it reported.
        sandbox.slots.give_back(slot);
    } else if jail_ended {
        sandbox.slots.empty_and_give_back(slot);
    } else {
        sandbox.slots.give_back(slot);
    }
    group.done();

    if let Some(jail::Status::Ended(jail::Ended {
        warning: Some(w), ..
    })) = &jail_said
    {
        eprintln!("mirror: warning: {w}");
    }
    let settled = settle(ending, output_cap, jail_said, jailed);
    let limit = if output_cap {
        Some(LimitHit::Output)
    } else {
        judge_limit(&Evidence {
            status: &settled.status,
            oom_killed: oom,
            disk_full: settled.disk_full,
            output_truncated: stdout.1 || stderr.1,
        })
    };
    if server_lost {
        return Ok(Ran::ServerLost);
    }
    Ok(Ran::Done(Outcome {
        status: settled.status,
        stdout: stdout.0,
        stderr: stderr.0,
        stdout_truncated: stdout.1,
        stderr_truncated: stderr.1,
        duration,
        limit,
        leaked: left_behind || leaked_pipe || settled.leaked,
    }))
}

/// Whether the jail server `z` has died, allowing it 200 ms: the jails it made die with it
/// (`PR_SET_PDEATHSIG`), so a jail's status pipe can close a moment before the server's
/// own exit can be seen. Asked only of a jail that ended without a word.
async fn server_gone(z: &jail::zygote::Zygote) -> bool {
    for _ in 0..20 {
        if z.exited() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    z.exited()
}

/// How one attempt to run a job went.
pub(super) enum Ran {
    Done(Outcome),
    /// The jail server died under the snippet: run it again without one.
    ServerLost,
}

/// A started snippet's process group, registered with the sandbox (so that an interrupted
/// run can kill it) while it runs, and killed if its task is dropped halfway: a jail the
/// zygote forked is not mirror's child, so nothing else would stop it before its timeout.
struct Group {
    pgid: i32,
    live: std::sync::Arc<std::sync::Mutex<std::collections::HashSet<i32>>>,
    running: bool,
}

impl Group {
    fn register(sandbox: &Sandbox, pgid: i32) -> Group {
        sandbox.live.lock().unwrap().insert(pgid);
        Group {
            pgid,
            live: sandbox.live.clone(),
            running: true,
        }
    }

    /// The snippet is over and reaped: nothing to kill any more.
    fn done(mut self) {
        self.running = false;
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        if self.running {
            kill_group(self.pgid);
        }
        self.live.lock().unwrap_or_else(|e| e.into_inner()).remove(&self.pgid);
    }
}

type Reader = std::pin::Pin<Box<dyn AsyncRead + Send>>;
type Writer = std::pin::Pin<Box<dyn tokio::io::AsyncWrite + Send>>;

/// A started snippet: its process group, its pipes, and how to learn that it ended.
struct Running {
    pgid: i32,
    /// The jail is a house (see `jail::house`): it outlives the snippet.
    house: bool,
    stdin: Option<Writer>,
    stdout: Reader,
    stderr: Reader,
    end: End,
}

/// How mirror learns that a started snippet (or its jail) is over.
enum End {
    /// A child of mirror (the jail's monitor, or the snippet itself without a jail), and
    /// the jail's status pipe to read once it has exited.
    Child(tokio::process::Child, Option<std::os::fd::OwnedFd>),
    /// A jail the zygote made: over when the jail's init has written its status line, or
    /// when the status pipe closes without one (the init, and a monitor if there is one,
    /// hold its write end to their last breath). The task reads it.
    Forked(Option<tokio::task::JoinHandle<Vec<u8>>>, Option<Vec<u8>>),
}

/// How the process mirror watched came to an end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// mirror stopped it: its time was up, or it printed past the cap.
    Stopped,
    /// The process mirror started exited so (for a jailed run: the monitor, whose exit is
    /// never the snippet's).
    Exited(jail::Exit),
    /// The jail the zygote forked reported, or closed its status pipe.
    Closed,
}

impl End {
    /// Waits for the end (cancel-safe: it may be called again after a timeout).
    async fn wait(&mut self) -> std::io::Result<Ending> {
        match self {
            End::Child(child, _) => Ok(Ending::Exited(exit_of(child.wait().await?))),
            End::Forked(task, said) => {
                if let Some(t) = task.as_mut() {
                    *said = Some(t.await.unwrap_or_default());
                    *task = None;
                }
                Ok(Ending::Closed)
            }
        }
    }

    /// After mirror killed what was left: reaps it and returns what the jail reported.
    async fn finish(&mut self) -> std::io::Result<Option<jail::Status>> {
        match self {
            End::Child(child, status) => {
                child.wait().await?;
                Ok(status.as_ref().and_then(jail::read_status))
            }
            End::Forked(..) => {
                let grace = Duration::from_millis(500);
                let _ = tokio::time::timeout(grace, self.wait()).await;
                let End::Forked(_, said) = self else {
                    unreachable!()
                };
                Ok(said.as_deref().and_then(jail::Status::parse))
            }
        }
    }
}

/// Starts the prepared child: forked by the slot's jail server when it has one, else
/// spawned here (also when the server fails: mirror's own way, from the same request).
fn start(
    sandbox: &Sandbox,
    zygote: Option<&jail::zygote::Zygote>,
    launch: Launch,
    status_read: Option<std::os::fd::OwnedFd>,
    status_write: Option<std::os::fd::OwnedFd>,
    stdin: bool,
) -> std::io::Result<Running> {
    let mut command = match launch {
        Launch::Exec(command) => command,
        Launch::Server {
            request,
            fds,
            fallback,
        } => {
            if let (Some(zygote), Some(read), Some(write)) =
                (zygote, status_read.as_ref(), status_write.as_ref())
            {
                match fork_jail(zygote, &request, &fds, stdin, read, write) {
                    Ok(running) => return Ok(running),
                    Err(e) => sandbox.zygote_failed(&e),
                }
            }
            fallback.command(&request)?
        }
    };
    let mut child = command.spawn()?;
    drop(status_write);
    let pgid = child.id().map_or(0, |p| p as i32);
    Ok(Running {
        pgid,
        house: false,
        stdin: child.stdin.take().map(|s| Box::pin(s) as Writer),
        stdout: Box::pin(child.stdout.take().expect("piped")),
        stderr: Box::pin(child.stderr.take().expect("piped")),
        end: End::Child(child, status_read),
    })
}

/// Asks the zygote for a jail with fresh pipes for its stdio.
fn fork_jail(
    zygote: &jail::zygote::Zygote,
    request: &jail::zygote::Request,
    extra_fds: &[i32],
    stdin: bool,
    status_read: &std::os::fd::OwnedFd,
    status_write: &std::os::fd::OwnedFd,
) -> std::io::Result<Running> {
    use tokio::net::unix::pipe;
    let (out_r, out_w) = jail::pipe()?;
    let (err_r, err_w) = jail::pipe()?;
    let (in_r, in_w) = if stdin {
        let (r, w) = jail::pipe()?;
        (r, Some(w))
    } else {
        (std::fs::File::open("/dev/null")?.into(), None)
    };
    let mut fds = vec![
        in_r.as_raw_fd(),
        out_w.as_raw_fd(),
        err_w.as_raw_fd(),
        status_write.as_raw_fd(),
    ];
    fds.extend_from_slice(extra_fds);
    let made = zygote.spawn(request, &fds)?;
    drop((in_r, out_w, err_w));
    let status = pipe::Receiver::from_owned_fd(status_read.try_clone()?)?;
    // The jail is over for the snippet once its line is in (the init writes it after
    // reaping the snippet; tearing the namespaces down, about a millisecond, goes on
    // beside the next snippet), or when the pipe closes without one.
    let task = tokio::spawn(async move {
        let mut status = status;
        let mut said = Vec::new();
        let mut buf = [0u8; 4096];
        while !said.contains(&b'\n') {
            match status.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => said.extend_from_slice(&buf[..n]),
            }
        }
        said
    });
    Ok(Running {
        pgid: made.pid,
        house: made.house,
        stdin: match in_w {
            Some(w) => Some(Box::pin(pipe::Sender::from_owned_fd(w)?) as Writer),
            None => None,
        },
        stdout: Box::pin(pipe::Receiver::from_owned_fd(out_r)?),
        stderr: Box::pin(pipe::Receiver::from_owned_fd(err_r)?),
        end: End::Forked(Some(task), None),
    })
}

/// The child, ready to spawn, and what must outlive the spawn.
struct Prepared {
    launch: Launch,
    /// The jail's status channel (jailed runs only): read after the end, and the write
    /// end closed here once the child holds it.
    status_read: Option<std::os::fd::OwnedFd>,
    status_write: Option<std::os::fd::OwnedFd>,
}

/// How the child is started.
enum Launch {
    /// mirror forks and execs it (no jail, or a jail without a server to fork it).
    Exec(tokio::process::Command),
    /// The slot's jail server makes the jail, given the request and the
    /// descriptors to pass (the network namespace to join, if any). The exec way is made
    /// from the same request only if the server fails.
    Server {
        request: Box<jail::zygote::Request>,
        fds: Vec<i32>,
        fallback: JailExec,
    },
}

/// What starting a jail's monitor as mirror's own child needs besides its request.
struct JailExec {
    exe: std::path::PathBuf,
    /// The run's folder (the snippet's own exists only inside the jail).
    cwd: std::path::PathBuf,
    stdin: bool,
    pre: PreExec,
}

impl JailExec {
    /// `mirror-jail __jail SPEC -- PROGRAM ARGS...` for `request`.
    fn command(self, request: &jail::zygote::Request) -> std::io::Result<tokio::process::Command> {
        let spec = serde_json::to_string(&request.spec).map_err(std::io::Error::other)?;
        let mut c = tokio::process::Command::new(&self.exe);
        c.arg(jail::ARG).arg(spec).arg("--").args(&request.program);
        Ok(child_command(c, &self.cwd, &request.env, self.stdin, self.pre))
    }
}

/// `c` with the child's folder, its whole environment, its stdio and the pre-exec layers.
fn child_command<K: AsRef<std::ffi::OsStr>, V: AsRef<std::ffi::OsStr>>(
    mut c: tokio::process::Command,
    cwd: &Path,
    env: &[(K, V)],
    stdin: bool,
    mut pre: PreExec,
) -> tokio::process::Command {
    c.current_dir(cwd)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(if stdin { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    // SAFETY: PreExec::apply makes only async-signal-safe calls on prepared values.
    unsafe {
        c.pre_exec(move || pre.apply());
    }
    c
}

/// Everything the child needs after fork, prepared before it: its folder and files, its
/// cgroup, rlimits, network namespace, Landlock ruleset (without a jail), the jail's spec,
/// its environment and pipes.
fn prepare(
    sandbox: &Sandbox,
    slot: &super::slot::Slot,
    job: &Job,
    dir: &Path,
) -> std::io::Result<Prepared> {
    let jailed = sandbox.jail.is_some();
    // A jail makes the snippet's folder in its own tmpfs: the host folder is only there to
    // receive what `--keep-temp` copies back.
    if !jailed || sandbox.keep_temp {
        std::fs::create_dir_all(dir)?;
    }
    if !jailed {
        // A jail copies the files into its own tmpfs, straight from their sources.
        for (source, name) in &job.files {
            std::fs::copy(source, dir.join(name))?;
        }
    }
    let limits = &sandbox.limits;
    let procs_fds: Vec<i32> = slot.cgroup.as_ref().map_or(Vec::new(), |c| c.procs_fds());
    let ruleset = if !jailed && sandbox.layers.landlock.is_active() {
        landlock::for_job(dir, &job.read_paths).ok()
    } else {
        None
    };
    let (status_read, status_write) = if jailed {
        let (r, w) = jail::status_pipe()?;
        (Some(r), Some(w))
    } else {
        (None, None)
    };
    let mut pre = PreExec {
        rlimits: [(0, 0); MAX_RLIMITS],
        n_rlimits: 3,
        cgroup_fds: [-1; 3],
        netns_fd: sandbox.netns.as_ref().map_or(-1, |n| n.fd()),
        ruleset,
        status_fd: status_write.as_ref().map_or(-1, |w| w.as_raw_fd()),
        parent: std::process::id() as i32,
    };
    pre.rlimits[0] = (libc::RLIMIT_CORE, 0);
    pre.rlimits[1] = (libc::RLIMIT_FSIZE, limits.file_bytes);
    pre.rlimits[2] = (libc::RLIMIT_CPU, job.timeout.as_secs() * 2 + 2);
    if job.runtime == Runtime::Python && !sandbox.layers.memory.is_active() {
        // Without a memory cgroup, the address-space limit is Python's only cap (it breaks
        // the .NET GC's reservations, so .NET never gets it).
        pre.rlimits[3] = (libc::RLIMIT_AS, limits.memory_bytes);
        pre.n_rlimits = 4;
    }
    for (slot, fd) in pre.cgroup_fds.iter_mut().zip(&procs_fds) {
        *slot = *fd;
    }

    let mut env: Vec<(String, String)> = base_env(dir);
    env.extend(job.env.iter().cloned());
    if job.runtime == Runtime::Dotnet && !sandbox.layers.memory.is_active() {
        // Without a memory cgroup, the GC's own limit is the only cap. With one, the GC is
        // left alone so that the cgroup's OOM killer acts (its count is the evidence for
        // a memory verdict) instead of the GC aborting with text only.
        env.push((
            "DOTNET_GCHeapHardLimit".into(),
            format!("{:#x}", limits.memory_bytes * 3 / 4),
        ));
    }

    let stdin = job.stdin.is_some();
    let Some(jail) = &sandbox.jail else {
        let mut c = tokio::process::Command::new(&job.program);
        c.args(&job.args);
        return Ok(Prepared {
            launch: Launch::Exec(child_command(c, dir, &env, stdin, pre)),
            status_read,
            status_write,
        });
    };
    let request = jail::zygote::Request {
        spec: jail::Spec {
            workdir: dir.to_path_buf(),
            base: jail.base.clone(),
            files: job.files.clone(),
            links: job.links.clone(),
            read_only: job.read_paths.clone(),
            disk_bytes: limits.disk_bytes,
            own_network: sandbox.netns.is_none(),
            forward_port: job.fixture_port.filter(|_| sandbox.netns.is_none()),
            landlock: sandbox.layers.landlock.is_active(),
            keep: sandbox.keep_temp,
            status_fd: pre.status_fd,
        },
        program: std::iter::once(job.program.clone().into_os_string())
            .chain(job.args.iter().cloned())
            .collect(),
        env: env.into_iter().map(|(k, v)| (k.into(), v.into())).collect(),
        rlimits: pre.rlimits[..pre.n_rlimits].to_vec(),
        netns: pre.netns_fd >= 0,
    };
    let fds: Vec<i32> = (pre.netns_fd >= 0).then_some(pre.netns_fd).into_iter().collect();
    let exec = JailExec {
        exe: jail.exe.clone(),
        cwd: sandbox.root.path().to_path_buf(),
        stdin,
        pre,
    };
    // A server living in the snippet's cgroup forks it there (the shared one serves runs
    // without cgroups).
    let launch = if slot.zygote.is_some() && sandbox.zygotes_work() {
        Launch::Server {
            request: Box::new(request),
            fds,
            fallback: exec,
        }
    } else {
        Launch::Exec(exec.command(&request)?)
    };
    Ok(Prepared {
        launch,
        status_read,
        status_write,
    })
}

/// How the process mirror started ended (the snippet itself, or the jail's monitor), in
/// the jail's own terms.
fn exit_of(s: std::process::ExitStatus) -> jail::Exit {
    use std::os::unix::process::ExitStatusExt;
    match (s.code(), s.signal()) {
        (Some(c), _) => jail::Exit::Code(c),
        (None, Some(sig)) => jail::Exit::Signal(sig),
        _ => jail::Exit::Code(-1),
    }
}

/// The snippet's status as settled from what was seen.
#[derive(Debug, PartialEq)]
struct Settled {
    status: Status,
    /// The jail's init saw processes left behind.
    leaked: bool,
    /// The jail's scratch filesystem was full when the snippet ended.
    disk_full: bool,
}

const NO_STATUS: &str = "the jail ended without a status (killed from outside?)";

/// Settles the snippet's status: a jailed run's own exit is the jail's report, never the
/// monitor's.
fn settle(
    ending: Ending,
    output_cap: bool,
    jail_status: Option<jail::Status>,
    jailed: bool,
) -> Settled {
    let plain = |status| Settled {
        status,
        leaked: false,
        disk_full: false,
    };
    match (ending, jail_status) {
        (Ending::Stopped, _) if output_cap => plain(Status::Signaled(libc::SIGKILL)),
        (Ending::Stopped, _) => plain(Status::TimedOut),
        (_, Some(jail::Status::SetupFailed(why))) => plain(Status::NotStarted(why)),
        (_, Some(jail::Status::Ended(ended))) => Settled {
            status: match ended.exit {
                jail::Exit::Code(c) => Status::Exited(c),
                jail::Exit::Signal(s) => Status::Signaled(s),
            },
            leaked: ended.leaked,
            disk_full: ended.disk_full,
        },
        (Ending::Closed, None) => plain(Status::NotStarted(NO_STATUS.into())),
        (Ending::Exited(_), None) if jailed => plain(Status::NotStarted(NO_STATUS.into())),
        (Ending::Exited(jail::Exit::Code(c)), None) => plain(Status::Exited(c)),
        (Ending::Exited(jail::Exit::Signal(s)), None) => plain(Status::Signaled(s)),
    }
}

/// What the kernel and the jail observed: the only grounds for a limit verdict (never
/// what a snippet printed).
struct Evidence<'a> {
    status: &'a Status,
    /// The cgroup's OOM killer struck.
    oom_killed: bool,
    /// The snippet's scratch filesystem had no block left when it ended.
    disk_full: bool,
    output_truncated: bool,
}

fn judge_limit(e: &Evidence) -> Option<LimitHit> {
    let failed = !matches!(e.status, Status::Exited(0));
    if e.oom_killed {
        Some(LimitHit::Memory)
    } else if *e.status == Status::Signaled(libc::SIGXCPU) {
        Some(LimitHit::CpuTime)
    } else if *e.status == Status::Signaled(libc::SIGXFSZ) {
        Some(LimitHit::FileSize)
    } else if failed && e.disk_full {
        Some(LimitHit::Disk)
    } else if e.output_truncated {
        Some(LimitHit::Output)
    } else {
        None
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(status: &Status) -> Evidence<'_> {
        Evidence {
            status,
            oom_killed: false,
            disk_full: false,
            output_truncated: false,
        }
    }

    #[test]
    fn a_jailed_run_takes_its_status_from_the_jail_never_from_the_monitor() {
        let ended = |exit, leaked, disk_full| {
            Some(jail::Status::Ended(jail::Ended {
                exit,
                leaked,
                disk_full,
                warning: None,
            }))
        };
        // The monitor exits as the snippet did; the jail's report is what counts.
        let s = settle(Ending::Exited(jail::Exit::Code(0)), false, ended(jail::Exit::Signal(9), true, true), true);
        assert_eq!(s.status, Status::Signaled(9));
        assert!(s.leaked && s.disk_full);
        let s = settle(Ending::Exited(jail::Exit::Code(125)), false, Some(jail::Status::SetupFailed("mount /proc: EPERM".into())), true);
        assert_eq!(s.status, Status::NotStarted("mount /proc: EPERM".into()));
        // A monitor killed from outside leaves no report: the snippet did not run as asked.
        let s = settle(Ending::Exited(jail::Exit::Signal(9)), false, None, true);
        assert!(matches!(s.status, Status::NotStarted(_)), "{s:?}");
        // The same for a jail the zygote forked: its status pipe closed with nothing on it.
        let s = settle(Ending::Closed, false, None, true);
        assert!(matches!(s.status, Status::NotStarted(_)), "{s:?}");
        let s = settle(Ending::Closed, false, ended(jail::Exit::Code(3), false, false), true);
        assert_eq!(s.status, Status::Exited(3));
    }

    #[test]
    fn stopped_by_mirror_is_a_timeout_or_the_output_cap_and_unjailed_exits_are_taken_as_they_are() {
        assert_eq!(settle(Ending::Stopped, false, None, true).status, Status::TimedOut);
        assert_eq!(settle(Ending::Stopped, true, None, false).status, Status::Signaled(libc::SIGKILL));
        assert_eq!(settle(Ending::Exited(jail::Exit::Code(3)), false, None, false).status, Status::Exited(3));
        assert_eq!(settle(Ending::Exited(jail::Exit::Signal(11)), false, None, false).status, Status::Signaled(11));
    }

    #[test]
    fn no_evidence_no_limit_whatever_the_exit() {
        for s in [Status::Exited(0), Status::Exited(1), Status::Signaled(6)] {
            assert_eq!(judge_limit(&evidence(&s)), None, "{s:?}");
        }
    }

    #[test]
    fn each_limit_from_its_own_evidence() {
        let killed = Status::Signaled(libc::SIGKILL);
        let oom = Evidence {
            oom_killed: true,
            ..evidence(&killed)
        };
        assert_eq!(judge_limit(&oom), Some(LimitHit::Memory));
        let s = Status::Signaled(libc::SIGXCPU);
        assert_eq!(judge_limit(&evidence(&s)), Some(LimitHit::CpuTime));
        let s = Status::Signaled(libc::SIGXFSZ);
        assert_eq!(judge_limit(&evidence(&s)), Some(LimitHit::FileSize));
        let failed = Status::Exited(1);
        let full = Evidence {
            disk_full: true,
            ..evidence(&failed)
        };
        assert_eq!(judge_limit(&full), Some(LimitHit::Disk));
        let cut = Evidence {
            output_truncated: true,
            ..evidence(&failed)
        };
        assert_eq!(judge_limit(&cut), Some(LimitHit::Output));
    }

    #[test]
    fn a_full_disk_after_a_clean_exit_is_no_verdict() {
        let ok = Status::Exited(0);
        let full = Evidence {
            disk_full: true,
            ..evidence(&ok)
        };
        assert_eq!(judge_limit(&full), None);
    }
}
