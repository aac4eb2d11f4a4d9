//! The human report, on stderr: a header saying what ran where, a progress bar on a
//! terminal, a table per lesson, every failure in detail, the failed pairs with one command
//! that re-runs them, and the `N passed, N failed` line.
use std::io::Write;

use indicatif::{ProgressBar, ProgressStyle};

use super::difference::FirstDifference;
use super::location::{error_at, stderr_tail};
use super::style::Styles;
use super::{
    capped, closing_line, duration, escape, more_lines, page_state, pages_line, relative,
    rerun_command, short_filter, without_root, Reporter, DIFF_LINES,
};
use crate::compare::{SideResult, Verdict};
use crate::course::Side;
use crate::pages::PageCheck;
use crate::runner::{Header, PairReport, RunReport};

/// Writes to stderr (or any writer, for tests).
pub struct HumanReporter<W: Write> {
    out: W,
    styles: Styles,
    progress: Option<ProgressBar>,
    show_progress: bool,
    timings: bool,
    full_diff: bool,
    /// `-q`: no header and no lesson table.
    quiet: bool,
    /// `-v`: each pair's verdict as it finishes (when there is no progress bar).
    verbose: bool,
}

impl<W: Write> HumanReporter<W> {
    pub fn new(out: W, color: bool, show_progress: bool, timings: bool) -> Self {
        HumanReporter {
            out,
            styles: Styles::new(color),
            progress: None,
            show_progress,
            timings,
            full_diff: false,
            quiet: false,
            verbose: false,
        }
    }

    /// `-q`: leave out the header and the lesson table (failures and closing lines stay).
    pub fn quiet(mut self, quiet: bool) -> Self {
        self.quiet = quiet;
        self
    }

    /// `-v`: a line for every pair as it finishes, passing ones included.
    pub fn verbose(mut self, verbose: bool) -> Self {
        self.verbose = verbose;
        self
    }

    /// Show every line of each diff (`--full-diff`), not the first [`DIFF_LINES`].
    pub fn full_diff(mut self, full: bool) -> Self {
        self.full_diff = full;
        self
    }

    fn verdict(&self, v: Verdict) -> String {
        self.styles
            .paint(self.styles.verdict(v), &v.name().to_uppercase())
    }

    fn write_failure(&mut self, root: &str, p: &PairReport) -> std::io::Result<()> {
        let s = self.styles;
        let head = format!(
            "{} {}",
            self.verdict(p.verdict),
            s.paint(Styles::BOLD, &escape::line(p.pair.id()))
        );
        let reason = escape::line(p.reason.as_deref().unwrap_or(""));
        writeln!(self.out, "\n{head}: {reason}")?;
        for side in [Side::CSharp, Side::Python] {
            if let Some(path) = p.pair.source(side) {
                let rel = escape::line(relative(root, path));
                writeln!(self.out, "  {:<6} {rel}", side.label())?;
            }
        }
        if let Some(at) = error_at(root, p) {
            writeln!(self.out, "  at     {}", escape::line(at.to_string()))?;
        }
        for m in &p.matrix {
            writeln!(self.out, "  Python {}: {}", m.python, m.verdict.name())?;
        }
        if let SideResult::CompileError(d) = &p.csharp {
            writeln!(self.out, "  C# compiler:")?;
            for line in d.lines().filter(|l| l.contains("error")) {
                writeln!(self.out, "    {}", escape::line(line))?;
            }
        }
        if let Some(d) = &p.diff {
            let first = FirstDifference::of(d);
            writeln!(self.out, "  {}:", first.heading())?;
            for line in first.render("    ") {
                writeln!(self.out, "{line}")?;
            }
            let unified = escape::text(&d.unified);
            let max = if self.full_diff {
                usize::MAX
            } else {
                DIFF_LINES
            };
            let (lines, more) = capped(&unified, max);
            for line in lines {
                writeln!(self.out, "    {}", s.diff_line(line))?;
            }
            if more > 0 {
                writeln!(self.out, "    {} (--full-diff shows all)", more_lines(more))?;
            }
        }
        for (side, result) in [(Side::CSharp, &p.csharp), (Side::Python, &p.python)] {
            let Some(o) = result.outcome() else { continue };
            if o.stdout_truncated {
                writeln!(
                    self.out,
                    "  {} stdout was cut off at the output cap",
                    side.label()
                )?;
            }
            if o.leaked {
                writeln!(
                    self.out,
                    "  {} left processes running after it exited (killed)",
                    side.label()
                )?;
            }
            if p.verdict == Verdict::Mismatch {
                continue;
            }
            if let Some(tail) = stderr_tail(root, p, side, 12) {
                writeln!(self.out, "  {} stderr (last lines):", side.label())?;
                for line in escape::text(tail).lines() {
                    writeln!(self.out, "    {line}")?;
                }
            }
        }
        writeln!(
            self.out,
            "  re-run: mirror run {}",
            escape::line(short_filter(&p.pair))
        )
    }

