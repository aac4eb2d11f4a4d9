//! The minimal root a snippet sees, assembled by the jail's init on a tmpfs and entered
//! with `pivot_root`: read-only system folders and toolchain, generated `/etc` files, five
//! devices, a fresh `/proc`, and one private size-limited tmpfs for `/tmp` and the
//! snippet's folder. No host `/tmp`, `/run`, `/var`, `/home`, `/dev/pts` or `/sys`: no
//! socket files, terminals or secrets of the host are there to reach.
use std::ffi::CString;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};

use super::{covered, Spec, SANDBOX_UID};

/// System folders bound read-only (or recreated as the same symlink) when they exist.
const SYSTEM: &[&str] = &[
    "/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32",
];
/// Host `/etc` entries a runtime reads (dynamic loader, name service, TLS roots, time).
const ETC: &[&str] = &[
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/nsswitch.conf",
    "/etc/localtime",
    "/etc/ssl",
    "/etc/ca-certificates",
    "/etc/alternatives",
    "/etc/mime.types",
    "/etc/protocols",
    "/etc/services",
    "/etc/gai.conf",
    "/etc/host.conf",
];
const DEVICES: &[&str] = &["null", "zero", "full", "random", "urandom"];

/// An error that names the step that failed.
fn step(what: impl std::fmt::Display, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{what}: {e}"))
}

fn cstr(p: &Path) -> io::Result<CString> {
    CString::new(p.as_os_str().as_bytes()).map_err(|_| io::Error::other("NUL in a path"))
}

fn mount(
    src: Option<&Path>,
    dst: &Path,
    fstype: Option<&str>,
    flags: libc::c_ulong,
    data: Option<&str>,
) -> io::Result<()> {
    let src = src.map(cstr).transpose()?;
    let dst_c = cstr(dst)?;
    let fstype = fstype.map(|t| CString::new(t).unwrap());
    let data = data.map(|d| CString::new(d).unwrap());
    let ptr = |c: &Option<CString>| c.as_ref().map_or(std::ptr::null(), |c| c.as_ptr());
    // SAFETY: every pointer is a NUL-terminated string or null, as mount(2) takes.
    let r = unsafe {
        libc::mount(
            ptr(&src),
            dst_c.as_ptr(),
            ptr(&fstype),
            flags,
            ptr(&data).cast(),
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(step(
            format!("mount {}", dst.display()),
            io::Error::last_os_error(),
        ))
    }
}

fn statvfs(path: &Path) -> Option<libc::statvfs> {
    let c = cstr(path).ok()?;
    // SAFETY: statvfs fills the zeroed struct for a NUL-terminated path.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    (unsafe { libc::statvfs(c.as_ptr(), &mut st) } == 0).then_some(st)
}

/// Whether the filesystem holding `path` has no block left: the evidence for a disk limit
/// verdict (the scratch tmpfs is the only one a snippet can fill).
pub fn is_full(path: &Path) -> bool {
    statvfs(path).is_some_and(|st| st.f_bavail == 0)
}

/// The flags a read-only remount must keep: a user namespace may not clear the ones the
/// host mount has (nosuid, nodev, noexec, atime), so they are read back first.
fn locked_flags(path: &Path) -> libc::c_ulong {
    let Some(st) = statvfs(path) else { return 0 };
    let mut out = 0;
    for (st_flag, ms_flag) in [
        (libc::ST_NOSUID, libc::MS_NOSUID),
        (libc::ST_NODEV, libc::MS_NODEV),
        (libc::ST_NOEXEC, libc::MS_NOEXEC),
        (libc::ST_NOATIME, libc::MS_NOATIME),
        (libc::ST_NODIRATIME, libc::MS_NODIRATIME),
        (libc::ST_RELATIME, libc::MS_RELATIME),
    ] {
        if st.f_flag & st_flag != 0 {
            out |= ms_flag;
        }
    }
    out
}

/// A tmpfs at `dst` (always nosuid) with the given flags and options.
fn tmpfs(dst: &Path, flags: libc::c_ulong, options: &str) -> io::Result<()> {
    std::fs::create_dir_all(dst).map_err(|e| step(format!("mkdir {}", dst.display()), e))?;
    mount(
        Some(Path::new("tmpfs")),
        dst,
        Some("tmpfs"),
        libc::MS_NOSUID | flags,
        Some(options),
    )
}

/// Binds `src` read-only at `base/src` (same path inside).
fn bind_ro(base: &Path, src: &Path) -> io::Result<()> {
    let dst = inside(base, src);
    if src.is_dir() {
        std::fs::create_dir_all(&dst).map_err(|e| step(format!("mkdir {}", dst.display()), e))?;
    } else {
        if let Some(parent) = dst.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| step(format!("mkdir {}", parent.display()), e))?;
        }
        std::fs::write(&dst, b"").map_err(|e| step(format!("create {}", dst.display()), e))?;
    }
    // Not recursive: a mount below `src` stays out rather than coming in writable.
    mount(Some(src), &dst, None, libc::MS_BIND, None)?;
    let keep = locked_flags(&dst);
    mount(
        None,
        &dst,
        None,
        libc::MS_BIND | libc::MS_REMOUNT | libc::MS_RDONLY | libc::MS_NOSUID | keep,
        None,
    )
}

