//! Untrusted text (snippet output, compiler messages, file and pair names) made safe to show:
//! every report format and screen passes such text through here, so that it cannot move the
//! cursor, retitle or clear the terminal, hide text behind `\r`, forge a line of its own, or
//! issue a GitHub Actions workflow command.
//!
//! - Control characters become visible: `\r`, `\x1b`, `\x07`; C1 controls, bidi overrides,
//!   line separators and the noncharacters XML cannot carry become `\u{202e}`. Tab stays.
//! - Bytes that are not UTF-8 become `\xff`.
//! - [`text()`] keeps line breaks (`\n`, and `\r\n` as one break); [`line()`] escapes them, so a
//!   name is always one line.
//! - A line that the Actions runner would read as a workflow command (`::` first after
//!   leading blanks, or `##[` anywhere) gets that marker escaped (`\x3a:`, `\x23#[`). This
//!   is done everywhere, not only under `--format github`: mirror cannot know whether its
//!   output ends up in an Actions log (a wrapper script, a container without
//!   `GITHUB_ACTIONS`).
//!
//! A backslash is not doubled, so `\x1b` typed by a snippet looks like an escaped ESC; the
//! JSON report keeps the exact text.
use std::fmt::Write as _;

/// Multi-line text: line breaks kept, everything else made visible.
pub fn text(bytes: impl AsRef<[u8]>) -> String {
    escape(bytes.as_ref(), true)
}

/// One line (a file name, a pair name, a differing line): line breaks escaped too.
pub fn line(bytes: impl AsRef<[u8]>) -> String {
    escape(bytes.as_ref(), false)
}

/// A path as one line, its bytes as they are on disk.
pub fn path(p: &std::path::Path) -> String {
    line(p.as_os_str().as_encoded_bytes())
}

/// A line of output as a report shows it (a differing line), or `<end of output>` for None.
pub fn output_line(l: Option<&[u8]>) -> String {
    l.map_or_else(|| "<end of output>".into(), line)
}

fn escape(bytes: &[u8], keep_breaks: bool) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        let mut chars = chunk.valid().chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\n' if keep_breaks => out.push('\n'),
                '\r' if keep_breaks && chars.peek() == Some(&'\n') => {}
                '\t' => out.push('\t'),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\0'..='\x1f' | '\x7f' => {
                    let _ = write!(out, "\\x{:02x}", c as u32);
                }
                '\u{80}'..='\u{9f}'
                | '\u{61c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{fffe}'
                | '\u{ffff}' => {
                    let _ = write!(out, "\\u{{{:x}}}", c as u32);
                }
                _ => out.push(c),
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    if out.contains("::") || out.contains("##[") {
        out = out.split('\n').map(inert).collect::<Vec<_>>().join("\n");
    }
    out
}

/// One line with the Actions runner's workflow-command markers escaped: `::` first after
/// leading blanks (the runner trims them), and `##[` anywhere (the old syntax).
fn inert(line: &str) -> String {
    let blanks = line.len() - line.trim_start().len();
    let (lead, rest) = line.split_at(blanks);
    let rest = match rest.strip_prefix("::") {
        Some(after) => format!("\\x3a:{after}"),
        None => rest.to_string(),
    };
    format!("{lead}{}", rest.replace("##[", "\\x23#["))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_become_visible() {
        assert_eq!(
            text("a\x1b]0;pwned\x07\x1b[2Jb"),
            "a\\x1b]0;pwned\\x07\\x1b[2Jb"
        );
        assert_eq!(text("secret\rshown"), "secret\\rshown");
        assert_eq!(text("\0\x7f\u{9b}31m"), "\\x00\\x7f\\u{9b}31m");
        assert_eq!(text("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(text("tab\tkept ünïcode ✓"), "tab\tkept ünïcode ✓");
    }

    #[test]
    fn text_keeps_line_breaks_and_a_line_does_not() {
        assert_eq!(text("one\ntwo\r\nthree\n"), "one\ntwo\nthree\n");
        assert_eq!(line("name\nPASS 01-a/x\r\n"), "name\\nPASS 01-a/x\\r\\n");
        assert!(!line("a\nb\u{2028}c").contains(['\n', '\u{2028}']));
    }

    #[test]
    fn invalid_utf8_is_shown_byte_by_byte() {
        assert_eq!(text(b"a\xff\xfeb\n"), "a\\xff\\xfeb\n");
        assert_eq!(line(b"\xe2\x82"), "\\xe2\\x82");
        use std::os::unix::ffi::OsStrExt;
        let p = std::path::Path::new(std::ffi::OsStr::from_bytes(b"dir/n\xffme\n.py"));
        assert_eq!(path(p), "dir/n\\xffme\\n.py");
    }

    #[test]
    fn workflow_commands_are_defused() {
        assert_eq!(
            text("ok\n::error::forged\n  ::add-mask::x\n"),
            "ok\n\\x3a:error::forged\n  \\x3a:add-mask::x\n"
        );
        assert_eq!(text("x ##[error]y"), "x \\x23#[error]y");
        assert_eq!(line("a::b"), "a::b");
        // A `\r` would start a new line for the runner: escaped, it cannot.
        assert_eq!(text("x\r::error::y"), "x\\r::error::y");
        for out in [
            text("\u{a0}\t::set-output name=a::b"),
            line(" ::warning::w"),
        ] {
            assert!(!out.trim_start().starts_with("::"), "{out}");
        }
    }
}
