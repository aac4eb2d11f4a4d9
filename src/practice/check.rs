//! `mirror practice --check [FILTER]`: run each practice file in place of the course's
//! answer, through the runner itself (same sandbox, environment, fixtures, stdin, data and
//! normalisations as the course pair), and judge it against the other side's real run.
//!
//! A practice file that is still only comments is `todo`: reported, not run, and not a
//! failure. Exit 0 when every attempted file passes, 1 when one does not, 2 when nothing
//! could be judged.
use std::collections::HashSet;

use super::{show, untouched, Direction, Options, PracticeFile};
use crate::compare::{diff, normalize, tail, Diff, SideResult, Verdict};
use crate::config::RunSettings;
use crate::course::{filter, Course, Pair, Side};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::exit;
use crate::report::style::Styles;
use crate::report::{escape, NullReporter};
use crate::runner::PairReport;

/// Runs pairs through the engine (`engine`, warm, when the caller keeps one; else one made
/// for them); the reports come back in the order given.
pub fn run_pairs(
    engine: Option<&Engine>,
    course: &Course,
    pairs: Vec<Pair>,
    settings: &RunSettings,
) -> Result<Vec<PairReport>> {
    if pairs.is_empty() {
        return Ok(Vec::new());
    }
    let report = match engine {
        Some(engine) => {
            let report = engine.run(course, pairs, &mut NullReporter)?;
            if let Some(code) = report.interrupted {
                return Err(Error::Interrupted(code));
            }
            report
        }
        None => crate::engine::run_once(course, pairs, settings, &mut NullReporter)?,
    };
    Ok(report.lessons.into_iter().flat_map(|l| l.pairs).collect())
}

/// A practice file's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Pass,
    Mismatch,
    Error,
    Timeout,
    /// Still the untouched template: nothing to judge yet.
    Todo,
}

impl State {
    pub fn name(self) -> &'static str {
        match self {
            State::Pass => "pass",
            State::Mismatch => "mismatch",
            State::Error => "error",
            State::Timeout => "timeout",
            State::Todo => "todo",
        }
    }
    pub fn is_failure(self) -> bool {
        matches!(self, State::Mismatch | State::Error | State::Timeout)
    }
}

/// One checked practice file.
#[derive(Debug, Clone)]
pub struct Checked {
    pub file: PracticeFile,
    pub state: State,
    /// The learner's file content that was judged.
    pub content: Vec<u8>,
    /// One line, in the learner's terms.
    pub reason: Option<String>,
    /// Expected (the oracle's run) -> yours.
    pub diff: Option<Diff>,
    pub report: Option<PairReport>,
}

impl Checked {
    /// The card's trap, for a file that failed. Traps are written for the Python side
    /// (`print(a, b)` puts a space...): a C# answer gets none.
    pub fn hint(&self) -> Option<&str> {
        let trap = self.report.as_ref()?.pair.settings.trap.as_deref()?;
        (self.state.is_failure() && self.file.direction == Direction::ToPython).then_some(trap)
    }
}

/// The practice files the options select (both kinds unless `--to` says which).
pub fn selected(course: &Course, options: &Options) -> Result<Vec<PracticeFile>> {
    let (files, strays) = options.workspace.files(course);
    for s in strays {
        eprintln!(
            "ignored: {} practises no pair of the course (its lesson folder and name must match a pair)",
            show(&s)
        );
    }
    let ids: Option<HashSet<String>> = if options.filters.is_empty() {
        None
    } else {
        let selection = filter::select(course, &options.filters)?;
        Some(selection.pairs.iter().map(|p| p.id()).collect())
    };
    let files: Vec<PracticeFile> = files
        .into_iter()
        .filter(|f| options.direction.is_none_or(|d| d == f.direction))
        .filter(|f| ids.as_ref().is_none_or(|ids| ids.contains(&f.pair.id())))
        .collect();
    if files.is_empty() {
        // A command that works as printed: a pair of the selection (else the course's
        // first), the direction asked for, the workspace when one was named.
        let example = if options.filters.is_empty() {
            course.lessons.iter().flat_map(|l| &l.pairs).next()
        } else {
            filter::select(course, &options.filters)?.pairs.first().copied()
        };
        let kind = options
            .direction
            .map_or(String::new(), |d| format!(" {}", d.learner().label()));
        let start = example.map_or(String::new(), |p| {
            let direction = options.direction.unwrap_or(Direction::ToPython);
            format!(
                ": start one with `{}`",
                options.workspace.start_command(p, direction)
            )
        });
        return Err(Error::Usage(format!(
            "no{kind} practice files{} in {}{start} (`mirror list` shows the pairs)",
            if options.filters.is_empty() { "" } else { " for that selection" },
            show(&options.workspace.root)
        )));
    }
    Ok(files)
}

