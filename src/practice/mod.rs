//! Practice mode: a pair becomes an exercise. The learner writes one side in a workspace
//! folder (never under `examples-*`); the real run of the course's other side is the judge.
//! [`setup`] writes practice files, [`check`] runs them through the runner (same sandbox,
//! environment, fixtures and normalisations as the course pair), [`watch`] re-checks on
//! save, [`progress`] keeps `progress.toml`, [`reveal`] shows the course's answer.
pub mod check;
pub mod progress;
pub mod reveal;
pub mod setup;
pub mod watch;

use std::path::{Component, Path, PathBuf};

use crate::config::{PracticeMode, PracticeSettings, RunSettings};
use crate::course::discover::{CS_DIR, PY_DIR};
use crate::course::{filter::Selector, pair_key, Course, Pair, Side};
use crate::error::{Error, Result};

/// The workspace folder when `--workspace` is not given, under the course root.
pub const DEFAULT_WORKSPACE: &str = "practice";

/// Which side the learner writes; the other side's real run is the oracle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    /// A C# developer writes the Python.
    ToPython,
    /// A Python developer writes the C#.
    ToCsharp,
}

impl Direction {
    pub fn learner(self) -> Side {
        match self {
            Direction::ToPython => Side::Python,
            Direction::ToCsharp => Side::CSharp,
        }
    }
    pub fn oracle(self) -> Side {
        match self {
            Direction::ToPython => Side::CSharp,
            Direction::ToCsharp => Side::Python,
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            Direction::ToPython => "py",
            Direction::ToCsharp => "cs",
        }
    }
    /// ` --to csharp` in the commands mirror suggests (writing Python is the default).
    pub fn flag(self) -> &'static str {
        match self {
            Direction::ToPython => "",
            Direction::ToCsharp => " --to csharp",
        }
    }
    /// The line-comment prefix of the learner's language.
    pub fn comment(self) -> &'static str {
        match self {
            Direction::ToPython => "#",
            Direction::ToCsharp => "//",
        }
    }
    fn from_extension(ext: &str) -> Option<Direction> {
        match ext {
            "py" => Some(Direction::ToPython),
            "cs" => Some(Direction::ToCsharp),
            _ => None,
        }
    }
}

/// One practice file in the workspace and the course pair it practises.
#[derive(Debug, Clone)]
pub struct PracticeFile {
    pub path: PathBuf,
    pub direction: Direction,
    /// The course's pair (both sides are the course's own files).
    pub pair: Pair,
    pub lesson_number: u32,
}

impl PracticeFile {
    /// `3/mutable_default`: what a learner types.
    pub fn short_id(&self) -> String {
        format!("{}/{}", self.lesson_number, self.pair.name)
    }
    /// The course's file the learner's file stands in for.
    pub fn course_answer(&self) -> &Path {
        self.pair
            .source(self.direction.learner())
            .expect("practised pairs have both sides")
    }
    /// The course's file whose real run judges this one.
    pub fn oracle_source(&self) -> &Path {
        self.pair
            .source(self.direction.oracle())
            .expect("practised pairs have both sides")
    }
    /// The course pair with the learner's file in place of the course's answer.
    pub fn as_pair(&self) -> Pair {
        let mut pair = self.pair.clone();
        match self.direction {
            Direction::ToPython => pair.python = Some(self.path.clone()),
            Direction::ToCsharp => pair.csharp = Some(self.path.clone()),
        }
        pair
    }
}

/// The learner's folder of practice files: `<workspace>/<lesson-id>/<file>`.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// Absolute.
    pub root: PathBuf,
    /// The course's `examples-*` trees (real paths): nothing is ever written under them.
    examples: Vec<PathBuf>,
    /// Given with `--workspace` (the commands mirror suggests must name it too).
    explicit: bool,
    /// The course, when the current folder does not lead to it (it was given with `-C`):
    /// the commands mirror suggests name it too.
    course: Option<PathBuf>,
}

