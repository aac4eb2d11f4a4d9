//! Finding the course root and reading its lessons and pairs from the two example trees.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::inside::Fence;
use super::manifest::{self, Manifest};
use super::{pair_key, title_from_slug, Course, Lesson, Pair};
use crate::error::{Error, Result};

pub const PY_DIR: &str = "examples-py";
pub const CS_DIR: &str = "examples-cs";
pub const MANIFEST: &str = "harness/course.toml";
/// Where golden outputs live: `<EXPECTED_DIR>/<lesson>/<pair>.out`.
pub const EXPECTED_DIR: &str = "harness/expected";

/// Walks up from `start` to the first folder holding `examples-py/` or `examples-cs/`.
pub fn find_root(start: &Path) -> Result<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(PY_DIR).is_dir() || dir.join(CS_DIR).is_dir())
        .map(Path::to_path_buf)
        .ok_or_else(|| Error::NoCourse {
            start: start.to_path_buf(),
        })
}

/// `07-async-programming` -> Some(7); anything not `NN-slug` -> None.
pub fn lesson_number(name: &str) -> Option<u32> {
    let (digits, slug) = name.split_once('-')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || slug.is_empty() {
        return None;
    }
    digits.parse().ok()
}

/// Reads the course at `root`: lessons, pairs, orphans and the manifest's overrides.
pub fn discover(root: &Path) -> Result<Course> {
    let fence =
        Fence::new(root).map_err(|e| Error::io(format!("reading {}", root.display()), e))?;
    check_course_files(root, &fence)?;
    let manifest_path = root.join(MANIFEST);
    let stray = root.join("course.toml");
    if stray.is_file() && !manifest_path.is_file() {
        // Written where cargo or pyproject would put it, it would be silently ignored.
        return Err(Error::Course(format!(
            "{}: mirror reads a course's settings from {MANIFEST}, not from the course \
             folder itself; move it there",
            stray.display()
        )));
    }
    let (mut manifest, manifest_text) = if manifest_path.is_file() {
        let text = std::fs::read_to_string(&manifest_path)
            .map_err(|e| Error::io(format!("reading {}", manifest_path.display()), e))?;
        (manifest::parse(&manifest_path, &text)?, text)
    } else {
        (Manifest::default(), String::new())
    };

    let mut lessons: BTreeMap<(u32, String), Lesson> = BTreeMap::new();
    for tree in [PY_DIR, CS_DIR] {
        let dir = root.join(tree);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(format!("reading {}", dir.display()), e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            stray_snippets(tree, &name, &entry.path())?;
            if let (Some(number), true) = (lesson_number(&name), entry.path().is_dir()) {
                lessons
                    .entry((number, name.clone()))
                    .or_insert_with(|| Lesson {
                        title: title_from_slug(&name),
                        id: name,
                        number,
                        pairs: Vec::new(),
                    });
            }
        }
    }

    for lesson in lessons.values_mut() {
        lesson.pairs = pairs_of(root, &lesson.id, &fence)?;
    }

    // Apply the manifest, refusing entries that name nothing.
    let lesson_sections = std::mem::take(&mut manifest.lessons);
    for (lesson_key, section) in lesson_sections {
        let Some(lesson) = lessons.values_mut().find(|l| l.id == *lesson_key.get_ref()) else {
            return Err(manifest::error_at(
                &manifest_path,
                &manifest_text,
                lesson_key.span(),
                format!(
                    "lesson `{}` has no folder in {PY_DIR}/ or {CS_DIR}/{}",
                    lesson_key.get_ref(),
                    crate::course::filter::nearest(
                        lesson_key.get_ref(),
                        lessons.values().map(|l| l.id.clone())
                    )
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default()
                ),
            ));
        };
        if let Some(title) = section.title {
            lesson.title = title;
        }
        for (pair_name, pair_section) in section.pairs {
            let key = pair_key(pair_name.get_ref());
            let Some(pair) = lesson.pairs.iter_mut().find(|p| p.key == key) else {
                return Err(manifest::error_at(
                    &manifest_path,
                    &manifest_text,
                    pair_name.span(),
                    format!(
                        "pair `{}` has no snippet in lesson {}{}",
                        pair_name.get_ref(),
                        lesson.id,
                        crate::course::filter::nearest(
                            pair_name.get_ref(),
                            lesson.pairs.iter().map(|p| p.name.clone())
                        )
                        .map(|n| format!("; did you mean `{n}`?"))
                        .unwrap_or_default()
                    ),
                ));
            };
            for data in &pair_section.data {
                let problem = data_problem(root, &fence, data.get_ref());
                if let Some(problem) = problem {
                    return Err(manifest::error_at(
                        &manifest_path,
                        &manifest_text,
                        data.span(),
                        format!("pair `{}`: data file {problem}", pair_name.get_ref()),
                    ));
                }
            }
            if pair_section.one_sided && pair.python.is_some() && pair.csharp.is_some() {
                // It would say nothing: a pair with both sides is compared as usual.
                return Err(manifest::error_at(
                    &manifest_path,
                    &manifest_text,
                    pair_name.span(),
                    format!(
                        "pair `{}` has both sides, so `one-sided = true` does not apply; remove it",
                        pair_name.get_ref()
                    ),
                ));
            }
            pair.settings = pair_section;
        }
    }

    Ok(Course {
        root: root.to_path_buf(),
        title: manifest.course.title,
        timeout: manifest.course.timeout,
        disk: manifest.course.disk,
        packages: manifest.csharp.packages,
        lessons: lessons.into_values().collect(),
        golden: golden_files(root),
    })
}