/// `base` joined with an absolute path.
fn inside(base: &Path, abs: &Path) -> PathBuf {
    base.join(abs.strip_prefix("/").unwrap_or(abs))
}

/// Host mounts no jail uses: kernel interfaces and terminals (with everything mounted
/// below them). Not `/dev/shm` or `/run/user`: a temp folder (TMPDIR) or a course may live
/// there.
const UNUSED_MOUNTS: &[&str] = &[
    "/sys",
    "/dev/pts",
    "/dev/mqueue",
    "/dev/hugepages",
    "/proc/sys/fs/binfmt_misc",
];

/// Makes every mount below `/` private to this process's mount namespace: nothing
/// mounted or unmounted here propagates back to the host.
fn private_tree() -> io::Result<()> {
    mount(
        None,
        Path::new("/"),
        None,
        libc::MS_REC | libc::MS_PRIVATE,
        None,
    )
}

/// Gives the jail server a mount namespace of its own without [`UNUSED_MOUNTS`]. Every
/// jail's mount namespace starts as a copy of the server's and is torn down after its
/// snippet, so each mount left out is one less to copy and to tear down per snippet (a
/// host with cgroup v1 has a dozen under `/sys`; the squashfs mounts of snaps stay, a
/// toolchain may live there). On this project's machine (21 mounts, 4 left) the saving is
/// within the noise of a run (BENCHMARKS.md). Fails without the right to (not root): the
/// server then keeps the host's namespace.
pub fn unshare_without_unused_mounts() -> io::Result<()> {
    // SAFETY: unshare on this single-threaded process.
    if unsafe { libc::unshare(libc::CLONE_NEWNS) } != 0 {
        return Err(step("unshare the mount namespace", io::Error::last_os_error()));
    }
    private_tree()?;
    for path in UNUSED_MOUNTS.iter().map(Path::new) {
        let c = cstr(path)?;
        // A path may be mounted over more than once (each umount takes the top one).
        // SAFETY: umount2 of a NUL-terminated path in this process's own namespace.
        for _ in 0..8 {
            if unsafe { libc::umount2(c.as_ptr(), libc::MNT_DETACH) } != 0 {
                break;
            }
        }
    }
    Ok(())
}

/// Builds the new root on `spec.base` and pivots into it. Runs in the init, as root of
/// the new user namespace, before the snippet is forked.
pub fn build(spec: &Spec) -> io::Result<()> {
    assemble(spec, &spec.workdir, true)
}

/// Builds a house's root (see `house`): as [`build`], for snippet after snippet, so the
/// snippet's folder is left empty (the house fills each snippet's with [`fill_folder`])
/// and the sandbox user's home in `/etc/passwd` is `/tmp` rather than one snippet's
/// folder (each snippet has its own in `HOME`).
pub fn build_for_house(spec: &Spec) -> io::Result<()> {
    assemble(spec, Path::new("/tmp"), false)
}

