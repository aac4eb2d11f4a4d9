//! A jail kept for snippet after snippet ("house"): the init a jail server clones once per
//! slot and kind of snippet, with its namespaces made and its root assembled once, which
//! then starts each snippet it is handed, kills and reaps everything the snippet left, and
//! empties the scratch tmpfs before the next. A fresh jail per snippet cost its init about
//! 2 ms of CPU (namespaces, 42 mounts, `pivot_root`, and their teardown, which also kept a
//! kernel worker and an expedited RCU grace period busy beside the other snippets); on two
//! busy cores that was most of what separated a warm run from the bare-process floor
//! (BENCHMARKS.md).
//!
//! What a snippet sees is what a fresh jail shows it: a house serves one snippet at a
//! time, and before a snippet's status goes out every other process of the pid namespace
//! is killed (`kill(-1)` from its init reaches all of them) and reaped, so the next snippet
//! finds none; its own IPC namespace is made for each snippet (SysV objects and POSIX
//! queues cannot outlive it); `/tmp` (holding the snippet's folder) and `/dev/shm` are
//! emptied after each. The root is read-only, so nothing else is left to change. A house
//! is used only where a fresh jail would have had nothing more: no network of its own, no
//! `--keep-temp`, a folder under `/tmp`, and the same read-only paths, quota and Landlock
//! setting as the house was built with (each other set gets a house of its own; the
//! engine gives both sides of a run the same toolchain folders, so one house serves a
//! slot).
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::path::{Path, PathBuf};

use nix::sys::socket::SockType;

use super::fdpass;
use super::init::{clone_init, close_range, reap_all, release, report_on, wait_snippet};
use super::zygote::{Message, Request};
use super::{root, Spec, Status};

/// What decides the root a house builds: requests that agree on it share the house.
#[derive(Debug)]
struct Key {
    base: PathBuf,
    read_only: Vec<PathBuf>,
    disk_bytes: u64,
    landlock: bool,
}

impl Key {
    fn of(spec: &Spec) -> Key {
        Key {
            base: spec.base.clone(),
            read_only: spec.read_only.clone(),
            disk_bytes: spec.disk_bytes,
            landlock: spec.landlock,
        }
    }

    /// Whether a house built for this key serves `spec` (no copy made per request).
    fn serves(&self, spec: &Spec) -> bool {
        self.base == spec.base
            && self.read_only == spec.read_only
            && self.disk_bytes == spec.disk_bytes
            && self.landlock == spec.landlock
    }
}

/// The most houses a jail server keeps: one serves a whole run (every side gets the same
/// paths and limits); the rest bounds what a server holds for requests that differ.
const MAX_HOUSES: usize = 4;

/// A jail server's handle on one house.
pub(super) struct House {
    key: Key,
    pid: i32,
    socket: OwnedFd,
}

/// Whether `request` may run in a house: a fresh jail would give it nothing a house does
/// not, and its files' descriptors fit in one message beside its stdio and status pipe.
pub(super) fn fits(request: &Request) -> bool {
    let spec = &request.spec;
    !spec.own_network
        && spec.forward_port.is_none()
        && !spec.keep
        && spec.workdir.starts_with("/tmp")
        && spec.workdir != Path::new("/tmp")
        && 4 + spec.files.len() <= fdpass::MAX_FDS
}

/// The jail server's houses, and the way a request reaches one.
#[derive(Default)]
pub(super) struct Houses {
    open: Vec<House>,
}

