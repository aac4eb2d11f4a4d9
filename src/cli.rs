//! Raw command-line flags (clap types only). Each subcommand has its own argument struct and
//! takes only the flags it acts on; [`crate::config::resolve`] turns them into settings, and
//! nothing below the command layer (`cli`, `config`, `commands`) sees a clap type.
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The exit codes (`crate::exit`), as `mirror man` lists them under EXIT STATUS.
pub const EXIT_STATUS: [(&str, &str); 4] = [
    ("0", "Every selected pair passed (one-sided snippets count as skipped)."),
    (
        "1",
        "At least one pair failed (mismatch, timeout, error, orphan, flaky, drift), or a lesson page has a problem.",
    ),
    (
        "2",
        "Nothing was judged: bad usage, a bad course.toml (the message gives file:line:column), no course found, or a missing toolchain.",
    ),
    (
        "130, 143",
        "Interrupted by Ctrl-C or SIGTERM: every snippet was killed and every temp folder removed; the reports asked for were still written.",
    ),
];

/// The same, short, at the end of `mirror --help`.
const EXIT_HELP: &str = "Exit status: 0 every pair passed; 1 a pair or a page failed; 2 nothing judged (usage, course.toml, missing toolchain); 130/143 interrupted.";

#[derive(Debug, Parser)]
#[command(
    name = "mirror",
    version,
    about = "Runs a course's paired C# and Python examples for real and checks both print the same",
    after_help = EXIT_HELP
)]
pub struct Cli {
    /// The course folder (default: walk up from the current folder to one holding examples-py/ or examples-cs/).
    #[arg(short = 'C', long = "course", global = true, value_name = "DIR")]
    pub course: Option<PathBuf>,
    /// Colour: auto (on a terminal, unless NO_COLOR; CLICOLOR_FORCE forces it), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Less output: no header and no lesson table; failures, page problems and the closing lines only.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// More output: where the time went, and every pair's verdict as it finishes.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lessons, pairs and orphans, one line each.
    List(ListArgs),
    /// Run pairs (all, or those the filters name) and compare both sides.
    Run(RunArgs),
    /// Re-run the pairs whose files change; clear and redraw the result (Ctrl-C stops).
    Watch(WatchArgs),
    /// Rewrite every tied block of the lesson pages from the examples and their real output.
    SyncPages(SyncArgs),
    /// Accept a deliberate change: show, then write, the golden files and the pages' tied
    /// blocks that the current outputs change.
    Accept(AcceptArgs),
    /// Which python and dotnet would be used, the platform, the sandbox layers, and what is missing.
    Doctor(ToolArgs),
    /// Prepare the course's Python environment and C# compile host (for CI caches).
    Setup(ToolArgs),
    /// Remove mirror's cache folder (compiled snippets, compile host, venvs).
    Clean,
    /// Practise a card: set up a practice file, --check it against the real run, --reveal the answer.
    Practice(PracticeArgs),
    /// Per lesson, the pairs practised and passed (from the workspace's progress.toml).
    Progress(ProgressArgs),
    /// For learners: a pair's mirror card and both sources side by side, then run it and show both outputs.
    Show(ShowArgs),
    /// Serve the course as a local web page: lessons, Run buttons, practice in the page.
    Serve(ServeArgs),
    /// Print a completion script for SHELL (e.g. `mirror completions bash > ~/.local/share/bash-completion/completions/mirror`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on stdout (e.g. `mirror man | man -l -`).
    Man,
}

/// Formats of commands that print one document (`list`, `progress`).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DocFormat {
    Human,
    Json,
}

/// Formats of `run`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RunFormat {
    Human,
    Json,
    /// One JSON event a line on stdout while the run goes (started, each pair, finished).
    Jsonl,
    /// The human report plus GitHub Actions annotations and step summary.
    Github,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SandboxArg {
    /// Every layer this machine has; the header says which are missing.
    Default,
    /// Refuse to run if any layer is unavailable.
    Strict,
    /// Only process groups, timeouts and output caps.
    Off,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, value_enum, default_value_t = DocFormat::Human)]
    pub format: DocFormat,
}

