//! Phase 5, report: reporters consume the runner's events; one output format per file.
pub mod difference;
pub mod escape;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod last_failed;
pub mod list;
pub mod location;
#[cfg(test)]
pub(crate) mod sample;
pub mod style;

use crate::runner::{Header, PairReport, RunReport};

/// Receives a run's events in order: start, each finished pair, the final report.
pub trait Reporter {
    fn start(&mut self, header: &Header, pairs: usize);
    fn pair_finished(&mut self, pair: &PairReport);
    fn finish(&mut self, report: &RunReport) -> std::io::Result<()>;
}

/// Human-readable time: `850ms`, `1.2s`.
pub fn duration(d: std::time::Duration) -> String {
    if d.as_millis() < 1000 {
        format!("{}ms", d.as_millis())
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

/// A reporter that shows nothing (the caller reports the result itself).
pub struct NullReporter;

impl Reporter for NullReporter {
    fn start(&mut self, _header: &Header, _pairs: usize) {}
    fn pair_finished(&mut self, _pair: &PairReport) {}
    fn finish(&mut self, _report: &RunReport) -> std::io::Result<()> {
        Ok(())
    }
}

/// Several reporters at once (human + `--junit` + `--html`): every event goes to each, in
/// order; `finish` runs them all and returns the first error.
pub struct Fanout(pub Vec<Box<dyn Reporter>>);

impl Reporter for Fanout {
    fn start(&mut self, header: &Header, pairs: usize) {
        self.0.iter_mut().for_each(|r| r.start(header, pairs));
    }
    fn pair_finished(&mut self, pair: &PairReport) {
        self.0.iter_mut().for_each(|r| r.pair_finished(pair));
    }
    fn finish(&mut self, report: &RunReport) -> std::io::Result<()> {
        let results: Vec<_> = self.0.iter_mut().map(|r| r.finish(report)).collect();
        results.into_iter().collect()
    }
}

/// A report written to a file when the run ends (`--junit`, `--html`): the format's
/// `render` function and the flag it came from (named in write errors).
pub struct FileReporter {
    path: std::path::PathBuf,
    flag: &'static str,
    render: fn(&RunReport) -> String,
}

impl FileReporter {
    pub fn new(
        path: std::path::PathBuf,
        flag: &'static str,
        render: fn(&RunReport) -> String,
    ) -> Self {
        FileReporter { path, flag, render }
    }
}

impl Reporter for FileReporter {
    fn start(&mut self, _header: &Header, _pairs: usize) {}
    fn pair_finished(&mut self, _pair: &PairReport) {}
    fn finish(&mut self, report: &RunReport) -> std::io::Result<()> {
        write_file(&self.path, &(self.render)(report)).map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("{} {}: {e}", self.flag, self.path.display()),
            )
        })
    }
}

/// Writes a report file, making its folder first (`--junit target/reports/mirror.xml`).
pub fn write_file(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, text)
}

