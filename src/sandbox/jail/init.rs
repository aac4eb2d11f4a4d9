//! The jail's processes: the monitor where there is one (in the host's pid namespace,
//! exec'ed as `__jail` or forked by the zygote to forward the fixture server), the init
//! (pid 1 of the new namespaces, builds the root and reaps; cloned by the monitor or
//! straight from the zygote) and the snippet (unprivileged, its own session, Landlock,
//! a syscall filter, then exec).
use std::ffi::OsString;
use std::io::{self, Write};
use std::os::fd::{AsRawFd, FromRawFd, RawFd};
use std::os::unix::process::CommandExt;
use std::sync::atomic::{AtomicI32, Ordering};

use super::{root, Ended, Exit, Spec, Status, OUTSIDE_UID_WHEN_ROOT, SANDBOX_UID};

/// The status channel mirror hands the monitor (its number is in the spec).
static STATUS_FD: AtomicI32 = AtomicI32::new(-1);

/// Entry point of `mirror __jail SPEC -- PROGRAM ARGS...` (and of `__zygote`); never
/// returns.
pub fn main() -> ! {
    let args: Vec<OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == super::zygote::ARG) {
        super::zygote::serve(&args);
    }
    let spec: Option<Spec> = args
        .get(2)
        .and_then(|s| serde_json::from_str(&s.to_string_lossy()).ok());
    let status_fd = spec.as_ref().map_or(-1, |s| s.status_fd);
    // Only fds 0-2 and the status channel may cross into the jail, whatever mirror's own
    // parent left open.
    close_range(3, status_fd - 1);
    close_range(status_fd.max(2) + 1, i32::MAX);
    let Some(spec) = spec else {
        fail(status_fd, "the jail's spec is missing or malformed")
    };
    let program: Vec<OsString> = args
        .iter()
        .skip_while(|a| *a != "--")
        .skip(1)
        .cloned()
        .collect();
    run_monitor(&spec, &program, None)
}

/// The monitor's work, in a process of its own (exec'ed as `__jail`, or forked by the
/// zygote): builds the jail, waits for it, exits. `env`, when given, is the snippet's whole
/// environment (else it inherits this process's).
pub(super) fn run_monitor(
    spec: &Spec,
    program: &[OsString],
    env: Option<&[(OsString, OsString)]>,
) -> ! {
    STATUS_FD.store(spec.status_fd, Ordering::Relaxed);
    let code = match monitor(spec, program, env) {
        Ok(code) => code,
        Err(e) => {
            report(&Status::SetupFailed(e.to_string()));
            125
        }
    };
    std::process::exit(code)
}

/// Reports that the jail could not be built on `status_fd`, and exits.
pub(super) fn fail(status_fd: i32, why: &str) -> ! {
    STATUS_FD.store(status_fd, Ordering::Relaxed);
    report(&Status::SetupFailed(why.to_string()));
    std::process::exit(125)
}

/// Closes every descriptor from `first` to `last` (inclusive).
pub(super) fn close_range(first: i32, last: i32) {
    if first > last {
        return;
    }
    // SAFETY: close_range(2) on a range of our own descriptors.
    let r = unsafe { libc::syscall(libc::SYS_close_range, first as u32, last as u32, 0u32) };
    if r != 0 {
        for fd in first..=last.min(4095) {
            // SAFETY: closing descriptors nobody else in this process uses.
            unsafe { libc::close(fd) };
        }
    }
}

fn report(status: &Status) {
    report_on(STATUS_FD.load(Ordering::Relaxed), status);
}

/// Writes `status` on the status pipe `fd` (a jail server that could not release an init
/// says why there, in the place of the monitor).
pub(super) fn report_on(fd: i32, status: &Status) {
    if fd < 0 {
        return;
    }
    // SAFETY: fd is the status pipe; ManuallyDrop keeps it open for a later write.
    let mut f = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(fd) });
    let _ = f.write_all(status.line().as_bytes());
}

/// Points fds 0-2 at /dev/null.
fn stdio_to_null() -> io::Result<()> {
    let null = std::fs::File::options()
        .read(true)
        .write(true)
        .open("/dev/null")?;
    for fd in 0..3 {
        // SAFETY: dup2 onto our own standard descriptors.
        if unsafe { libc::dup2(std::os::fd::AsRawFd::as_raw_fd(&null), fd) } < 0 {
            return Err(os_err("stdio to /dev/null"));
        }
    }
    Ok(())
}

