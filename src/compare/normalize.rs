//! Named output filters: what a pair may opt into so that equal behaviour compares equal.
//! Every output first has CRLF turned into LF; the rest is per pair, in the order given.
use regex::bytes::Regex;

/// One normalisation step over raw stdout bytes.
#[derive(Debug, Clone)]
pub enum Filter {
    /// Strip spaces and tabs at the end of every line.
    TrailingWhitespace,
    /// Sort the lines (for output whose order is not part of the card).
    UnorderedLines,
    /// Replace every match of a regex.
    Replace(Regex, String),
}

impl Filter {
    pub fn name(&self) -> String {
        match self {
            Filter::TrailingWhitespace => "trailing-whitespace".into(),
            Filter::UnorderedLines => "unordered-lines".into(),
            Filter::Replace(r, w) => format!("replace /{}/ -> {w:?}", r.as_str()),
        }
    }

    fn apply(&self, input: Vec<u8>) -> Vec<u8> {
        match self {
            Filter::TrailingWhitespace => map_lines(&input, |line| {
                let end = line
                    .iter()
                    .rposition(|b| *b != b' ' && *b != b'\t')
                    .map_or(0, |i| i + 1);
                line[..end].to_vec()
            }),
            Filter::UnorderedLines => {
                let ends_with_newline = input.last() == Some(&b'\n');
                let body = if ends_with_newline {
                    &input[..input.len() - 1]
                } else {
                    &input[..]
                };
                if body.is_empty() {
                    return input;
                }
                let mut lines: Vec<&[u8]> = body.split(|b| *b == b'\n').collect();
                lines.sort();
                let mut out = lines.join(&b'\n');
                if ends_with_newline {
                    out.push(b'\n');
                }
                out
            }
            Filter::Replace(regex, with) => regex.replace_all(&input, with.as_bytes()).into_owned(),
        }
    }
}

fn map_lines(input: &[u8], f: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut lines = input.split(|b| *b == b'\n').peekable();
    while let Some(line) = lines.next() {
        out.extend(f(line));
        if lines.peek().is_some() {
            out.push(b'\n');
        }
    }
    out
}

/// CRLF -> LF (always), then the pair's filters.
pub fn normalize(raw: &[u8], filters: &[Filter]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'\r' && raw.get(i + 1) == Some(&b'\n') {
            i += 1;
            continue;
        }
        out.push(raw[i]);
        i += 1;
    }
    filters.iter().fold(out, |acc, f| f.apply(acc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_becomes_lf_but_lone_cr_stays() {
        assert_eq!(normalize(b"a\r\nb\r\n", &[]), b"a\nb\n");
        assert_eq!(normalize(b"a\rb", &[]), b"a\rb");
    }

    #[test]
    fn trailing_whitespace() {
        let f = [Filter::TrailingWhitespace];
        assert_eq!(normalize(b"a  \nb\t\n  c", &f), b"a\nb\n  c");
        assert_eq!(normalize(b"", &f), b"");
    }

    #[test]
    fn unordered_lines_sort_and_keep_final_newline() {
        let f = [Filter::UnorderedLines];
        assert_eq!(normalize(b"b\na\nc\n", &f), b"a\nb\nc\n");
        assert_eq!(normalize(b"b\na", &f), b"a\nb");
        assert_eq!(normalize(b"", &f), b"");
    }

    #[test]
    fn replace_then_sort_in_order() {
        let f = [
            Filter::Replace(Regex::new(r"0x[0-9a-f]+").unwrap(), "ADDR".into()),
            Filter::UnorderedLines,
        ];
        assert_eq!(normalize(b"z 0xdead\na 0x1\n", &f), b"a ADDR\nz ADDR\n");
    }

    #[test]
    fn non_utf8_bytes_survive() {
        assert_eq!(
            normalize(b"\xff\xfe\r\n", &[Filter::TrailingWhitespace]),
            b"\xff\xfe\n"
        );
    }
}
