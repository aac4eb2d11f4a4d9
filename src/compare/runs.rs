//! Judging a pair over all its runs: the first repetition is judged side against side, the
//! other repetitions only for flakiness, the golden output for drift, and each Python of a
//! `--python` matrix on its own, with version drift when some pass and some do not.
//! Pure: the engine runs the sides and hands the results here.
use super::normalize::normalize;
use super::{flaky, golden, judge, Judgement, SideResult, Verdict};
use crate::course::PairSection;

/// What one pair ran: C# once per repetition, and per Python of the matrix (the first is
/// the primary one, with its version) once per repetition.
pub struct Runs<'a> {
    pub csharp: &'a [SideResult],
    pub pythons: &'a [(String, Vec<SideResult>)],
}

/// The verdict on the primary Python, and one per other Python of the matrix.
#[derive(Debug, Clone)]
pub struct PairJudgement {
    pub primary: Judgement,
    pub matrix: Vec<Judgement>,
}

/// Judges every run of a pair against its settings, its time limit and its golden output.
pub fn judge_runs(
    settings: &PairSection,
    runs: &Runs,
    timeout: std::time::Duration,
    golden_output: Option<&[u8]>,
) -> PairJudgement {
    let not_run = [SideResult::NotRun];
    let cs_runs = if runs.csharp.is_empty() {
        &not_run[..]
    } else {
        runs.csharp
    };
    let filters = settings.filters();
    let cs = &cs_runs[0];
    // C# runs once per repetition whatever the interpreter: judge its flakiness once.
    let cs_flaky = flaky(cs_runs, &filters).map(|(i, d)| {
        (
            format!("C# output changed between repetitions 1 and {}", i + 1),
            d,
        )
    });
    let judge_one = |py_runs: &[SideResult]| {
        let py_runs = if py_runs.is_empty() {
            &not_run[..]
        } else {
            py_runs
        };
        let j = judge(settings, &py_runs[0], cs, timeout);
        if !matches!(j.verdict, Verdict::Pass | Verdict::Mismatch) {
            return j;
        }
        let py_flaky = || {
            flaky(py_runs, &filters).map(|(i, d)| {
                let why = format!(
                    "Python output changed between repetitions 1 and {} (PYTHONHASHSEED 0 and {i})",
                    i + 1
                );
                (why, d)
            })
        };
        if let Some((why, d)) = cs_flaky.clone().or_else(py_flaky) {
            return Judgement {
                verdict: Verdict::Flaky,
                reason: Some(why),
                diff: Some(d),
            };
        }
        match (cs.outcome(), py_runs[0].outcome()) {
            (Some(c), Some(p)) => golden::check(
                j,
                &normalize(&c.stdout, &filters),
                &normalize(&p.stdout, &filters),
                golden_output,
            ),
            _ => j,
        }
    };
    let mut judged: Vec<Judgement> = runs.pythons.iter().map(|(_, r)| judge_one(r)).collect();
    if judged.is_empty() {
        judged.push(judge_one(&[]));
    }
    let matrix = judged.split_off(1);
    let mut primary = judged.remove(0);
    if let Some(drift) = version_drift(runs.pythons, &primary, &matrix) {
        primary = drift;
    }
    PairJudgement { primary, matrix }
}