#[derive(Debug, Args)]
pub struct ToolArgs {
    /// Python interpreter to use; give it several times for a version matrix.
    #[arg(long, env = "MIRROR_PYTHON", value_name = "PATH")]
    pub python: Vec<String>,
    /// dotnet executable to use.
    #[arg(long, env = "MIRROR_DOTNET", value_name = "PATH")]
    pub dotnet: Option<String>,
}

/// Which pairs: filters, `-k` and `--skip`.
#[derive(Debug, Args)]
pub struct SelectArgs {
    /// `7`, `07-async-programming`, `7/gather`, `gather`, `7/*`, a file path; none means every pair.
    pub filters: Vec<String>,
    /// Only pairs whose id (`07-async-programming/gather`) contains SUBSTRING (repeatable: any).
    #[arg(short = 'k', value_name = "SUBSTRING")]
    pub keyword: Vec<String>,
    /// Leave out the pairs this filter selects (repeatable).
    #[arg(long, value_name = "FILTER")]
    pub skip: Vec<String>,
}

/// How snippets are run: what every command that runs pairs shares.
#[derive(Debug, Args)]
pub struct ExecArgs {
    /// Snippets run at once, exactly [default: one per core, plus idle cores lent while snippets sleep]
    #[arg(short, long)]
    pub jobs: Option<usize>,
    /// Wall-clock limit per side, e.g. 10s, 500ms (a pair's own `timeout` wins).
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<String>,
    #[command(flatten)]
    pub tools: ToolArgs,
    /// Compile every C# snippet afresh (into the run's temp folder, not the cache).
    #[arg(long)]
    pub no_cache: bool,
    /// Keep each snippet's temp folder and print where.
    #[arg(long)]
    pub keep_temp: bool,
    /// Memory cap per snippet, e.g. 512M, 1G.
    #[arg(long, value_name = "SIZE", default_value = "1G")]
    pub memory: String,
    /// Disk quota per snippet (its private tmpfs: /tmp and its folder), e.g. 256M
    /// (default: `[course] disk`, else 256M).
    #[arg(long, value_name = "SIZE")]
    pub disk: Option<String>,
    /// Cap on each of stdout and stderr, e.g. 1M.
    #[arg(long, value_name = "SIZE", default_value = "1M")]
    pub output_limit: String,
    #[arg(long, value_enum, default_value_t = SandboxArg::Default)]
    pub sandbox: SandboxArg,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub exec: ExecArgs,
    /// Stop starting pairs after the first failure.
    #[arg(long)]
    pub fail_fast: bool,
    #[arg(long, value_enum, default_value_t = RunFormat::Human)]
    pub format: RunFormat,
    /// Print where the time went (setup, C# compile, cache hits).
    #[arg(long)]
    pub timings: bool,
    /// Run only shard K of N (a stable slice by pair id), e.g. 2/4, for CI sharding.
    #[arg(long, value_name = "K/N")]
    pub partition: Option<String>,
    /// Run every pair N times, varying PYTHONHASHSEED; output that changes is `flaky`.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub repeat: u32,
    /// Record each pair whose sides agree as its golden output (harness/expected/);
    /// `mirror accept` does this and mends the pages in one step.
    #[arg(long)]
    pub bless: bool,
    /// Do not check the lesson pages (lessons/NN-slug.md) of the lessons run.
    #[arg(long)]
    pub no_pages: bool,
    /// Also write a JUnit XML report (one testsuite per lesson, one testcase per pair).
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Also write a self-contained HTML report (mirror cards, sources side by side).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Show every line of each diff (the human report stops a diff after 40 lines).
    #[arg(long)]
    pub full_diff: bool,
    /// Re-run the pairs that failed when they last ran (as pytest's --lf).
    #[arg(long, conflicts_with_all = ["filters", "keyword", "skip"])]
    pub failed: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub exec: ExecArgs,
    /// Print where the time went (setup, C# compile, cache hits).
    #[arg(long)]
    pub timings: bool,
    /// Do not check the lesson pages (lessons/NN-slug.md) of the lessons run.
    #[arg(long)]
    pub no_pages: bool,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub exec: ExecArgs,
}