fn os_err(what: &str) -> io::Error {
    let e = io::Error::last_os_error();
    io::Error::new(e.kind(), format!("{what}: {e}"))
}

/// The fixture server for a jail with a network of its own: the init's listener, passed
/// over a unix socket (SCM_RIGHTS) to the monitor, which stays in the host's network and
/// copies each connection to and from the server's one port.
mod forward {
    use std::io;
    use std::net::{TcpListener, TcpStream};
    use std::os::fd::{AsRawFd, OwnedFd};

    /// The channel the listener crosses.
    pub fn channel() -> io::Result<(OwnedFd, OwnedFd)> {
        super::super::fdpass::pair(nix::sys::socket::SockType::Stream)
    }

    /// Sends `listener`'s descriptor over `channel`.
    pub fn send(channel: &OwnedFd, listener: &TcpListener) -> io::Result<()> {
        super::super::fdpass::send(channel, b"l", &[listener.as_raw_fd()])
    }

    /// Receives the listener the init sent; None when the channel ended without one.
    pub fn receive(channel: &OwnedFd) -> Option<TcpListener> {
        let mut byte = [0u8];
        let (_, fds) = super::super::fdpass::receive(channel, &mut byte).ok()?;
        fds.into_iter().next().map(TcpListener::from)
    }

    /// Accepts for as long as the jail lives; each connection is copied both ways to the
    /// server on the host's loopback `port`.
    pub fn serve(listener: TcpListener, port: u16) {
        for inside in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let Ok(server) = TcpStream::connect(("127.0.0.1", port)) else {
                    return;
                };
                let (Ok(mut inside_r), Ok(mut server_w)) = (inside.try_clone(), server.try_clone())
                else {
                    return;
                };
                let (mut inside_w, mut server_r) = (inside, server);
                let up = std::thread::spawn(move || {
                    let _ = io::copy(&mut inside_r, &mut server_w);
                    let _ = server_w.shutdown(std::net::Shutdown::Write);
                });
                let _ = io::copy(&mut server_r, &mut inside_w);
                let _ = inside_w.shutdown(std::net::Shutdown::Write);
                let _ = up.join();
            });
        }
    }
}

/// Clones the init into new namespaces, maps its ids and waits.
fn monitor(
    spec: &Spec,
    program: &[OsString],
    env: Option<&[(OsString, OsString)]>,
) -> io::Result<i32> {
    if program.is_empty() {
        return Err(io::Error::other("the jail was given no program"));
    }

    let mut go = [0i32; 2];
    // SAFETY: pipe2 fills two fds.
    if unsafe { libc::pipe2(go.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(os_err("pipe"));
    }
    // The channel the init hands the fixture listener over (unprivileged runs with HTTP).
    let forward = match spec.forward_port.filter(|_| spec.own_network) {
        Some(port) => Some((port, forward::channel()?)),
        None => None,
    };
    let ends = forward
        .as_ref()
        .map(|(port, (monitor_end, init_end))| {
            (*port, monitor_end.as_raw_fd(), init_end.as_raw_fd())
        });
    let pid = clone_init(spec.own_network, None, || {
        // SAFETY: the write end and the channel's far end belong to the monitor; the
        // channel's near end is the init's from here on (this process never returns to the
        // frame that owns it).
        let listener_to = ends.map(|(port, monitor_end, init_end)| unsafe {
            libc::close(monitor_end);
            (port, std::os::fd::OwnedFd::from_raw_fd(init_end))
        });
        unsafe { libc::close(go[1]) };
        run_init(spec, program, env, go[0], listener_to)
    })?;
    // SAFETY: the read end belongs to the init.
    unsafe { libc::close(go[0]) };
    let mapped = release(pid, go[1]);
    if let Err(e) = &mapped {
        report(&Status::SetupFailed(e.to_string()));
    } else {
        // The init has the snippet's stdio now: this process lets go of its copies, so
        // that the pipes end with the snippet, not with this process after the jail is
        // torn down.
        let _ = stdio_to_null();
        if let Some((port, (monitor_end, init_end))) = forward {
            drop(init_end);
            // The init sends its listener as soon as its loopback is up (or exits, and the
            // channel ends): from then on, every connection to it goes to the server.
            if let Some(listener) = forward::receive(&monitor_end) {
                std::thread::spawn(move || forward::serve(listener, port));
            }
        }
    }
    let mut status = 0;
    // SAFETY: reaping our own child.
    while unsafe { libc::waitpid(pid, &mut status, 0) } < 0 {
        if io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
            break;
        }
    }
    Ok(if mapped.is_ok() { 0 } else { 125 })
}

