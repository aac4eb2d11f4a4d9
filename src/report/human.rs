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
    rerun_command, short_filter, shown_line, Reporter, DIFF_LINES,
};
use crate::compare::{SideResult, Verdict};
use crate::course::Side;
use crate::pages::PageCheck;
use crate::runner::{Header, PairReport, RunReport};

/// Writes to stderr (or any writer, for tests).
pub struct HumanReporter<W: Write> {
    out: NoLeadingBlank<W>,
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
            out: NoLeadingBlank {
                inner: out,
                started: false,
            },
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
        if p.verdict == Verdict::Timeout {
            writeln!(
                self.out,
                "  limit  raise it with --timeout 30s, or for this pair with\n         timeout = \"30s\" under [lessons.{}.pairs.{}] in harness/course.toml",
                escape::line(&p.pair.lesson),
                escape::line(&p.pair.name)
            )?;
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
                shown_line(root, &f.message)
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

/// The report's sections each begin with a blank line that separates them from the one
/// before; this drops the blank lines written before anything else, so that a report
/// without a header (`-q`) starts with its first line of text, not an empty one.
struct NoLeadingBlank<W: Write> {
    inner: W,
    started: bool,
}

impl<W: Write> Write for NoLeadingBlank<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.started {
            return self.inner.write(buf);
        }
        let blank = buf.iter().take_while(|&&b| b == b'\n').count();
        if blank == buf.len() {
            return Ok(blank);
        }
        self.started = true;
        Ok(blank + self.inner.write(&buf[blank..])?)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
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
                "\ntimings: setup {}, C# compile {} ({} compiled, {} from cache), total {}{}",
                duration(t.setup),
                duration(t.compile),
                t.compiled,
                t.cached,
                duration(t.total),
                if t.lent > 0 {
                    format!(
                        "; up to {} snippets at once ({} more than --jobs while others slept)",
                        t.most_at_once, t.lent
                    )
                } else {
                    String::new()
                }
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

    #[test]
    fn a_quiet_report_starts_with_its_first_line_of_text() {
        let mut r = sample::run();
        let mut out = Vec::new();
        let mut reporter = HumanReporter::new(&mut out, false, false, false).quiet(true);
        reporter.start(&r.header, 3);
        reporter.finish(&r).unwrap();
        let t = String::from_utf8(out).unwrap();
        assert!(t.starts_with("MISMATCH 01-a/bye: "), "{t:?}");
        // Nothing failed and no pages: no blank line first either.
        for l in &mut r.lessons {
            l.pairs.retain(|p| !p.verdict.is_failure());
            l.page = None;
        }
        let mut out = Vec::new();
        HumanReporter::new(&mut out, false, false, false)
            .quiet(true)
            .finish(&r)
            .unwrap();
        let t = String::from_utf8(out).unwrap();
        assert!(t.starts_with("not run: 02-b/later\n"), "{t:?}");
        // The blank lines between sections stay.
        assert!(t.contains("\n\nfinished in "), "{t:?}");
    }

    /// The whole report as a reporter writes it over a run: the header from `start`, then
    /// `finish` (no progress bar: it only draws on a terminal).
    fn render_all(r: &RunReport, color: bool, timings: bool) -> String {
        let mut out = Vec::new();
        let mut reporter = HumanReporter::new(&mut out, color, false, timings);
        let pairs = r.lessons.iter().map(|l| l.pairs.len()).sum();
        reporter.start(&r.header, pairs);
        for p in r.lessons.iter().flat_map(|l| &l.pairs) {
            reporter.pair_finished(p);
        }
        reporter.finish(r).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// snapbox without its path normalisation, which would turn the report's visible `\n`
    /// into `/n`. `SNAPSHOTS=overwrite cargo test --lib report::human` rewrites the `str![]`.
    #[track_caller]
    fn assert_snapshot(actual: String, expected: impl snapbox::IntoData) {
        snapbox::Assert::new()
            .action_env(snapbox::assert::DEFAULT_ACTION_ENV)
            .normalize_paths(false)
            .eq(actual, expected);
    }

    fn with_header(mut r: RunReport) -> RunReport {
        r.header.python = Some("/usr/bin/python3 (3.11.7)".into());
        r.header.dotnet = Some("/usr/share/dotnet/dotnet (SDK 8.0.404, runtime 8.0.11)".into());
        r.header.sandbox_active = vec!["session".into(), "rlimits".into(), "network".into()];
        r.header.sandbox_unavailable = vec!["memory cap: no cgroup v2 delegation".into()];
        r.header.fixture = Some("http://127.0.0.1:8123".into());
        r
    }

    #[test]
    fn the_whole_report_of_the_sample_run() {
        assert_snapshot(
            render_all(&with_header(sample::run()), false, false),
            snapbox::str![[r#"
course  /course
python  /usr/bin/python3 (3.11.7)
dotnet  /usr/share/dotnet/dotnet (SDK 8.0.404, runtime 8.0.11)
sandbox session, rlimits, network
        unavailable: memory cap: no cgroup v2 delegation
fixture http://127.0.0.1:8123 (MIRROR_HTTP_BASE)

lesson                                       pairs passed failed skipped pair time  page
01 A                                             4      1      3       0      1.2s  -
02 B                                             3      0      2       1     400ms  3 problems (1 block checked)

MISMATCH 01-a/bye: outputs differ from line 1
  C#     examples-cs/01-a/Bye.cs
  Python examples-py/01-a/bye.py
  first difference at line 1, column 16:
    C#:     Goodbye, World!\n
    Python: Goodbye, World!
                           ^
    (only C# ends this line with a line break: Python's output ends without one)
    --- C#
    +++ Python
    @@ -1 +1 @@
    -Goodbye, World!
    +Goodbye, World!
    \ No newline at end of file
  re-run: mirror run 1/bye

DRIFT 01-a/drifted: golden output is stale
  C#     examples-cs/01-a/Drifted.cs
  Python examples-py/01-a/drifted.py
  first difference at line 1, column 1:
    golden: old
    now:    new
            ^
    --- golden
    +++ now
    @@ -1 +1 @@
    -old
    +new
  re-run: mirror run 1/drifted

FLAKY 01-a/sets: Python output changed between repetitions 1 and 2
  C#     examples-cs/01-a/Sets.cs
  Python examples-py/01-a/sets.py
  first difference at line 1, column 2:
    run 1: {1, 2}
    run 2: {2, 1}
            ^
    --- run 1
    +++ run 2
    @@ -1 +1 @@
    -{1, 2}
    +{2, 1}
  re-run: mirror run 1/sets

ERROR 02-b/crash: Python side exited with 1 (expected exit 0)
  C#     examples-cs/02-b/Crash.cs
  Python examples-py/02-b/crash.py
  at     examples-py/02-b/crash.py:2
  Python stderr (last lines):
    Traceback (most recent call last):
      File "examples-py/02-b/crash.py", line 5, in <module>
        f()
      File "examples-py/02-b/crash.py", line 2, in f
        raise ValueError('boom')
    ValueError: boom
  re-run: mirror run 2/crash

ERROR 02-b/broken: C# side does not compile
  C#     examples-cs/02-b/Broken.cs
  Python examples-py/02-b/broken.py
  at     examples-cs/02-b/Broken.cs:2
  C# compiler:
    examples-cs/02-b/Broken.cs(2,19): error CS0103: The name 'x' does not exist
  re-run: mirror run 2/broken

PAGE lessons/02-b.md:3: untagged ```python block

PAGE lessons/02-b.md:8: block names pair `helo`, which lesson 02-b does not have

PAGE lessons/02-b.md:12: output of `crash` cannot be checked: the pair does not pass
  mend with: mirror sync-pages 2

pages: 1 tied block checked, 1 failed, 2 other problems

not run: 02-b/later

failed: 01-a/bye 01-a/drifted 01-a/sets 02-b/crash 02-b/broken
re-run them: mirror run 1/bye 1/drifted 1/sets 2/crash 2/broken  (or: mirror run --failed)

finished in 3.7s
1 passed, 5 failed, 1 skipped, 3 page problems

"#]],
        );
    }

    #[test]
    fn a_passing_run_is_the_header_the_table_and_two_lines() {
        let mut r = with_header(sample::run());
        r.lessons.truncate(1);
        r.lessons[0].pairs.truncate(1);
        assert_snapshot(
            render_all(&r, false, false),
            snapbox::str![[r#"
course  /course
python  /usr/bin/python3 (3.11.7)
dotnet  /usr/share/dotnet/dotnet (SDK 8.0.404, runtime 8.0.11)
sandbox session, rlimits, network
        unavailable: memory cap: no cgroup v2 delegation
fixture http://127.0.0.1:8123 (MIRROR_HTTP_BASE)

lesson                                       pairs passed failed pair time  page
01 A                                             1      1      0     300ms  -

finished in 3.7s
1 passed, 0 failed

"#]],
        );
    }

    #[test]
    fn timings_and_kept_temp_are_shown_when_asked() {
        let mut r = with_header(sample::run());
        r.lessons.truncate(1);
        r.lessons[0].pairs.truncate(2);
        r.timings = crate::runner::Timings {
            compiled: 1,
            compile: std::time::Duration::from_millis(850),
            cached: 1,
            setup: std::time::Duration::from_millis(40),
            total: std::time::Duration::from_millis(1250),
            lent: 1,
            most_at_once: 3,
        };
        r.kept_temp = Some("/tmp/mirror-run-1-x".into());
        // The report without timings (whose whole text the sample test above shows) plus
        // one line: the timings, before the kept folders.
        let plain = render_all(&r, false, false);
        let at = plain
            .find("temp folders kept in /tmp/mirror-run-1-x\n")
            .expect("the kept temp folders are named");
        let mut expected = plain;
        expected.insert_str(
            at,
            "timings: setup 40ms, C# compile 850ms (1 compiled, 1 from cache), total 1.2s; \
             up to 3 snippets at once (1 more than --jobs while others slept)\n\n",
        );
        assert_eq!(render_all(&r, false, true), expected);
    }

    #[test]
    fn colours_paint_verdicts_failures_and_the_header() {
        let mut r = with_header(sample::run());
        r.lessons[0].pairs.truncate(2);
        // ESC made visible, so the snapshot shows where each style starts and ends.
        let t = render_all(&r, true, false).replace('\x1b', "␛");
        assert_snapshot(
            t,
            snapbox::str![[r#"
␛[2mcourse  /course␛[0m
␛[2mpython  /usr/bin/python3 (3.11.7)␛[0m
␛[2mdotnet  /usr/share/dotnet/dotnet (SDK 8.0.404, runtime 8.0.11)␛[0m
␛[2msandbox session, rlimits, network␛[0m
␛[2m        unavailable: memory cap: no cgroup v2 delegation␛[0m
␛[2mfixture http://127.0.0.1:8123 (MIRROR_HTTP_BASE)␛[0m

lesson                                       pairs passed failed skipped pair time  page
01 A                                             2      1 ␛[1m␛[31m     1␛[0m       0     600ms  -
02 B                                             3      0 ␛[1m␛[31m     2␛[0m␛[33m       1␛[0m     400ms  ␛[1m␛[31m3 problems (1 block checked)␛[0m

␛[1m␛[31mMISMATCH␛[0m ␛[1m01-a/bye␛[0m: outputs differ from line 1
  C#     examples-cs/01-a/Bye.cs
  Python examples-py/01-a/bye.py
  first difference at line 1, column 16:
    C#:     Goodbye, World!\n
    Python: Goodbye, World!
                           ^
    (only C# ends this line with a line break: Python's output ends without one)
    --- C#
    +++ Python
    ␛[36m@@ -1 +1 @@␛[0m
    ␛[31m-Goodbye, World!␛[0m
    ␛[32m+Goodbye, World!␛[0m
    \ No newline at end of file
  re-run: mirror run 1/bye

␛[1m␛[31mERROR␛[0m ␛[1m02-b/crash␛[0m: Python side exited with 1 (expected exit 0)
  C#     examples-cs/02-b/Crash.cs
  Python examples-py/02-b/crash.py
  at     examples-py/02-b/crash.py:2
  Python stderr (last lines):
    Traceback (most recent call last):
      File "examples-py/02-b/crash.py", line 5, in <module>
        f()
      File "examples-py/02-b/crash.py", line 2, in f
        raise ValueError('boom')
    ValueError: boom
  re-run: mirror run 2/crash

␛[1m␛[31mERROR␛[0m ␛[1m02-b/broken␛[0m: C# side does not compile
  C#     examples-cs/02-b/Broken.cs
  Python examples-py/02-b/broken.py
  at     examples-cs/02-b/Broken.cs:2
  C# compiler:
    examples-cs/02-b/Broken.cs(2,19): error CS0103: The name 'x' does not exist
  re-run: mirror run 2/broken

␛[1m␛[31mPAGE␛[0m lessons/02-b.md:3: untagged ```python block

␛[1m␛[31mPAGE␛[0m lessons/02-b.md:8: block names pair `helo`, which lesson 02-b does not have

␛[1m␛[31mPAGE␛[0m lessons/02-b.md:12: output of `crash` cannot be checked: the pair does not pass
  mend with: mirror sync-pages 2

pages: 1 tied block checked, 1 failed, 2 other problems

not run: 02-b/later

failed: 01-a/bye 02-b/crash 02-b/broken
re-run them: mirror run 1/bye 2/crash 2/broken  (or: mirror run --failed)

finished in 3.7s
1 passed, 3 failed, 1 skipped, 3 page problems

"#]],
        );
    }
}
