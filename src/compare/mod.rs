//! Phase 4, compare: turn two sides' outcomes into one verdict, with a diff when they differ.
//! Pure functions over data: unit-tested without running anything.
pub mod diff;
pub mod golden;
pub mod normalize;
pub mod runs;

use crate::course::{ExpectExit, PairSection, Side};
use crate::sandbox::Outcome;
use crate::sandbox::Status;
pub use diff::Diff;

/// The judgement on a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Pass,
    Mismatch,
    Timeout,
    Error,
    Orphan,
    Skipped,
    /// Output changed between repetitions (`--repeat`).
    Flaky,
    /// Both sides agree but no longer print the golden output.
    Drift,
}

impl Verdict {
    pub fn is_failure(self) -> bool {
        !matches!(self, Verdict::Pass | Verdict::Skipped)
    }
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Mismatch => "mismatch",
            Verdict::Timeout => "timeout",
            Verdict::Error => "error",
            Verdict::Orphan => "orphan",
            Verdict::Skipped => "skipped",
            Verdict::Flaky => "flaky",
            Verdict::Drift => "drift",
        }
    }
}

/// What became of one side before comparison.
#[derive(Debug, Clone)]
pub enum SideResult {
    /// The C# compiler refused it (diagnostics).
    CompileError(String),
    Ran(Outcome),
    /// Not run (fail-fast, or the other side could not be built).
    NotRun,
}

impl SideResult {
    pub fn outcome(&self) -> Option<&Outcome> {
        match self {
            SideResult::Ran(o) => Some(o),
            _ => None,
        }
    }
}

/// Verdict, a one-line reason, and the diff for a mismatch.
#[derive(Debug, Clone)]
pub struct Judgement {
    pub verdict: Verdict,
    pub reason: Option<String>,
    pub diff: Option<Diff>,
}

impl Judgement {
    fn new(verdict: Verdict, reason: impl Into<String>) -> Self {
        Judgement {
            verdict,
            reason: Some(reason.into()),
            diff: None,
        }
    }
}

/// The last `n` lines of stderr, as bytes (the reports escape them to show them), without
/// the final line break.
pub fn tail(bytes: &[u8], n: usize) -> &[u8] {
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    if n == 0 {
        return &[];
    }
    let start = bytes
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, &b)| b == b'\n')
        .nth(n - 1)
        .map_or(0, |(i, _)| i + 1);
    &bytes[start..]
}

/// Why one side's run is not acceptable, if it is not.
fn side_problem(
    side: Side,
    o: &Outcome,
    expect: ExpectExit,
    timeout: std::time::Duration,
) -> Option<Judgement> {
    let label = side.label();
    if o.timed_out() {
        return Some(Judgement::new(
            Verdict::Timeout,
            format!("{label} side timed out after {:.1}s", timeout.as_secs_f64()),
        ));
    }
    if let Status::NotStarted(e) = &o.status {
        return Some(Judgement::new(
            Verdict::Error,
            format!("{label} side could not start: {e}"),
        ));
    }
    if let Some(limit) = o.limit {
        return Some(Judgement::new(
            Verdict::Error,
            format!("{label} side: error: {}", limit.describe()),
        ));
    }
    let ok = match (expect, &o.status) {
        (ExpectExit::Zero, Status::Exited(0)) => true,
        (ExpectExit::Nonzero, Status::Exited(c)) => *c != 0,
        (ExpectExit::Nonzero, Status::Signaled(_)) => true,
        _ => false,
    };
    if ok {
        return None;
    }
    let how = match &o.status {
        Status::Exited(c) => format!("exited with {c}"),
        Status::Signaled(s) => format!("was killed by signal {s}{}", signal_name(*s)),
        _ => "failed".into(),
    };
    let wanted = match expect {
        ExpectExit::Zero => "expected exit 0",
        ExpectExit::Nonzero => "expected a failing exit (expect-exit = \"nonzero\")",
    };
    Some(Judgement::new(
        Verdict::Error,
        format!("{label} side {how} ({wanted})"),
    ))
}

fn signal_name(sig: i32) -> &'static str {
    match sig {
        libc::SIGABRT => " (SIGABRT: an unhandled .NET exception aborts)",
        libc::SIGSEGV => " (SIGSEGV)",
        libc::SIGKILL => " (SIGKILL)",
        libc::SIGXCPU => " (SIGXCPU)",
        libc::SIGXFSZ => " (SIGXFSZ: file size limit)",
        _ => "",
    }
}

/// The first repetition whose output differs from the first one, as (index, diff).
pub fn flaky<'a>(
    runs: impl IntoIterator<Item = &'a SideResult>,
    filters: &[normalize::Filter],
) -> Option<(usize, Diff)> {
    let mut outputs = runs.into_iter().filter_map(|r| {
        r.outcome()
            .map(|o| normalize::normalize(&o.stdout, filters))
    });
    let first = outputs.next()?;
    outputs.enumerate().find_map(|(i, o)| {
        diff::diff(&first, &o, "run 1", &format!("run {}", i + 2)).map(|d| (i + 1, d))
    })
}