/// Clones the jail's init into new user, pid, mount, IPC, UTS and cgroup namespaces (and a
/// network of its own when asked); `child` runs there as pid 1 and its result is the
/// init's exit code. The caller (the monitor, or the jail server directly) then writes
/// the init's uid/gid maps and lets it go on (`release`).
pub(super) fn clone_init(
    own_network: bool,
    cgroup: Option<RawFd>,
    child: impl FnOnce() -> i32,
) -> io::Result<i32> {
    let mut flags = libc::CLONE_NEWUSER
        | libc::CLONE_NEWPID
        | libc::CLONE_NEWNS
        | libc::CLONE_NEWIPC
        | libc::CLONE_NEWUTS
        | libc::CLONE_NEWCGROUP;
    if own_network {
        flags |= libc::CLONE_NEWNET;
    }
    // SAFETY: a raw clone without a new stack behaves as fork; the caller is
    // single-threaded, so the child may allocate.
    let pid = unsafe { fork_into(flags, cgroup) };
    if pid < 0 {
        return Err(os_err("creating the user, pid and mount namespaces"));
    }
    if pid == 0 {
        let code = child();
        std::process::exit(code);
    }
    Ok(pid as i32)
}

/// `clone3`'s arguments (`struct clone_args` up to `cgroup`, the kernel's version 2).
#[repr(C)]
#[derive(Default)]
struct CloneArgs {
    flags: u64,
    pidfd: u64,
    child_tid: u64,
    parent_tid: u64,
    exit_signal: u64,
    stack: u64,
    stack_size: u64,
    tls: u64,
    set_tid: u64,
    set_tid_size: u64,
    cgroup: u64,
}

/// `CLONE_INTO_CGROUP` (Linux 5.7; not in every libc yet).
const CLONE_INTO_CGROUP: u64 = 0x2_0000_0000;

/// Forks with `flags` (namespaces), the child born in the cgroup v2 folder `cgroup` when
/// given (`clone3` with `CLONE_INTO_CGROUP`: no migration afterwards, so none of the
/// kernel's global cgroup lock and the RCU grace period its first taker waits for). Returns
/// as fork does: 0 in the child, the pid or -1 (errno set) in the parent.
///
/// # Safety
/// As fork: the caller must be single-threaded if the child is to do more than exec.
pub(super) unsafe fn fork_into(flags: libc::c_int, cgroup: Option<RawFd>) -> libc::c_long {
    match cgroup {
        Some(fd) => {
            let args = CloneArgs {
                flags: u64::from(flags as u32) | CLONE_INTO_CGROUP,
                exit_signal: libc::SIGCHLD as u64,
                cgroup: fd as u64,
                ..CloneArgs::default()
            };
            // SAFETY: clone3 with a fully initialised argument struct and its size; no
            // CLONE_VM and no stack, so the child runs on a copy of this stack, as fork.
            unsafe {
                libc::syscall(
                    libc::SYS_clone3,
                    &args as *const CloneArgs,
                    std::mem::size_of::<CloneArgs>(),
                )
            }
        }
        // SAFETY: as above, with the classic clone.
        None => unsafe {
            libc::syscall(
                libc::SYS_clone,
                (flags | libc::SIGCHLD) as libc::c_ulong,
                0usize,
                0usize,
                0usize,
                0usize,
            )
        },
    }
}

/// Maps the ids of the init `pid` (held on its `go` pipe) and lets it go on; on failure
/// the init is killed and the error returned.
pub(super) fn release(pid: i32, go: i32) -> io::Result<()> {
    if let Err(e) = write_id_maps(pid) {
        // SAFETY: the init waits on the pipe; killing it is the way out.
        unsafe { libc::kill(pid, libc::SIGKILL) };
        return Err(io::Error::new(
            e.kind(),
            format!("writing the uid/gid maps: {e}"),
        ));
    }
    // SAFETY: one byte on our pipe releases the init.
    unsafe { libc::write(go, b"g".as_ptr().cast(), 1) };
    Ok(())
}

