//! The results a run hands to reporters: per side, per pair, per lesson, and the summary.
use std::time::Duration;

use crate::compare::{Diff, SideResult, Verdict};
use crate::course::Pair;

/// One pair's result.
#[derive(Debug, Clone)]
pub struct PairReport {
    pub pair: Pair,
    pub verdict: Verdict,
    pub reason: Option<String>,
    pub python: SideResult,
    pub csharp: SideResult,
    pub diff: Option<Diff>,
    /// Whether the C# dll came from the cache.
    pub csharp_cached: bool,
    pub timeout: Duration,
    /// The other interpreters of a `--python` matrix (the first is `python`).
    pub matrix: Vec<MatrixEntry>,
}

/// Why a pair with one side is an orphan: the partner file it should have (same stem,
/// ignoring case, `_` and `-`: `task_when_all.py` and `TaskWhenAll.cs`), and how to mark it
/// one-sided on purpose.
pub fn orphan_reason(pair: &Pair) -> String {
    use crate::course::discover::{CS_DIR, PY_DIR};
    let (have, missing, partner) = if pair.python.is_some() {
        let pascal: String = pair
            .name
            .split(['_', '-'])
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            })
            .collect();
        (
            "Python",
            "C#",
            format!("{CS_DIR}/{}/{pascal}.cs", pair.lesson),
        )
    } else {
        let mut snake = String::new();
        let chars: Vec<char> = pair.name.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let after_lower =
                i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
            let before_lower = i > 0 && chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if c.is_uppercase() && (after_lower || (before_lower && chars[i - 1].is_uppercase())) {
                snake.push('_');
            }
            snake.extend(c.to_lowercase());
        }
        (
            "C#",
            "Python",
            format!("{PY_DIR}/{}/{snake}.py", pair.lesson),
        )
    };
    format!(
        "{have} snippet has no {missing} partner: expected {partner} (same stem, ignoring case, _ and -); if it is one-sided on purpose, set `one-sided = true` under [lessons.{}.pairs.{}] in harness/course.toml",
        pair.lesson, pair.name
    )
}

/// When an orphan has a counterpart in its lesson, an orphan of the other side whose name
/// is near (one side renamed, or the two named apart): says so, so that the two are not
/// read as two unrelated problems.
pub fn rename_hint(pair: &Pair, lesson_pairs: &[Pair]) -> Option<String> {
    if !pair.is_orphan() || pair.settings.one_sided {
        return None;
    }
    let other_side_alone = |p: &&Pair| {
        p.is_orphan()
            && !p.settings.one_sided
            && p.python.is_some() != pair.python.is_some()
            && p.lesson == pair.lesson
    };
    let candidates: Vec<&Pair> = lesson_pairs.iter().filter(other_side_alone).collect();
    let near = crate::course::filter::nearest(
        &pair.name,
        candidates.iter().map(|p| p.name.clone()),
    )?;
    let other = candidates.iter().find(|p| p.name == near)?;
    // Named as `orphan_reason` names files: the tree, the lesson, the file.
    let (tree, file) = match (&other.python, &other.csharp) {
        (Some(py), _) => (crate::course::discover::PY_DIR, py),
        (None, Some(cs)) => (crate::course::discover::CS_DIR, cs),
        (None, None) => return None,
    };
    Some(format!(
        "{tree}/{}/{} has no partner either: if the two are one pair, give them the same stem",
        other.lesson,
        file.file_name()?.to_string_lossy()
    ))
}

/// The verdict of a pair under one more Python version.
#[derive(Debug, Clone)]
pub struct MatrixEntry {
    pub python: String,
    pub verdict: Verdict,
    pub reason: Option<String>,
    pub outcome: SideResult,
}

impl PairReport {
    /// A pair not run (yet): skipped, no sides, no reason.
    pub fn empty(pair: Pair, timeout: Duration) -> Self {
        PairReport {
            verdict: Verdict::Skipped,
            reason: None,
            python: SideResult::NotRun,
            csharp: SideResult::NotRun,
            diff: None,
            csharp_cached: false,
            matrix: Vec::new(),
            timeout,
            pair,
        }
    }

