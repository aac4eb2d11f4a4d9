//! Harness errors: things that stop a run before any pair can be judged (exit code 2).
//! A failing pair is a *result* (see `compare::Verdict`), never one of these.
use std::path::PathBuf;

/// Everything that makes `mirror` itself unable to do its job.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no course found from {start}: expected a folder holding examples-py/ and examples-cs/ (use --course DIR)")]
    NoCourse { start: PathBuf },
    #[error("{path}:{line}:{column}: {message}")]
    Manifest {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{0}")]
    Course(String),
    #[error("filter `{0}` matches no lesson or pair (see `mirror list`)")]
    NoMatch(String),
    #[error("{tool} not found: {detail}\n  install: {hint}")]
    MissingTool {
        tool: &'static str,
        detail: String,
        hint: &'static str,
    },
    #[error("{0}")]
    Toolchain(String),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
    /// A signal stopped the command; the exit code it maps to (130 for Ctrl-C).
    #[error("interrupted")]
    Interrupted(u8),
}

impl Error {
    /// A tool that was not found names where its path came from when that was the
    /// environment variable `var` (`MIRROR_PYTHON`), which is easy to forget is set.
    pub fn naming_env_var(self, var: &str, requested: &str) -> Self {
        match self {
            Error::MissingTool { tool, detail, hint }
                if std::env::var_os(var).is_some_and(|v| v == requested) =>
            {
                Error::MissingTool {
                    tool,
                    detail: format!(
                        "{detail}\n  from:    {var}={requested} in your environment (unset it to use the default)"
                    ),
                    hint,
                }
            }
            other => other,
        }
    }

    /// Wraps an I/O error with what was being done when it happened.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
