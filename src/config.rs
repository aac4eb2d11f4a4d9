//! Resolved settings: command line over environment over `course.toml` over defaults.
//! Core code reads these, never clap's types.
use std::time::Duration;

use crate::course::filter::Filter;
use crate::sandbox::Limits;

/// Output format of `run` and `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    /// One JSON event a line while the run goes (`run` only).
    Jsonl,
}

/// How strictly sandbox layers are required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SandboxMode {
    /// Use every layer this machine has; say which are missing.
    Default,
    /// Refuse to run when any layer is unavailable.
    Strict,
    /// Only process groups, timeouts and output caps (for debugging a snippet).
    Off,
}

/// Default wall-clock limit for one side of a pair.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Everything `mirror run` needs to know.
#[derive(Debug, Clone)]
pub struct RunSettings {
    pub filters: Vec<Filter>,
    pub jobs: usize,
    /// `--timeout`; a pair's own `timeout` still wins.
    pub timeout: Option<Duration>,
    pub fail_fast: bool,
    pub keep_temp: bool,
    /// Interpreters to run the Python side with (several: a version matrix).
    pub pythons: Vec<String>,
    pub dotnet: String,
    pub format: Format,
    pub no_cache: bool,
    pub limits: Limits,
    /// `--disk`; else `[course] disk`; else the default in [`Limits`].
    pub disk: Option<u64>,
    pub sandbox: SandboxMode,
    pub timings: bool,
    /// Show a progress bar (a terminal, not CI).
    pub progress: bool,
    /// Check the lesson pages of the lessons run.
    pub pages: bool,
    pub partition: Option<crate::course::filter::Partition>,
    /// Runs per side (>= 1); repetitions vary PYTHONHASHSEED.
    pub repeat: u32,
    /// Record agreeing outputs as golden files.
    pub bless: bool,
}

impl RunSettings {
    /// Defaults for the machine (core count), before flags.
    pub fn defaults() -> Self {
        RunSettings {
            filters: Vec::new(),
            jobs: std::thread::available_parallelism().map_or(2, |n| n.get()),
            timeout: None,
            fail_fast: false,
            keep_temp: false,
            pythons: vec!["python3".into()],
            dotnet: "dotnet".into(),
            format: Format::Human,
            no_cache: false,
            limits: Limits::default(),
            disk: None,
            sandbox: SandboxMode::Default,
            timings: false,
            progress: false,
            pages: true,
            partition: None,
            repeat: 1,
            bless: false,
        }
    }
}

impl RunSettings {
    /// Applies the options every running command shares (`run`, `watch`, `sync-pages`,
    /// `practice`): job count, timeout and toolchains.
    pub fn apply_common(
        &mut self,
        jobs: Option<usize>,
        timeout: Option<&str>,
        pythons: Vec<String>,
        dotnet: Option<String>,
    ) -> crate::error::Result<()> {
        use crate::error::Error;
        if let Some(j) = jobs {
            if j == 0 {
                return Err(Error::Usage("--jobs must be at least 1".into()));
            }
            self.jobs = j;
        }
        if let Some(t) = timeout {
            let d = crate::course::manifest::parse_duration(t)
                .map_err(|e| Error::Usage(format!("--timeout: {e}")))?;
            self.timeout = Some(d);
        }
        if !pythons.is_empty() {
            self.pythons = pythons;
        }
        if let Some(d) = dotnet {
            self.dotnet = d;
        }
        Ok(())
    }
}

pub use crate::course::manifest::parse_size;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("0").is_err());
    }
}
