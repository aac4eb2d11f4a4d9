//! Phase 1, discover: what a course is (lessons, pairs, orphans) as plain data.
//! Nothing here starts a process; everything later takes a `Course` and its `Pair`s.
pub mod discover;
pub mod filter;
pub mod inside;
pub mod manifest;

use std::path::{Path, PathBuf};

pub use discover::{discover, find_root};
pub use filter::Selection;
pub use manifest::{ExpectExit, Fixture, PairSection};

/// A course on disk: its lessons in number order.
#[derive(Debug, Clone)]
pub struct Course {
    pub root: PathBuf,
    pub title: Option<String>,
    /// Default timeout from `[course]`.
    pub timeout: Option<std::time::Duration>,
    /// Disk quota per side from `[course]`.
    pub disk: Option<u64>,
    /// NuGet packages the C# side may use.
    pub packages: std::collections::BTreeMap<String, String>,
    pub lessons: Vec<Lesson>,
    /// Golden output files found (`harness/expected/<lesson>/<stem>.out`), as (lesson
    /// folder, stem), sorted; whether a pair owns each is for `compare::golden` to say.
    pub golden: Vec<(String, String)>,
}

#[cfg(test)]
impl Course {
    /// A course of `lessons` under `root`, with no manifest settings and no golden files
    /// (unit tests change what they need with `..Course::of(..)`).
    pub fn of(root: impl Into<PathBuf>, lessons: Vec<Lesson>) -> Course {
        Course {
            root: root.into(),
            title: None,
            timeout: None,
            disk: None,
            packages: Default::default(),
            lessons,
            golden: Vec::new(),
        }
    }
}

/// One `NN-slug` folder (in either tree).
#[derive(Debug, Clone)]
pub struct Lesson {
    /// The folder name, e.g. `07-async-programming`.
    pub id: String,
    pub number: u32,
    pub title: String,
    pub pairs: Vec<Pair>,
}

/// The two languages a pair has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    Python,
    CSharp,
}

impl Side {
    pub fn name(self) -> &'static str {
        match self {
            Side::Python => "python",
            Side::CSharp => "csharp",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Side::Python => "Python",
            Side::CSharp => "C#",
        }
    }
}

/// A `.py` and a `.cs` whose stems match (or one of them alone: an orphan).
#[derive(Debug, Clone)]
pub struct Pair {
    /// The Python stem when there is one, else the C# stem: `gather`.
    pub name: String,
    /// Lowercased stem without `_`/`-`: what pairs files and what filters match.
    pub key: String,
    /// The lesson folder name.
    pub lesson: String,
    pub python: Option<PathBuf>,
    pub csharp: Option<PathBuf>,
    pub settings: PairSection,
}

impl Pair {
    /// `07-async-programming/gather`.
    pub fn id(&self) -> String {
        format!("{}/{}", self.lesson, self.name)
    }
    pub fn source(&self, side: Side) -> Option<&Path> {
        match side {
            Side::Python => self.python.as_deref(),
            Side::CSharp => self.csharp.as_deref(),
        }
    }
    pub fn is_orphan(&self) -> bool {
        self.python.is_none() || self.csharp.is_none()
    }
}

/// The pairing rule: `task_when_all` and `TaskWhenAll` are the same card.
pub fn pair_key(stem: &str) -> String {
    stem.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// `07-async-programming` -> `Async Programming`.
pub fn title_from_slug(id: &str) -> String {
    let slug = id.split_once('-').map_or(id, |(_, s)| s);
    slug.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_and_separators() {
        assert_eq!(pair_key("task_when_all"), "taskwhenall");
        assert_eq!(pair_key("TaskWhenAll"), "taskwhenall");
        assert_eq!(pair_key("task-when-all"), "taskwhenall");
        assert_ne!(pair_key("gather"), pair_key("gathers"));
    }

    #[test]
    fn titles_from_slugs() {
        assert_eq!(title_from_slug("07-async-programming"), "Async Programming");
        assert_eq!(title_from_slug("01-introduction"), "Introduction");
    }
}
