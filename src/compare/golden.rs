//! Golden output files (`harness/expected/<lesson>/<pair>.out`): a drift guard for when both
//! sides change the same way (a new Python and .NET release, one careless edit on both).
use std::path::{Path, PathBuf};

use super::{diff, Judgement, Verdict};
use crate::course::discover::EXPECTED_DIR;

/// Where a pair's golden output lives (under `root`; course-relative with an empty one).
pub fn path(root: &Path, lesson: &str, pair: &str) -> PathBuf {
    root.join(EXPECTED_DIR)
        .join(lesson)
        .join(format!("{pair}.out"))
}

/// A golden file no pair reads: after a pair is renamed, its old file stays behind and
/// the renamed pair has no drift guard (cargo-insta calls these unreferenced snapshots).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreferenced {
    /// Course-relative: `harness/expected/<lesson>/<stem>.out`.
    pub file: String,
    /// The folder it is in (a lesson's id, or what no lesson is called).
    pub lesson: String,
    /// What to do about it, naming the likely new owner when there is one.
    pub hint: String,
}

/// The golden files of `course` that no pair owns. A pair owns `<lesson>/<name>.out`; an
/// orphan also owns the file its pair key matches (it is reported as an orphan already).
/// The hint names the nearest pair of the lesson that has no golden file of its own (the
/// likely renamed owner), or the nearest lesson when the folder names none.
pub fn unreferenced(course: &crate::course::Course) -> Vec<Unreferenced> {
    use crate::course::filter::nearest;
    let has_file = |lesson: &str, name: &str| {
        course
            .golden
            .iter()
            .any(|(l, n)| l == lesson && n == name)
    };
    let mut found = Vec::new();
    for (lesson_id, stem) in &course.golden {
        let file = path(Path::new(""), lesson_id, stem).display().to_string();
        let lesson = lesson_id.clone();
        let Some(known) = course.lessons.iter().find(|l| &l.id == lesson_id) else {
            let hint = match nearest(lesson_id, course.lessons.iter().map(|l| l.id.clone())) {
                Some(near) => format!(
                    "no lesson `{lesson_id}`; if the lesson is now `{near}`, move the file to {EXPECTED_DIR}/{near}/, else delete it"
                ),
                None => format!("no lesson `{lesson_id}`: delete it"),
            };
            found.push(Unreferenced { file, lesson, hint });
            continue;
        };
        let key = crate::course::pair_key(stem);
        let owned = known
            .pairs
            .iter()
            .any(|p| p.name == *stem || (p.is_orphan() && p.key == key));
        if owned {
            continue;
        }
        let unguarded = known
            .pairs
            .iter()
            .filter(|p| !p.is_orphan() && !has_file(lesson_id, &p.name))
            .map(|p| p.name.clone());
        let hint = match nearest(stem, unguarded) {
            Some(near) => format!(
                "no pair `{lesson_id}/{stem}`; if it is `{lesson_id}/{near}` renamed (which has no golden file), rename the file to {}, else delete it",
                path(Path::new(""), lesson_id, &near).display()
            ),
            None => format!(
                "no pair `{lesson_id}/{stem}`: delete it, and `mirror accept` a renamed pair to guard it again"
            ),
        };
        found.push(Unreferenced { file, lesson, hint });
    }
    found
}