/// A path as the user knows it: relative to the course root when inside it.
pub fn relative(root: &str, path: &std::path::Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// A message with the course root's prefix removed from the paths in it.
pub fn without_root(root: &str, message: &str) -> String {
    message.replace(&format!("{}/", root.trim_end_matches('/')), "")
}

/// A message naming course files as one line of text for a terminal or a log: paths
/// course-relative, control characters shown (`\x1b`), never acted on.
pub fn shown_line(root: &str, message: &str) -> String {
    escape::line(without_root(root, message))
}

/// Seconds with millisecond precision, as JUnit and the HTML page show them: `1.234`.
pub fn seconds(d: std::time::Duration) -> String {
    format!("{:.3}", d.as_secs_f64())
}

/// One line of code or output fitted to `width` screen columns, as `show` and `practice
/// --reveal` draw it: broken between words (a word longer than a line is cut), the pieces
/// after the first indented as the line is, tabs as four spaces.
pub fn wrap_code(line: &str, width: usize) -> Vec<String> {
    let line = line.replace('\t', "    ");
    let width = width.max(1);
    if line.trim().is_empty() {
        return vec![String::new()];
    }
    let indent = &line[..line.len() - line.trim_start().len()];
    let indent = if indent.len() * 2 <= width {
        indent
    } else {
        ""
    };
    let options = textwrap::Options::new(width)
        .break_words(true)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .subsequent_indent(indent);
    textwrap::wrap(&line, options)
        .into_iter()
        .map(|l| l.into_owned())
        .collect()
}

/// Prose (a card's text, a summary) fitted to `width` columns, broken between words.
pub fn wrap_prose(text: &str, width: usize) -> Vec<String> {
    textwrap::wrap(text, textwrap::Options::new(width.max(1)).break_words(true))
        .into_iter()
        .map(|l| l.into_owned())
        .collect()
}

/// `1 pair`, `3 pairs`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Lines of a diff a terminal report shows before it says how many more there are.
pub const DIFF_LINES: usize = 40;

/// `… 3 more lines`: what a capped diff says where it stops.
pub fn more_lines(n: usize) -> String {
    format!("… {n} more {}", if n == 1 { "line" } else { "lines" })
}

/// The first `max` lines of `text`, and how many were left out.
pub fn capped(text: &str, max: usize) -> (Vec<&str>, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let more = lines.len().saturating_sub(max);
    (lines.into_iter().take(max).collect(), more)
}

/// A lesson page's state for a table cell: `ok (21 blocks)`, or `3 problems (1 block
/// checked)`; the bool says whether it is fine.
pub fn page_state(p: &crate::pages::PageCheck) -> (bool, String) {
    let checked = p.examination.checked;
    match p.failed() {
        0 => (true, format!("ok ({})", count(checked, "block", "blocks"))),
        n => (
            false,
            format!(
                "{} ({} checked)",
                count(n, "problem", "problems"),
                count(checked, "block", "blocks")
            ),
        ),
    }
}

/// The closing line: `3 passed, 1 failed, 2 skipped, 1 page problem` (skips and page
/// problems only when there are any), which agrees with the exit code.
pub fn closing_line(r: &RunReport) -> String {
    let mut last = format!("{} passed, {} failed", r.passed(), r.failed());
    if r.skipped() > 0 {
        last.push_str(&format!(", {} skipped", r.skipped()));
    }
    let problems = r.page_problems();
    if problems > 0 {
        last.push_str(&format!(
            ", {}",
            count(problems, "page problem", "page problems")
        ));
    }
    last
}

/// `pages: 21 tied blocks checked, 1 failed, 2 other problems` (the other problems are
/// findings that are not a checked block: an untagged block, a block naming no pair), or
/// None when the run checked no page.
pub fn pages_line(r: &RunReport) -> Option<String> {
    let (checked, failed) = r.page_blocks();
    let other = r.page_problems() - failed;
    if checked == 0 && other == 0 {
        return None;
    }
    let mut line = format!(
        "pages: {} checked, {failed} failed",
        count(checked, "tied block", "tied blocks")
    );
    if other > 0 {
        line.push_str(&format!(
            ", {}",
            count(other, "other problem", "other problems")
        ));
    }
    Some(line)
}

/// `7/gather` for a lesson `07-…` (what `mirror run` takes), else the whole id.
pub fn short_filter(p: &crate::course::Pair) -> String {
    let n = p
        .lesson
        .split('-')
        .next()
        .and_then(|n| n.parse::<u32>().ok());
    n.map_or_else(|| p.id(), |n| format!("{n}/{}", p.name))
}

/// One command that re-runs the failed pairs, or None when none failed.
pub fn rerun_command(r: &RunReport) -> Option<String> {
    let failures = r.failures();
    if failures.is_empty() {
        return None;
    }
    let filters: Vec<String> = failures
        .iter()
        .map(|p| shell_word(&escape::line(short_filter(&p.pair))))
        .collect();
    Some(format!("mirror run {}", filters.join(" ")))
}

/// A word a POSIX shell reads back as it is: quoted when it holds anything but
/// `[A-Za-z0-9/_.:-]`.
fn shell_word(w: &str) -> String {
    if !w.is_empty()
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_.:-".contains(c))
    {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_wraps_between_words_and_keeps_its_indent() {
        assert_eq!(
            wrap_code("    x = round(-2.5)  # rounds toward zero", 24),
            ["    x = round(-2.5)  #", "    rounds toward zero"]
        );
        assert_eq!(wrap_code("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap_code("", 10), [""]);
        assert_eq!(wrap_code("\tif x:", 20), ["    if x:"]);
        assert_eq!(wrap_code("日本語 日本語", 7), ["日本語", "日本語"]);
        for piece in wrap_code(
            "// Card: print() vs Console.WriteLine - print joins its arguments",
            30,
        ) {
            assert!(piece.len() <= 30, "{piece}");
        }
        assert_eq!(wrap_prose("one two three", 8), ["one two", "three"]);
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(count(1, "pair", "pairs"), "1 pair");
        assert_eq!(count(0, "pair", "pairs"), "0 pairs");
        assert_eq!(
            count(2, "package assembly", "package assemblies"),
            "2 package assemblies"
        );
    }

    #[test]
    fn capping_says_how_many_lines_are_left_out() {
        let text = (1..=50).map(|i| format!("{i}\n")).collect::<String>();
        let (shown, more) = capped(&text, 40);
        assert_eq!((shown.len(), more), (40, 10));
        assert_eq!(shown[39], "40");
        assert_eq!(capped("a\nb\n", 40), (vec!["a", "b"], 0));
    }

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("7/gather"), "7/gather");
        assert_eq!(shell_word("7/it's"), "'7/it'\\''s'");
        assert_eq!(shell_word("a b"), "'a b'");
    }
}