/// Root: the init is root of the namespace (real root, for building the root) and the
/// snippet is uid 1000 there, `nobody` outside. Otherwise: the one uid we own, as 1000.
fn write_id_maps(pid: i32) -> io::Result<()> {
    let proc = format!("/proc/{pid}");
    // SAFETY: plain id queries.
    let (uid, gid) = unsafe { (libc::geteuid(), libc::getegid()) };
    let (uid_map, gid_map) = if uid == 0 {
        let o = OUTSIDE_UID_WHEN_ROOT;
        (
            format!("0 0 1\n{SANDBOX_UID} {o} 1\n"),
            format!("0 0 1\n{SANDBOX_UID} {o} 1\n"),
        )
    } else {
        std::fs::write(format!("{proc}/setgroups"), "deny")?;
        (
            format!("{SANDBOX_UID} {uid} 1\n"),
            format!("{SANDBOX_UID} {gid} 1\n"),
        )
    };
    std::fs::write(format!("{proc}/uid_map"), uid_map)?;
    std::fs::write(format!("{proc}/gid_map"), gid_map)
}

/// The init's work in the child `clone_init` made (from a monitor, or straight from the
/// jail server): `spec.status_fd` and `go` are in place; a failure is reported on the
/// status pipe. Returns the init's exit code.
pub(super) fn run_init(
    spec: &Spec,
    program: &[OsString],
    env: Option<&[(OsString, OsString)]>,
    go: i32,
    listener_to: Option<(u16, std::os::fd::OwnedFd)>,
) -> i32 {
    STATUS_FD.store(spec.status_fd, Ordering::Relaxed);
    if program.is_empty() {
        report(&Status::SetupFailed("the jail was given no program".into()));
        return 125;
    }
    match init(spec, program, env, go, listener_to) {
        Ok(code) => code,
        Err(e) => {
            report(&Status::SetupFailed(e.to_string()));
            125
        }
    }
}

/// Pid 1 of the jail: builds the root, starts the snippet, reaps until it has exited,
/// then reports. Its exit makes the kernel kill whatever is left in the namespace.
fn init(
    spec: &Spec,
    program: &[OsString],
    env: Option<&[(OsString, OsString)]>,
    go: i32,
    listener_to: Option<(u16, std::os::fd::OwnedFd)>,
) -> io::Result<i32> {
    // SAFETY: plain prctl; then one blocking read on our pipe (EOF: the monitor is gone).
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0);
        let mut b = 0u8;
        if libc::read(go, (&mut b as *mut u8).cast(), 1) != 1 {
            libc::_exit(125);
        }
        libc::close(go);
        libc::fcntl(
            STATUS_FD.load(Ordering::Relaxed),
            libc::F_SETFD,
            libc::FD_CLOEXEC,
        );
        libc::sethostname(c"mirror".as_ptr(), 6);
    }
    if spec.own_network {
        crate::sandbox::netns::loopback_up().map_err(|e| {
            io::Error::new(e.kind(), format!("bringing up the jail's loopback: {e}"))
        })?;
    }
    if let Some((port, channel)) = listener_to {
        // The fixture server's address, inside: listened on here, served from outside.
        let listener = std::net::TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
            io::Error::new(e.kind(), format!("listening for the fixture server inside: {e}"))
        })?;
        forward::send(&channel, &listener)
            .map_err(|e| io::Error::new(e.kind(), format!("handing over the fixture listener: {e}")))?;
    }
    let keep = root::keep_handle(spec)?;
    root::build(spec)?;

    let child = spawn_snippet(spec, program, env, None)?;
    // The snippet has the stdio now (so have its children): the init keeps no copy.
    stdio_to_null()?;
    let (exit, leaked) = wait_snippet(child)?;
    let warning = keep.as_ref().and_then(|keep| {
        // This process is root on the host: nothing of the snippet may run while it copies
        // the folder back (a leftover could swap a folder for a symlink mid-copy).
        reap_all();
        match root::keep_back(&spec.workdir, keep, spec.disk_bytes) {
            Ok(note) => note.map(|n| format!("keeping {}: {n}", spec.workdir.display())),
            Err(e) => Some(format!("keeping {}: {e}", spec.workdir.display())),
        }
    });
    let s = Status::Ended(Ended {
        exit,
        leaked,
        disk_full: root::is_full(&spec.workdir),
        warning,
    });
    report(&s);
    Ok(0)
}