impl Houses {
    /// Hands `message` (the request as mirror sent it, which the house reads again) with
    /// its stdio and status descriptors to the house for its kind, made first if there is
    /// none or the one there was has died; returns the house's pid (also its process
    /// group: killing it kills the snippet with everything in its namespaces). The files
    /// to copy into the snippet's folder are opened here, on the host, and handed over
    /// open (the house's root no longer shows them). None when a file cannot be opened:
    /// a fresh jail then tries, and says why on the status pipe. Fails when no house can
    /// be made.
    pub fn hand(
        &mut self,
        message: &[u8],
        request: &Request,
        stdio: &[OwnedFd],
        cgroup: Option<RawFd>,
    ) -> io::Result<Option<i32>> {
        let spec = &request.spec;
        let mut fds: Vec<RawFd> = stdio[..4].iter().map(AsRawFd::as_raw_fd).collect();
        let mut files = Vec::with_capacity(request.spec.files.len());
        for (source, _) in &request.spec.files {
            match std::fs::File::open(source) {
                Ok(f) => files.push(f),
                // A fresh jail copies it, and says why it could not.
                Err(_) => return Ok(None),
            }
        }
        fds.extend(files.iter().map(AsRawFd::as_raw_fd));
        // A house that died (killed with a snippet that ran out of time) has its end of
        // the socket closed: the send fails and a new one is made.
        for _ in 0..2 {
            let house = match self.open.iter().position(|h| h.key.serves(spec)) {
                Some(i) => &self.open[i],
                None => {
                    if self.open.len() >= MAX_HOUSES {
                        self.open.remove(0);
                    }
                    let made = open(spec, cgroup)?;
                    self.open.push(made);
                    self.open.last().expect("just pushed")
                }
            };
            match fdpass::send(&house.socket, message, &fds) {
                Ok(()) => return Ok(Some(house.pid)),
                Err(_) => self.open.retain(|h| !h.key.serves(spec)),
            }
        }
        Err(io::Error::other("no house took the snippet"))
    }
}

impl Drop for House {
    fn drop(&mut self) {
        // SAFETY: our own child; it is killed with everything in its namespaces.
        unsafe { libc::kill(self.pid, libc::SIGKILL) };
    }
}

/// Clones a house for requests like `spec` into its namespaces (born in the v2 folder
/// `cgroup` when given), writes its id maps and lets it build its root.
fn open(spec: &Spec, cgroup: Option<RawFd>) -> io::Result<House> {
    let (ours, theirs) = fdpass::pair(SockType::SeqPacket)?;
    let (go_read, go_write) = super::pipe()?;
    let (ours_raw, theirs_raw) = (ours.as_raw_fd(), theirs.as_raw_fd());
    let (go_r, go_w) = (go_read.as_raw_fd(), go_write.as_raw_fd());
    let pid = clone_init(false, cgroup, || {
        // SAFETY: renumbering our own descriptors in the fresh child: the socket to 3, the
        // go pipe to 4 (by way of numbers above both, so neither is overwritten), then
        // nothing else of the server's stays open.
        unsafe {
            let high = 4 + theirs_raw.max(go_r).max(ours_raw).max(go_w);
            let s = libc::fcntl(theirs_raw, libc::F_DUPFD_CLOEXEC, high);
            let g = libc::fcntl(go_r, libc::F_DUPFD_CLOEXEC, high);
            if s < 0 || g < 0 || libc::dup3(s, 3, libc::O_CLOEXEC) < 0 {
                return 125;
            }
            if libc::dup3(g, 4, libc::O_CLOEXEC) < 0 {
                return 125;
            }
        }
        close_range(5, i32::MAX);
        // SAFETY: fd 3 is the socket, now ours alone.
        let socket = unsafe { OwnedFd::from_raw_fd(3) };
        serve(socket, 4)
    })?;
    drop((theirs, go_read));
    release(pid, go_w)?;
    drop(go_write);
    Ok(House {
        key: Key::of(spec),
        pid,
        socket: ours,
    })
}