/// `fill`: copy the spec's files and make its links in the snippet's folder.
fn assemble(spec: &Spec, home: &Path, fill: bool) -> io::Result<()> {
    let base = spec.base.as_path();
    // Nothing mounted here may propagate back to the host.
    private_tree()?;
    tmpfs(base, libc::MS_NODEV, "mode=0755,size=4m")?;

    // The scratch tmpfs first: read-only binds under /tmp (a cache there) go on top of it.
    make_dev(base)?;
    make_scratch(spec, fill)?;

    let mut bound: Vec<PathBuf> = Vec::new();
    for s in SYSTEM.iter().map(Path::new) {
        match std::fs::symlink_metadata(s) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(s)?;
                symlink(&target, inside(base, s))
                    .map_err(|e| step(format!("symlink {}", s.display()), e))?;
            }
            Ok(m) if m.is_dir() => {
                bind_ro(base, s)?;
                bound.push(s.to_path_buf());
            }
            _ => {}
        }
    }
    for e in ETC.iter().map(Path::new).filter(|p| p.exists()) {
        bind_ro(base, e)?;
    }
    write_etc(base, home)?;
    for p in &spec.read_only {
        // A folder holding the snippet's own would hide it: never bound.
        if p.exists() && !covered(p, &bound) && !spec.workdir.starts_with(p) {
            bind_ro(base, p)?;
            bound.push(p.clone());
        }
    }

    // A fresh /proc for the new pid namespace; mounted while the host's is still visible
    // (the kernel refuses a proc mount in a user namespace otherwise).
    let proc_dir = base.join("proc");
    std::fs::create_dir_all(&proc_dir)?;
    mount(
        Some(Path::new("proc")),
        &proc_dir,
        Some("proc"),
        libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC,
        None,
    )?;

    pivot(base)?;
    // The assembled root itself is read-only; /tmp, the snippet's folder and /dev/shm stay
    // writable (their own mounts).
    mount(
        None,
        Path::new("/"),
        None,
        libc::MS_REMOUNT | libc::MS_BIND | libc::MS_RDONLY | libc::MS_NOSUID | libc::MS_NODEV,
        None,
    )
}

/// `/etc/passwd`, `group`, `hosts` and `hostname` of the sandbox, not the host's.
fn write_etc(base: &Path, home: &Path) -> io::Result<()> {
    let etc = base.join("etc");
    std::fs::create_dir_all(&etc)?;
    let uid = SANDBOX_UID;
    let files = [
        (
            "passwd",
            format!(
                "root:x:0:0:root:/root:/bin/sh\nsandbox:x:{uid}:{uid}:sandbox:{}:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
                home.display()
            ),
        ),
        (
            "group",
            format!("root:x:0:\nsandbox:x:{uid}:\nnogroup:x:65534:\n"),
        ),
        ("hosts", "127.0.0.1 localhost\n::1 localhost\n".to_string()),
        ("hostname", "mirror\n".to_string()),
    ];
    for (name, text) in files {
        std::fs::write(etc.join(name), text).map_err(|e| step(format!("write /etc/{name}"), e))?;
    }
    Ok(())
}

/// `/dev` with null, zero, full, random and urandom bound from the host, the usual
/// `/proc/self/fd` links, and a private `/dev/shm`. No tty, no pts, no disks.
fn make_dev(base: &Path) -> io::Result<()> {
    let dev = base.join("dev");
    tmpfs(&dev, libc::MS_NOEXEC, "mode=0755,size=64k")?;
    for d in DEVICES {
        let host = Path::new("/dev").join(d);
        let node = dev.join(d);
        std::fs::write(&node, b"").map_err(|e| step(format!("create /dev/{d}"), e))?;
        mount(Some(&host), &node, None, libc::MS_BIND, None)?;
    }
    for (name, target) in [
        ("fd", "/proc/self/fd"),
        ("stdin", "/proc/self/fd/0"),
        ("stdout", "/proc/self/fd/1"),
        ("stderr", "/proc/self/fd/2"),
    ] {
        symlink(target, dev.join(name))?;
    }
    tmpfs(&dev.join("shm"), libc::MS_NODEV, "mode=1777,size=16m")?;
    mount(
        None,
        &dev,
        None,
        libc::MS_REMOUNT | libc::MS_RDONLY | libc::MS_NOSUID | libc::MS_NOEXEC,
        Some("mode=0755,size=64k"),
    )
}

/// One private tmpfs of `disk_bytes` for `/tmp`; the snippet's folder is made inside it
/// (or gets a tmpfs of its own when it is not under `/tmp`), and with `fill` its files
/// are copied in straight from their sources (see [`fill_folder`]).
fn make_scratch(spec: &Spec, fill: bool) -> io::Result<()> {
    let base = spec.base.as_path();
    let opts = format!("mode=1777,size={}", spec.disk_bytes.max(1 << 20));
    tmpfs(&base.join("tmp"), libc::MS_NODEV, &opts)?;
    let work = inside(base, &spec.workdir);
    if spec.workdir.starts_with("/tmp") {
        std::fs::create_dir_all(&work).map_err(|e| step(format!("mkdir {}", work.display()), e))?;
    } else {
        tmpfs(&work, libc::MS_NODEV, &opts)?;
    }
    if !fill {
        return Ok(());
    }
    let mut sources = Vec::with_capacity(spec.files.len());
    for (source, _) in &spec.files {
        sources.push(
            std::fs::File::open(source)
                .map_err(|e| step(format!("copy {}", source.display()), e))?,
        );
    }
    fill_folder(&work, spec, sources)
}

