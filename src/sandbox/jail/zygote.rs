//! The jail server ("zygote", after Android's): one small single-threaded process per
//! slot that makes each jail on request, so a snippet process costs mirror a message and a
//! clone instead of starting the monitor binary (about 2 ms of the jail's 5,
//! BENCHMARKS.md). mirror sends the jail's [`Spec`], the program, its environment and
//! limits, and the descriptors the jail needs (stdio, the status pipe, the network
//! namespace) over a unix socket. The zygote hands the snippet to the house it keeps for
//! that kind of snippet (see `house`), or clones a fresh jail's init itself (no monitor
//! between them: one fork and one exit less per snippet), and answers with the init's pid,
//! which is also its process group; only a jail that forwards the fixture server into a
//! network of its own gets a forked monitor, running the same code as `mirror __jail`.
//!
//! The zygote dies with mirror: it exits when the socket's other end closes, and each init
//! or monitor it made has `PR_SET_PDEATHSIG` on it (and an init on its monitor).
use std::ffi::OsString;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, IntoRawFd, OwnedFd, RawFd};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;

use nix::sys::socket::SockType;
use serde::{Deserialize, Serialize};

use super::fdpass;
use super::init::{clone_init, close_range, fail, release, report_on, run_init, run_monitor};
use super::Spec;

/// The first argument that makes the monitor binary serve as the zygote.
pub const ARG: &str = "__zygote";

/// One jail to start. Its descriptors travel with it, in this order: stdin, stdout,
/// stderr, the status pipe's write end, then the network namespace to join when `netns`
/// is set. (No cgroup to join: a server lives in the snippet's cgroups, or has its jails
/// born in them, see [`Zygote::settle`].)
#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    pub spec: Spec,
    pub program: Vec<OsString>,
    /// The snippet's whole environment.
    pub env: Vec<(OsString, OsString)>,
    /// (resource, value) pairs set as both soft and hard limits.
    pub rlimits: Vec<(libc::__rlimit_resource_t, u64)>,
    pub netns: bool,
}

/// One message to the zygote: mirror sends the request by reference (`Message<&Request>`),
/// the zygote reads it owned (`Message<Box<Request>>`).
#[derive(Debug, Serialize, Deserialize)]
pub(super) enum Message<R> {
    /// Answered with 0: the zygote is up and speaks this protocol.
    Ping,
    /// Answered with the monitor's pid, or a negated errno.
    Jail(R),
    /// Come into the slot's cgroups: the descriptors are the v1 `tasks` files (`tasks` of
    /// them) to write `0` into, then the v2 folder (when `v2`) to clone every jail into.
    /// Answered with [`SETTLED_V1`] and [`SETTLED_V2`] for what was done, or a negated errno.
    Settle { tasks: usize, v2: bool },
}

/// In the answer to a settle: the server moved itself into every v1 hierarchy given.
pub const SETTLED_V1: i32 = 1;
/// In the answer to a settle: every jail is cloned straight into the v2 folder given.
pub const SETTLED_V2: i32 = 2;

/// In the answer to a jail request: the pid is a house's (see `house`), which outlives
/// the snippet and serves the next ones (a pid never has this bit: Linux's `pid_max` is at
/// most 2^22).
pub const HOUSE: i32 = 1 << 30;

/// A jail the server made: the pid of its init (a house's, or a fresh one's) or monitor,
/// also its process group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Made {
    pub pid: i32,
    /// The init is a house: it lives on after the snippet, in the slot's cgroup.
    pub house: bool,
}

/// mirror's handle on its zygote.
pub struct Zygote {
    socket: Mutex<OwnedFd>,
    child: Mutex<Child>,
    pid: i32,
}

impl Zygote {
    /// Starts the zygote from the monitor binary and checks that it answers. `run_root`
    /// (the run's temp folder) is only named on its command line, which every monitor it
    /// forks shares: `ps` shows which run a jail belongs to, as with `mirror __jail`.
    pub fn start(exe: &Path, run_root: &Path) -> io::Result<Zygote> {
        let zygote = Zygote::launch(exe, run_root)?;
        zygote.ready()?;
        Ok(zygote)
    }

