//! The first differing line of a diff as every report shows it: both lines with what the
//! eye cannot see made visible (a line break only one side has, trailing blanks, `\r`), the
//! column where they part, and a note saying what kind of difference it is.
use unicode_width::UnicodeWidthStr;

use super::escape;
use crate::compare::Diff;

/// One side of the first difference.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Line {
    /// `C#`, `Python`, `golden`, `now`, `run 1`, ...
    pub label: String,
    /// The line as printed (bytes that are not UTF-8 become U+FFFD), without its `\n`;
    /// None past the end of that output.
    pub text: Option<String>,
    /// Whether the line ended with a line break.
    pub line_break: bool,
    /// The line made safe and visible for a screen (`report::escape`, trailing blanks as
    /// `·` and `→`, `\n` when only this side has the line break): not in the JSON.
    #[serde(skip)]
    pub shown: String,
}

/// The first difference of a diff.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FirstDifference {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column (in characters) where the two lines part.
    pub column: usize,
    pub left: Line,
    pub right: Line,
    /// What kind of difference it is, when the lines look alike: a line break only one
    /// side has, trailing whitespace, a carriage return.
    pub note: Option<String>,
    /// Screen columns before the caret, under [`Line::shown`].
    #[serde(skip)]
    caret: usize,
}

impl FirstDifference {
    pub fn of(d: &Diff) -> FirstDifference {
        let text = |l: &Option<Vec<u8>>| {
            l.as_deref()
                .map(|b| String::from_utf8_lossy(b).into_owned())
        };
        let (lt, rt) = (text(&d.left_line), text(&d.right_line));
        let breaks_differ = lt.is_some() && rt.is_some() && d.left_eol != d.right_eol;
        let shown = |raw: &Option<Vec<u8>>, eol: bool| match raw {
            None => "<end of output>".to_string(),
            Some(raw) => {
                let mut s = mark_trailing_blanks(&escape::line(raw));
                if breaks_differ && eol {
                    s.push_str("\\n");
                }
                s
            }
        };
        let left = Line {
            label: d.left_name.clone(),
            shown: shown(&d.left_line, d.left_eol),
            text: lt,
            line_break: d.left_eol,
        };
        let right = Line {
            label: d.right_name.clone(),
            shown: shown(&d.right_line, d.right_eol),
            text: rt,
            line_break: d.right_eol,
        };
        // Where the lines part, found on the bytes (two invalid bytes differ even though
        // both decode to U+FFFD), backed up to the start of a character.
        let (column, caret) = match (&d.left_line, &d.right_line) {
            (Some(l), Some(r)) => {
                let mut i = l.iter().zip(r).take_while(|(a, b)| a == b).count();
                while i > 0 && i < l.len() && (l[i] & 0xC0) == 0x80 {
                    i -= 1;
                }
                let before = &l[..i];
                (
                    String::from_utf8_lossy(before).chars().count() + 1,
                    escape::line(before).width(),
                )
            }
            _ => (1, 0),
        };
        // The note compares the bytes: two lines of invalid bytes decode alike but differ.
        let note = match (&d.left_line, &d.right_line) {
            (Some(l), Some(r))
                if String::from_utf8(l.clone()).is_err()
                    || String::from_utf8(r.clone()).is_err() =>
            {
                let blank = |b: &u8| *b == b' ' || *b == b'\t';
                let trim = |v: &[u8]| v.len() - v.iter().rev().take_while(|b| blank(b)).count();
                if l[..trim(l)] == r[..trim(r)] {
                    note(&left, &right)
                } else {
                    None
                }
            }
            _ => note(&left, &right),
        };
        FirstDifference {
            line: d.first_line,
            column,
            left,
            right,
            note,
            caret,
        }
    }

    /// The lines a terminal or a text report shows, each starting with `indent`:
    /// both lines under their labels, a caret under the column where they part, the note.
    pub fn render(&self, indent: &str) -> Vec<String> {
        let mut out = self.render_plain(indent);
        if self.left.text.is_some() && self.right.text.is_some() {
            let width = self.label_width();
            out.insert(2, format!("{indent}{}^", " ".repeat(width + self.caret)));
        }
        out
    }

    /// As [`render`](Self::render) without the caret line (for text shown in a
    /// proportional font, as GitHub shows annotations).
    pub fn render_plain(&self, indent: &str) -> Vec<String> {
        let width = self.label_width();
        let mut out = vec![
            format!(
                "{indent}{:<width$}{}",
                format!("{}:", self.left.label),
                self.left.shown
            ),
            format!(
                "{indent}{:<width$}{}",
                format!("{}:", self.right.label),
                self.right.shown
            ),
        ];
        if let Some(n) = &self.note {
            out.push(format!("{indent}({n})"));
        }
        out
    }

    fn label_width(&self) -> usize {
        self.left.label.len().max(self.right.label.len()) + 2
    }

    /// The heading: `first difference at line 3, column 5`.
    pub fn heading(&self) -> String {
        if self.left.text.is_some() && self.right.text.is_some() {
            format!(
                "first difference at line {}, column {}",
                self.line, self.column
            )
        } else {
            format!("first difference at line {}", self.line)
        }
    }
}

