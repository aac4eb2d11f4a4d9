//! The jail: how one snippet is contained, built into mirror itself (no extra binary), the
//! way bubblewrap, nsjail and isolate do it.
//!
//! A sandbox's [`zygote`] (one small single-threaded server per slot) clones each jail's
//! *init* straight into new user, pid, mount, IPC and UTS namespaces, writes its uid and
//! gid maps and lets it go on; the init puts the snippet's limits, session and stdio in
//! place. Most snippets go to a `house` instead: an init the server made once for that
//! kind of snippet, with its root already built, which starts snippet after snippet and
//! leaves nothing of one for the next. Where there is no zygote (mirror spawns `mirror-jail __jail SPEC -- PROGRAM
//! ARGS...`), or the jail forwards the fixture server into a network of its own, a
//! *monitor* process outside the namespaces does that part and waits (nextest's "double
//! spawn" idea). The init builds a minimal root (read-only
//! system folders, the toolchain, a private size-limited `/tmp` holding the snippet's
//! folder, a `/dev` of five devices, a fresh `/proc`), pivots into it, forks the snippet
//! as an unprivileged uid in a session of its own, and reaps until the snippet exits. When
//! the init exits the kernel kills everything left in the pid namespace; whatever kills
//! mirror kills the zygote or the monitor, and with it the init (`PR_SET_PDEATHSIG`) and
//! the namespace.
//!
//! The status of the snippet (exit code or signal, leftovers, a full disk, or why the
//! jail could not be built) comes back on a pipe mirror hands over (`status_fd`) as one line, see
//! [`Status`].
mod fdpass;
mod house;
mod init;
mod root;
pub mod zygote;

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use init::main;
pub(crate) use init::set_rlimits;

/// The first argument that makes mirror act as the jail's monitor.
pub const ARG: &str = "__jail";

/// Whether `arg` (mirror's first argument) asks for one of the jail's helper roles: the
/// monitor of one jail, or the zygote that forks them.
pub fn is_helper(arg: &std::ffi::OsStr) -> bool {
    arg == ARG || arg == zygote::ARG
}
/// The uid and gid a snippet runs as inside its namespace.
pub const SANDBOX_UID: u32 = 1000;
/// What that uid is outside when mirror runs as root: `nobody`.
pub const OUTSIDE_UID_WHEN_ROOT: u32 = 65534;

/// What the monitor needs besides the program and its arguments (which follow `--`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Spec {
    /// The snippet's folder: a path inside the jail's private tmpfs (so nothing the snippet
    /// writes reaches the host disk); on the host it only receives what `keep` copies back.
    pub workdir: PathBuf,
    /// An empty host folder the new root is assembled on (private to the jail's mounts).
    pub base: PathBuf,
    /// Files copied into the snippet's folder: (source on the host, name inside).
    pub files: Vec<(PathBuf, String)>,
    /// Symlinks made in the snippet's folder: (target, name inside), the target in a
    /// folder of `read_only`.
    #[serde(default)]
    pub links: Vec<(PathBuf, String)>,
    /// Paths bound read-only at the same place inside: interpreter, venv, SDK, build.
    pub read_only: Vec<PathBuf>,
    /// Size of the private tmpfs (`/tmp` and the snippet's folder): the disk quota.
    pub disk_bytes: u64,
    /// Make a network namespace of its own (when mirror has no shared one to join).
    pub own_network: bool,
    /// With a network of its own: the host loopback port of mirror's fixture server, which
    /// the snippet then reaches at the same address inside (the init listens there, the
    /// monitor outside forwards each connection to the server, and to nothing else).
    #[serde(default)]
    pub forward_port: Option<u16>,
    /// Apply Landlock (filesystem rules and signal / abstract-socket scoping) inside.
    pub landlock: bool,
    /// `--keep-temp`: copy what the snippet left in its folder back to `workdir` on the
    /// host when it ends (its tmpfs goes with the jail).
    pub keep: bool,
    /// The descriptor mirror reads the [`Status`] line from.
    pub status_fd: i32,
}

/// How the snippet ended, as the init saw it: one line on the status pipe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Ended(Ended),
    /// The jail could not be built (the message names the step and the error).
    SetupFailed(String),
}

/// A snippet that ran: how it ended and what the init found afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ended {
    pub exit: Exit,
    /// Processes of the snippet were still running when it exited (they were killed).
    pub leaked: bool,
    /// Its scratch tmpfs had no block left: the evidence for a disk limit verdict.
    pub disk_full: bool,
    /// Something of the jail's own went wrong after the snippet ended (`--keep-temp` could
    /// not copy its folder back): for mirror to print, never mixed into the snippet's
    /// output.
    #[serde(default)]
    pub warning: Option<String>,
}