/// `word` as one shell word: as is when plain, else in single quotes.
fn shell_word(word: &str) -> String {
    let plain = word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

impl Workspace {
    /// ` --workspace DIR` for the commands mirror suggests, when the workspace was given
    /// that way (empty for the course's own `practice/`), and ` -C COURSE` when the current
    /// folder does not lead to the course. Quoted for a shell where needed, so that the
    /// command can be pasted as printed.
    pub fn flag(&self) -> String {
        let mut flags = String::new();
        if self.explicit {
            flags.push_str(&format!(
                " --workspace {}",
                shell_word(&self.root.display().to_string())
            ));
        }
        if let Some(course) = &self.course {
            flags.push_str(&format!(" -C {}", shell_word(&course.display().to_string())));
        }
        flags
    }

    /// `mirror practice PAIR`, with the direction and [`Workspace::flag`]: the command that
    /// starts practising `pair`, as it works pasted.
    pub fn start_command(&self, pair: &Pair, direction: Direction) -> String {
        format!(
            "mirror practice {}{}{}",
            crate::report::short_filter(pair),
            direction.flag(),
            self.flag()
        )
    }

    /// `--workspace DIR` (relative to the current folder) or `practice/` in the course.
    /// A workspace inside `examples-py/` or `examples-cs/` is refused.
    pub fn resolve(course: &Course, explicit: Option<&Path>) -> Result<Workspace> {
        let cwd =
            std::env::current_dir().map_err(|e| Error::io("reading the current folder", e))?;
        let root = match explicit {
            Some(dir) => lexical(&cwd.join(dir)),
            None => course.root.join(DEFAULT_WORKSPACE),
        };
        // mirror finds the course by walking up from the current folder: from elsewhere,
        // a suggested command needs `-C`.
        let course_root = real(&course.root).unwrap_or_else(|| course.root.clone());
        let here = real(&cwd).unwrap_or(cwd);
        let ws = Workspace {
            course: (!here.starts_with(&course_root)).then_some(course_root),
            explicit: explicit.is_some(),
            root: real(&root).unwrap_or(root),
            examples: [PY_DIR, CS_DIR]
                .iter()
                .map(|t| {
                    let p = course.root.join(t);
                    real(&p).unwrap_or(p)
                })
                .collect(),
        };
        ws.refuse_examples(&ws.root)?;
        Ok(ws)
    }

    /// Errors when `path` (or where it really leads) lies under an `examples-*` tree.
    fn refuse_examples(&self, path: &Path) -> Result<()> {
        let real_path = real(path).unwrap_or_else(|| path.to_path_buf());
        match self.examples.iter().find(|e| real_path.starts_with(e)) {
            Some(tree) => Err(Error::Usage(format!(
                "the practice workspace {} is inside {}: practice files never go into the course's examples (choose another --workspace)",
                path.display(),
                tree.display()
            ))),
            None => Ok(()),
        }
    }

    /// Where the practice file of `pair` in `direction` lives (it may not exist yet).
    pub fn file_for(&self, pair: &Pair, direction: Direction) -> PathBuf {
        let dir = self.root.join(&pair.lesson);
        match direction {
            Direction::ToPython => dir.join(format!("{}.py", pair.name)),
            Direction::ToCsharp => {
                let name = pair
                    .csharp
                    .as_ref()
                    .and_then(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| format!("{}.cs", pair.name));
                dir.join(name)
            }
        }
    }

    /// Creates the lesson folder for `file`, refusing one that leads under `examples-*`.
    pub fn prepare_dir(&self, file: &Path) -> Result<()> {
        let dir = file
            .parent()
            .expect("practice files are in a lesson folder");
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        self.refuse_examples(dir)
    }

    /// Every practice file present, in course order, and the files that practise nothing.
    pub fn files(&self, course: &Course) -> (Vec<PracticeFile>, Vec<PathBuf>) {
        let mut found = Vec::new();
        let mut strays = Vec::new();
        for lesson in &course.lessons {
            let Ok(entries) = std::fs::read_dir(self.root.join(&lesson.id)) else {
                continue;
            };
            let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for path in paths {
                let Some(direction) = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .and_then(Direction::from_extension)
                else {
                    continue;
                };
                if !path.is_file() {
                    continue;
                }
                let key = pair_key(&path.file_stem().unwrap_or_default().to_string_lossy());
                match lesson.pairs.iter().find(|p| p.key == key && !p.is_orphan()) {
                    Some(pair) => found.push(PracticeFile {
                        path,
                        direction,
                        pair: pair.clone(),
                        lesson_number: lesson.number,
                    }),
                    None => strays.push(path),
                }
            }
        }
        // Practice files outside every lesson folder (`notes.py` at the top, a folder named
        // like no lesson) practise nothing either: said, not skipped without a word.
        let practice_file = |p: &Path| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .and_then(Direction::from_extension)
                    .is_some()
        };
        if let Ok(entries) = std::fs::read_dir(&self.root) {
            let mut outside: Vec<PathBuf> = Vec::new();
            for path in entries.flatten().map(|e| e.path()) {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                if practice_file(&path) {
                    outside.push(path);
                } else if path.is_dir()
                    && !name.starts_with('.')
                    && !course.lessons.iter().any(|l| *l.id == *name)
                {
                    if let Ok(inner) = std::fs::read_dir(&path) {
                        outside.extend(
                            inner
                                .flatten()
                                .map(|e| e.path())
                                .filter(|p| practice_file(p)),
                        );
                    }
                }
            }
            outside.sort();
            strays.extend(outside);
        }
        found.sort_by_key(|f| {
            let lesson = course.lessons.iter().position(|l| l.id == f.pair.lesson);
            let pair = course
                .lessons
                .iter()
                .flat_map(|l| &l.pairs)
                .position(|p| p.id() == f.pair.id());
            (lesson, pair, f.direction)
        });
        (found, strays)
    }
}

