//! The human report, on stderr: a header saying what ran where, a progress bar on a
//! terminal, a table per lesson, every failure in detail, and the `N passed, N failed` line.
use std::io::Write;

use indicatif::{ProgressBar, ProgressStyle};

use super::{duration, escape, Reporter};
use crate::compare::{tail, SideResult, Verdict};
use crate::course::Side;
use crate::pages::PageCheck;
use crate::runner::{Header, PairReport, RunReport};

/// Writes to stderr (or any writer, for tests).
pub struct HumanReporter<W: Write> {
    out: W,
    color: bool,
    progress: Option<ProgressBar>,
    show_progress: bool,
    timings: bool,
}

impl<W: Write> HumanReporter<W> {
    pub fn new(out: W, color: bool, show_progress: bool, timings: bool) -> Self {
        HumanReporter {
            out,
            color,
            progress: None,
            show_progress,
            timings,
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn verdict(&self, v: Verdict) -> String {
        let code = match v {
            Verdict::Pass => "32",
            Verdict::Skipped => "33",
            _ => "31;1",
        };
        self.paint(code, &v.name().to_uppercase())
    }

    fn write_failure(&mut self, p: &PairReport) -> std::io::Result<()> {
        let head = format!(
            "{} {}",
            self.verdict(p.verdict),
            self.paint("1", &escape::line(p.pair.id()))
        );
        let reason = escape::line(p.reason.as_deref().unwrap_or(""));
        writeln!(self.out, "\n{head}: {reason}")?;
        for (side, path) in [
            (Side::CSharp, &p.pair.csharp),
            (Side::Python, &p.pair.python),
        ] {
            if let Some(path) = path {
                writeln!(self.out, "  {:<6} {}", side.label(), escape::path(path))?;
            }
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
            writeln!(
                self.out,
                "  first difference at line {}:\n    C#:     {}\n    Python: {}",
                d.first_line,
                escape::output_line(d.left_line.as_deref()),
                escape::output_line(d.right_line.as_deref())
            )?;
            for line in escape::text(&d.unified).lines() {
                let painted = match line.chars().next() {
                    Some('-') if !line.starts_with("---") => self.paint("31", line),
                    Some('+') if !line.starts_with("+++") => self.paint("32", line),
                    Some('@') => self.paint("36", line),
                    _ => line.to_string(),
                };
                writeln!(self.out, "    {painted}")?;
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
            if p.verdict != Verdict::Mismatch && !o.stderr.is_empty() {
                writeln!(self.out, "  {} stderr (last lines):", side.label())?;
                for line in escape::text(tail(&o.stderr, 12)).lines() {
                    writeln!(self.out, "    {line}")?;
                }
            }
        }
        if p.verdict == Verdict::Mismatch {
            writeln!(self.out, "  re-run: mirror run {}", short_filter(p))?;
        }
        Ok(())
    }
}

impl<W: Write> HumanReporter<W> {
    fn write_page_findings(&mut self, lesson: &str, page: &PageCheck) -> std::io::Result<()> {
        for f in &page.examination.findings {
            let head = self.paint("31;1", "PAGE");
            writeln!(
                self.out,
                "\n{head} {}:{}: {}",
                escape::path(&page.path),
                f.line,
                escape::line(&f.message)
            )?;
            if let Some((file, line)) = &f.example {
                writeln!(self.out, "  example: {}:{line}", escape::path(file))?;
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
}

fn short_filter(p: &PairReport) -> String {
    let n = p
        .pair
        .lesson
        .split('-')
        .next()
        .and_then(|n| n.parse::<u32>().ok());
    escape::line(n.map_or_else(|| p.pair.id(), |n| format!("{n}/{}", p.pair.name)))
}

impl<W: Write> Reporter for HumanReporter<W> {
    fn start(&mut self, h: &Header, pairs: usize) {
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
            let _ = writeln!(self.out, "{}", self.paint("2", &l));
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
        }
    }

    fn finish(&mut self, r: &RunReport) -> std::io::Result<()> {
        if let Some(bar) = self.progress.take() {
            bar.finish_and_clear();
        }
        writeln!(
            self.out,
            "{:<44} {:>5} {:>6} {:>6} {:>7}  page",
            "lesson", "pairs", "passed", "failed", "time"
        )?;
        for l in &r.lessons {
            let name = escape::line(format!(
                "{} {}",
                l.id.split('-').next().unwrap_or(""),
                l.title
            ));
            let failed = l.failed().to_string();
            let failed = if l.failed() > 0 {
                self.paint("31;1", &format!("{failed:>6}"))
            } else {
                format!("{failed:>6}")
            };
            let page = match &l.page {
                None => "-".to_string(),
                Some(p) if p.failed() == 0 => format!("ok ({} blocks)", p.examination.checked),
                Some(p) => self.paint(
                    "31;1",
                    &format!("{} of {} blocks wrong", p.failed(), p.examination.checked),
                ),
            };
            writeln!(
                self.out,
                "{:<44} {:>5} {:>6} {} {:>7}  {page}",
                name,
                l.pairs.len(),
                l.passed(),
                failed,
                duration(l.duration())
            )?;
        }
        let failures = r.failures();
        for p in failures {
            self.write_failure(p)?;
        }
        for l in &r.lessons {
            if let Some(page) = &l.page {
                self.write_page_findings(&l.id, page)?;
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
        let (checked, bad) = r.page_blocks();
        if checked > 0 || bad > 0 {
            writeln!(
                self.out,
                "\npages: {checked} tied blocks checked, {bad} failed"
            )?;
        }
        let mut last = format!("{} passed, {} failed", r.passed(), r.failed());
        if r.skipped() > 0 {
            last.push_str(&format!(", {} skipped", r.skipped()));
        }
        writeln!(self.out, "\n{last}")
    }
}