#[derive(Debug, Args)]
pub struct AcceptArgs {
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub exec: ExecArgs,
    /// Only show what would change; write nothing (exit 1 when something would).
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// `7/gather` (a lesson `7` shows each of its pairs).
    #[arg(required = true)]
    pub filters: Vec<String>,
    #[command(flatten)]
    pub tools: ToolArgs,
    /// Wall-clock limit per side, e.g. 10s (a pair's own `timeout` wins).
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<String>,
}

/// The language a learner writes in practice mode.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    /// Write the Python; the real C# run is the judge.
    Python,
    /// Write the C#; the real Python run is the judge.
    Csharp,
}

#[derive(Debug, Args)]
pub struct PracticeArgs {
    /// `7/gather` (or a lesson, `7`) to set up or reveal; with --check, filters as for `run`
    /// (none: every practice file).
    pub targets: Vec<String>,
    /// Run the practice files and compare each with the real run of the course's other side.
    #[arg(long)]
    pub check: bool,
    /// Check, then re-check on every save until Ctrl-C.
    #[arg(long)]
    pub watch: bool,
    /// Show the course's own answer beside yours (allowed after at least one check).
    #[arg(long, conflicts_with_all = ["check", "watch"])]
    pub reveal: bool,
    /// The language you write (default python; --check takes both unless told).
    #[arg(long, value_enum)]
    pub to: Option<LangArg>,
    /// Folder for practice files (default: practice/ in the course; never inside examples-*).
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    /// Wall-clock limit per side, e.g. 10s, 500ms (a pair's own `timeout` wins).
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<String>,
    /// Snippets run at once, exactly [default: one per core, plus idle cores lent while snippets sleep]
    #[arg(short, long)]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub tools: ToolArgs,
}

#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// Folder holding the practice files (default: practice/ in the course).
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = DocFormat::Human)]
    pub format: DocFormat,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    /// The manual's EXIT STATUS and `--help` name the codes the binary really returns.
    #[test]
    fn the_exit_status_lists_the_real_codes() {
        let codes: Vec<&str> = EXIT_STATUS.iter().map(|(c, _)| *c).collect();
        let real = [crate::exit::OK, crate::exit::FAILED, crate::exit::HARNESS];
        for (listed, real) in codes.iter().zip(real) {
            assert_eq!(*listed, real.to_string());
        }
        assert_eq!(codes[3], "130, 143");
        for code in ["0", "1", "2", "130/143"] {
            assert!(EXIT_HELP.contains(&format!(" {code} ")), "{code}");
        }
    }

    /// The README names every subcommand (`mirror NAME`) and every long
    /// flag, so neither goes stale as the command line changes.
    #[test]
    fn the_readme_documents_every_command_and_flag() {
        let readme = include_str!("../README.md");
        let cli = Cli::command();
        let mut missing = Vec::new();
        for arg in cli.get_arguments() {
            if let Some(long) = arg.get_long() {
                if !readme.contains(&format!("--{long}")) {
                    missing.push(format!("--{long}"));
                }
            }
        }
        for sub in cli.get_subcommands() {
            let name = sub.get_name();
            if name != "help" && !readme.contains(&format!("`mirror {name}")) {
                missing.push(format!("command {name}"));
            }
            for arg in sub.get_arguments() {
                let Some(long) = arg.get_long() else { continue };
                if !readme.contains(&format!("--{long}")) {
                    missing.push(format!("{name} --{long}"));
                }
            }
        }
        assert!(missing.is_empty(), "not in README.md: {missing:?}");
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Open the page at this lesson or pair (`7`, `7/gather`); none: the first lesson.
    pub filters: Vec<String>,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8047)]
    pub port: u16,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Address to listen on (default 127.0.0.1; anything else is reachable from elsewhere).
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<std::net::IpAddr>,
    /// The language practice starts in (default python; the page can switch).
    #[arg(long, value_enum)]
    pub to: Option<LangArg>,
    /// Folder for practice files (default: practice/ in the course), shared with `mirror practice`.
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    /// Runs and checks at once; the rest queue in order.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub max_runs: usize,
    /// Wall-clock limit per side, e.g. 10s (a pair's own `timeout` wins).
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<String>,
    /// Snippets one run starts at once, exactly [default: one per core, plus idle cores lent while snippets sleep]
    #[arg(short, long)]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub tools: ToolArgs,
}