/// Checks the files: untouched ones are `todo`, the rest run through the runner.
pub fn check_files(
    engine: Option<&Engine>,
    course: &Course,
    files: Vec<PracticeFile>,
    settings: &RunSettings,
) -> Result<Vec<Checked>> {
    let mut contents = Vec::new();
    for f in &files {
        let bytes = std::fs::read(&f.path)
            .map_err(|e| Error::io(format!("reading {}", show(&f.path)), e))?;
        contents.push(bytes);
    }
    let attempted: Vec<Pair> = files
        .iter()
        .zip(&contents)
        .filter(|(f, c)| !untouched(&String::from_utf8_lossy(c), f.direction))
        .map(|(f, _)| f.as_pair())
        .collect();
    let mut reports = run_pairs(engine, course, attempted, settings)?;
    let mut out = Vec::new();
    for (file, content) in files.into_iter().zip(contents) {
        if untouched(&String::from_utf8_lossy(&content), file.direction) {
            out.push(Checked {
                file,
                state: State::Todo,
                content,
                reason: Some("nothing written yet below the comments".into()),
                diff: None,
                report: None,
            });
            continue;
        }
        let mine = Some(&file.path);
        let index = reports
            .iter()
            .position(|r| match file.direction {
                Direction::ToPython => r.pair.python.as_ref() == mine,
                Direction::ToCsharp => r.pair.csharp.as_ref() == mine,
            })
            .ok_or_else(|| Error::Course("the runner lost a practice file's result".into()))?;
        let report = reports.swap_remove(index);
        out.push(judge(file, content, report));
    }
    Ok(out)
}

fn side(report: &PairReport, side: Side) -> &SideResult {
    match side {
        Side::Python => &report.python,
        Side::CSharp => &report.csharp,
    }
}

/// Turns the runner's verdict into the learner's: their side is "yours".
fn judge(file: PracticeFile, content: Vec<u8>, report: PairReport) -> Checked {
    let (mine, theirs) = (file.direction.learner(), file.direction.oracle());
    let state = match report.verdict {
        // The golden files guard the course against drift; a learner's file is judged by
        // the other side's real run alone (`drift` only ever follows agreeing sides).
        Verdict::Pass | Verdict::Drift => State::Pass,
        Verdict::Mismatch => State::Mismatch,
        Verdict::Timeout => State::Timeout,
        _ => State::Error,
    };
    let diff = if state == State::Mismatch {
        let filters = report.pair.settings.filters();
        let out = |s: Side| {
            side(&report, s)
                .outcome()
                .map(|o| normalize::normalize(&o.stdout, &filters))
                .unwrap_or_default()
        };
        diff::diff(
            &out(theirs),
            &out(mine),
            &format!("expected (the real {} run)", theirs.label()),
            &format!("yours ({})", show(&file.path)),
        )
    } else {
        None
    };
    let reason = match (state, &diff) {
        (State::Pass, _) => None,
        // Not the run's reason, which speaks of golden output and "sides".
        (State::Mismatch, Some(d)) => Some(format!(
            "your {} prints something else than the real {} run, from line {}",
            mine.label(),
            theirs.label(),
            d.first_line
        )),
        _ => report.reason.as_ref().map(|r| {
            r.replace(
                &format!("{} side", mine.label()),
                &format!("your {}", mine.label()),
            )
            .replace(
                &format!("{} side", theirs.label()),
                &format!("the course's {}", theirs.label()),
            )
        }),
    };
    Checked {
        file,
        state,
        content,
        reason,
        diff,
        report: Some(report),
    }
}

