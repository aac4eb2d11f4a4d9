//! Phase 2, build: the two toolchains. Finding `python` and `dotnet` once per run, the
//! course's managed Python environment, and compiling every C# snippet to its own dll.
pub mod cache;
pub mod compile;
pub mod csharp;
pub mod dotnet;
pub mod nuget;
pub mod python;
pub mod requirements;
pub mod tool;

use std::path::{Path, PathBuf};

/// The user cache folder: `$MIRROR_CACHE_DIR`, else `$XDG_CACHE_HOME/mirror`, else `~/.cache/mirror`.
/// Always absolute, so that a path under it never reads as an option (`-x/...`).
pub fn cache_dir() -> PathBuf {
    let dir = if let Some(dir) = std::env::var_os("MIRROR_CACHE_DIR").filter(|d| !d.is_empty()) {
        PathBuf::from(dir)
    } else if let Some(dir) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        PathBuf::from(dir).join("mirror")
    } else {
        let home = std::env::var_os("HOME").map_or_else(std::env::temp_dir, PathBuf::from);
        home.join(".cache").join("mirror")
    };
    std::path::absolute(&dir).unwrap_or(dir)
}

pub use crate::digest::digest;

/// Looks a program up on PATH the way a shell would (a path with a `/` is taken as given).
pub fn which(program: &str) -> Option<PathBuf> {
    which::which(program).ok()
}

/// A temp folder (`.tmp-*`) beside the cache entry `dest`, in the same folder so that it
/// can be renamed into place; `what` names the entry in errors.
pub(crate) fn staging_beside(dest: &Path, what: &str) -> crate::error::Result<tempfile::TempDir> {
    use crate::error::Error;
    let parent = dest.parent().expect("a cache entry has a parent folder");
    std::fs::create_dir_all(parent)
        .map_err(|e| Error::io(format!("creating {}", parent.display()), e))?;
    tempfile::Builder::new()
        .prefix(".tmp-")
        .tempdir_in(parent)
        .map_err(|e| Error::io(format!("creating a temp folder for {what}"), e))
}

/// Makes the cache entry `dest` atomically: `fill` writes into a fresh temp folder beside
/// it, which is then renamed into place. Two `mirror` processes never see a half-made entry;
/// if another one wins the race, its copy is kept. `what` names the entry in errors.
pub fn make_entry(
    dest: &Path,
    what: &str,
    fill: impl FnOnce(&Path) -> crate::error::Result<()>,
) -> crate::error::Result<()> {
    let tmp = staging_beside(dest, what)?;
    fill(tmp.path())?;
    let tmp = tmp.keep();
    publish_dir(&tmp, dest)
        .map_err(|e| crate::error::Error::io(format!("moving {what} to {}", dest.display()), e))
}

/// Atomically moves a finished folder into place; if another process won the race, its
/// copy is kept and ours dropped.
pub(crate) fn publish_dir(tmp: &Path, dest: &Path) -> std::io::Result<()> {
    match std::fs::rename(tmp, dest) {
        Ok(()) => Ok(()),
        Err(_) if dest.exists() => {
            let _ = std::fs::remove_dir_all(tmp);
            Ok(())
        }
        Err(e) => Err(e),
    }
}