    /// The slower side's wall time (the sides run at once).
    pub fn duration(&self) -> Duration {
        let d = |s: &SideResult| s.outcome().map_or(Duration::ZERO, |o| o.duration);
        d(&self.python).max(d(&self.csharp))
    }

    /// The output both sides agree on (normalised), when both ran cleanly and agree.
    pub fn agreed_output(&self) -> Option<Vec<u8>> {
        let filters = self.pair.settings.filters();
        let (cs, py) = (self.csharp.outcome()?, self.python.outcome()?);
        let clean = |o: &crate::sandbox::Outcome| o.limit.is_none() && !o.timed_out();
        let (c, p) = (
            crate::compare::normalize::normalize(&cs.stdout, &filters),
            crate::compare::normalize::normalize(&py.stdout, &filters),
        );
        (clean(cs) && clean(py) && c == p).then_some(c)
    }
}

/// One lesson's pairs, in course order.
#[derive(Debug, Clone)]
pub struct LessonReport {
    pub id: String,
    pub title: String,
    pub pairs: Vec<PairReport>,
    /// The lesson page's check, when it has a page and pages are checked.
    pub page: Option<crate::pages::PageCheck>,
}

impl LessonReport {
    pub fn passed(&self) -> usize {
        self.pairs
            .iter()
            .filter(|p| p.verdict == Verdict::Pass)
            .count()
    }
    pub fn failed(&self) -> usize {
        self.pairs.iter().filter(|p| p.verdict.is_failure()).count()
    }
    pub fn skipped(&self) -> usize {
        self.pairs
            .iter()
            .filter(|p| p.verdict == Verdict::Skipped)
            .count()
    }
    /// Problems its page has (blocks that differ, and blocks that name no pair, untagged
    /// blocks, unreadable files: not all of them are blocks that were checked).
    pub fn page_failed(&self) -> usize {
        self.page.as_ref().map_or(0, |p| p.failed())
    }
    /// Tied blocks of its page that were checked and are wrong (at most the blocks checked).
    pub fn page_blocks_failed(&self) -> usize {
        self.page.as_ref().map_or(0, |p| {
            p.examination
                .findings
                .iter()
                .filter(|f| f.pair.is_some())
                .count()
        })
    }
    pub fn verdict(&self) -> &'static str {
        if self.failed() == 0 && self.page_failed() == 0 {
            "pass"
        } else {
            "fail"
        }
    }
    /// Sum of the slower side of each pair (not wall time: pairs run at once, across
    /// lessons too); the reports call it `pair time`.
    pub fn duration(&self) -> Duration {
        self.pairs.iter().map(PairReport::duration).sum()
    }
}

/// Where the time went.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Snippets compiled (cache misses) and the compile host's wall time.
    pub compiled: usize,
    pub compile: Duration,
    pub cached: usize,
    /// Setting up toolchains and environments before the first snippet.
    pub setup: Duration,
    pub total: Duration,
    /// The most places lent beyond `--jobs` at once while snippets slept (0 when `--jobs`
    /// was given: nothing is lent), and the most snippets running at once.
    pub lent: usize,
    pub most_at_once: usize,
}

/// What the run used, shown in the header.
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub course: String,
    pub python: Option<String>,
    pub dotnet: Option<String>,
    pub sandbox_active: Vec<String>,
    pub sandbox_unavailable: Vec<String>,
    pub fixture: Option<String>,
}

/// The whole run.
#[derive(Debug, Clone, Default)]
pub struct RunReport {
    pub header: Header,
    pub lessons: Vec<LessonReport>,
    pub timings: Timings,
    pub kept_temp: Option<std::path::PathBuf>,
    /// Set when a signal stopped the run: the exit code it maps to (130 for SIGINT, 143
    /// for SIGTERM, 129 for SIGHUP, 131 for SIGQUIT). The pairs it stopped are "not run".
    pub interrupted: Option<u8>,
}

