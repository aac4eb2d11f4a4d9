//! Unified diffs of two outputs, pointing at the first line that differs.
use similar::TextDiff;

/// A diff between the C# output (expected side) and the Python output.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Diff {
    /// 1-based line number of the first difference.
    pub first_line: usize,
    /// The C# line there (None past its end).
    pub left_line: Option<String>,
    pub right_line: Option<String>,
    /// `---`/`+++` unified diff text, not coloured.
    pub unified: String,
}

/// Diffs two byte outputs (shown lossily when not UTF-8). None when equal.
pub fn diff(left: &[u8], right: &[u8], left_name: &str, right_name: &str) -> Option<Diff> {
    if left == right {
        return None;
    }
    let l = String::from_utf8_lossy(left);
    let r = String::from_utf8_lossy(right);
    let mut first_line = 1;
    let (mut li, mut ri) = (l.split_inclusive('\n'), r.split_inclusive('\n'));
    let (left_line, right_line) = loop {
        match (li.next(), ri.next()) {
            (Some(a), Some(b)) if a == b => first_line += 1,
            (a, b) => break (a.map(trim_nl), b.map(trim_nl)),
        }
    };
    let mut unified = TextDiff::from_lines(l.as_ref(), r.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(left_name, right_name)
        .to_string();
    if unified.is_empty() {
        // Lossy text equal although bytes differ (invalid UTF-8 on one side).
        unified = format!("outputs differ in bytes that are not valid UTF-8 (line {first_line})\n");
    }
    Some(Diff {
        first_line,
        left_line,
        right_line,
        unified,
    })
}

fn trim_nl(s: &str) -> String {
    s.strip_suffix('\n').unwrap_or(s).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_outputs_have_no_diff() {
        assert!(diff(b"a\n", b"a\n", "c#", "py").is_none());
    }

    #[test]
    fn points_at_first_differing_line() {
        let d = diff(b"1\n2\n3\n", b"1\n2\n4\n", "csharp", "python").unwrap();
        assert_eq!(d.first_line, 3);
        assert_eq!(d.left_line.as_deref(), Some("3"));
        assert_eq!(d.right_line.as_deref(), Some("4"));
        assert!(d.unified.contains("--- csharp"));
        assert!(d.unified.contains("-3\n+4\n"), "{}", d.unified);
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
    }
}
