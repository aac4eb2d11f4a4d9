//! Unified diffs of two outputs, pointing at the first line that differs. Everything is
//! worked out on bytes, split at `\n`: output that is not UTF-8 keeps its line numbers, and
//! the reports decide how to show it (`report::escape`).
use similar::TextDiff;

/// A diff between the C# output (expected side) and the Python output.
#[derive(Debug, Clone)]
pub struct Diff {
    /// 1-based line number of the first difference.
    pub first_line: usize,
    /// The C# line there, without its `\n` (None past its end).
    pub left_line: Option<Vec<u8>>,
    pub right_line: Option<Vec<u8>>,
    /// Whether that line ended with `\n` (false: the output ends there without one).
    pub left_eol: bool,
    pub right_eol: bool,
    /// What the two sides are, as the reports label them: `C#`/`Python`, `golden`/`now`,
    /// `run 1`/`run 2` (also the `---`/`+++` names of the unified diff).
    pub left_name: String,
    pub right_name: String,
    /// `---`/`+++` unified diff, not coloured, bytes as the outputs had them.
    pub unified: Vec<u8>,
}

/// Diffs two byte outputs. None when equal.
pub fn diff(left: &[u8], right: &[u8], left_name: &str, right_name: &str) -> Option<Diff> {
    if left == right {
        return None;
    }
    let (first_line, (left_line, left_eol), (right_line, right_eol)) =
        first_difference(left, right);
    // Hunk by hunk: similar's `UnifiedDiff::to_writer` writes hunks lossily (2.7).
    let mut unified = format!("--- {left_name}\n+++ {right_name}\n").into_bytes();
    for hunk in TextDiff::from_lines(left, right)
        .unified_diff()
        .context_radius(3)
        .iter_hunks()
    {
        hunk.to_writer(&mut unified)
            .expect("writing to a Vec cannot fail");
    }
    Some(Diff {
        first_line,
        left_line,
        right_line,
        left_eol,
        right_eol,
        left_name: left_name.to_string(),
        right_name: right_name.to_string(),
        unified,
    })
}

/// The 1-based number of the first line that differs (a missing final `\n` counts), and
/// that line on each side without its `\n` (None past the end) and whether it had one.
type Line = (Option<Vec<u8>>, bool);
fn first_difference(left: &[u8], right: &[u8]) -> (usize, Line, Line) {
    let mut li = left.split_inclusive(|&b| b == b'\n');
    let mut ri = right.split_inclusive(|&b| b == b'\n');
    let mut line = 1;
    loop {
        match (li.next(), ri.next()) {
            (Some(a), Some(b)) if a == b => line += 1,
            (a, b) => return (line, split_nl(a), split_nl(b)),
        }
    }
}

fn split_nl(s: Option<&[u8]>) -> Line {
    match s {
        None => (None, false),
        Some(s) => match s.strip_suffix(b"\n") {
            Some(text) => (Some(text.to_vec()), true),
            None => (Some(s.to_vec()), false),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unified(d: &Diff) -> String {
        String::from_utf8_lossy(&d.unified).into_owned()
    }

    #[test]
    fn equal_outputs_have_no_diff() {
        assert!(diff(b"a\n", b"a\n", "c#", "py").is_none());
    }

    #[test]
    fn points_at_first_differing_line() {
        let d = diff(b"1\n2\n3\n", b"1\n2\n4\n", "csharp", "python").unwrap();
        assert_eq!(d.first_line, 3);
        assert_eq!(d.left_line.as_deref(), Some(&b"3"[..]));
        assert_eq!(d.right_line.as_deref(), Some(&b"4"[..]));
        assert!(unified(&d).contains("--- csharp"));
        assert!(unified(&d).contains("-3\n+4\n"), "{}", unified(&d));
    }

    #[test]
    fn one_side_shorter() {
        let d = diff(b"1\n2\n", b"1\n", "a", "b").unwrap();
        assert_eq!(d.first_line, 2);
        assert_eq!(d.right_line, None);
    }

    #[test]
    fn missing_final_newline_is_a_difference() {
        let d = diff(b"1\n", b"1", "a", "b").unwrap();
        assert_eq!(d.first_line, 1);
        assert!(!d.unified.is_empty());
        assert_eq!(d.left_line, d.right_line);
        assert!(d.left_eol && !d.right_eol, "which side has the line break");
        assert_eq!((d.left_name.as_str(), d.right_name.as_str()), ("a", "b"));
    }

    #[test]
    fn bytes_that_are_not_utf8_keep_their_line_numbers() {
        // Lossy decoding made both U+FFFD; the first difference is on line 1, not later.
        let d = diff(b"\xff\nsame\n", b"\xfe\nsame\n", "a", "b").unwrap();
        assert_eq!(d.first_line, 1);
        assert_eq!(d.left_line.as_deref(), Some(&b"\xff"[..]));
        assert_eq!(d.right_line.as_deref(), Some(&b"\xfe"[..]));
        assert!(d.unified.windows(3).any(|w| w == b"-\xff\n"), "{d:?}");
        assert!(d.unified.windows(3).any(|w| w == b"+\xfe\n"), "{d:?}");
        let d = diff(b"ok\n\xc3\x28\n", b"ok\n\xc3\xa9\n", "a", "b").unwrap();
        assert_eq!(d.first_line, 2);
    }
}
