//! `mirror practice --reveal 7/gather`: the course's own answer beside the learner's, side
//! by side when the terminal is wide enough (stacked when narrow). Allowed only after at
//! least one check of that practice file, so seeing the answer is a choice.
use std::io::IsTerminal;

use super::setup::marker;
use super::{progress, show, Direction, Options};
use crate::course::{filter, Course};
use crate::error::{Error, Result};
use crate::exit;
use crate::report::escape;
use unicode_width::UnicodeWidthStr;

/// Narrowest column worth showing side by side.
const MIN_COLUMN: usize = 40;
const GUTTER: &str = " | ";

/// Shows the course's answer for the one pair named.
pub fn command(course: &Course, options: &Options) -> Result<u8> {
    let selection = filter::select(course, &options.filters)?;
    let [pair] = selection.pairs.as_slice() else {
        return Err(Error::Usage(
            "--reveal shows one pair: name it as lesson/pair, e.g. `mirror practice --reveal 7/gather`".into(),
        ));
    };
    if pair.is_orphan() {
        return Err(Error::Usage(format!(
            "{} has only one side: nothing to practise or reveal",
            pair.id()
        )));
    }
    let ws = &options.workspace;
    let direction = options.direction.unwrap_or_else(|| {
        if !ws.file_for(pair, Direction::ToPython).exists()
            && ws.file_for(pair, Direction::ToCsharp).exists()
        {
            Direction::ToCsharp
        } else {
            Direction::ToPython
        }
    });
    let file = ws.file_for(pair, direction);
    let n = course
        .lessons
        .iter()
        .find(|l| l.id == pair.lesson)
        .map_or(0, |l| l.number);
    let short = format!("{n}/{}", pair.name);
    if !file.exists() {
        return Err(Error::Usage(format!(
            "no practice file {} yet: start with `{}`",
            show(&file),
            ws.start_command(pair, direction)
        )));
    }
    if !progress::was_checked(ws, &file)? {
        return Err(Error::Usage(format!(
            "not revealed: check your attempt first (`mirror practice --check {short}{}`); the answer is shown after at least one check",
            ws.flag()
        )));
    }
    let answer = pair
        .source(direction.learner())
        .expect("a pair has both sides");
    // Both files are shown with their control characters visible (`report::escape`).
    let read = |p: &std::path::Path| {
        std::fs::read(p)
            .map(escape::text)
            .map_err(|e| Error::io(format!("reading {}", show(p)), e))
    };
    let mine = read(&file)?;
    let body = match mine.find(&marker(direction)) {
        Some(i) => mine[i..].split_once('\n').map_or("", |(_, rest)| rest),
        None => &mine,
    };
    let state = {
        let (files, _) = ws.files(course);
        let p = progress::load(ws)?;
        files
            .iter()
            .find(|f| f.path == file)
            .map_or_else(|| "unchecked".into(), |f| progress::state_of(ws, &p, f))
    };
    let text = layout(
        &format!("yours ({state}): {}", show(&file)),
        body.trim_matches('\n'),
        &format!("the course: {}", show(answer)),
        read(answer)?.trim_end_matches('\n'),
        width(),
    );
    print!("{text}");
    Ok(exit::OK)
}

/// The terminal's width: stdout's, else `$COLUMNS`, else 100.
fn width() -> usize {
    if std::io::stdout().is_terminal() {
        let mut ws = libc::winsize {
            ws_row: 0,
            ws_col: 0,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: TIOCGWINSZ fills the struct we pass for a terminal fd.
        if unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut ws) } == 0
            && ws.ws_col > 0
        {
            return ws.ws_col as usize;
        }
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|c: &usize| *c > 0)
        .unwrap_or(100)
}

/// Splits a line into pieces at most `width` columns wide, between words where it can.
fn wrap(line: &str, width: usize) -> Vec<String> {
    crate::report::wrap_code(line, width)
}