/// When some Pythons of the matrix pass and one does not: the pair takes that one's verdict,
/// with a reason naming the versions.
fn version_drift(
    pythons: &[(String, Vec<SideResult>)],
    primary: &Judgement,
    matrix: &[Judgement],
) -> Option<Judgement> {
    let versions: Vec<(&str, &Judgement)> = pythons
        .iter()
        .map(|(v, _)| v.as_str())
        .zip(std::iter::once(primary).chain(matrix))
        .collect();
    let passing: Vec<&str> = versions
        .iter()
        .filter(|v| v.1.verdict == Verdict::Pass)
        .map(|v| v.0)
        .collect();
    if passing.is_empty() {
        return None;
    }
    let (bad_version, bad) = versions.iter().find(|v| v.1.verdict != Verdict::Pass)?;
    Some(Judgement {
        verdict: bad.verdict,
        reason: Some(format!(
            "version drift: passes on Python {}, {} on Python {bad_version}: {}",
            passing.join(", "),
            bad.verdict.name(),
            bad.reason.clone().unwrap_or_default()
        )),
        diff: primary.diff.clone().or_else(|| bad.diff.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::{Outcome, Status};
    use std::time::Duration;

    fn ran(stdout: &str) -> SideResult {
        let mut o = Outcome::failed_to_start(String::new());
        o.status = Status::Exited(0);
        o.stdout = stdout.as_bytes().to_vec();
        SideResult::Ran(o)
    }

    fn settings() -> PairSection {
        PairSection::default()
    }

    const LIMIT: Duration = Duration::from_secs(10);

    #[test]
    fn agreeing_sides_pass_and_disagreeing_ones_mismatch() {
        let cs = [ran("a\n")];
        let pythons = [("3.11".to_string(), vec![ran("a\n")])];
        let runs = Runs {
            csharp: &cs,
            pythons: &pythons,
        };
        assert_eq!(
            judge_runs(&settings(), &runs, LIMIT, None).primary.verdict,
            Verdict::Pass
        );
        let pythons = [("3.11".to_string(), vec![ran("b\n")])];
        let runs = Runs {
            csharp: &cs,
            pythons: &pythons,
        };
        assert_eq!(
            judge_runs(&settings(), &runs, LIMIT, None).primary.verdict,
            Verdict::Mismatch
        );
    }

    #[test]
    fn a_repetition_that_prints_otherwise_is_flaky_and_says_which_side() {
        let cs = [ran("a\n"), ran("a\n")];
        let pythons = [("3.11".to_string(), vec![ran("a\n"), ran("b\n")])];
        let runs = Runs {
            csharp: &cs,
            pythons: &pythons,
        };
        let j = judge_runs(&settings(), &runs, LIMIT, None).primary;
        assert_eq!(j.verdict, Verdict::Flaky);
        assert!(j
            .reason
            .unwrap()
            .starts_with("Python output changed between repetitions 1 and 2"));

        let cs = [ran("a\n"), ran("c\n")];
        let pythons = [("3.11".to_string(), vec![ran("a\n"), ran("a\n")])];
        let runs = Runs {
            csharp: &cs,
            pythons: &pythons,
        };
        let j = judge_runs(&settings(), &runs, LIMIT, None).primary;
        assert_eq!(j.verdict, Verdict::Flaky);
        assert!(j.reason.unwrap().starts_with("C# output"));
    }

    #[test]
    fn both_sides_moving_away_from_the_golden_output_is_drift() {
        let cs = [ran("new\n")];
        let pythons = [("3.11".to_string(), vec![ran("new\n")])];
        let runs = Runs {
            csharp: &cs,
            pythons: &pythons,
        };
        let j = judge_runs(&settings(), &runs, LIMIT, Some(b"old\n")).primary;
        assert_eq!(j.verdict, Verdict::Drift);
        let j = judge_runs(&settings(), &runs, LIMIT, Some(b"new\n")).primary;
        assert_eq!(j.verdict, Verdict::Pass);
    }

    #[test]
    fn one_python_of_the_matrix_failing_is_version_drift_naming_both() {
        let cs = [ran("a\n")];
        let pythons = [
            ("3.11".to_string(), vec![ran("a\n")]),
            ("3.12".to_string(), vec![ran("b\n")]),
        ];
        let runs = Runs {
            csharp: &cs,
            pythons: &pythons,
        };
        let j = judge_runs(&settings(), &runs, LIMIT, None);
        assert_eq!(j.matrix.len(), 1);
        assert_eq!(j.matrix[0].verdict, Verdict::Mismatch);
        assert_eq!(j.primary.verdict, Verdict::Mismatch);
        let reason = j.primary.reason.unwrap();
        assert!(
            reason.starts_with("version drift: passes on Python 3.11, mismatch on Python 3.12"),
            "{reason}"
        );
    }

    #[test]
    fn a_side_that_did_not_run_is_not_judged_for_flakiness_or_drift() {
        let cs = [SideResult::CompileError("CS1002".into())];
        let pythons = [("3.11".to_string(), vec![ran("a\n"), ran("b\n")])];
        let runs = Runs {
            csharp: &cs,
            pythons: &pythons,
        };
        let j = judge_runs(&settings(), &runs, LIMIT, Some(b"zzz")).primary;
        assert_eq!(j.verdict, Verdict::Error);
    }
}
