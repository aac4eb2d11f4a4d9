//! Landlock: a snippet may write only inside its own temp folder and read only the system,
//! its interpreter and its compiled code (not the user's home). Raw syscalls, so that the
//! child's pre-exec step stays async-signal-safe; the ruleset is built before the fork.
use std::ffi::CString;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

const CREATE_RULESET_VERSION: u32 = 1;
const RULE_PATH_BENEATH: i32 = 1;

const EXECUTE: u64 = 1 << 0;
const WRITE_FILE: u64 = 1 << 1;
const READ_FILE: u64 = 1 << 2;
const READ_DIR: u64 = 1 << 3;
const IOCTL_DEV: u64 = 1 << 15;
const READ: u64 = EXECUTE | READ_FILE | READ_DIR;

#[repr(C)]
struct RulesetAttr {
    handled_access_fs: u64,
}

/// The ABI 6 form: network rights (unused here) and scoping.
#[repr(C)]
struct ScopedRulesetAttr {
    handled_access_fs: u64,
    handled_access_net: u64,
    scoped: u64,
}

/// ABI 6: no connecting to abstract unix sockets made outside the sandbox.
const SCOPE_ABSTRACT_UNIX_SOCKET: u64 = 1 << 0;
/// ABI 6: no signals to processes outside the sandbox.
const SCOPE_SIGNAL: u64 = 1 << 1;

#[repr(C, packed)]
struct PathBeneathAttr {
    allowed_access: u64,
    parent_fd: i32,
}

/// The kernel's Landlock ABI version, or the reason there is none.
pub fn abi() -> Result<i32, String> {
    // SAFETY: the documented version query (null attr, size 0).
    let v = unsafe {
        libc::syscall(
            libc::SYS_landlock_create_ruleset,
            std::ptr::null::<RulesetAttr>(),
            0usize,
            CREATE_RULESET_VERSION,
        )
    };
    if v < 0 {
        Err(format!(
            "the kernel refuses Landlock ({})",
            std::io::Error::last_os_error()
        ))
    } else {
        Ok(v as i32)
    }
}

/// Every filesystem right the given ABI knows.
fn all_rights(abi: i32) -> u64 {
    match abi {
        ..=0 => 0,
        1 => (1 << 13) - 1,
        2 => (1 << 14) - 1,
        3 | 4 => (1 << 15) - 1,
        _ => (1 << 16) - 1,
    }
}

/// System folders every snippet may read and execute from.
const SYSTEM_READ: &[&str] = &[
    "/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/etc", "/proc", "/sys", "/opt", "/dev",
];
/// Device files a program may open for writing.
const DEVICES: &[&str] = &[
    "/dev/null",
    "/dev/zero",
    "/dev/full",
    "/dev/tty",
    "/dev/urandom",
    "/dev/random",
];

/// A ruleset fd ready for `restrict_self` in the child.
pub struct Ruleset(OwnedFd);

impl Ruleset {
    /// Write anywhere in `dir`, read the system and `read_paths`, nothing else.
    pub fn for_job(dir: &Path, read_paths: &[PathBuf]) -> std::io::Result<Ruleset> {
        let abi = abi().map_err(std::io::Error::other)?;
        let handled = all_rights(abi);
        let attr = RulesetAttr {
            handled_access_fs: handled,
        };
        // SAFETY: attr is a valid, correctly sized struct (first field of the kernel's).
        let fd = unsafe {
            libc::syscall(
                libc::SYS_landlock_create_ruleset,
                &attr as *const RulesetAttr,
                std::mem::size_of::<RulesetAttr>(),
                0u32,
            )
        };
        if fd < 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: the syscall returned a new fd we now own.
        let ruleset = Ruleset(unsafe { OwnedFd::from_raw_fd(fd as i32) });
        for p in SYSTEM_READ
            .iter()
            .map(Path::new)
            .chain(read_paths.iter().map(PathBuf::as_path))
        {
            ruleset.allow(p, READ & handled);
        }
        for p in DEVICES {
            ruleset.allow(Path::new(p), (READ_FILE | WRITE_FILE | IOCTL_DEV) & handled);
        }
        ruleset.allow(dir, handled);
        Ok(ruleset)
    }

    pub fn fd(&self) -> i32 {
        self.0.as_raw_fd()
    }

    /// Adds one path rule; a path that does not exist is skipped.
    fn allow(&self, path: &Path, mut access: u64) {
        let Ok(c) = CString::new(path.as_os_str().as_bytes()) else {
            return;
        };
        // SAFETY: O_PATH open of a NUL-terminated path.
        let fd = unsafe { libc::open(c.as_ptr(), libc::O_PATH | libc::O_CLOEXEC) };
        if fd < 0 {
            return;
        }
        // SAFETY: fd was just opened by us.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
        if !path.is_dir() {
            // Only file rights may be granted on a file.
            access &= EXECUTE | WRITE_FILE | READ_FILE | (1 << 14) | IOCTL_DEV;
        }
        let rule = PathBeneathAttr {
            allowed_access: access,
            parent_fd: fd.as_raw_fd(),
        };
        // SAFETY: rule is a valid path-beneath attribute; errors leave the path unallowed.
        unsafe {
            libc::syscall(
                libc::SYS_landlock_add_rule,
                self.0.as_raw_fd(),
                RULE_PATH_BENEATH,
                &rule as *const PathBeneathAttr,
                0u32,
            );
        }
    }
}

/// Inside the jail (after `pivot_root`): read the whole minimal root, write only the
/// snippet's folder, `/tmp` and `/dev/shm`, and, where the kernel has Landlock ABI 6,
/// signal and reach abstract sockets of nothing outside this sandbox. Runs in the jail's
/// single-threaded snippet process, so it may allocate.
pub fn restrict_jail(workdir: &Path) -> std::io::Result<()> {
    let abi = abi().map_err(std::io::Error::other)?;
    let handled = all_rights(abi);
    let scoped = if abi >= 6 {
        SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL
    } else {
        0
    };
    let attr = ScopedRulesetAttr {
        handled_access_fs: handled,
        handled_access_net: 0,
        scoped,
    };
    let size = if abi >= 6 {
        std::mem::size_of::<ScopedRulesetAttr>()
    } else {
        std::mem::size_of::<RulesetAttr>()
    };
    // SAFETY: attr is a valid struct of at least `size` bytes (its prefix for old ABIs).
    let fd = unsafe {
        libc::syscall(
            libc::SYS_landlock_create_ruleset,
            &attr as *const ScopedRulesetAttr,
            size,
            0u32,
        )
    };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: the syscall returned a new fd we now own.
    let ruleset = Ruleset(unsafe { OwnedFd::from_raw_fd(fd as i32) });
    ruleset.allow(Path::new("/"), READ & handled);
    for p in DEVICES {
        ruleset.allow(Path::new(p), (READ_FILE | WRITE_FILE | IOCTL_DEV) & handled);
    }
    for p in [workdir, Path::new("/tmp"), Path::new("/dev/shm")] {
        ruleset.allow(p, handled);
    }
    restrict_self(ruleset.fd())
}

/// Called in the child after fork: no new privileges, then enforce the ruleset.
/// Only raw syscalls: async-signal-safe.
pub fn restrict_self(fd: i32) -> std::io::Result<()> {
    // SAFETY: plain syscalls with integer arguments.
    unsafe {
        if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        if libc::syscall(libc::SYS_landlock_restrict_self, fd, 0u32) != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}