/// The house's life, as pid 1 of its namespaces: waits to be released, builds the root
/// from its first request, then serves requests until the server's end closes.
fn serve(socket: OwnedFd, go: RawFd) -> i32 {
    // SAFETY: plain syscalls on our own process and descriptors.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0);
        // The server ignores SIGCHLD (its children are reaped by the kernel); here each
        // snippet's end must be waited for.
        libc::signal(libc::SIGCHLD, libc::SIG_DFL);
        let mut b = 0u8;
        if libc::read(go, (&mut b as *mut u8).cast(), 1) != 1 {
            libc::_exit(125);
        }
        libc::close(go);
        // A process group to kill it by (mirror kills a snippet out of time this way).
        libc::setsid();
        libc::sethostname(c"mirror".as_ptr(), 6);
    }
    let mut buf = vec![0u8; 1 << 20];
    let mut built: Option<io::Result<()>> = None;
    loop {
        let (n, fds) = match fdpass::receive(&socket, &mut buf) {
            Ok((0, _)) | Err(_) => return 0,
            Ok(got) => got,
        };
        let Ok(Message::Jail(request)) = serde_json::from_slice::<Message<Box<Request>>>(&buf[..n])
        else {
            continue;
        };
        if fds.len() != 4 + request.spec.files.len() {
            if let Some(status) = fds.get(3) {
                report_on(status.as_raw_fd(), &Status::SetupFailed("a house got the wrong descriptors".into()));
            }
            continue;
        }
        let ready = built.get_or_insert_with(|| root::build_for_house(&request.spec));
        let mut fds = fds.into_iter();
        let stdio: Vec<OwnedFd> = fds.by_ref().take(3).collect();
        let status = fds.next().expect("counted above");
        if let Err(e) = ready {
            report_on(status.as_raw_fd(), &Status::SetupFailed(e.to_string()));
            continue;
        }
        let mut said = match one_snippet(&request, stdio, fds.collect(), status.as_raw_fd()) {
            Ok(ended) => Status::Ended(ended),
            Err(e) => {
                // Whatever of it had started is gone before the word goes out.
                reap_all();
                Status::SetupFailed(e.to_string())
            }
        };
        // Emptied before the word goes out: mirror hands this slot its next snippet only
        // once it has the word, so no request can wait here for a house that retires.
        if let Err(e) = empty("/tmp").and_then(|_| empty("/dev/shm")) {
            // What cannot be emptied (a tree deeper than a path can name) is not handed on:
            // the socket closes first, so the next request finds this house gone and gets
            // a new one.
            drop(socket);
            if let Status::Ended(ended) = &mut said {
                ended.warning = Some(format!(
                    "the jail's /tmp could not be emptied after the snippet ({e}); the jail was not used again"
                ));
            }
            report_on(status.as_raw_fd(), &said);
            return 0;
        }
        report_on(status.as_raw_fd(), &said);
    }
}

/// Runs one snippet: its folder with its files, its start, its end, and everything it
/// left killed and reaped, given its stdin, stdout and stderr, one open file per
/// `request.spec.files`, and its status pipe (where its start says why it failed).
fn one_snippet(
    request: &Request,
    stdio: Vec<OwnedFd>,
    files: Vec<OwnedFd>,
    status: RawFd,
) -> io::Result<super::Ended> {
    let spec = &request.spec;
    std::fs::create_dir_all(&spec.workdir).map_err(|e| {
        io::Error::new(e.kind(), format!("mkdir {}: {e}", spec.workdir.display()))
    })?;
    let sources = files.into_iter().map(std::fs::File::from).collect();
    root::fill_folder(&spec.workdir, spec, sources)?;

    let takes = super::init::Takes {
        stdio: [stdio[0].as_raw_fd(), stdio[1].as_raw_fd(), stdio[2].as_raw_fd()],
        status,
        rlimits: &request.rlimits,
    };
    let child = super::init::spawn_snippet(spec, &request.program, Some(&request.env), Some(&takes))?;
    // The snippet has the stdio now: the house keeps no copy, so the pipes end with it.
    drop(stdio);
    let (exit, leaked) = wait_snippet(child)?;
    // Nothing of it may run on: every process of the namespace is killed and reaped
    // before the status goes out, and the next snippet finds none.
    reap_all();
    Ok(super::Ended {
        exit,
        leaked,
        disk_full: root::is_full(&spec.workdir),
        warning: None,
    })
}

/// Removes everything in the folder `dir` (not the folder) that is on its filesystem: a
/// read-only bind the root put there (a cache under `/tmp`) stays, with the folders
/// leading to it. Symlinks are removed, never followed.
fn empty(dir: &str) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let dev = std::fs::symlink_metadata(dir)?.dev();
    empty_on(Path::new(dir), dev).map(|_| ())
}

/// Empties `dir` of what is on the device `dev`; returns whether it is empty now.
fn empty_on(dir: &Path, dev: u64) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let mut all = true;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let meta = std::fs::symlink_metadata(&path)?;
        if meta.dev() != dev {
            all = false;
        } else if meta.is_dir() {
            if empty_on(&path, dev)? {
                std::fs::remove_dir(&path)?;
            } else {
                all = false;
            }
        } else {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(all)
}
