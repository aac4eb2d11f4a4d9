//! Colour for every screen mirror draws (the human report, `show`, `practice`): one set of
//! [`anstyle`] styles, and one decision whether to use them, made by [`anstream`] the way
//! cargo and clap make it: `--color always|never` wins; else `CLICOLOR_FORCE` forces
//! colour, `NO_COLOR` turns it off, and otherwise colour is on when the stream is a terminal.
use anstyle::{AnsiColor, Style};

/// What `--color` asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// The styles of mirror's screens, on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Styles {
    enabled: bool,
}

impl Styles {
    pub const PASS: Style = AnsiColor::Green.on_default();
    pub const FAIL: Style = AnsiColor::Red.on_default().bold();
    pub const SKIP: Style = AnsiColor::Yellow.on_default();
    pub const BOLD: Style = Style::new().bold();
    pub const DIM: Style = Style::new().dimmed();
    pub const REMOVED: Style = AnsiColor::Red.on_default();
    pub const ADDED: Style = AnsiColor::Green.on_default();
    pub const HUNK: Style = AnsiColor::Cyan.on_default();
    pub const CSHARP: Style = AnsiColor::Magenta.on_default().bold();
    pub const PYTHON: Style = AnsiColor::Blue.on_default().bold();

    /// Colour on or off, as decided elsewhere (tests, a file).
    pub const fn new(enabled: bool) -> Styles {
        Styles { enabled }
    }

    /// Decides for a stream: `--color`, then `CLICOLOR_FORCE`, `NO_COLOR` and whether the
    /// stream is a terminal (through `anstream`).
    pub fn for_stream<S: anstream::stream::RawStream>(when: ColorWhen, stream: &S) -> Styles {
        let enabled = match when {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => !matches!(
                anstream::AutoStream::choice(stream),
                anstream::ColorChoice::Never
            ),
        };
        Styles { enabled }
    }

    pub fn enabled(self) -> bool {
        self.enabled
    }

    /// `text` in `style`, or as it is when colour is off.
    pub fn paint(self, style: Style, text: &str) -> String {
        if self.enabled && !text.is_empty() {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    /// A line of a unified diff: removed red, added green, hunk headers cyan.
    pub fn diff_line(self, line: &str) -> String {
        match line.chars().next() {
            Some('-') if !line.starts_with("---") => self.paint(Self::REMOVED, line),
            Some('+') if !line.starts_with("+++") => self.paint(Self::ADDED, line),
            Some('@') => self.paint(Self::HUNK, line),
            _ => line.to_string(),
        }
    }

    /// A verdict's style: pass green, skipped yellow, any failure bold red.
    pub fn verdict(self, v: crate::compare::Verdict) -> Style {
        use crate::compare::Verdict;
        match v {
            Verdict::Pass => Self::PASS,
            Verdict::Skipped => Self::SKIP,
            _ => Self::FAIL,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_means_plain_text() {
        let s = Styles::new(false);
        assert_eq!(s.paint(Styles::FAIL, "ERROR"), "ERROR");
        assert_eq!(s.diff_line("-a"), "-a");
        let s = Styles::new(true);
        assert_eq!(
            s.paint(Styles::FAIL, "ERROR"),
            "\x1b[1m\x1b[31mERROR\x1b[0m"
        );
        assert_eq!(s.diff_line("+a"), "\x1b[32m+a\x1b[0m");
        assert_eq!(s.diff_line("--- C#"), "--- C#");
    }

    #[test]
    fn flags_win_over_the_environment() {
        // A test binary's stderr may or may not be a terminal: only the flags are certain.
        let err = std::io::stderr();
        assert!(Styles::for_stream(ColorWhen::Always, &err).enabled());
        assert!(!Styles::for_stream(ColorWhen::Never, &err).enabled());
    }
}