/// Every `<EXPECTED_DIR>/<folder>/<stem>.out`, as (folder, stem), sorted.
fn golden_files(root: &Path) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let Ok(folders) = std::fs::read_dir(root.join(EXPECTED_DIR)) else {
        return found;
    };
    for folder in folders.flatten().filter(|e| e.path().is_dir()) {
        let lesson = folder.file_name().to_string_lossy().into_owned();
        let Ok(files) = std::fs::read_dir(folder.path()) else {
            continue;
        };
        for file in files.flatten() {
            let path = file.path();
            if path.is_file() && path.extension().is_some_and(|e| e == "out") {
                if let Some(stem) = path.file_stem() {
                    found.push((lesson.clone(), stem.to_string_lossy().into_owned()));
                }
            }
        }
    }
    found.sort();
    found
}

/// Refuses snippets that would be silently left out: a `.py`/`.cs` file directly in
/// `examples-py/` or `examples-cs/`, or in a folder there that is not named as a lesson
/// (`NN-slug`). Anything else there (a README, hidden or build folders) is left alone.
fn stray_snippets(tree: &str, name: &str, path: &Path) -> Result<()> {
    let snippet = |p: &Path| {
        p.extension()
            .is_some_and(|e| e == "py" || e == "cs")
            && p.is_file()
    };
    if name.starts_with('.') || matches!(name, "__pycache__" | "bin" | "obj") {
        return Ok(());
    }
    if snippet(path) {
        return Err(Error::Course(format!(
            "{tree}/{name}: a snippet outside any lesson would be left out; move it into a lesson folder ({tree}/01-basics/{name})"
        )));
    }
    if path.is_dir() && lesson_number(name).is_none() {
        let has_snippets = std::fs::read_dir(path)
            .map(|d| d.flatten().any(|e| snippet(&e.path())))
            .unwrap_or(false);
        if has_snippets {
            return Err(Error::Course(format!(
                "{tree}/{name}/: not a lesson folder, so its snippets would be left out; name lesson folders with a number, a dash and a slug (`01-{}`)",
                name.to_ascii_lowercase()
            )));
        }
    }
    Ok(())
}