/// Two titled texts side by side in `width` columns, equal lines beside each other (a
/// line diff aligns them; the gutter marks `*` changed, `<` only left, `>` only right), or
/// one above the other when the terminal is narrow.
pub fn layout(
    left_title: &str,
    left: &str,
    right_title: &str,
    right: &str,
    width: usize,
) -> String {
    let mut out = String::new();
    let col = width.saturating_sub(GUTTER.len()) / 2;
    if col < MIN_COLUMN {
        for (title, text) in [(left_title, left), (right_title, right)] {
            out.push_str(&format!("==== {title}\n"));
            for l in text.lines() {
                for piece in wrap(l, width) {
                    out.push_str(&piece);
                    out.push('\n');
                }
            }
            out.push('\n');
        }
        return out;
    }
    let (a, b): (Vec<&str>, Vec<&str>) = (left.lines().collect(), right.lines().collect());
    let rule = "-".repeat(col);
    let mut rows: Vec<(Option<&str>, Option<&str>, char)> = vec![
        (Some(left_title), Some(right_title), '|'),
        (Some(rule.as_str()), Some(rule.as_str()), '|'),
    ];
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b) {
        let (tag, old, new) = op.as_tag_tuple();
        let (old, new) = (&a[old], &b[new]);
        for i in 0..old.len().max(new.len()) {
            let (l, r) = (old.get(i).copied(), new.get(i).copied());
            let mark = match (tag, l, r) {
                (similar::DiffTag::Equal, _, _) => '|',
                (_, Some(_), Some(_)) => '*',
                (_, Some(_), None) => '<',
                _ => '>',
            };
            rows.push((l, r, mark));
        }
    }
    for (l, r, mark) in rows {
        let (l, r) = (
            l.map_or_else(Vec::new, |l| wrap(l, col)),
            r.map_or_else(Vec::new, |r| wrap(r, col)),
        );
        for i in 0..l.len().max(r.len()).max(1) {
            let a = l.get(i).map_or("", String::as_str);
            let b = r.get(i).map_or("", String::as_str);
            let pad = col.saturating_sub(a.width());
            let line = format!("{a}{} {mark} {b}", " ".repeat(pad));
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out.push_str("\n(* differs, < only yours, > only the course's)\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_by_side_fits_the_width() {
        let t = layout("yours", "print(1)\n", "course", "print(2)\nprint(3)\n", 90);
        for line in t.lines() {
            assert!(line.chars().count() <= 90, "{line:?}");
        }
        assert!(
            t.lines()
                .any(|l| l.starts_with("print(1)") && l.ends_with(" * print(2)")),
            "{t}"
        );
        assert!(
            t.lines().any(|l| l.trim_start().starts_with("> print(3)")),
            "{t}"
        );
        let t = layout("yours", "same\nmine\n", "course", "same\n", 90);
        assert!(
            t.lines()
                .any(|l| l.starts_with("same ") && l.ends_with(" | same")),
            "{t}"
        );
        assert!(
            t.lines()
                .any(|l| l.starts_with("mine ") && l.ends_with(" <")),
            "{t}"
        );
    }

    #[test]
    fn lines_wrap_between_words() {
        // 43 columns a side: a cut at 43 characters would fall inside "when".
        let comment = "# int(x) rounds toward zero, as C# does when it casts";
        let t = layout("yours", comment, "course", comment, 90);
        for line in t.lines().skip(2).filter(|l| !l.starts_with('(')) {
            let left = line.split(" | ").next().unwrap().trim_end();
            assert!(
                comment.contains(&format!("{left} ")) || comment.ends_with(left),
                "cut mid-word: {left:?} in\n{t}"
            );
        }
    }

    #[test]
    fn long_lines_wrap_and_narrow_terminals_stack() {
        let long = "x".repeat(100);
        let t = layout("yours", &long, "course", "y", 90);
        assert!(t.lines().all(|l| l.chars().count() <= 90), "{t}");
        let t = layout("yours", "a = 1", "course", "b = 2", 60);
        assert_eq!(t, "==== yours\na = 1\n\n==== course\nb = 2\n\n");
    }
}