/// `path` relative to the current folder when it lies under it, else as given; one line,
/// its control characters visible (`report::escape`).
pub fn show(path: &Path) -> String {
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    crate::report::escape::path(&shown)
}

/// Removes `.` and resolves `..` without touching the disk.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The real path: the longest existing ancestor canonicalised, the rest appended.
fn real(path: &Path) -> Option<PathBuf> {
    let path = lexical(path);
    let mut rest = Vec::new();
    let mut cur = path.as_path();
    loop {
        if let Ok(c) = std::fs::canonicalize(cur) {
            let mut out = c;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Some(out);
        }
        rest.push(cur.file_name()?.to_os_string());
        cur = cur.parent()?;
    }
}

/// True when the learner has written nothing yet: every line blank or a comment.
pub fn untouched(text: &str, direction: Direction) -> bool {
    text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with(direction.comment())
    })
}

/// What `mirror practice` was asked to do, in plain types.
pub struct Options {
    pub filters: Selector,
    pub direction: Option<Direction>,
    pub workspace: Workspace,
    pub run: RunSettings,
    pub color: bool,
}

/// `mirror practice`: set up, check, watch or reveal.
pub fn command(course: &Course, settings: &PracticeSettings) -> Result<u8> {
    let run = settings.run().clone();
    let options = Options {
        filters: run.selector().clone(),
        direction: settings.learner().map(|side| match side {
            Side::Python => Direction::ToPython,
            Side::CSharp => Direction::ToCsharp,
        }),
        workspace: Workspace::resolve(course, settings.workspace())?,
        color: run.color(),
        run,
    };
    match settings.mode() {
        PracticeMode::Watch => watch::watch(course, &options),
        PracticeMode::Check => check::command(course, &options),
        PracticeMode::Reveal => reveal::command(course, &options),
        PracticeMode::Setup => setup::command(course, &options),
    }
}

/// One check round: select, run, record in progress.toml. Returns the results. (Here, not in
/// `check`, so that `progress` reads `check`'s results and `check` never reads `progress`.)
pub fn round(
    engine: Option<&crate::engine::Engine>,
    course: &Course,
    options: &Options,
) -> Result<Vec<check::Checked>> {
    let files = check::selected(course, options)?;
    let checked = check::check_files(engine, course, files, &options.run)?;
    progress::record(&options.workspace, &checked)?;
    Ok(checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_flag_is_named_only_when_given_and_quoted_for_a_shell() {
        let ws = |root: &str, explicit| Workspace {
            root: root.into(),
            examples: Vec::new(),
            explicit,
            course: None,
        };
        assert_eq!(ws("/c/practice", false).flag(), "");
        assert_eq!(ws("/tmp/ws-1", true).flag(), " --workspace /tmp/ws-1");
        assert_eq!(ws("/tmp/my ws", true).flag(), " --workspace '/tmp/my ws'");
        assert_eq!(ws("/tmp/it's", true).flag(), " --workspace '/tmp/it'\\''s'");
        // From outside the course, the course too.
        let elsewhere = Workspace {
            course: Some("/home/me/my course".into()),
            ..ws("/tmp/ws-1", true)
        };
        assert_eq!(
            elsewhere.flag(),
            " --workspace /tmp/ws-1 -C '/home/me/my course'"
        );
    }

    #[test]
    fn untouched_templates_are_only_comments() {
        assert!(untouched("# a\n\n   # b\n", Direction::ToPython));
        assert!(!untouched("# a\nprint(1)\n", Direction::ToPython));
        assert!(untouched("// a\n//\n", Direction::ToCsharp));
        assert!(!untouched(
            "// a\nConsole.WriteLine(1);\n",
            Direction::ToCsharp
        ));
    }

    #[test]
    fn lexical_paths() {
        assert_eq!(lexical(Path::new("/a/b/../c/./d")), PathBuf::from("/a/c/d"));
    }

    #[test]
    fn real_paths_follow_existing_ancestors() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x/y");
        let r = real(&p).unwrap();
        assert!(r.ends_with("x/y"));
        assert!(r.starts_with(std::fs::canonicalize(dir.path()).unwrap()));
    }
}