/// What is wrong with a `data` entry (it must name a file inside the course), if anything.
fn data_problem(root: &Path, fence: &Fence, data: &Path) -> Option<String> {
    let shown = data.display();
    if data.is_absolute() {
        return Some(format!(
            "{shown} is an absolute path: give it relative to the course folder"
        ));
    }
    let path = root.join(data);
    if let Some(real) = fence.escape(&path) {
        return Some(format!(
            "{shown} resolves to {}, outside the course: a course may only use its own files",
            real.display()
        ));
    }
    (!path.is_file()).then(|| format!("{shown} does not exist"))
}

/// The course's own files that `mirror` reads or writes besides the examples and data (the
/// manifest, requirements, the fixture folder, lesson pages, golden outputs) must not lead
/// out of the course. Files inside the fixture folder are checked by the server per request.
fn check_course_files(root: &Path, fence: &Fence) -> Result<()> {
    let mut paths: Vec<PathBuf> = [
        MANIFEST,
        "harness/requirements.txt",
        crate::fixture::FILES_DIR,
        "lessons",
        EXPECTED_DIR,
    ]
    .iter()
    .map(|p| root.join(p))
    .collect();
    let children = |dir: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect()
    };
    let lessons = children(&root.join("lessons"));
    let golden_lessons = children(&root.join(EXPECTED_DIR));
    paths.extend(golden_lessons.iter().flat_map(|d| children(d)));
    paths.extend(golden_lessons);
    paths.extend(lessons);
    for path in paths {
        fence.check(&path).map_err(Error::Course)?;
    }
    Ok(())
}

