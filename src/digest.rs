//! One content hash for every key mirror derives: cache entries, venvs, NuGet sets and
//! `--partition` buckets. Its own module so that discovery (phase 1) and the toolchains
//! (phase 2) both read it downward.
use sha2::{Digest, Sha256};

/// Hex SHA-256 of the parts, each length-prefixed so that boundaries count.
pub fn digest<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_depends_on_boundaries() {
        assert_ne!(
            digest([b"ab".as_slice(), b"c"]),
            digest([b"a".as_slice(), b"bc"])
        );
        assert_eq!(digest([b"x".as_slice()]).len(), 64);
    }
}