/// Judges a pair from both sides' results.
pub fn judge(
    settings: &PairSection,
    python: &SideResult,
    csharp: &SideResult,
    timeout: std::time::Duration,
) -> Judgement {
    if let SideResult::CompileError(d) = csharp {
        // A compile stopped at its time limit says so; anything else is the compiler's refusal.
        return match d.lines().next() {
            Some(first) if first.starts_with(crate::lang::compile::TIMED_OUT) => {
                Judgement::new(Verdict::Error, format!("C# side: {first}"))
            }
            _ => Judgement::new(Verdict::Error, "C# side does not compile"),
        };
    }
    let (Some(py), Some(cs)) = (python.outcome(), csharp.outcome()) else {
        return Judgement::new(Verdict::Skipped, "not run");
    };
    let problems: Vec<Judgement> = [(Side::CSharp, cs), (Side::Python, py)]
        .into_iter()
        .filter_map(|(side, o)| side_problem(side, o, settings.expect_exit, timeout))
        .collect();
    if let Some(first) = problems.first() {
        // Timeout outranks error; both sides' reasons are kept.
        let verdict = if problems.iter().any(|p| p.verdict == Verdict::Timeout) {
            Verdict::Timeout
        } else {
            first.verdict
        };
        let reason = problems
            .iter()
            .filter_map(|p| p.reason.clone())
            .collect::<Vec<_>>()
            .join("; ");
        return Judgement::new(verdict, reason);
    }
    let filters = settings.filters();
    let left = normalize::normalize(&cs.stdout, &filters);
    let right = normalize::normalize(&py.stdout, &filters);
    match diff::diff(&left, &right, "C#", "Python") {
        None => Judgement {
            verdict: Verdict::Pass,
            reason: None,
            diff: None,
        },
        Some(d) => Judgement {
            verdict: Verdict::Mismatch,
            reason: Some(format!("outputs differ from line {}", d.first_line)),
            diff: Some(d),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::LimitHit;
    use std::time::Duration;

    fn ran(code: i32, out: &[u8]) -> SideResult {
        let mut o = Outcome::failed_to_start(String::new());
        o.status = Status::Exited(code);
        o.stdout = out.to_vec();
        SideResult::Ran(o)
    }

    fn verdict(py: SideResult, cs: SideResult, s: &PairSection) -> Verdict {
        judge(s, &py, &cs, Duration::from_secs(10)).verdict
    }

    #[test]
    fn equal_output_passes_and_crlf_is_ignored() {
        let s = PairSection::default();
        assert_eq!(verdict(ran(0, b"1\n"), ran(0, b"1\r\n"), &s), Verdict::Pass);
    }

    #[test]
    fn different_output_is_a_mismatch_with_diff() {
        let s = PairSection::default();
        let j = judge(
            &s,
            &ran(0, b"a\nb\n"),
            &ran(0, b"a\nc\n"),
            Duration::from_secs(1),
        );
        assert_eq!(j.verdict, Verdict::Mismatch);
        assert_eq!(j.diff.unwrap().first_line, 2);
    }

    #[test]
    fn exit_codes_follow_expectation() {
        let mut s = PairSection::default();
        assert_eq!(verdict(ran(1, b""), ran(0, b""), &s), Verdict::Error);
        s.expect_exit = ExpectExit::Nonzero;
        assert_eq!(verdict(ran(1, b"x"), ran(134, b"x"), &s), Verdict::Pass);
        assert_eq!(verdict(ran(0, b"x"), ran(134, b"x"), &s), Verdict::Error);
    }

    #[test]
    fn timeouts_and_limits_and_compile_errors() {
        let s = PairSection::default();
        let mut t = Outcome::failed_to_start(String::new());
        t.status = Status::TimedOut;
        let j = judge(
            &s,
            &SideResult::Ran(t),
            &ran(0, b""),
            Duration::from_secs(2),
        );
        assert_eq!(j.verdict, Verdict::Timeout);
        assert!(j.reason.unwrap().contains("Python side timed out"));
        let mut m = Outcome::failed_to_start(String::new());
        m.status = Status::Signaled(9);
        m.limit = Some(LimitHit::Memory);
        let j = judge(
            &s,
            &ran(0, b""),
            &SideResult::Ran(m),
            Duration::from_secs(2),
        );
        assert_eq!(j.reason.unwrap(), "C# side: error: memory limit");
        assert_eq!(
            verdict(ran(0, b""), SideResult::CompileError("CS0103".into()), &s),
            Verdict::Error
        );
    }

    #[test]
    fn flaky_names_the_first_repetition_that_differs() {
        let runs = [
            ran(0, b"a\n"),
            ran(0, b"a\n"),
            ran(0, b"b\n"),
            ran(0, b"c\n"),
        ];
        let (i, d) = flaky(&runs, &[]).unwrap();
        assert_eq!(i, 2);
        let unified = String::from_utf8_lossy(&d.unified);
        assert!(unified.contains("+++ run 3"), "{unified}");
        assert_eq!(
            (d.left_name.as_str(), d.right_name.as_str()),
            ("run 1", "run 3")
        );
        assert!(flaky(&runs[..2], &[]).is_none());
        assert!(flaky(&[], &[]).is_none());
    }

    #[test]
    fn tail_keeps_the_last_lines_as_bytes() {
        assert_eq!(tail(b"1\n2\n3\n", 2), b"2\n3");
        assert_eq!(tail(b"1\n2\xff", 5), b"1\n2\xff");
        assert_eq!(tail(b"1\n2\n", 0), b"");
        assert_eq!(tail(b"", 3), b"");
    }

    #[test]
    fn normalisations_apply_to_both_sides() {
        let s: PairSection = toml::from_str("normalize = [\"unordered-lines\"]").unwrap();
        assert_eq!(
            verdict(ran(0, b"b\na\n"), ran(0, b"a\nb\n"), &s),
            Verdict::Pass
        );
    }
}
