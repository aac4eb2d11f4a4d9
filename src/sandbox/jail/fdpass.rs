//! Descriptors handed from one process to another over a unix socket (SCM_RIGHTS, through
//! nix): mirror gives the zygote each snippet's pipes this way, and a jail with a network
//! of its own hands its fixture listener out to its monitor.
use std::io::{self, IoSlice, IoSliceMut};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

use nix::sys::socket::{
    recvmsg, sendmsg, socketpair, AddressFamily, ControlMessage, ControlMessageOwned, MsgFlags,
    SockFlag, SockType,
};

/// The most descriptors one message carries.
pub const MAX_FDS: usize = 16;

/// A connected pair of unix sockets, both close-on-exec. `SeqPacket` keeps message
/// boundaries (one request, one answer); `Stream` is enough for a single hand-over.
pub fn pair(kind: SockType) -> io::Result<(OwnedFd, OwnedFd)> {
    socketpair(AddressFamily::Unix, kind, None, SockFlag::SOCK_CLOEXEC).map_err(io::Error::from)
}

/// Sends `bytes` (never empty: an empty message reads as the end of the channel) with
/// `fds` attached.
pub fn send(socket: &impl AsRawFd, bytes: &[u8], fds: &[RawFd]) -> io::Result<()> {
    debug_assert!(!bytes.is_empty() && fds.len() <= MAX_FDS);
    let iov = [IoSlice::new(bytes)];
    let rights = [ControlMessage::ScmRights(fds)];
    let cmsgs: &[ControlMessage] = if fds.is_empty() { &[] } else { &rights };
    let sent = sendmsg::<()>(socket.as_raw_fd(), &iov, cmsgs, MsgFlags::empty(), None)?;
    if sent != bytes.len() {
        return Err(io::Error::other("a message was sent in part"));
    }
    Ok(())
}

/// Receives one message into `buf`: its length (0 when the other end is gone) and the
/// descriptors that came with it (close-on-exec, now ours).
pub fn receive(socket: &impl AsRawFd, buf: &mut [u8]) -> io::Result<(usize, Vec<OwnedFd>)> {
    let mut space = nix::cmsg_space!([RawFd; MAX_FDS]);
    let mut iov = [IoSliceMut::new(buf)];
    let msg = loop {
        match recvmsg::<()>(
            socket.as_raw_fd(),
            &mut iov,
            Some(&mut space),
            MsgFlags::MSG_CMSG_CLOEXEC,
        ) {
            Err(nix::errno::Errno::EINTR) => continue,
            other => break other?,
        }
    };
    let mut fds = Vec::new();
    for c in msg.cmsgs()? {
        if let ControlMessageOwned::ScmRights(raw) = c {
            // SAFETY: the kernel just installed these descriptors in this process for us.
            fds.extend(raw.into_iter().map(|fd| unsafe { OwnedFd::from_raw_fd(fd) }));
        }
    }
    if msg.flags.contains(MsgFlags::MSG_TRUNC) {
        return Err(io::Error::other("a message was longer than its buffer"));
    }
    Ok((msg.bytes, fds))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    #[test]
    fn a_descriptor_crosses_with_its_message() {
        let (a, b) = pair(SockType::SeqPacket).unwrap();
        let (mut r, w) = std::os::unix::net::UnixStream::pair().unwrap();
        send(&a, b"hello", &[w.as_raw_fd()]).unwrap();
        drop(w);
        let mut buf = [0u8; 64];
        let (n, fds) = receive(&b, &mut buf).unwrap();
        assert_eq!(&buf[..n], b"hello");
        assert_eq!(fds.len(), 1);
        let mut w2 = std::fs::File::from(fds.into_iter().next().unwrap());
        w2.write_all(b"through").unwrap();
        drop(w2);
        let mut got = String::new();
        r.read_to_string(&mut got).unwrap();
        assert_eq!(got, "through");
        drop(a);
        assert_eq!(receive(&b, &mut buf).unwrap().0, 0, "end of channel reads as 0");
    }
}