/// Trailing spaces as `·` and tabs as `→`, so that a line that ends in blanks shows them.
fn mark_trailing_blanks(line: &str) -> String {
    let body = line.trim_end_matches([' ', '\t']);
    let blanks: String = line[body.len()..]
        .chars()
        .map(|c| if c == ' ' { '·' } else { '→' })
        .collect();
    format!("{body}{blanks}")
}

fn note(l: &Line, r: &Line) -> Option<String> {
    let (Some(lt), Some(rt)) = (&l.text, &r.text) else {
        return None;
    };
    if lt == rt && l.line_break != r.line_break {
        let (with, without) = if l.line_break { (l, r) } else { (r, l) };
        return Some(format!(
            "only {} ends this line with a line break: {}'s output ends without one",
            with.label, without.label
        ));
    }
    let blank = |c: char| c == ' ' || c == '\t';
    if lt.trim_end_matches(blank) == rt.trim_end_matches(blank) {
        return Some(
            "the lines differ only in trailing whitespace (`normalize = [\"trailing-whitespace\"]` ignores it)".into(),
        );
    }
    match (lt.contains('\r'), rt.contains('\r')) {
        (true, false) => Some(format!("{}'s line holds a carriage return (\\r)", l.label)),
        (false, true) => Some(format!("{}'s line holds a carriage return (\\r)", r.label)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(l: &[u8], r: &[u8]) -> FirstDifference {
        FirstDifference::of(&crate::compare::diff::diff(l, r, "C#", "Python").unwrap())
    }

    #[test]
    fn a_missing_final_line_break_is_marked_and_named() {
        let f = first(b"Goodbye, World!\n", b"Goodbye, World!");
        assert_eq!(f.left.shown, "Goodbye, World!\\n");
        assert_eq!(f.right.shown, "Goodbye, World!");
        assert_eq!(f.column, 16);
        assert_eq!(
            f.note.as_deref(),
            Some("only C# ends this line with a line break: Python's output ends without one")
        );
        assert_eq!(
            f.render("  "),
            [
                "  C#:     Goodbye, World!\\n",
                "  Python: Goodbye, World!",
                "                         ^",
                "  (only C# ends this line with a line break: Python's output ends without one)",
            ]
        );
    }

    #[test]
    fn lines_of_different_invalid_bytes_get_no_note_about_whitespace() {
        let f = first(b"\xfe\n", b"\xff\n");
        assert_eq!(f.note, None, "{f:?}");
        assert_eq!(f.column, 1);
    }

    #[test]
    fn trailing_whitespace_and_carriage_returns_are_visible() {
        let f = first(b"a b  \n", b"a b\n");
        assert_eq!(f.left.shown, "a b··");
        assert_eq!(f.right.shown, "a b");
        assert!(f.note.unwrap().contains("trailing whitespace"));
        let f = first(b"x\t\n", b"x\n");
        assert_eq!(f.left.shown, "x→");
        let f = first(b"50%\rdone\n", b"done\n");
        assert_eq!(f.left.shown, "50%\\rdone");
        assert_eq!(
            f.note.as_deref(),
            Some("C#'s line holds a carriage return (\\r)")
        );
    }

    #[test]
    fn the_caret_points_at_the_first_differing_column() {
        let f = first(b"-7 // 2 = -4\n", b"-7 // 2 = -3\n");
        assert_eq!(f.column, 12);
        assert_eq!(f.note, None);
        let r = f.render("");
        assert_eq!(r[2].find('^'), r[0].find("-4").map(|i| i + 1));
        // Wide characters count as two columns on screen.
        let f = first("日本 x\n".as_bytes(), "日本 y\n".as_bytes());
        assert_eq!(f.column, 4);
        assert_eq!(f.render("")[2], format!("{}^", " ".repeat(8 + 5)));
    }

    #[test]
    fn bytes_that_are_not_utf8_part_where_the_bytes_do() {
        let f = first(b"ab\xfe\n", b"ab\xff\n");
        assert_eq!(f.column, 3);
        assert_eq!(f.render("")[2], format!("{}^", " ".repeat(8 + 2)));
        // Inside a multi-byte character, the column is that character's.
        let f = first("aé\n".as_bytes(), "aè\n".as_bytes());
        assert_eq!(f.column, 2);
    }

    #[test]
    fn past_the_end_there_is_no_caret() {
        let f = first(b"a\nb\n", b"a\n");
        assert_eq!(f.right.text, None);
        assert_eq!(f.right.shown, "<end of output>");
        assert_eq!(f.render("").len(), 2);
        assert_eq!(f.heading(), "first difference at line 2");
    }

    #[test]
    fn labels_come_from_the_diff() {
        let d = crate::compare::diff::diff(b"old\n", b"new\n", "golden", "now").unwrap();
        let r = FirstDifference::of(&d).render("");
        assert_eq!(r[0], "golden: old");
        assert_eq!(r[1], "now:    new");
    }
}