impl RunReport {
    pub fn passed(&self) -> usize {
        self.lessons.iter().map(LessonReport::passed).sum()
    }
    pub fn failed(&self) -> usize {
        self.lessons.iter().map(LessonReport::failed).sum()
    }
    pub fn skipped(&self) -> usize {
        self.lessons.iter().map(LessonReport::skipped).sum()
    }
    /// The pairs that failed, in course order.
    pub fn failures(&self) -> Vec<&PairReport> {
        self.lessons
            .iter()
            .flat_map(|l| &l.pairs)
            .filter(|p| p.verdict.is_failure())
            .collect()
    }
    /// Page blocks checked and checked blocks that are wrong, over all lessons.
    pub fn page_blocks(&self) -> (usize, usize) {
        let checked = self
            .lessons
            .iter()
            .filter_map(|l| l.page.as_ref())
            .map(|p| p.examination.checked)
            .sum();
        let failed = self
            .lessons
            .iter()
            .map(LessonReport::page_blocks_failed)
            .sum();
        (checked, failed)
    }
    /// Page problems over all lessons (each fails the run).
    pub fn page_problems(&self) -> usize {
        self.lessons.iter().map(LessonReport::page_failed).sum()
    }
    /// Whether CI should fail: a pair failed, or a page has a problem.
    pub fn is_failure(&self) -> bool {
        self.failed() > 0 || self.page_problems() > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_sided(name: &str, python: bool) -> Pair {
        let file = std::path::PathBuf::from(name);
        Pair {
            name: name.into(),
            key: crate::course::pair_key(name),
            lesson: "07-async".into(),
            python: python.then(|| file.clone()),
            csharp: (!python).then_some(file),
            settings: Default::default(),
        }
    }

    #[test]
    fn an_orphan_names_the_partner_it_expected_and_one_sided() {
        let r = orphan_reason(&one_sided("task_when_all", true));
        assert!(
            r.starts_with(
                "Python snippet has no C# partner: expected examples-cs/07-async/TaskWhenAll.cs"
            ),
            "{r}"
        );
        assert!(
            r.contains("`one-sided = true` under [lessons.07-async.pairs.task_when_all]"),
            "{r}"
        );
        let r = orphan_reason(&one_sided("HttpClientGet", false));
        assert!(
            r.contains("expected examples-py/07-async/http_client_get.py"),
            "{r}"
        );
        let r = orphan_reason(&one_sided("ParseJSONData", false));
        assert!(
            r.contains("expected examples-py/07-async/parse_json_data.py"),
            "{r}"
        );
    }

    #[test]
    fn two_orphans_of_opposite_sides_with_near_names_point_at_each_other() {
        let mut cs = one_sided("TaskWhenAll", false);
        cs.csharp = Some("/c/examples-cs/07-async/TaskWhenAll.cs".into());
        let mut py = one_sided("task_when_all_demo", true);
        py.python = Some("/c/examples-py/07-async/task_when_all_demo.py".into());
        let far = one_sided("ParseJSONData", false);
        let lesson = vec![py.clone(), cs.clone(), far];
        assert_eq!(
            rename_hint(&py, &lesson).as_deref(),
            Some("examples-cs/07-async/TaskWhenAll.cs has no partner either: if the two are one pair, give them the same stem")
        );
        assert_eq!(
            rename_hint(&cs, &lesson).as_deref(),
            Some("examples-py/07-async/task_when_all_demo.py has no partner either: if the two are one pair, give them the same stem")
        );
        // Nothing near on the other side, or one-sided on purpose: no hint.
        let lonely = one_sided("something_else", true);
        assert_eq!(rename_hint(&lonely, &lesson), None);
        let mut on_purpose = py.clone();
        on_purpose.settings.one_sided = true;
        assert_eq!(rename_hint(&on_purpose, &lesson), None);
    }
}
