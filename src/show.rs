//! `mirror show 7/gather`, for learners: a pair's mirror card and both sources side by side
//! (stacked when the terminal is narrower than [`SIDE_BY_SIDE`] columns), then it runs the pair
//! (through the engine, sandboxed like any run) and shows both outputs and the verdict.

use anstyle::Style;
use unicode_width::UnicodeWidthChar;

use crate::compare::{SideResult, Verdict};
use crate::config::RunSettings;
use crate::course::{self, pair_key, Course, Pair, Side};
use crate::error::{Error, Result};
use crate::exit;
use crate::report::difference::FirstDifference;
use crate::report::location::stderr_tail;
use crate::report::style::Styles;
use crate::report::{duration, escape, relative, wrap_code, wrap_prose, Reporter};
use crate::runner::{Header, PairReport, RunReport};

/// Below this many columns the two sides are stacked.
pub const SIDE_BY_SIDE: usize = 100;

/// The terminal width: `COLUMNS`, else the size of the terminal on stdout, else 80.
pub fn width() -> usize {
    terminal_width().unwrap_or(80)
}

/// `COLUMNS`, else the size of the terminal on stdout; None on a pipe (where a listing
/// is read by a program or `grep`, and nothing should be cut).
pub fn terminal_width() -> Option<usize> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c >= 20)
        .or_else(|| terminal_size::terminal_size().map(|(w, _)| w.0 as usize))
}

/// One rendered line of a column: text (maybe coloured) and its width on screen.
#[derive(Clone, Default)]
struct Cell {
    text: String,
    width: usize,
}

struct Screen {
    width: usize,
    styles: Styles,
    out: String,
}

impl Screen {
    fn paint(&self, style: Style, text: &str) -> String {
        self.styles.paint(style, text)
    }

    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn title(&self, style: Style, text: &str) -> Cell {
        Cell {
            text: self.paint(style, text),
            width: text_width(text),
        }
    }

    /// Code: wrapped at the column width, optionally numbered.
    fn code(&self, text: &str, width: usize, numbered: bool) -> Vec<Cell> {
        let gutter = if numbered { 5 } else { 0 };
        let mut cells = Vec::new();
        for (i, line) in text.lines().enumerate() {
            for (j, chunk) in wrap_code(line, width.saturating_sub(gutter).max(8))
                .into_iter()
                .enumerate()
            {
                let num = match (numbered, j) {
                    (false, _) => String::new(),
                    (true, 0) => self.paint(Styles::DIM, &format!("{:>4} ", i + 1)),
                    (true, _) => "     ".into(),
                };
                cells.push(Cell {
                    width: gutter + text_width(&chunk),
                    text: num + &chunk,
                });
            }
        }
        cells
    }

    /// Prose: wrapped at word boundaries.
    fn prose(&self, text: &str, width: usize) -> Vec<Cell> {
        text.lines()
            .flat_map(|l| wrap_words(l, width))
            .map(|t| Cell {
                width: text_width(&t),
                text: t,
            })
            .collect()
    }

    /// Two titled columns side by side, or stacked on a narrow screen.
    fn columns(&mut self, left: (Cell, Vec<Cell>), right: (Cell, Vec<Cell>)) {
        if self.width < SIDE_BY_SIDE {
            for (title, body) in [left, right] {
                self.line(&title.text);
                for c in body {
                    self.line(format!("  {}", c.text).trim_end());
                }
                self.line("");
            }
            return;
        }
        let col = (self.width - 3) / 2;
        let sep = self.paint(Styles::DIM, " │ ");
        let rows = left.1.len().max(right.1.len());
        let mut all_left = vec![left.0];
        all_left.extend(left.1);
        let mut all_right = vec![right.0];
        all_right.extend(right.1);
        for i in 0..=rows {
            let l = all_left.get(i).cloned().unwrap_or_default();
            let r = all_right.get(i).cloned().unwrap_or_default();
            let pad = " ".repeat(col.saturating_sub(l.width));
            let row = format!("{}{pad}{sep}{}", l.text, r.text);
            self.line(row.trim_end());
        }
        self.line("");
    }