/// Waits for the snippet `child`, reaping every orphan reparented to this init meanwhile;
/// returns how it ended and whether processes of it were still running (leftovers).
pub(super) fn wait_snippet(child: i32) -> io::Result<(Exit, bool)> {
    let mut status = 0;
    loop {
        // SAFETY: reaping children (the snippet and every orphan reparented to us).
        let pid = unsafe { libc::waitpid(-1, &mut status, 0) };
        if pid == child {
            break;
        }
        if pid < 0 && io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
            return Err(os_err("waiting for the snippet"));
        }
    }
    // Orphans that already exited are not leftovers; ones still running are.
    // SAFETY: non-blocking reaping.
    while unsafe { libc::waitpid(-1, std::ptr::null_mut(), libc::WNOHANG) } > 0 {}
    let leaked = std::fs::read_dir("/proc")
        .map(|d| {
            d.flatten().any(|e| {
                e.file_name()
                    .to_str()
                    .and_then(|n| n.parse::<u32>().ok())
                    .is_some_and(|pid| pid != 1)
            })
        })
        .unwrap_or(false);
    let exit = if libc::WIFSIGNALED(status) {
        Exit::Signal(libc::WTERMSIG(status))
    } else {
        Exit::Code(libc::WEXITSTATUS(status))
    };
    Ok((exit, leaked))
}

/// Kills every other process of this init's pid namespace (`kill(-1)` from its init
/// reaches all of them) and reaps until none is left; a process forked while the signal
/// went out is caught by the next round.
pub(super) fn reap_all() {
    loop {
        // SAFETY: plain syscalls; pid 1 of the namespace is never signalled by kill(-1).
        unsafe {
            libc::kill(-1, libc::SIGKILL);
            if libc::waitpid(-1, std::ptr::null_mut(), 0) < 0
                && io::Error::last_os_error().raw_os_error() != Some(libc::EINTR)
            {
                return;
            }
        }
    }
}

/// Sets each (resource, value) of `rlimits` as both soft and hard limit of this process.
/// Only syscalls: safe between fork and exec.
pub(crate) fn set_rlimits(rlimits: &[(libc::__rlimit_resource_t, u64)]) -> io::Result<()> {
    for (resource, value) in rlimits {
        let limit = libc::rlimit {
            rlim_cur: *value,
            rlim_max: *value,
        };
        // SAFETY: setrlimit with a filled struct.
        if unsafe { libc::setrlimit(*resource, &limit) } != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// What a snippet a house starts takes on in its own child, where a fresh jail's init
/// had taken it on for itself: its stdio, its limits, an IPC namespace of its own (the
/// house's outlives it), and the status pipe its start reports a failure on.
pub(super) struct Takes<'a> {
    pub stdio: [RawFd; 3],
    pub status: RawFd,
    pub rlimits: &'a [(libc::__rlimit_resource_t, u64)],
}

impl Takes<'_> {
    /// In the snippet's child: only syscalls on values prepared before it.
    fn apply(&self) -> io::Result<()> {
        // SAFETY: dup2, setrlimit and unshare on our own descriptors and process.
        unsafe {
            for (target, fd) in self.stdio.iter().enumerate() {
                if libc::dup2(*fd, target as i32) < 0 {
                    return Err(os_err("the snippet's stdio"));
                }
            }
            set_rlimits(self.rlimits).map_err(|e| {
                io::Error::new(e.kind(), format!("the snippet's limits: {e}"))
            })?;
            if libc::unshare(libc::CLONE_NEWIPC) != 0 {
                return Err(os_err("an IPC namespace of its own"));
            }
        }
        Ok(())
    }
}

