//! Golden output files (`harness/expected/<lesson>/<pair>.out`): a drift guard for when both
//! sides change the same way (a new Python and .NET release, one careless edit on both).
use std::path::{Path, PathBuf};

use super::{diff, Judgement, Verdict};

/// Where a pair's golden output lives.
pub fn path(root: &Path, lesson: &str, pair: &str) -> PathBuf {
    root.join("harness")
        .join("expected")
        .join(lesson)
        .join(format!("{pair}.out"))
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
