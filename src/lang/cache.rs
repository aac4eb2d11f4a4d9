//! The compiled-snippet cache's integrity and size bound. Every entry carries a seal (the
//! SHA-256 of each of its files) checked before a run uses it, so a build changed after
//! it was made (by a snippet run without a sandbox, a truncated write) is never run: it is
//! compiled again. Entries are touched when used and the oldest are evicted once the folder
//! grows past its bound (`MIRROR_CACHE_MAX`, default 256M).
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

/// The file in every entry listing the SHA-256 of each of its other files.
pub const SEAL: &str = "mirror-seal.sha256";

/// The SHA-256 of a file. A file with several hard links (the package dlls placed beside
/// every snippet are links to one restored file) is hashed once per process: without
/// that, a warm run of a course whose snippets carry a 700 KB package would hash it once
/// per snippet.
fn hash_file(path: &Path) -> std::io::Result<String> {
    use std::os::unix::fs::MetadataExt;
    type Identity = (u64, u64, u64, i64, i64, i64, i64);
    static HASHED: std::sync::Mutex<BTreeMap<Identity, String>> =
        std::sync::Mutex::new(BTreeMap::new());
    let mut file = std::fs::File::open(path)?;
    let m = file.metadata()?;
    let id = (m.nlink() > 1).then(|| {
        let (ct, ctn) = (m.ctime(), m.ctime_nsec());
        (
            m.dev(),
            m.ino(),
            m.len(),
            m.mtime(),
            m.mtime_nsec(),
            ct,
            ctn,
        )
    });
    if let Some(hash) = id.and_then(|id| HASHED.lock().ok()?.get(&id).cloned()) {
        return Ok(hash);
    }
    let mut h = Sha256::new();
    std::io::copy(&mut file, &mut h)?;
    let hash: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    if let (Some(id), Ok(mut map)) = (id, HASHED.lock()) {
        map.insert(id, hash.clone());
    }
    Ok(hash)
}

/// The files of an entry folder (all but the seal), by name; anything that is not a plain
/// file (a folder, a symlink) is an error.
fn entry_files(dir: &Path) -> Result<BTreeMap<String, PathBuf>, String> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).map_err(|e| format!("cannot read it: {e}"))? {
        let entry = entry.map_err(|e| format!("cannot read it: {e}"))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == SEAL {
            continue;
        }
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            return Err(format!("{name} is not a plain file"));
        }
        files.insert(name, entry.path());
    }
    Ok(files)
}

/// Records the hash of every file of the entry folder `dir`; called on a finished build,
/// before it is published.
pub fn seal(dir: &Path) -> std::io::Result<()> {
    let files = entry_files(dir).map_err(std::io::Error::other)?;
    let mut text = String::new();
    for (name, path) in files {
        text.push_str(&format!("{}  {name}\n", hash_file(&path)?));
    }
    std::fs::write(dir.join(SEAL), text)
}

/// Checks the entry folder `dir` against its seal: every sealed file there and unchanged,
/// and no other file. Returns the entry's files, or what is wrong with it.
pub fn verify(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let text = std::fs::read_to_string(dir.join(SEAL)).map_err(|_| "it has no seal".to_string())?;
    let mut files = entry_files(dir)?;
    let mut checked = Vec::new();
    for line in text.lines() {
        let (hash, name) = line.split_once("  ").ok_or("its seal is damaged")?;
        let path = files
            .remove(name)
            .ok_or_else(|| format!("{name} is missing"))?;
        if hash_file(&path).map_err(|e| format!("{name}: {e}"))? != hash {
            return Err(format!("{name} changed"));
        }
        checked.push(path);
    }
    if let Some(extra) = files.keys().next() {
        return Err(format!("{extra} was added"));
    }
    if checked.is_empty() {
        return Err("it is empty".into());
    }
    Ok(checked)
}

/// Default bound on `cs/snippets`.
pub const DEFAULT_MAX: u64 = 256 << 20;

/// The bound from `MIRROR_CACHE_MAX` (e.g. `64M`), else the default.
pub fn max_bytes() -> u64 {
    std::env::var("MIRROR_CACHE_MAX")
        .ok()
        .and_then(|v| crate::config::parse_size(&v).ok())
        .unwrap_or(DEFAULT_MAX)
}

/// Marks an entry as just used (its age decides eviction).
pub fn touch(file: &Path) {
    if let Ok(f) = std::fs::File::options().append(true).open(file) {
        let _ = f.set_modified(SystemTime::now());
    }
}

/// The disk an entry takes: files it shares through hard links (the package dlls, linked
/// from the NuGet restore into every entry) take none of their own and count nothing, or
/// a course with a large package set would count each package once per snippet and have
/// its own entries evicted after every run.
fn size_of(dir: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.nlink() <= 1)
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// Entry folders (`<root>/<xx>/<key>/`) with their size and last use.
fn entries(root: &Path) -> Vec<(PathBuf, u64, SystemTime)> {
    let mut found = Vec::new();
    for shard in std::fs::read_dir(root).into_iter().flatten().flatten() {
        for entry in std::fs::read_dir(shard.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let path = entry.path();
            let used = std::fs::read_dir(&path)
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|f| f.metadata().ok()?.modified().ok())
                .max()
                .unwrap_or(SystemTime::UNIX_EPOCH);
            found.push((path.clone(), size_of(&path), used));
        }
    }
    found
}