/// An exit code, or the signal that killed the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Exit {
    Code(i32),
    Signal(i32),
}

impl Status {
    /// Reads the status the jail wrote, if any (none when it was killed first).
    pub fn parse(bytes: &[u8]) -> Option<Status> {
        let line = bytes.split(|b| *b == b'\n').find(|l| !l.is_empty())?;
        serde_json::from_slice(line).ok()
    }

    pub fn line(&self) -> String {
        let mut s = serde_json::to_string(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// A pipe whose ends are closed on exec, both blocking (a snippet's stdio must stay so: a
/// non-blocking stdin fails reads that come before the data; tokio makes its own end
/// non-blocking).
pub fn pipe() -> std::io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0i32; 2];
    // SAFETY: pipe2 fills two new descriptors that we then own.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: both were just created.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// The pipe the jail reports its [`Status`] on: close-on-exec both ends (the write end is
/// let through to the monitor alone), the read end non-blocking, since it is read only
/// after the monitor has exited.
pub fn status_pipe() -> std::io::Result<(OwnedFd, OwnedFd)> {
    let (read, write) = pipe()?;
    // SAFETY: O_NONBLOCK on a descriptor we own.
    unsafe { libc::fcntl(read.as_raw_fd(), libc::F_SETFL, libc::O_NONBLOCK) };
    Ok((read, write))
}

/// What the jail wrote on its status pipe, once its monitor has exited.
pub fn read_status(read: &OwnedFd) -> Option<Status> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        // SAFETY: reading into a local buffer from a non-blocking pipe we own.
        let n = unsafe { libc::read(read.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            break;
        }
        out.extend_from_slice(&buf[..n as usize]);
    }
    Status::parse(&out)
}

/// Builds one jail around `/bin/true` to learn whether this machine allows it (user
/// namespaces may be off or restricted, e.g. by AppArmor on Ubuntu 24.04); the error says
/// which step the kernel refused.
pub fn probe() -> Result<(), String> {
    use std::os::unix::process::CommandExt;

    let dir = tempfile::Builder::new()
        .prefix("mirror-probe-")
        .tempdir()
        .map_err(|e| format!("no temp folder for the probe: {e}"))?;
    let (workdir, base) = (dir.path().join("work"), dir.path().join("root"));
    for d in [&workdir, &base] {
        std::fs::create_dir(d).map_err(|e| e.to_string())?;
    }
    let (read, write) = status_pipe().map_err(|e| e.to_string())?;
    let spec = Spec {
        workdir,
        base,
        files: Vec::new(),
        links: Vec::new(),
        read_only: Vec::new(),
        disk_bytes: 1 << 20,
        own_network: true,
        forward_port: None,
        landlock: false,
        keep: false,
        status_fd: write.as_raw_fd(),
    };
    let status_fd = spec.status_fd;
    let mut cmd = std::process::Command::new(super::monitor_exe().map_err(|e| e.to_string())?);
    cmd.arg(ARG)
        .arg(serde_json::to_string(&spec).map_err(|e| e.to_string())?)
        .args(["--", "/bin/true"])
        .env_clear()
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    // SAFETY: one fcntl on a descriptor prepared before the fork.
    unsafe {
        cmd.pre_exec(move || {
            if libc::fcntl(status_fd, libc::F_SETFD, 0) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().map_err(|e| e.to_string())?;
    drop(write);
    let _ = child.wait();
    match read_status(&read) {
        Some(Status::Ended(Ended {
            exit: Exit::Code(0),
            ..
        })) => Ok(()),
        Some(Status::SetupFailed(why)) => Err(format!("the kernel refused the jail ({why})")),
        Some(other) => Err(format!("the probe jail ended as {other:?}")),
        None => Err("the probe jail ended without a status".into()),
    }
}

/// [`probe`], remembered in `file` (in mirror's cache): building the probe jail costs about
/// 8 ms before the first snippet of every run can start (BENCHMARKS.md). A success is
/// written under a key of everything that decides it ([`probe_key`]); a run with the same
/// key skips the probe, any change probes again, and a failure is never remembered.
/// `mirror doctor` always probes.
pub fn probe_remembered(file: &Path) -> Result<(), String> {
    remembered(file, &probe_key(), probe)
}

/// `check`'s success, remembered in `file` under `key`: a file holding `key` answers
/// without running `check`; otherwise `check` runs and only its success is written.
fn remembered(
    file: &Path,
    key: &str,
    check: impl FnOnce() -> Result<(), String>,
) -> Result<(), String> {
    if std::fs::read_to_string(file).is_ok_and(|k| k == key) {
        return Ok(());
    }
    check()?;
    // Best effort, written whole (a half-written key never matches).
    let tmp = file.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, key).is_ok() && std::fs::rename(&tmp, file).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    Ok(())
}

/// What decides whether a jail can be built here: mirror's build and its jail binary, the
/// user, the boot and the kernel, the sysctls that restrict user namespaces, the
/// namespaces, cgroup, seccomp filters and capabilities mirror runs in (another container
/// on the same kernel has other ones).
pub fn probe_key() -> String {
    use std::fmt::Write as _;
    let mut key = format!("mirror {}\n", env!("CARGO_PKG_VERSION"));
    if let Some(m) = super::monitor_exe()
        .ok()
        .and_then(|exe| Some((exe.clone(), std::fs::metadata(exe).ok()?)))
    {
        let mtime = m.1.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        let _ = writeln!(key, "jail {} {} {:?}", m.0.display(), m.1.len(), mtime);
    }
    // SAFETY: plain id queries.
    let _ = writeln!(key, "uid {} {}", unsafe { libc::geteuid() }, unsafe { libc::getegid() });
    for f in [
        "/proc/sys/kernel/random/boot_id",
        "/proc/sys/kernel/osrelease",
        "/proc/sys/user/max_user_namespaces",
        "/proc/sys/user/max_mnt_namespaces",
        "/proc/sys/user/max_pid_namespaces",
        "/proc/sys/kernel/unprivileged_userns_clone",
        "/proc/sys/kernel/apparmor_restrict_unprivileged_userns",
        "/proc/sys/kernel/apparmor_restrict_unprivileged_unconfined",
        "/proc/self/cgroup",
    ] {
        let text = std::fs::read_to_string(f).unwrap_or_else(|_| "-".into());
        let _ = writeln!(key, "{f} {}", text.trim());
    }
    for ns in ["user", "mnt", "pid", "net", "ipc", "uts", "cgroup"] {
        let link = std::fs::read_link(format!("/proc/self/ns/{ns}"));
        let _ = writeln!(key, "ns {ns} {:?}", link.ok());
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    for line in status.lines().filter(|l| {
        ["Seccomp", "NoNewPrivs", "CapEff", "CapBnd", "CapPrm"]
            .iter()
            .any(|p| l.starts_with(p))
    }) {
        let _ = writeln!(key, "{line}");
    }
    key
}

/// Whether a path lies under one of `roots` (so binding it again is useless).
pub(crate) fn covered(path: &Path, roots: &[PathBuf]) -> bool {
    roots.iter().any(|r| path.starts_with(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_round_trips_as_one_line() {
        let s = Status::Ended(Ended {
            exit: Exit::Signal(9),
            leaked: true,
            disk_full: false,
            warning: Some("keeping /tmp/x: No space left".into()),
        });
        let line = s.line();
        assert_eq!(line.matches('\n').count(), 1);
        assert_eq!(Status::parse(line.as_bytes()), Some(s));
        let e = Status::SetupFailed("mount /usr: Permission denied\nsecond".into());
        assert_eq!(Status::parse(e.line().as_bytes()), Some(e));
        assert_eq!(Status::parse(b""), None);
        assert_eq!(Status::parse(b"garbage\n"), None);
    }

    #[test]
    fn the_probe_key_is_stable_and_names_what_decides_the_jail() {
        let key = probe_key();
        assert_eq!(key, probe_key());
        for part in ["boot_id", "osrelease", "max_user_namespaces", "ns user", "uid "] {
            assert!(key.contains(part), "{part} missing from {key}");
        }
    }

    #[test]
    fn a_remembered_probe_needs_the_same_key_and_a_failure_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("jail-probe");
        let runs = std::cell::Cell::new(0);
        let ok = || {
            runs.set(runs.get() + 1);
            Ok(())
        };
        // Nothing remembered: the probe runs, and its success is written under the key.
        assert_eq!(remembered(&file, "key A", ok), Ok(()));
        assert_eq!((runs.get(), std::fs::read_to_string(&file).unwrap()), (1, "key A".into()));
        // The same key: the answer comes from the file, without a probe.
        assert_eq!(remembered(&file, "key A", ok), Ok(()));
        assert_eq!(runs.get(), 1);
        // Another key (another boot, kernel, build, namespace): the probe runs again; its
        // failure is the answer and is not written down.
        let failed = remembered(&file, "key B", || Err("refused".into()));
        assert_eq!(failed, Err("refused".into()));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "key A");
        // The real key, as a run computes it.
        std::fs::write(&file, probe_key()).unwrap();
        assert_eq!(probe_remembered(&file), Ok(()));
    }

    #[test]
    fn covered_paths() {
        let roots = vec![PathBuf::from("/usr")];
        assert!(covered(Path::new("/usr/share/dotnet"), &roots));
        assert!(!covered(Path::new("/usrx"), &roots));
        assert!(!covered(Path::new("/root/.pyenv"), &roots));
    }
}