    /// The column width a side gets.
    fn col(&self) -> usize {
        if self.width < SIDE_BY_SIDE {
            self.width.saturating_sub(2)
        } else {
            (self.width - 3) / 2
        }
    }
}

fn text_width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Shortens text from the left to `width` columns (`…/lesson/File.cs`): the end of a path
/// says the most.
fn fit_left(text: &str, width: usize) -> String {
    if text_width(text) <= width {
        return text.to_string();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 1;
    for c in text.chars().rev() {
        used += c.width().unwrap_or(0);
        if used > width {
            break;
        }
        kept.push(c);
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}

/// Fills words into lines at most `width` columns wide (a longer word is cut).
fn wrap_words(line: &str, width: usize) -> Vec<String> {
    wrap_prose(line, width.max(8))
}

/// Reports nothing while the pairs run: `show` draws its own screen.
struct Quiet;

impl Reporter for Quiet {
    fn start(&mut self, _header: &Header, _pairs: usize) {}
    fn pair_finished(&mut self, _pair: &PairReport) {}
    fn finish(&mut self, _report: &RunReport) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs `mirror show`: the pairs `settings` selects; `color` is for stdout, where it draws.
pub fn show(course: &Course, settings: &RunSettings, color: bool) -> Result<u8> {
    let pairs: Vec<Pair> = course::filter::select(course, settings.selector())?
        .pairs
        .into_iter()
        .cloned()
        .collect();
    let mut screen = Screen {
        width: width(),
        styles: Styles::new(color),
        out: String::new(),
    };
    let root = course.root.display().to_string();
    // The first pair's sources are on screen while the run starts.
    if let Some(first) = pairs.first() {
        sources(&mut screen, course, &root, first);
        flush(&mut screen)?;
    }
    eprintln!("running {} pair(s)...", pairs.len());
    let report = crate::engine::run_once(course, pairs, settings, &mut Quiet)?;
    let all: Vec<&PairReport> = report.lessons.iter().flat_map(|l| &l.pairs).collect();
    for (i, p) in all.iter().enumerate() {
        if i > 0 {
            sources(&mut screen, course, &root, &p.pair);
        }
        outcome(&mut screen, &root, p);
        flush(&mut screen)?;
    }
    Ok(if report.failed() > 0 {
        exit::FAILED
    } else {
        exit::OK
    })
}

fn flush(screen: &mut Screen) -> Result<()> {
    use std::io::Write;
    let text = std::mem::take(&mut screen.out);
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::io("writing to stdout", e))
        }
        _ => Ok(()),
    }
}

/// Heading, summary and trap, the page's mirror card, both sources.
fn sources(s: &mut Screen, course: &Course, root: &str, pair: &Pair) {
    let lesson = course.lessons.iter().find(|l| l.id == pair.lesson);
    let head = format!(
        "{}. {} / {}",
        lesson.map_or(0, |l| l.number),
        escape::line(lesson.map_or("", |l| l.title.as_str())),
        escape::line(&pair.name)
    );
    let rule = "━".repeat(s.width.saturating_sub(text_width(&head) + 4).min(60));
    let line = s.paint(Styles::BOLD, &format!("━━ {head} {rule}"));
    s.line(&line);
    let col = s.col();
    for (label, text) in [
        ("", pair.settings.summary.as_ref()),
        ("Trap: ", pair.settings.trap.as_ref()),
    ] {
        if let Some(t) = text {
            for l in wrap_words(&escape::text(format!("{label}{t}")), s.width) {
                s.line(&l);
            }
        }
    }
    s.line("");
    let page = crate::pages::check::page_path(&course.root, &pair.lesson);
    let card = std::fs::read_to_string(page).ok().and_then(|text| {
        crate::pages::markdown::parse_cards(&text)
            .into_iter()
            .find(|c| pair_key(&c.pair) == pair.key)
    });
    if let Some(card) = card {
        let left = (
            s.title(Styles::CSHARP, "From C#"),
            s.prose(&escape::text(&card.csharp), col),
        );
        let right = (
            s.title(Styles::PYTHON, "In Python"),
            s.prose(&escape::text(&card.python), col),
        );
        s.columns(left, right);
    }
    let side = |s: &Screen, side: Side, style: Style| {
        let room = col.saturating_sub(side.label().len() + 1);
        let (title, body) = match pair.source(side) {
            Some(path) => (
                format!(
                    "{} {}",
                    side.label(),
                    fit_left(&escape::line(relative(root, path)), room)
                ),
                std::fs::read(path).map_or_else(|e| format!("(cannot read: {e})"), escape::text),
            ),
            None => (format!("{} (no file)", side.label()), String::new()),
        };
        (s.title(style, &title), s.code(&body, col, true))
    };
    let (left, right) = (
        side(s, Side::CSharp, Styles::CSHARP),
        side(s, Side::Python, Styles::PYTHON),
    );
    s.columns(left, right);
}

