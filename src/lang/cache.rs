//! The compiled-snippet cache's size bound: entries are touched when used and the oldest
//! are evicted once the folder grows past its bound (`MIRROR_CACHE_MAX`, default 256M).
use std::path::{Path, PathBuf};
use std::time::SystemTime;

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

fn size_of(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
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
