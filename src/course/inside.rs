//! Every path a course names resolves inside the course (issue 16): a data file, example,
//! page or fixture reached through `..`, an absolute path or a symlink would otherwise hand
//! a snippet, the fixture server or a report files from elsewhere on the machine.
use std::path::{Path, PathBuf};

/// The course root with its symlinks resolved: what every course path must stay under.
#[derive(Debug, Clone)]
pub struct Fence {
    real_root: PathBuf,
}

impl Fence {
    /// Resolves `root` once; every later check compares real paths with it.
    pub fn new(root: &Path) -> std::io::Result<Fence> {
        Ok(Fence {
            real_root: std::fs::canonicalize(root)?,
        })
    }

    /// The real path of `path` (absolute, or relative to the current folder) when it exists
    /// and leaves the course; `None` when it stays inside or does not exist.
    pub fn escape(&self, path: &Path) -> Option<PathBuf> {
        std::fs::canonicalize(path)
            .ok()
            .filter(|real| !real.starts_with(&self.real_root))
    }

    /// The same check as an error message naming the file, for the harness's errors.
    pub fn check(&self, path: &Path) -> Result<(), String> {
        match self.escape(path) {
            None => Ok(()),
            Some(real) => Err(format!(
                "{} resolves to {}, outside the course {}: a course may only use its own files",
                path.display(),
                real.display(),
                self.real_root.display()
            )),
        }
    }
}

/// The real path of `path` when it exists and stays under `real_root` (already resolved):
/// `None` for anything whose resolved form leaves it (`..`, symlinks pointing out).
pub fn resolve_under(real_root: &Path, path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path)
        .ok()
        .filter(|real| real.starts_with(real_root))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symlinks_and_dots_out_of_the_course_are_caught() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "s").unwrap();
        let course = tempfile::tempdir().unwrap();
        let root = course.path();
        std::fs::create_dir(root.join("d")).unwrap();
        std::fs::write(root.join("d/ok.txt"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), root.join("d/link")).unwrap();
        std::fs::write(root.join("top.txt"), "t").unwrap();
        std::os::unix::fs::symlink(root.join("top.txt"), root.join("d/up")).unwrap();
        let fence = Fence::new(root).unwrap();
        assert_eq!(fence.escape(&root.join("d/ok.txt")), None);
        assert_eq!(fence.escape(&root.join("d/up")), None);
        assert_eq!(fence.escape(&root.join("d/missing")), None);
        assert!(fence.escape(&root.join("d/link")).is_some());
        assert!(fence.escape(&root.join("d/../..")).is_some());
        assert!(fence
            .check(&root.join("d/link"))
            .unwrap_err()
            .contains("outside the course"));

        let real = std::fs::canonicalize(root.join("d")).unwrap();
        assert!(resolve_under(&real, &real.join("ok.txt")).is_some());
        // Inside the course, but out of the served folder.
        assert!(resolve_under(&real, &real.join("up")).is_none());
        assert!(resolve_under(&real, &real.join("link")).is_none());
        assert!(resolve_under(&real, &real.join("../d/ok.txt")).is_some());
        assert!(resolve_under(&real, &real.join("../top.txt")).is_none());
    }
}