/// Both outputs, then the verdict with its reason and diff.
fn outcome(s: &mut Screen, root: &str, p: &PairReport) {
    let col = s.col();
    let out = |s: &Screen, side: Side, result: &SideResult, style: Style| {
        let (note, body) = match result.outcome() {
            Some(o) => (
                format!(" ({})", duration(o.duration)),
                escape::text(&o.stdout),
            ),
            None => (" (not run)".into(), String::new()),
        };
        let title = s.title(style, &format!("{} output{note}", side.label()));
        (title, s.code(&body, col, false))
    };
    if p.csharp.outcome().is_some() || p.python.outcome().is_some() {
        let left = out(s, Side::CSharp, &p.csharp, Styles::CSHARP);
        let right = out(s, Side::Python, &p.python, Styles::PYTHON);
        s.columns(left, right);
    }
    let verdict = s.paint(
        s.styles.verdict(p.verdict).bold(),
        &p.verdict.name().to_uppercase(),
    );
    let reason = match (p.verdict, &p.reason) {
        (_, Some(r)) => escape::line(r),
        (Verdict::Pass, None) => "both sides print the same".into(),
        _ => String::new(),
    };
    s.line(&format!("{verdict}  {reason}"));
    if let SideResult::CompileError(d) = &p.csharp {
        for line in d.lines().filter(|l| l.contains("error")) {
            s.line(&format!("  {}", escape::line(line)));
        }
    }
    if let Some(d) = &p.diff {
        let first = FirstDifference::of(d);
        s.line(&format!("  {}:", first.heading()));
        for line in first.render("    ") {
            s.line(&line);
        }
        for line in escape::text(&d.unified).lines() {
            let painted = s.styles.diff_line(line);
            s.line(&format!("  {painted}"));
        }
    }
    if p.verdict.is_failure() {
        for side in [Side::CSharp, Side::Python] {
            if let Some(tail) = stderr_tail(root, p, side, 12) {
                s.line(&format!("  {} stderr (last lines):", side.label()));
                for l in escape::text(tail).lines() {
                    s.line(&format!("    {l}"));
                }
            }
        }
    }
    s.line("");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_counts_columns_and_breaks_between_words() {
        let s = Screen {
            width: 80,
            styles: Styles::new(false),
            out: String::new(),
        };
        let cells = s.code("# rounds toward zero, as C# does", 24, true);
        let text: Vec<&str> = cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(text, ["   1 # rounds toward", "     zero, as C# does"]);
        assert!(cells.iter().all(|c| c.width <= 24));
        assert_eq!(wrap_words("one two three", 8), ["one two", "three"]);
        assert_eq!(fit_left("examples-cs/01-a/Hello.cs", 12), "…-a/Hello.cs");
        assert_eq!(fit_left("short", 12), "short");
        assert_eq!(text_width("a\tb".replace('\t', "    ").as_str()), 6);
    }
}