/// Starts the snippet the way `posix_spawn` does: a child that shares this process's
/// memory (`CLONE_VM`) on a stack of its own, with this process held until the child has
/// exec'ed or exited (`CLONE_VFORK`). No page tables are copied for it and torn down again
/// at its exec, and it takes no copy-on-write faults (BENCHMARKS.md: a fork's copy, its
/// faults and the exec's teardown were a tenth of the jail's CPU). The child has its own
/// descriptor table and signal handlers; what it allocates lands in this process's heap,
/// which is safe because this process is single-threaded and stopped meanwhile.
/// `takes`: what a house's snippet takes on in its child (see [`Takes`]).
pub(super) fn spawn_snippet(
    spec: &Spec,
    program: &[OsString],
    env: Option<&[(OsString, OsString)]>,
    takes: Option<&Takes>,
) -> io::Result<i32> {
    struct Args<'a> {
        spec: &'a Spec,
        program: &'a [OsString],
        env: Option<&'a [(OsString, OsString)]>,
        filter: &'a [libc::sock_filter],
        takes: Option<&'a Takes<'a>>,
    }
    extern "C" fn child(arg: *mut libc::c_void) -> libc::c_int {
        // SAFETY: `arg` points at the parent's `Args`, alive while the parent is held.
        let a = unsafe { &*(arg as *const Args) };
        let e = match a.takes.map_or(Ok(()), Takes::apply) {
            Ok(()) => snippet(a.spec, a.program, a.env, a.filter),
            Err(e) => e,
        };
        report(&Status::SetupFailed(format!(
            "could not start {}: {e}",
            a.program[0].to_string_lossy()
        )));
        // SAFETY: leave without running anything of the parent's.
        unsafe { libc::_exit(127) }
    }
    const STACK: usize = 1 << 20;
    const GUARD: usize = 1 << 16;
    let filter = crate::sandbox::seccomp::program();
    if let Some(t) = takes {
        // A start that fails says so on this snippet's own status pipe.
        STATUS_FD.store(t.status, Ordering::Relaxed);
    }
    let args = Args {
        spec,
        program,
        env,
        filter: &filter,
        takes,
    };
    // SAFETY: a fresh private mapping for the child's stack, its lowest pages a guard; the
    // child runs `child` on it until it execs, while this process is held by CLONE_VFORK,
    // so the mapping is unused once clone returns here and is unmapped.
    unsafe {
        let stack = libc::mmap(
            std::ptr::null_mut(),
            STACK + GUARD,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_STACK,
            -1,
            0,
        );
        if stack == libc::MAP_FAILED {
            return Err(os_err("a stack for the snippet's start"));
        }
        libc::mprotect(stack, GUARD, libc::PROT_NONE);
        let top = stack.cast::<u8>().add(STACK + GUARD).cast::<libc::c_void>();
        let pid = libc::clone(
            child,
            top,
            libc::CLONE_VM | libc::CLONE_VFORK | libc::SIGCHLD,
            (&args as *const Args).cast_mut().cast(),
        );
        let err = os_err("starting the snippet");
        libc::munmap(stack, STACK + GUARD);
        if pid < 0 {
            return Err(err);
        }
        Ok(pid)
    }
}

/// The snippet's side of the fork: its own session, no privileges, Landlock, exec.
/// Returns only on failure.
fn snippet(
    spec: &Spec,
    program: &[OsString],
    env: Option<&[(OsString, OsString)]>,
    filter: &[libc::sock_filter],
) -> io::Error {
    // SAFETY: plain syscalls on integers; capset gets a zeroed v3 header and data.
    unsafe {
        libc::setsid();
        for cap in 0..64 {
            libc::prctl(libc::PR_CAPBSET_DROP, cap, 0, 0, 0);
        }
        if libc::geteuid() == 0 {
            // Root of the namespace (mirror runs as root): become the sandbox uid.
            let id = SANDBOX_UID;
            if libc::setgroups(0, std::ptr::null()) != 0
                || libc::setresgid(id, id, id) != 0
                || libc::setresuid(id, id, id) != 0
            {
                return os_err("dropping to the sandbox uid");
            }
        }
        #[repr(C)]
        struct CapHeader {
            version: u32,
            pid: i32,
        }
        #[repr(C)]
        #[derive(Clone, Copy)]
        struct CapData {
            effective: u32,
            permitted: u32,
            inheritable: u32,
        }
        let header = CapHeader {
            version: 0x2008_0522,
            pid: 0,
        };
        let data = [CapData {
            effective: 0,
            permitted: 0,
            inheritable: 0,
        }; 2];
        if libc::syscall(libc::SYS_capset, &header, data.as_ptr()) != 0 {
            return os_err("dropping capabilities");
        }
        libc::prctl(
            libc::PR_CAP_AMBIENT,
            libc::PR_CAP_AMBIENT_CLEAR_ALL,
            0,
            0,
            0,
        );
        if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 {
            return os_err("no_new_privs");
        }
    }
    if spec.landlock {
        if let Err(e) = crate::sandbox::landlock::restrict_jail(&spec.workdir) {
            return e;
        }
    }
    if let Err(e) = std::env::set_current_dir(&spec.workdir) {
        return e;
    }
    // Last before the exec: the keyring and io_uring are refused from here on.
    // SAFETY: only syscalls; no_new_privs is set above.
    if let Err(e) = unsafe { crate::sandbox::seccomp::install(filter) } {
        return e;
    }
    let mut command = std::process::Command::new(&program[0]);
    command.args(&program[1..]);
    if let Some(env) = env {
        command.env_clear().envs(env.iter().map(|(k, v)| (k, v)));
    }
    command.exec()
}