    fn write_page_findings(
        &mut self,
        root: &str,
        lesson: &str,
        page: &PageCheck,
    ) -> std::io::Result<()> {
        for f in &page.examination.findings {
            let head = self.styles.paint(Styles::FAIL, "PAGE");
            writeln!(
                self.out,
                "\n{head} {}:{}: {}",
                escape::line(relative(root, &page.path)),
                f.line,
                escape::line(without_root(root, &f.message))
            )?;
            if let Some((file, line)) = &f.example {
                let file = escape::line(relative(root, file));
                writeln!(self.out, "  example: {file}:{line}")?;
            }
            for line in escape::text(f.diff.as_deref().unwrap_or("")).lines() {
                writeln!(self.out, "    {line}")?;
            }
            if f.fixable {
                let n = lesson
                    .split('-')
                    .next()
                    .unwrap_or(lesson)
                    .trim_start_matches('0');
                writeln!(self.out, "  mend with: mirror sync-pages {n}")?;
            }
        }
        Ok(())
    }

    fn write_table(&mut self, r: &RunReport) -> std::io::Result<()> {
        let s = self.styles;
        // The skipped column appears when something was skipped (`--fail-fast`, one-sided).
        let skipped = r.skipped() > 0;
        let skip_head = if skipped { " skipped" } else { "" };
        writeln!(
            self.out,
            "{:<44} {:>5} {:>6} {:>6}{skip_head} {:>9}  page",
            "lesson", "pairs", "passed", "failed", "pair time"
        )?;
        for l in &r.lessons {
            let name = escape::line(format!(
                "{} {}",
                l.id.split('-').next().unwrap_or(""),
                l.title
            ));
            let failed = format!("{:>6}", l.failed());
            let failed = if l.failed() > 0 {
                s.paint(Styles::FAIL, &failed)
            } else {
                failed
            };
            let skip = if skipped {
                let n = format!("{:>8}", l.skipped());
                if l.skipped() > 0 {
                    s.paint(Styles::SKIP, &n)
                } else {
                    n
                }
            } else {
                String::new()
            };
            let page = match &l.page {
                None => "-".to_string(),
                Some(p) => match page_state(p) {
                    (true, text) => text,
                    (false, text) => s.paint(Styles::FAIL, &text),
                },
            };
            writeln!(
                self.out,
                "{:<44} {:>5} {:>6} {failed}{skip} {:>9}  {page}",
                name,
                l.pairs.len(),
                l.passed(),
                duration(l.duration())
            )?;
        }
        Ok(())
    }
}