/// Refines a judgement with the golden output, when the pair has one.
/// `cs` and `py` are the normalised outputs.
pub fn check(j: Judgement, cs: &[u8], py: &[u8], golden: Option<&[u8]>) -> Judgement {
    let Some(golden) = golden else { return j };
    match j.verdict {
        Verdict::Pass if cs == golden => j,
        Verdict::Pass => Judgement {
            verdict: Verdict::Drift,
            reason: Some(
                "golden output is stale: both sides changed the same way (if the change is right, `mirror accept` writes the golden file and the lesson pages together)".into(),
            ),
            diff: diff::diff(golden, cs, "golden", "now"),
        },
        Verdict::Mismatch => {
            let reason = if cs == golden {
                "Python side drifted: C# still prints the golden output"
            } else if py == golden {
                "C# side drifted: Python still prints the golden output"
            } else {
                "the sides disagree, and neither prints the golden output"
            };
            Judgement {
                reason: Some(format!("{reason} ({})", j.reason.unwrap_or_default())),
                ..j
            }
        }
        _ => j,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::{Course, Lesson, Pair};

    fn pair(lesson: &str, name: &str, orphan: bool) -> Pair {
        Pair {
            name: name.into(),
            key: crate::course::pair_key(name),
            lesson: lesson.into(),
            python: Some(format!("examples-py/{lesson}/{name}.py").into()),
            csharp: (!orphan).then(|| format!("examples-cs/{lesson}/{name}.cs").into()),
            settings: Default::default(),
        }
    }

    fn course(pairs: &[(&str, bool)], golden: &[(&str, &str)]) -> Course {
        let lesson = Lesson {
            id: "01-intro".into(),
            number: 1,
            title: String::new(),
            pairs: pairs
                .iter()
                .map(|(n, orphan)| pair("01-intro", n, *orphan))
                .collect(),
        };
        Course {
            golden: golden
                .iter()
                .map(|(l, n)| (l.to_string(), n.to_string()))
                .collect(),
            ..Course::of(".", vec![lesson])
        }
    }

    #[test]
    fn golden_files_of_existing_pairs_and_orphans_are_referenced() {
        let c = course(
            &[("hello_world", false), ("lonely_one", true)],
            &[("01-intro", "hello_world"), ("01-intro", "LonelyOne")],
        );
        assert_eq!(unreferenced(&c), vec![]);
    }

    #[test]
    fn a_renamed_pair_leaves_its_file_unreferenced_and_is_named_as_the_likely_owner() {
        let c = course(
            &[("hello_mirror", false), ("f_strings", false)],
            &[("01-intro", "hello_world"), ("01-intro", "f_strings")],
        );
        let u = unreferenced(&c);
        assert_eq!(u.len(), 1, "{u:?}");
        assert_eq!(u[0].file, "harness/expected/01-intro/hello_world.out");
        assert!(
            u[0].hint.contains("`01-intro/hello_mirror` renamed")
                && u[0]
                    .hint
                    .contains("rename the file to harness/expected/01-intro/hello_mirror.out"),
            "{}",
            u[0].hint
        );
    }

    #[test]
    fn a_pair_that_has_its_own_file_is_not_offered_as_the_owner() {
        let c = course(
            &[("hello_mirror", false)],
            &[("01-intro", "hello_world"), ("01-intro", "hello_mirror")],
        );
        let u = unreferenced(&c);
        assert_eq!(u.len(), 1);
        assert!(u[0].hint.starts_with("no pair `01-intro/hello_world`: delete it"), "{}", u[0].hint);
    }

    #[test]
    fn a_file_in_a_folder_that_names_no_lesson_points_at_the_nearest_lesson() {
        let c = course(&[("hello_world", false)], &[("01-introduction", "hello_world")]);
        let u = unreferenced(&c);
        assert_eq!(u.len(), 1);
        assert!(
            u[0].hint.contains("no lesson `01-introduction`")
                && u[0].hint.contains("harness/expected/01-intro/"),
            "{}",
            u[0].hint
        );
    }

    fn judged(verdict: Verdict) -> Judgement {
        Judgement {
            verdict,
            reason: Some("outputs differ from line 1".into()),
            diff: None,
        }
    }

    #[test]
    fn no_golden_changes_nothing() {
        assert_eq!(
            check(judged(Verdict::Pass), b"a", b"a", None).verdict,
            Verdict::Pass
        );
    }

    #[test]
    fn both_sides_changed_the_same_way_is_drift() {
        let j = check(judged(Verdict::Pass), b"new\n", b"new\n", Some(b"old\n"));
        assert_eq!(j.verdict, Verdict::Drift);
        assert!(j.reason.unwrap().contains("stale"));
        let d = j.diff.unwrap();
        assert_eq!(d.first_line, 1);
        assert_eq!(
            (d.left_name.as_str(), d.right_name.as_str()),
            ("golden", "now")
        );
        assert_eq!(
            check(judged(Verdict::Pass), b"x", b"x", Some(b"x")).verdict,
            Verdict::Pass
        );
    }

    #[test]
    fn one_side_drifting_is_named() {
        let j = check(judged(Verdict::Mismatch), b"old", b"new", Some(b"old"));
        assert!(j.reason.unwrap().starts_with("Python side drifted"));
        let j = check(judged(Verdict::Mismatch), b"new", b"old", Some(b"old"));
        assert!(j.reason.unwrap().starts_with("C# side drifted"));
        let j = check(judged(Verdict::Mismatch), b"a", b"b", Some(b"c"));
        assert!(j.reason.unwrap().starts_with("the sides disagree"));
    }

    #[test]
    fn errors_are_left_alone() {
        assert_eq!(
            check(judged(Verdict::Error), b"", b"", Some(b"x")).verdict,
            Verdict::Error
        );
    }
}
