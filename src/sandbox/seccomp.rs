//! A small syscall filter for snippets (seccomp, as Docker's default profile and Flatpak
//! have): the kernel keyring is not namespaced (a key one snippet adds is listed, by name,
//! in `/proc/keys` of every process of the same host uid: other snippets, and the host's
//! own `nobody` processes), and io_uring is a large kernel surface that neither runtime
//! needs. Those calls fail with EPERM; a call of another ABI (32-bit, x32), whose numbers
//! differ, fails with ENOSYS; everything else is allowed. Namespaces, dropped capabilities
//! and Landlock already refuse the privileged calls (mount, bpf, perf, modules, clocks).
use std::io;

/// The calls the filter refuses.
pub const DENIED: &[(&str, libc::c_long)] = &[
    ("add_key", libc::SYS_add_key),
    ("request_key", libc::SYS_request_key),
    ("keyctl", libc::SYS_keyctl),
    ("io_uring_setup", libc::SYS_io_uring_setup),
    ("io_uring_enter", libc::SYS_io_uring_enter),
    ("io_uring_register", libc::SYS_io_uring_register),
];

#[cfg(target_arch = "x86_64")]
const ARCH: u32 = 0xC000_003E; // AUDIT_ARCH_X86_64
#[cfg(target_arch = "aarch64")]
const ARCH: u32 = 0xC000_00B7; // AUDIT_ARCH_AARCH64

// Classic BPF, as <linux/filter.h> and <linux/seccomp.h> spell it: BPF_LD|BPF_W|BPF_ABS,
// BPF_JMP|BPF_JEQ|BPF_K, BPF_JMP|BPF_JGE|BPF_K, BPF_RET|BPF_K.
const BPF_LD_W_ABS: u16 = 0x20;
const BPF_JEQ_K: u16 = 0x15;
const BPF_JGE_K: u16 = 0x35;
const BPF_RET_K: u16 = 0x06;
const RET_ALLOW: u32 = 0x7fff_0000;
const RET_ERRNO: u32 = 0x0005_0000;
/// Offsets in `struct seccomp_data`.
const NR: u32 = 0;
const ARCH_AT: u32 = 4;

fn stmt(code: u16, k: u32) -> libc::sock_filter {
    libc::sock_filter {
        code,
        jt: 0,
        jf: 0,
        k,
    }
}

fn jump(code: u16, k: u32, jt: u8, jf: u8) -> libc::sock_filter {
    libc::sock_filter { code, jt, jf, k }
}

/// The filter's program. Made before the snippet is started (the child only installs it).
pub fn program() -> Vec<libc::sock_filter> {
    let enosys = RET_ERRNO | libc::ENOSYS as u32;
    let mut p = vec![
        stmt(BPF_LD_W_ABS, ARCH_AT),
        jump(BPF_JEQ_K, ARCH, 1, 0),
        stmt(BPF_RET_K, enosys),
        stmt(BPF_LD_W_ABS, NR),
    ];
    if cfg!(target_arch = "x86_64") {
        // x32 calls carry this bit; their numbers are the native ones with it set.
        p.push(jump(BPF_JGE_K, 0x4000_0000, 0, 1));
        p.push(stmt(BPF_RET_K, enosys));
    }
    let n = DENIED.len();
    for (i, (_, nr)) in DENIED.iter().enumerate() {
        // Past the remaining comparisons and the allow, to the refusal.
        p.push(jump(BPF_JEQ_K, *nr as u32, (n - i) as u8, 0));
    }
    p.push(stmt(BPF_RET_K, RET_ALLOW));
    p.push(stmt(BPF_RET_K, RET_ERRNO | libc::EPERM as u32));
    p
}

/// Installs `program` on the calling thread (inherited by every child and kept across
/// exec). Needs `no_new_privs` (or CAP_SYS_ADMIN) first.
///
/// # Safety
/// Only syscalls; meant for the snippet's side of the fork, just before its exec.
pub unsafe fn install(program: &[libc::sock_filter]) -> io::Result<()> {
    let prog = libc::sock_fprog {
        len: program.len() as libc::c_ushort,
        filter: program.as_ptr().cast_mut(),
    };
    if libc::prctl(
        libc::PR_SET_SECCOMP,
        libc::SECCOMP_MODE_FILTER,
        &prog as *const libc::sock_fprog,
    ) != 0
    {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the filter's program as the kernel would, on one call.
    fn verdict(program: &[libc::sock_filter], arch: u32, nr: u32) -> u32 {
        let (mut acc, mut pc) = (0u32, 0usize);
        loop {
            let i = program[pc];
            match i.code {
                BPF_LD_W_ABS => acc = if i.k == ARCH_AT { arch } else { nr },
                BPF_JEQ_K | BPF_JGE_K => {
                    let taken = if i.code == BPF_JEQ_K {
                        acc == i.k
                    } else {
                        acc >= i.k
                    };
                    pc += if taken { i.jt } else { i.jf } as usize;
                }
                BPF_RET_K => return i.k,
                other => panic!("unexpected instruction {other:#x}"),
            }
            pc += 1;
        }
    }

    #[test]
    fn the_keyring_and_io_uring_are_refused_and_the_rest_allowed() {
        let p = program();
        for (name, nr) in DENIED {
            let v = verdict(&p, ARCH, *nr as u32);
            assert_eq!(v, RET_ERRNO | libc::EPERM as u32, "{name}");
        }
        for nr in [
            libc::SYS_read,
            libc::SYS_write,
            libc::SYS_openat,
            libc::SYS_clone,
            libc::SYS_execve,
            libc::SYS_exit_group,
            libc::SYS_epoll_pwait,
        ] {
            assert_eq!(verdict(&p, ARCH, nr as u32), RET_ALLOW, "{nr}");
        }
        // Another ABI is refused whatever its number means there.
        assert_eq!(
            verdict(&p, 0x4000_0003, libc::SYS_read as u32),
            RET_ERRNO | libc::ENOSYS as u32
        );
        if cfg!(target_arch = "x86_64") {
            assert_eq!(
                verdict(&p, ARCH, 0x4000_0000 | libc::SYS_keyctl as u32),
                RET_ERRNO | libc::ENOSYS as u32
            );
        }
        assert!(p.len() < 256, "jumps are u8");
    }
}
