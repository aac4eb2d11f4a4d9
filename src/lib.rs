//! mirror: runs a course's paired C# and Python examples for real and checks that both
//! sides print the same thing.
//!
//! The pipeline, one module per phase, each handing typed values to the next:
//! [`course`] (discover) -> [`lang`] (build) -> [`engine`] over [`sandbox`] (run) ->
//! [`compare`] (judge) -> [`report`] (show), with [`runner`] holding what a run produces. [`fixture`] serves HTTP to snippets.
//! [`practice`] turns pairs into exercises: the learner writes one side, the other judges.
// mirror runs snippets in Linux namespaces, cgroups and Landlock: it builds and runs on Linux
// only (on Windows: inside WSL2). Elsewhere the build stops with this one error: every other
// item is left out there, so no wall of libc errors follows it.
#[cfg(not(target_os = "linux"))]
compile_error!(
    "mirror runs on Linux only (on Windows, build and run it inside WSL2): its sandbox uses Linux namespaces, cgroups and Landlock"
);

/// Keeps its items on Linux only (see the `compile_error!` above).
macro_rules! linux_only {
    ($($item:item)*) => { $( #[cfg(target_os = "linux")] $item )* };
}

linux_only! {
    pub mod cli;
    pub mod commands;
    pub mod compare;
    pub mod config;
    pub mod course;
    pub mod digest;
    pub mod engine;
    pub mod error;
    pub mod fixture;
    pub mod lang;
    pub mod pages;
    pub mod practice;
    pub mod report;
    pub mod runner;
    pub mod sandbox;
    pub mod serve;
    pub mod show;
    pub mod watch;

    use std::process::ExitCode;

    use clap::Parser;

    /// Exit codes CI can trust.
    pub mod exit {
        /// Every selected pair passed.
        pub const OK: u8 = 0;
        /// At least one pair failed (mismatch, timeout, error, orphan).
        pub const FAILED: u8 = 1;
        /// Usage, course-file or toolchain problem: nothing was judged.
        pub const HARNESS: u8 = 2;
    }

    /// Parses the command line, runs the command and maps the outcome to an exit code.
    pub fn main_entry() -> ExitCode {
        if std::env::args_os()
            .nth(1)
            .is_some_and(|a| sandbox::jail::is_helper(&a))
        {
            sandbox::jail::main();
        }
        let cli = match cli::Cli::try_parse() {
            Ok(cli) => cli,
            Err(e) => {
                let _ = e.print();
                return ExitCode::from(if e.use_stderr() {
                    exit::HARNESS
                } else {
                    exit::OK
                });
            }
        };
        match commands::dispatch(cli) {
            // A request to stop that came between runs (pages being checked, reports
            // written) ends the command with the signal's code all the same.
            Ok(code) => ExitCode::from(engine::interrupt::requested().unwrap_or(code)),
            Err(error::Error::Interrupted(code)) => ExitCode::from(code),
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(exit::HARNESS)
            }
        }
    }
}