/// The snippets of one lesson folder, paired by key; each must resolve inside the course.
fn pairs_of(root: &Path, lesson: &str, fence: &Fence) -> Result<Vec<Pair>> {
    let mut by_key: BTreeMap<String, Pair> = BTreeMap::new();
    for (tree, ext) in [(PY_DIR, "py"), (CS_DIR, "cs")] {
        let dir = root.join(tree).join(lesson);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == ext))
            .collect();
        files.sort();
        for path in files {
            fence.check(&path).map_err(Error::Course)?;
            let stem = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let key = pair_key(&stem);
            let pair = by_key.entry(key.clone()).or_insert_with(|| Pair {
                name: stem.clone(),
                key,
                lesson: lesson.to_string(),
                python: None,
                csharp: None,
                settings: Default::default(),
            });
            let slot = if ext == "py" {
                &mut pair.python
            } else {
                &mut pair.csharp
            };
            if let Some(other) = slot {
                return Err(Error::Course(format!(
                    "{} and {} pair with the same card (stems equal after lowercasing and removing _ and -): rename one",
                    other.display(),
                    path.display()
                )));
            }
            *slot = Some(path);
            if ext == "py" {
                pair.name = stem;
            }
        }
    }
    Ok(by_key.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    #[test]
    fn pairs_orphans_and_lessons() {
        let dir = course(&[
            ("examples-py/07-async-programming/task_when_all.py", ""),
            ("examples-cs/07-async-programming/TaskWhenAll.cs", ""),
            ("examples-py/07-async-programming/only_py.py", ""),
            ("examples-cs/01-introduction/Hello.cs", ""),
            ("examples-cs/01-introduction/notes.txt", ""),
            ("examples-py/not-a-lesson/notes.md", ""),
            ("examples-py/README.md", ""),
        ]);
        let c = discover(dir.path()).unwrap();
        let ids: Vec<_> = c.lessons.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["01-introduction", "07-async-programming"]);
        assert_eq!(c.lessons[0].pairs.len(), 1);
        assert!(c.lessons[0].pairs[0].is_orphan());
        let async_pairs = &c.lessons[1].pairs;
        assert_eq!(async_pairs.len(), 2);
        let twa = async_pairs.iter().find(|p| p.key == "taskwhenall").unwrap();
        assert_eq!(twa.name, "task_when_all");
        assert!(!twa.is_orphan());
        assert_eq!(c.lessons[1].title, "Async Programming");
        // A snippet in a folder that is not a lesson would be left out: an error.
        std::fs::write(dir.path().join("examples-py/not-a-lesson/x.py"), "").unwrap();
        let e = discover(dir.path()).unwrap_err().to_string();
        assert!(e.contains("examples-py/not-a-lesson/: not a lesson folder"), "{e}");
    }

    #[test]
    fn manifest_overrides_and_unknown_pairs() {
        let dir = course(&[
            ("examples-py/01-intro/hello.py", ""),
            ("examples-cs/01-intro/Hello.cs", ""),
            ("harness/course.toml", "[lessons.01-intro]\ntitle = \"Hi\"\n[lessons.01-intro.pairs.hello]\nsummary = \"s\"\n"),
        ]);
        let c = discover(dir.path()).unwrap();
        assert_eq!(c.lessons[0].title, "Hi");
        assert_eq!(c.lessons[0].pairs[0].settings.summary.as_deref(), Some("s"));
        // The error discovering the course with `toml` as its manifest.
        let refused = |toml: &str| {
            std::fs::write(dir.path().join(MANIFEST), toml).unwrap();
            discover(dir.path()).unwrap_err().to_string()
        };

        let e = refused("[lessons.01-intro]\n\n[lessons.01-intro.pairs.goodbye]\nsummary = \"s\"\n");
        assert!(e.contains("course.toml:3:"), "{e}");
        assert!(e.contains("goodbye"), "{e}");
        // `one-sided` on a pair with both sides says nothing: refused.
        let e = refused("[lessons.01-intro.pairs.hello]\none-sided = true\n");
        assert!(e.contains("course.toml:1:"), "{e}");
        assert!(e.contains("has both sides, so `one-sided = true` does not apply"), "{e}");
        // A near miss names the pair meant.
        let e = refused("[lessons.01-intro.pairs.helo]\nsummary = \"s\"\n");
        assert!(
            e.contains("pair `helo` has no snippet in lesson 01-intro; did you mean `hello`?"),
            "{e}"
        );
        // And the lesson meant, for a lesson id one letter off.
        let e = refused("[lessons.01-intr.pairs.hello]\nsummary = \"s\"\n");
        assert!(
            e.contains("lesson `01-intr` has no folder in examples-py/ or examples-cs/; did you mean `01-intro`?"),
            "{e}"
        );
    }

    #[test]
    fn ambiguous_stems_are_an_error() {
        let dir = course(&[
            ("examples-py/01-a/task_when_all.py", ""),
            ("examples-py/01-a/taskwhenall.py", ""),
        ]);
        assert!(discover(dir.path())
            .unwrap_err()
            .to_string()
            .contains("rename one"));
    }

    #[test]
    fn root_is_found_by_walking_up() {
        let dir = course(&[("examples-py/01-a/x.py", "")]);
        let deep = dir.path().join("examples-py/01-a");
        assert_eq!(find_root(&deep).unwrap(), dir.path());
        assert_eq!(lesson_number("07-async"), Some(7));
        assert_eq!(lesson_number("async"), None);
        assert_eq!(lesson_number("07-"), None);
    }

    #[test]
    fn a_course_toml_beside_the_examples_is_refused_not_ignored() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("examples-py/01-a")).unwrap();
        std::fs::write(dir.path().join("examples-py/01-a/x.py"), "print(1)\n").unwrap();
        std::fs::write(dir.path().join("course.toml"), "[course]\ntimeout = \"5s\"\n").unwrap();
        let err = discover(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("course.toml") && err.contains("harness/course.toml"),
            "{err}"
        );
        std::fs::create_dir_all(dir.path().join("harness")).unwrap();
        std::fs::rename(
            dir.path().join("course.toml"),
            dir.path().join("harness/course.toml"),
        )
        .unwrap();
        assert!(discover(dir.path()).is_ok());
    }
}