/// Fills the snippet's folder `work` (made already): `sources`, open, one per
/// `spec.files`, copied in under their names and owned by the sandbox uid; `spec.links`
/// made; the folder the sandbox uid's alone. A fresh jail's init fills it before
/// `pivot_root`, a house after (its sources opened on the host by the jail server).
pub fn fill_folder(work: &Path, spec: &Spec, sources: Vec<std::fs::File>) -> io::Result<()> {
    let uid = SANDBOX_UID;
    for ((source, name), mut from) in spec.files.iter().zip(sources) {
        let to = work.join(name);
        let copy = |e| step(format!("copy {}", source.display()), e);
        let mut into = std::fs::File::create(&to).map_err(copy)?;
        io::copy(&mut from, &mut into).map_err(copy)?;
        // As `std::fs::copy` does: the source's permission bits come along.
        into.set_permissions(from.metadata()?.permissions())?;
        std::os::unix::fs::chown(&to, Some(uid), Some(uid))?;
    }
    for (target, name) in &spec.links {
        symlink(target, work.join(name)).map_err(|e| step(format!("link {name}"), e))?;
    }
    std::fs::set_permissions(work, std::fs::Permissions::from_mode(0o700))?;
    std::os::unix::fs::chown(work, Some(uid), Some(uid))
}

/// With `--keep-temp`: the host's side of the snippet's folder, held open across
/// `pivot_root` (close-on-exec, so the snippet never has it).
pub fn keep_handle(spec: &Spec) -> io::Result<Option<std::fs::File>> {
    if !spec.keep {
        return Ok(None);
    }
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_PATH | libc::O_DIRECTORY)
        .open(&spec.workdir)
        .map(Some)
        .map_err(|e| step(format!("open {}", spec.workdir.display()), e))
}

/// Copies what the snippet left in `workdir` to the host folder held by `keep` (through
/// its `/proc/self/fd` link, which reaches past the pivoted root). This process is root on
/// the host, so it is called only once every other process of the jail is gone (nothing
/// can swap a folder for a symlink mid-copy); symlinks are copied as links, never
/// followed; and no more than `budget` bytes of file content come back (the disk quota:
/// sparse files take no room in the jail but would on the host's disk). Returns a note
/// when files were left out.
pub fn keep_back(workdir: &Path, keep: &std::fs::File, budget: u64) -> io::Result<Option<String>> {
    use std::os::fd::AsRawFd;
    let host = PathBuf::from(format!("/proc/self/fd/{}", keep.as_raw_fd()));
    let mut left = Left {
        bytes: budget,
        skipped: 0,
    };
    copy_tree(workdir, &host, &mut left)?;
    Ok((left.skipped > 0).then(|| {
        format!(
            "{} file(s) not kept: together they were larger than the disk quota ({budget} bytes)",
            left.skipped
        )
    }))
}

/// What a copy-back may still write.
struct Left {
    bytes: u64,
    skipped: usize,
}

fn copy_tree(from: &Path, to: &Path, left: &mut Left) -> io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            std::fs::create_dir_all(&dst)?;
            copy_tree(&src, &dst, left)?;
        } else if kind.is_symlink() {
            let _ = symlink(std::fs::read_link(&src)?, &dst);
        } else if kind.is_file() {
            let len = entry.metadata()?.len();
            if len > left.bytes {
                left.skipped += 1;
                continue;
            }
            left.bytes -= len;
            std::fs::copy(&src, &dst)?;
        }
    }
    Ok(())
}

/// Enters `base` as `/` and detaches the host's root.
fn pivot(base: &Path) -> io::Result<()> {
    let old = base.join(".old");
    std::fs::create_dir_all(&old)?;
    let (new_c, old_c) = (cstr(base)?, cstr(&old)?);
    // SAFETY: pivot_root with two NUL-terminated paths; the rest are plain path syscalls.
    unsafe {
        if libc::syscall(libc::SYS_pivot_root, new_c.as_ptr(), old_c.as_ptr()) != 0 {
            return Err(step("pivot_root", io::Error::last_os_error()));
        }
        if libc::chdir(c"/".as_ptr()) != 0 {
            return Err(step("chdir /", io::Error::last_os_error()));
        }
        if libc::umount2(c"/.old".as_ptr(), libc::MNT_DETACH) != 0 {
            return Err(step("detach the host root", io::Error::last_os_error()));
        }
    }
    std::fs::remove_dir("/.old").map_err(|e| step("rmdir /.old", e))
}