    /// Starts the zygote without waiting for it to answer. Call [`Zygote::ready`] or
    /// [`Zygote::settle`] before its first jail.
    pub fn launch(exe: &Path, run_root: &Path) -> io::Result<Zygote> {
        let (ours, theirs) = fdpass::pair(SockType::SeqPacket)?;
        let fd = theirs.as_raw_fd();
        let mut command = Command::new(exe);
        command
            .arg(ARG)
            .arg(fd.to_string())
            .arg(run_root)
            .env_clear()
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            // Not even mirror's stderr: a helper that holds its caller's pipes keeps a CI
            // step waiting (field notes: MSBuild nodes and VBCSCompiler outliving a build
            // keep its stdout pipe open); a failing zygote shows
            // as a failed request, which mirror reports.
            .stderr(Stdio::null());
        // SAFETY: async-signal-safe calls only: keep the socket across exec, and a session
        // of its own so that the terminal's Ctrl-C reaches mirror, which then stops
        // everything in order.
        unsafe {
            command.pre_exec(move || {
                if libc::fcntl(fd, libc::F_SETFD, 0) != 0 || libc::setsid() < 0 {
                    return Err(io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn()?;
        drop(theirs);
        Ok(Zygote {
            socket: Mutex::new(ours),
            pid: child.id() as i32,
            child: Mutex::new(child),
        })
    }

    /// Has the server come into its slot's cgroups itself. A migration from outside (a pid
    /// written to `cgroup.procs`) takes the kernel's global cgroup lock, whose first taker
    /// after a quiet spell waits for an RCU grace period: 7-27 ms here, on the way to every
    /// run's first snippets (BENCHMARKS.md). A single-threaded process writing `0` to a v1
    /// `tasks` file moves itself without that lock; v2 has no such move, but a child can be
    /// born in a v2 cgroup (`clone3` with `CLONE_INTO_CGROUP`, Linux 5.7). Returns what was
    /// done ([`SETTLED_V1`], [`SETTLED_V2`]); the caller moves the server the classic way
    /// where it was not. The answer also shows the server up, as [`Zygote::ready`] does.
    pub fn settle(&self, tasks: &[RawFd], v2: Option<RawFd>) -> io::Result<i32> {
        let mut fds = tasks.to_vec();
        fds.extend(v2);
        let message = Message::<&Request>::Settle {
            tasks: tasks.len(),
            v2: v2.is_some(),
        };
        match self.ask(&message, &fds)? {
            done if done >= 0 => Ok(done),
            err => Err(io::Error::from_raw_os_error(-err)),
        }
    }

    /// Checks that a launched zygote is up and speaks this protocol.
    pub fn ready(&self) -> io::Result<()> {
        match self.ask(&Message::<&Request>::Ping, &[])? {
            0 => Ok(()),
            other => Err(io::Error::other(format!(
                "the jail server answered {other} to a ping"
            ))),
        }
    }

    /// The server's own pid.
    pub fn pid(&self) -> i32 {
        self.pid
    }

    /// Kills the server without waiting for it (dropping it waits).
    pub fn kill(&self) {
        let _ = self
            .child
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .kill();
    }

    /// Whether the server has exited (killed from outside: its monitors died with it).
    pub fn exited(&self) -> bool {
        let mut child = self.child.lock().unwrap_or_else(|e| e.into_inner());
        !matches!(child.try_wait(), Ok(None))
    }

    /// Makes one jail (or hands the snippet to a house).
    pub fn spawn(&self, request: &Request, fds: &[RawFd]) -> io::Result<Made> {
        let answer = self.ask(&Message::Jail(request), fds)?;
        if answer <= 0 {
            return Err(io::Error::from_raw_os_error(-answer));
        }
        Ok(Made {
            pid: answer & !HOUSE,
            house: answer & HOUSE != 0,
        })
    }

    fn ask(&self, message: &Message<&Request>, fds: &[RawFd]) -> io::Result<i32> {
        let bytes = serde_json::to_vec(message).map_err(io::Error::other)?;
        let socket = self.socket.lock().unwrap_or_else(|e| e.into_inner());
        fdpass::send(&*socket, &bytes, fds)?;
        let mut answer = [0u8; 4];
        match fdpass::receive(&*socket, &mut answer)? {
            (4, _) => Ok(i32::from_ne_bytes(answer)),
            _ => Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "the jail server is gone",
            )),
        }
    }
}

impl Drop for Zygote {
    fn drop(&mut self) {
        let child = self.child.get_mut().unwrap_or_else(|e| e.into_inner());
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// Entry point of `__zygote FD RUN_ROOT`: answers requests on FD until mirror closes it.
pub(super) fn serve(args: &[OsString]) -> ! {
    let Some(fd) = args
        .get(2)
        .and_then(|a| a.to_str())
        .and_then(|a| a.parse::<RawFd>().ok())
        .filter(|fd| *fd > 2)
    else {
        eprintln!("mirror: the jail server was started without its socket");
        std::process::exit(2)
    };
    // Nothing of what mirror's parent left open stays here.
    close_range(3, fd - 1);
    close_range(fd + 1, i32::MAX);
    // SAFETY: the socket mirror handed over; signal() on SIGCHLD makes the kernel reap the
    // monitors (this process never waits for them: mirror watches their status pipes).
    let socket = unsafe {
        libc::signal(libc::SIGCHLD, libc::SIG_IGN);
        OwnedFd::from_raw_fd(fd)
    };
    // A mount namespace of its own without the host mounts no jail uses (as root; else
    // the host's stays).
    let _ = super::root::unshare_without_unused_mounts();
    // SAFETY: plain query.
    let me = unsafe { libc::getpid() };
    let mut buf = vec![0u8; 1 << 20];
    // The jails kept for snippet after snippet (see `house`).
    let mut houses = super::house::Houses::default();
    // Whether this server has joined the run's network (once, before its first jail).
    let mut joined = false;
    // The slot's cgroup v2 folder every jail is born in (see `settle`).
    let mut cgroup: Option<OwnedFd> = None;
    loop {
        let (n, fds) = match fdpass::receive(&socket, &mut buf) {
            Ok((0, _)) | Err(_) => std::process::exit(0),
            Ok(got) => got,
        };
        let answer = match serde_json::from_slice::<Message<Box<Request>>>(&buf[..n]) {
            Ok(Message::Ping) => 0,
            Ok(Message::Jail(request)) => {
                let into = cgroup.as_ref().map(AsRawFd::as_raw_fd);
                make_jail(*request, fds, me, &mut joined, into, (&mut houses, &buf[..n]))
            }
            Ok(Message::Settle { tasks, v2 }) => settle(fds, tasks, v2, &mut cgroup),
            Err(_) => -libc::EINVAL,
        };
        if fdpass::send(&socket, &answer.to_ne_bytes(), &[]).is_err() {
            std::process::exit(0);
        }
    }
}

/// Makes the jail `request` asks for, with its descriptors (stdin, stdout, stderr, the
/// status pipe, then the network namespace when `request.netns`); returns the pid of its
/// init or monitor (also its process group) or a negated errno. The run's network is
/// joined by this server once, before its first jail, so that every jail it makes lives
/// there (a network namespace can only be joined from the user namespace that owns it,
/// so before the jail's own). A jail forwarding the fixture server into a network of its
/// own needs a monitor outside; every other jail's init is cloned from here.
/// A request that fits a house (see `house::fits`) goes to one, given `houses` and the
/// request's own bytes; the answer then has [`HOUSE`] set.
fn make_jail(
    request: Request,
    fds: Vec<OwnedFd>,
    zygote: i32,
    joined: &mut bool,
    cgroup: Option<RawFd>,
    (houses, message): (&mut super::house::Houses, &[u8]),
) -> i32 {
    if fds.len() != 4 + usize::from(request.netns) {
        return -libc::EINVAL;
    }
    if request.netns && !*joined {
        // SAFETY: joining the network namespace mirror handed over, for this server.
        if unsafe { libc::setns(fds[4].as_raw_fd(), libc::CLONE_NEWNET) } != 0 {
            return neg_errno(io::Error::last_os_error());
        }
        *joined = true;
    }
    if super::house::fits(&request) {
        // No house to be had: a fresh jail, as before houses.
        if let Ok(Some(pid)) = houses.hand(message, &request, &fds, cgroup) {
            return pid | HOUSE;
        }
    }
    if request.spec.own_network && request.spec.forward_port.is_some() {
        fork_monitor(request, fds, zygote, cgroup)
    } else {
        jail_direct(request, fds, cgroup)
    }
}

/// Comes into the slot's cgroups (see [`Zygote::settle`]): writes `0` to each v1 `tasks`
/// file (this process is single-threaded, so its one thread is all of it), and keeps the
/// v2 folder to clone every jail into once a first clone into it has worked. Returns what
/// was done, or the negated errno of the first v1 write that failed.
fn settle(fds: Vec<OwnedFd>, tasks: usize, v2: bool, cgroup: &mut Option<OwnedFd>) -> i32 {
    if fds.len() != tasks + usize::from(v2) {
        return -libc::EINVAL;
    }
    let mut fds = fds.into_iter();
    for file in fds.by_ref().take(tasks) {
        // SAFETY: a write of one byte to a descriptor we own.
        if unsafe { libc::write(file.as_raw_fd(), b"0".as_ptr().cast(), 1) } != 1 {
            return neg_errno(io::Error::last_os_error());
        }
    }
    let mut done = SETTLED_V1;
    if let Some(dir) = fds.next() {
        // A child born there and gone at once shows the kernel can (not before Linux 5.7,
        // nor without the right to write the folder's cgroup.procs).
        // SAFETY: the child only exits; SIGCHLD is ignored here, so the kernel reaps it.
        let pid = unsafe { super::init::fork_into(0, Some(dir.as_raw_fd())) };
        if pid == 0 {
            // SAFETY: leave at once, running nothing of this process's.
            unsafe { libc::_exit(0) };
        }
        if pid > 0 {
            *cgroup = Some(dir);
            done |= SETTLED_V2;
        }
    }
    done
}

/// The answer for a failed request: the error's errno, negated (EIO when it has none).
fn neg_errno(e: io::Error) -> i32 {
    -e.raw_os_error().unwrap_or(libc::EIO)
}

/// Forks the monitor for `request`; returns its pid or a negated errno. The descriptors
/// are closed here once the monitor holds them.
fn fork_monitor(request: Request, fds: Vec<OwnedFd>, zygote: i32, cgroup: Option<RawFd>) -> i32 {
    // SAFETY: this process is single-threaded, so the child may allocate.
    let pid = unsafe { super::init::fork_into(0, cgroup) } as i32;
    if pid < 0 {
        return neg_errno(io::Error::last_os_error());
    }
    if pid == 0 {
        monitor(request, fds, zygote);
    }
    pid
}

/// Clones the jail's init straight from the server, with no monitor process between them
/// (one fork, one exit and their page faults less per snippet, BENCHMARKS.md): the init
/// takes the snippet's limits, session and stdio, and the server writes its id maps.
/// Returns the init's pid or a negated errno; the descriptors are closed here once the
/// init holds them.
fn jail_direct(request: Request, fds: Vec<OwnedFd>, cgroup: Option<RawFd>) -> i32 {
    let raw: Vec<RawFd> = fds.iter().map(AsRawFd::as_raw_fd).collect();
    let (go_read, go_write) = match super::pipe() {
        Ok(pipe) => pipe,
        Err(e) => return neg_errno(e),
    };
    let (go_r, go_w) = (go_read.as_raw_fd(), go_write.as_raw_fd());
    let mut spec = request.spec;
    spec.status_fd = 3;
    let cloned = clone_init(spec.own_network, cgroup, || {
        // SAFETY: the go pipe's write end is the server's.
        unsafe { libc::close(go_w) };
        take_snippet_side(&request.rlimits, &raw);
        // Only stdio, the status pipe and the go pipe go on: not the server's socket. (The
        // go pipe's read end is above 3: fd 3 was taken when it was made.)
        close_range(4, go_r - 1);
        close_range(go_r + 1, i32::MAX);
        run_init(&spec, &request.program, Some(&request.env), go_r, None)
    });
    drop(go_read);
    let pid = match cloned {
        Ok(pid) => pid,
        Err(e) => return neg_errno(e),
    };
    if let Err(e) = release(pid, go_w) {
        report_on(raw[3], &super::Status::SetupFailed(e.to_string()));
    }
    pid
}

/// The snippet's side of a jail process made here (its init, or its monitor): SIGCHLD
/// back to default (this server ignores it), a session of its own, the snippet's limits
/// (`rlimits`, as in [`Request`]), and its stdio and status pipe as fds 0-3. On failure
/// says why on the status pipe and exits.
fn take_snippet_side(rlimits: &[(libc::__rlimit_resource_t, u64)], raw: &[RawFd]) {
    let status = raw[3];
    // SAFETY: plain syscalls on integers and on descriptors received for this jail.
    let setup = || -> io::Result<()> {
        unsafe {
            libc::signal(libc::SIGCHLD, libc::SIG_DFL);
            if libc::setsid() < 0 {
                return Err(io::Error::last_os_error());
            }
            super::init::set_rlimits(rlimits)?;
            for (target, fd) in [(0, raw[0]), (1, raw[1]), (2, raw[2]), (3, status)] {
                if libc::dup2(fd, target) < 0 {
                    return Err(io::Error::last_os_error());
                }
            }
        }
        Ok(())
    };
    if let Err(e) = setup() {
        fail(status, &format!("taking the snippet's limits and stdio: {e}"));
    }
}

/// The forked monitor: takes the snippet's limits and stdio, then runs the jail exactly as
/// `mirror __jail` does.
fn monitor(request: Request, fds: Vec<OwnedFd>, zygote: i32) -> ! {
    let raw: Vec<RawFd> = fds.into_iter().map(IntoRawFd::into_raw_fd).collect();
    // SAFETY: plain syscalls. Die with the zygote (and so with mirror); if it is already
    // gone, do not start.
    unsafe {
        if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0) != 0
            || libc::getppid() != zygote
        {
            libc::_exit(125);
        }
    }
    take_snippet_side(&request.rlimits, &raw);
    // Only stdio and the status pipe go on: not the zygote's socket, not the rest.
    close_range(4, i32::MAX);
    let mut spec = request.spec;
    spec.status_fd = 3;
    run_monitor(&spec, &request.program, Some(&request.env))
}