/// The human report of a check round.
pub fn render(checked: &[Checked], color: bool) -> String {
    let mut out = String::new();
    let width = checked
        .iter()
        .map(|c| escape::line(c.file.short_id()).chars().count())
        .max()
        .unwrap_or(0);
    let styles = Styles::new(color);
    for c in checked {
        let style = match c.state {
            State::Pass => Styles::PASS,
            State::Todo => Styles::SKIP,
            _ => Styles::FAIL,
        };
        let label = styles.paint(style, &format!("{:<8}", c.state.name().to_uppercase()));
        out.push_str(&format!(
            "{label} {:<width$}  {}",
            escape::line(c.file.short_id()),
            show(&c.file.path)
        ));
        if let (Some(r), false) = (&c.reason, c.state == State::Mismatch) {
            out.push_str(&format!(": {}", escape::line(r)));
        }
        out.push('\n');
        if c.state.is_failure() {
            details(&mut out, c, color);
        }
    }
    let count = |s: State| checked.iter().filter(|c| c.state == s).count();
    let failed = checked.iter().filter(|c| c.state.is_failure()).count();
    out.push_str(&format!("\n{} passed, {failed} failed", count(State::Pass)));
    if count(State::Todo) > 0 {
        out.push_str(&format!(", {} to do", count(State::Todo)));
    }
    out.push('\n');
    out
}

fn details(out: &mut String, c: &Checked, color: bool) {
    let Some(report) = &c.report else { return };
    let (mine, theirs) = (c.file.direction.learner(), c.file.direction.oracle());
    if let Some(d) = &c.diff {
        let width = mine.label().len().max(8) + 6;
        out.push_str(&format!(
            "  first difference at line {}:\n    {:<width$}{}\n    {:<width$}{}\n",
            d.first_line,
            "yours:",
            escape::output_line(d.right_line.as_deref()),
            "expected:",
            escape::output_line(d.left_line.as_deref()),
        ));
        let styles = Styles::new(color);
        for line in escape::text(&d.unified).lines() {
            out.push_str(&format!("    {}\n", styles.diff_line(line)));
        }
        if let Some(trap) = c.hint() {
            let trap = escape::text(trap);
            let hint = styles.paint(Styles::SKIP.bold(), "hint:");
            out.push_str(&format!("  {hint} {trap}\n"));
        }
    }
    for s in [mine, theirs] {
        let whose = if s == mine {
            format!("your {}", s.label())
        } else {
            format!("the course's {}", s.label())
        };
        match side(report, s) {
            SideResult::CompileError(diag) => {
                out.push_str(&format!("  {whose} does not compile:\n"));
                for line in diag.lines().filter(|l| l.contains("error")) {
                    out.push_str(&format!("    {}\n", escape::line(line)));
                }
            }
            SideResult::Ran(o) if c.state != State::Mismatch && !o.stderr.is_empty() => {
                out.push_str(&format!("  {whose}: stderr (last lines):\n"));
                // Traceback frames name the file as the learner knows it, not the run's
                // temp folder (paths shown relative to where mirror was started).
                let cwd = std::env::current_dir()
                    .map(|d| d.display().to_string())
                    .unwrap_or_default();
                let stderr = crate::report::location::course_paths(
                    tail(&o.stderr, 12),
                    &cwd,
                    report.pair.source(s),
                );
                for line in escape::text(&stderr).lines() {
                    out.push_str(&format!("    {line}\n"));
                }
            }
            _ => {}
        }
    }
    if c.state == State::Timeout {
        out.push_str("  (an endless loop? the sandbox stopped it and everything it started)\n");
    }
}

/// Exit code of a round: 1 when an attempted file does not pass.
pub fn exit_code(checked: &[Checked]) -> u8 {
    if checked.iter().any(|c| c.state.is_failure()) {
        exit::FAILED
    } else {
        exit::OK
    }
}

/// `mirror practice --check [FILTER]`.
pub fn command(course: &Course, options: &Options) -> Result<u8> {
    let checked = super::round(None, course, options)?;
    eprint!("{}", render(&checked, options.color));
    Ok(exit_code(&checked))
}
