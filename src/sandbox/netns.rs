//! A network namespace for the run: only its own loopback exists inside, so snippets reach
//! nothing on the host or beyond. The fixture server's socket is bound inside it, so
//! snippets (which join it with `setns` before exec) can still reach that one server.
use std::fs::File;
use std::os::fd::{AsRawFd, OwnedFd};

/// A held network namespace.
#[derive(Debug)]
pub struct NetNs {
    fd: OwnedFd,
}

impl NetNs {
    /// Creates the namespace on a throwaway thread, brings its `lo` up and binds a TCP
    /// listener on 127.0.0.1 inside it (for the fixture server).
    pub fn create() -> std::io::Result<(NetNs, std::net::TcpListener)> {
        std::thread::spawn(|| -> std::io::Result<(NetNs, std::net::TcpListener)> {
            // SAFETY: unshare affects only this short-lived thread.
            if unsafe { libc::unshare(libc::CLONE_NEWNET) } != 0 {
                return Err(std::io::Error::last_os_error());
            }
            loopback_up()?;
            let fd: OwnedFd = File::open("/proc/thread-self/ns/net")?.into();
            let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
            Ok((NetNs { fd }, listener))
        })
        .join()
        .map_err(|_| std::io::Error::other("network namespace thread panicked"))?
    }

    pub fn fd(&self) -> i32 {
        self.fd.as_raw_fd()
    }
}

/// `ip link set lo up`, by ioctl.
pub(crate) fn loopback_up() -> std::io::Result<()> {
    // SAFETY: a plain datagram socket, ifreq zeroed then filled; fd closed below.
    unsafe {
        let sock = libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0);
        if sock < 0 {
            return Err(std::io::Error::last_os_error());
        }
        let mut req: libc::ifreq = std::mem::zeroed();
        for (dst, src) in req.ifr_name.iter_mut().zip(b"lo\0") {
            *dst = *src as libc::c_char;
        }
        let mut result = libc::ioctl(sock, libc::SIOCGIFFLAGS, &mut req);
        if result == 0 {
            req.ifr_ifru.ifru_flags |= (libc::IFF_UP | libc::IFF_RUNNING) as libc::c_short;
            result = libc::ioctl(sock, libc::SIOCSIFFLAGS, &req);
        }
        let err = std::io::Error::last_os_error();
        libc::close(sock);
        if result != 0 {
            return Err(err);
        }
    }
    Ok(())
}