/// Evicts the least recently used entries until the cache is under 80% of `max`, when it
/// is over `max`; entries used since `keep_since` (this run's) are never evicted. Returns
/// how many entries were removed. Called after a run, when no snippet of it is running;
/// another `mirror` that loses an entry compiles it again.
pub fn enforce(root: &Path, max: u64, keep_since: SystemTime) -> usize {
    let mut all: Vec<_> = entries(root);
    let mut total: u64 = all.iter().map(|e| e.1).sum();
    if total <= max {
        return 0;
    }
    all.sort_by_key(|e| e.2);
    let target = max / 10 * 8;
    let mut removed = 0;
    for (path, size, used) in all {
        if total <= target || used >= keep_since {
            break;
        }
        if std::fs::remove_dir_all(&path).is_ok() {
            total = total.saturating_sub(size);
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn hard_linked_package_files_take_no_room_of_their_own() {
        let dir = tempfile::tempdir().unwrap();
        let (restore, entry) = (dir.path().join("restore"), dir.path().join("entry"));
        std::fs::create_dir_all(&restore).unwrap();
        std::fs::create_dir_all(&entry).unwrap();
        std::fs::write(entry.join("snippet.dll"), [0u8; 1000]).unwrap();
        std::fs::write(restore.join("Package.dll"), [0u8; 50_000]).unwrap();
        std::fs::hard_link(restore.join("Package.dll"), entry.join("Package.dll")).unwrap();
        assert_eq!(size_of(&entry), 1000);
        std::fs::remove_file(restore.join("Package.dll")).unwrap();
        assert_eq!(size_of(&entry), 51_000, "a file linked nowhere else is the entry's own");
    }

    #[test]
    fn a_sealed_entry_verifies_until_a_file_changes_goes_or_comes() {
        let dir = tempfile::tempdir().unwrap();
        let entry = dir.path();
        std::fs::write(entry.join("snippet.dll"), b"MZ good").unwrap();
        std::fs::write(entry.join("Package.dll"), b"MZ pkg").unwrap();
        assert_eq!(verify(entry).unwrap_err(), "it has no seal");
        seal(entry).unwrap();
        assert_eq!(verify(entry).unwrap().len(), 2);
        // Touching (as a cache hit does) changes no content.
        touch(&entry.join("snippet.dll"));
        assert!(verify(entry).is_ok());

        std::fs::write(entry.join("snippet.dll"), b"MZ evil").unwrap();
        assert_eq!(verify(entry).unwrap_err(), "snippet.dll changed");
        std::fs::write(entry.join("snippet.dll"), b"MZ good").unwrap();
        std::fs::write(entry.join("Extra.dll"), b"MZ").unwrap();
        assert_eq!(verify(entry).unwrap_err(), "Extra.dll was added");
        std::fs::remove_file(entry.join("Extra.dll")).unwrap();
        std::fs::remove_file(entry.join("Package.dll")).unwrap();
        assert_eq!(verify(entry).unwrap_err(), "Package.dll is missing");
        // Truncated.
        std::fs::write(entry.join("Package.dll"), b"").unwrap();
        assert_eq!(verify(entry).unwrap_err(), "Package.dll changed");
    }

    #[test]
    fn oldest_entries_go_first_and_only_when_over_the_bound() {
        let dir = tempfile::tempdir().unwrap();
        let now = SystemTime::now();
        for (i, key) in ["aa11", "bb22", "cc33", "dd44"].iter().enumerate() {
            let entry = dir.path().join(&key[..2]).join(key);
            std::fs::create_dir_all(&entry).unwrap();
            let dll = entry.join("snippet.dll");
            std::fs::write(&dll, vec![0u8; 1000]).unwrap();
            let f = std::fs::File::options().append(true).open(&dll).unwrap();
            f.set_modified(now - Duration::from_secs(100 - i as u64 * 10))
                .unwrap();
        }
        // Nothing is protected: no entry was used after this instant.
        let protect_none = now + Duration::from_secs(3600);
        assert_eq!(enforce(dir.path(), 4000, protect_none), 0);
        // Touching the oldest makes it the newest.
        touch(&dir.path().join("aa/aa11/snippet.dll"));
        assert_eq!(enforce(dir.path(), 3000, protect_none), 2);
        assert!(dir.path().join("aa/aa11").exists());
        assert!(!dir.path().join("bb/bb22").exists());
        assert!(!dir.path().join("cc/cc33").exists());
        assert!(dir.path().join("dd/dd44").exists());
        // What this run used is kept even over the bound.
        assert_eq!(enforce(dir.path(), 1, now - Duration::from_secs(1)), 1);
        assert!(dir.path().join("aa/aa11").exists());
    }
}