impl<W: Write> Reporter for HumanReporter<W> {
    fn start(&mut self, h: &Header, pairs: usize) {
        if self.quiet {
            return;
        }
        let mut lines = vec![format!("course  {}", h.course)];
        lines.extend(h.python.as_ref().map(|p| format!("python  {p}")));
        lines.extend(h.dotnet.as_ref().map(|d| format!("dotnet  {d}")));
        lines.push(format!("sandbox {}", h.sandbox_active.join(", ")));
        for u in &h.sandbox_unavailable {
            lines.push(format!("        unavailable: {u}"));
        }
        lines.extend(
            h.fixture
                .as_ref()
                .map(|f| format!("fixture {f} (MIRROR_HTTP_BASE)")),
        );
        for l in lines {
            let _ = writeln!(self.out, "{}", self.styles.paint(Styles::DIM, &l));
        }
        let _ = writeln!(self.out);
        if self.show_progress {
            let bar = ProgressBar::new(pairs as u64);
            bar.set_style(
                ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} pairs {msg}")
                    .expect("valid template")
                    .progress_chars("=> "),
            );
            self.progress = Some(bar);
        }
    }

    fn pair_finished(&mut self, p: &PairReport) {
        if let Some(bar) = &self.progress {
            bar.inc(1);
            if p.verdict.is_failure() {
                let id = escape::line(p.pair.id());
                bar.println(format!("{} {id}", self.verdict(p.verdict)));
            }
            bar.set_message(escape::line(p.pair.id()));
        } else if self.verbose {
            let line = format!("{} {}", self.verdict(p.verdict), escape::line(p.pair.id()));
            let _ = writeln!(self.out, "{line}");
        }
    }

    fn finish(&mut self, r: &RunReport) -> std::io::Result<()> {
        if let Some(bar) = self.progress.take() {
            bar.finish_and_clear();
        }
        let root = r.header.course.as_str();
        if !self.quiet {
            self.write_table(r)?;
        }
        for p in r.failures() {
            self.write_failure(root, p)?;
        }
        for l in &r.lessons {
            if let Some(page) = &l.page {
                self.write_page_findings(root, &l.id, page)?;
            }
        }
        if self.timings {
            let t = &r.timings;
            writeln!(
                self.out,
                "\ntimings: setup {}, C# compile {} ({} compiled, {} from cache), total {}",
                duration(t.setup),
                duration(t.compile),
                t.compiled,
                t.cached,
                duration(t.total)
            )?;
        }
        if let Some(dir) = &r.kept_temp {
            writeln!(self.out, "\ntemp folders kept in {}", dir.display())?;
        }
        if let Some(line) = pages_line(r) {
            writeln!(self.out, "\n{line}")?;
        }
        // Pairs a stopped run never started (--fail-fast), not the one-sided ones.
        let not_run: Vec<String> = r
            .lessons
            .iter()
            .flat_map(|l| &l.pairs)
            .filter(|p| p.verdict == Verdict::Skipped && !p.pair.settings.one_sided)
            .map(|p| escape::line(p.pair.id()))
            .collect();
        if !not_run.is_empty() {
            writeln!(self.out, "\nnot run: {}", not_run.join(" "))?;
        }
        if let Some(command) = rerun_command(r) {
            let failed: Vec<String> = r
                .failures()
                .iter()
                .map(|p| escape::line(p.pair.id()))
                .collect();
            writeln!(
                self.out,
                "\nfailed: {}\nre-run them: {command}  (or: mirror run --failed)",
                failed.join(" ")
            )?;
        }
        writeln!(self.out, "\nfinished in {}", duration(r.timings.total))?;
        writeln!(self.out, "{}", closing_line(r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample;

    fn render(r: &RunReport, full_diff: bool) -> String {
        let mut out = Vec::new();
        HumanReporter::new(&mut out, false, false, false)
            .full_diff(full_diff)
            .finish(r)
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    fn has(text: &str, line: &str) {
        assert!(
            text.lines().any(|l| l == line),
            "no line {line:?} in:\n{text}"
        );
    }

    #[test]
    fn a_line_break_only_one_side_has_is_shown() {
        let t = render(&sample::run(), false);
        has(&t, "  first difference at line 1, column 16:");
        has(&t, "    C#:     Goodbye, World!\\n");
        has(&t, "    Python: Goodbye, World!");
        has(&t, "                           ^");
        has(
            &t,
            "    (only C# ends this line with a line break: Python's output ends without one)",
        );
    }

    #[test]
    fn drift_and_flaky_differences_say_what_they_compare() {
        let t = render(&sample::run(), false);
        has(&t, "    golden: old");
        has(&t, "    now:    new");
        has(&t, "    run 1: {1, 2}");
        has(&t, "    run 2: {2, 1}");
        assert!(!t.contains("C#:     old"), "{t}");
    }

    #[test]
    fn tracebacks_point_at_the_course_file() {
        let t = render(&sample::run(), false);
        has(&t, "  at     examples-py/02-b/crash.py:2");
        has(&t, "      File \"examples-py/02-b/crash.py\", line 2, in f");
        assert!(!t.contains("/tmp/mirror-run"), "{t}");
        has(&t, "  at     examples-cs/02-b/Broken.cs:2");
        has(&t, "  Python examples-py/02-b/crash.py");
    }

    #[test]
    fn every_failure_can_be_rerun_and_the_run_ends_with_one_command() {
        let t = render(&sample::run(), false);
        has(&t, "  re-run: mirror run 2/crash");
        has(&t, "  re-run: mirror run 2/broken");
        has(
            &t,
            "failed: 01-a/bye 01-a/drifted 01-a/sets 02-b/crash 02-b/broken",
        );
        has(
            &t,
            "re-run them: mirror run 1/bye 1/drifted 1/sets 2/crash 2/broken  (or: mirror run --failed)",
        );
    }

    #[test]
    fn page_problems_are_counted_as_problems_and_in_the_closing_line() {
        let t = render(&sample::run(), false);
        assert!(t.contains("  3 problems (1 block checked)"), "{t}");
        has(
            &t,
            "pages: 1 tied block checked, 1 failed, 2 other problems",
        );
        has(&t, "finished in 3.7s");
        assert_eq!(
            t.lines().last(),
            Some("1 passed, 5 failed, 1 skipped, 3 page problems")
        );
    }

    #[test]
    fn the_table_names_its_time_and_shows_skipped_pairs() {
        let t = render(&sample::run(), false);
        let head = t.lines().next().unwrap();
        assert!(
            head.contains(" skipped ") && head.contains("pair time"),
            "{head}"
        );
        let b = t.lines().find(|l| l.starts_with("02 B")).unwrap();
        let cells: Vec<&str> = b.split_whitespace().collect();
        // lesson (2 words), pairs, passed, failed, skipped, time, page...
        assert_eq!(&cells[2..6], ["3", "0", "2", "1"], "{b}");
        let mut r = sample::run();
        r.lessons[1].pairs.pop();
        assert!(!render(&r, false)
            .lines()
            .next()
            .unwrap()
            .contains("skipped"));
    }

    #[test]
    fn long_diffs_are_capped_unless_asked() {
        let mut r = sample::run();
        let left: String = (0..100).map(|i| format!("verse {i}.\n")).collect();
        let right: String = (0..100).map(|i| format!("verse {i}\n")).collect();
        r.lessons[0].pairs[1].diff =
            crate::compare::diff::diff(left.as_bytes(), right.as_bytes(), "C#", "Python");
        let t = render(&r, false);
        has(&t, "    … 163 more lines (--full-diff shows all)");
        let shown = t.lines().filter(|l| l.starts_with("    -verse")).count();
        assert!(shown < 40, "{shown}");
        let t = render(&r, true);
        assert_eq!(
            t.lines().filter(|l| l.starts_with("    -verse")).count(),
            100
        );
        assert!(!t.contains("more lines"));
    }
}
