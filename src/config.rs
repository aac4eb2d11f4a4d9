//! Settings resolved once from the command line (the model is ripgrep's `hiargs`): [`resolve`]
//! is the one place clap's arguments become plain values (command line over environment over
//! defaults; `course.toml` is read by the engine). Colour is decided here once per stream, the
//! fields are private, and the settings build the reporters. Code below the command layer
//! reads these types, never clap's.
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::cli::{self, Cli, Command};
use crate::course::filter::{Partition, Selector};
use crate::course::Side;
use crate::error::{Error, Result};
use crate::report::style::{ColorWhen, Styles};
use crate::report::{human::HumanReporter, json::JsonReporter, Reporter};
use crate::sandbox::Limits;

pub use crate::course::manifest::parse_size;

/// Output format of `run`, `list` and `progress`.
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

/// `-q`, neither, or `-v`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// Default wall-clock limit for one side of a pair.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The toolchains a command uses: `--python` (several: a version matrix) and `--dotnet`.
#[derive(Debug, Clone)]
pub struct Toolchains {
    pythons: Vec<String>,
    dotnet: String,
}

impl Toolchains {
    fn from_args(t: cli::ToolArgs) -> Toolchains {
        Toolchains {
            pythons: if t.python.is_empty() {
                vec!["python3".into()]
            } else {
                t.python
            },
            dotnet: t.dotnet.unwrap_or_else(|| "dotnet".into()),
        }
    }
    /// Interpreters to run the Python side with, in the order given.
    pub fn pythons(&self) -> &[String] {
        &self.pythons
    }
    pub fn dotnet(&self) -> &str {
        &self.dotnet
    }
}

/// Snippets run at once when `--jobs` is not given: one per core this process may use.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// Everything a command that runs pairs needs to know (`run`, `watch`, `sync-pages`,
/// `accept`, `practice`, `show`).
#[derive(Debug, Clone)]
pub struct RunSettings {
    selector: Selector,
    jobs: usize,
    /// `--jobs` was given: exactly that many at once, nothing lent.
    jobs_given: bool,
    timeout: Option<Duration>,
    fail_fast: bool,
    keep_temp: bool,
    tools: Toolchains,
    format: Format,
    no_cache: bool,
    limits: Limits,
    disk: Option<u64>,
    sandbox: SandboxMode,
    timings: bool,
    progress: bool,
    pages: bool,
    partition: Option<Partition>,
    repeat: u32,
    bless: bool,
    // How the run is reported.
    color: bool,
    verbosity: Verbosity,
    full_diff: bool,
    junit: Option<PathBuf>,
    html: Option<PathBuf>,
    github: bool,
    failed: bool,
}

impl RunSettings {
    fn defaults(color: bool, verbosity: Verbosity) -> Self {
        RunSettings {
            selector: Selector::default(),
            jobs: default_jobs(),
            jobs_given: false,
            timeout: None,
            fail_fast: false,
            keep_temp: false,
            tools: Toolchains::from_args(cli::ToolArgs {
                python: Vec::new(),
                dotnet: None,
            }),
            format: Format::Human,
            no_cache: false,
            limits: Limits::default(),
            disk: None,
            sandbox: SandboxMode::Default,
            timings: verbosity == Verbosity::Verbose,
            progress: false,
            pages: true,
            partition: None,
            repeat: 1,
            bless: false,
            color,
            verbosity,
            full_diff: false,
            junit: None,
            html: None,
            github: false,
            failed: false,
        }
    }

    fn jobs_and_timeout(&mut self, jobs: Option<usize>, timeout: Option<&str>) -> Result<()> {
        if let Some(j) = jobs {
            if j == 0 {
                return Err(Error::Usage("--jobs must be at least 1".into()));
            }
            self.jobs = j;
            self.jobs_given = true;
        }
        if let Some(t) = timeout {
            let d = crate::course::manifest::parse_duration(t)
                .map_err(|e| Error::Usage(format!("--timeout: {e}")))?;
            self.timeout = Some(d);
        }
        Ok(())
    }

    fn exec(&mut self, e: cli::ExecArgs) -> Result<()> {
        self.jobs_and_timeout(e.jobs, e.timeout.as_deref())?;
        self.tools = Toolchains::from_args(e.tools);
        self.no_cache = e.no_cache;
        self.keep_temp = e.keep_temp;
        self.limits.memory_bytes =
            parse_size(&e.memory).map_err(|m| Error::Usage(format!("--memory: {m}")))?;
        self.disk = e
            .disk
            .as_deref()
            .map(parse_size)
            .transpose()
            .map_err(|m| Error::Usage(format!("--disk: {m}")))?;
        self.limits.output_bytes = parse_size(&e.output_limit)
            .map_err(|m| Error::Usage(format!("--output-limit: {m}")))?
            as usize;
        self.sandbox = match e.sandbox {
            cli::SandboxArg::Default => SandboxMode::Default,
            cli::SandboxArg::Strict => SandboxMode::Strict,
            cli::SandboxArg::Off => SandboxMode::Off,
        };
        Ok(())
    }

    fn select(&mut self, s: cli::SelectArgs) -> Result<()> {
        self.selector = Selector::parse(&s.filters, &s.keyword, &s.skip)?;
        Ok(())
    }

    /// A progress bar only on a terminal, outside CI, in the human format, not `-q`.
    fn decide_progress(&mut self) {
        self.progress = std::io::stderr().is_terminal()
            && !is_ci::cached()
            && self.format == Format::Human
            && self.verbosity == Verbosity::Normal;
    }

    fn with_run(mut self, a: cli::RunArgs) -> Result<Self> {
        self.select(a.select)?;
        self.exec(a.exec)?;
        self.fail_fast = a.fail_fast;
        self.format = match a.format {
            cli::RunFormat::Human | cli::RunFormat::Github => Format::Human,
            cli::RunFormat::Json => Format::Json,
            cli::RunFormat::Jsonl => Format::Jsonl,
        };
        self.github = matches!(a.format, cli::RunFormat::Github)
            || std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
        self.timings |= a.timings;
        self.partition = a.partition.as_deref().map(Partition::parse).transpose()?;
        if a.repeat == 0 {
            return Err(Error::Usage("--repeat must be at least 1".into()));
        }
        self.repeat = a.repeat;
        self.bless = a.bless;
        self.pages = !a.no_pages;
        self.junit = a.junit;
        self.html = a.html;
        self.full_diff = a.full_diff;
        self.failed = a.failed;
        self.decide_progress();
        Ok(self)
    }

    /// The pairs to run: filters, `-k`, `--skip`.
    pub fn selector(&self) -> &Selector {
        &self.selector
    }
    /// `run --failed`: the selection is the pairs that failed last time.
    pub fn rerun_failed(&self) -> bool {
        self.failed
    }
    /// Replaces the filters (`--failed` fills them from the last run).
    pub fn set_filters(&mut self, filters: &[String]) -> Result<()> {
        self.selector = Selector::parse(filters, &[], &[])?;
        Ok(())
    }
    pub fn jobs(&self) -> usize {
        self.jobs
    }
    /// Whether idle cores may be lent beyond `jobs()` (only while `--jobs` is left at its
    /// default; see `engine::admit`).
    pub fn lend_idle_cores(&self) -> bool {
        !self.jobs_given
    }
    /// `--timeout`; a pair's own `timeout` still wins.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }
    pub fn fail_fast(&self) -> bool {
        self.fail_fast
    }
    pub fn keep_temp(&self) -> bool {
        self.keep_temp
    }
    /// Interpreters to run the Python side with (several: a version matrix).
    pub fn pythons(&self) -> &[String] {
        self.tools.pythons()
    }
    pub fn dotnet(&self) -> &str {
        self.tools.dotnet()
    }
    pub fn toolchains(&self) -> &Toolchains {
        &self.tools
    }
    pub fn format(&self) -> Format {
        self.format
    }
    pub fn no_cache(&self) -> bool {
        self.no_cache
    }
    pub fn limits(&self) -> &Limits {
        &self.limits
    }
    /// `--disk`; else `[course] disk`; else the default in [`Limits`].
    pub fn disk(&self) -> Option<u64> {
        self.disk
    }
    pub fn sandbox(&self) -> SandboxMode {
        self.sandbox
    }
    pub fn timings(&self) -> bool {
        self.timings
    }
    /// Show a progress bar (a terminal, not CI).
    pub fn progress(&self) -> bool {
        self.progress
    }
    /// Check the lesson pages of the lessons run.
    pub fn pages(&self) -> bool {
        self.pages
    }
    pub fn partition(&self) -> Option<Partition> {
        self.partition
    }
    /// Runs per side (>= 1); repetitions vary PYTHONHASHSEED.
    pub fn repeat(&self) -> u32 {
        self.repeat
    }
    /// Record agreeing outputs as golden files (and judge nothing against them).
    pub fn bless(&self) -> bool {
        self.bless
    }
    /// Colour on stderr, decided once.
    pub fn color(&self) -> bool {
        self.color
    }
    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// The human report on stderr, as `-q`, `-v`, `--timings` and `--full-diff` ask.
    pub fn human_reporter(&self) -> HumanReporter<std::io::LineWriter<std::io::Stderr>> {
        // Line by line: a table row is built from many small writes (one per padding
        // character, on unbuffered stderr: ~250 syscalls at the end of a 10-pair run).
        HumanReporter::new(
            std::io::LineWriter::new(std::io::stderr()),
            self.color,
            self.progress,
            self.timings,
        )
            .full_diff(self.full_diff)
            .quiet(self.verbosity == Verbosity::Quiet)
            .verbose(self.verbosity == Verbosity::Verbose)
    }

    /// The run's reporters: the main one (`--format`), then `--junit`, `--html` and GitHub
    /// Actions annotations (`--format github`, or on Actions).
    pub fn reporters(&self) -> Vec<Box<dyn Reporter>> {
        use crate::report::{github::GithubReporter, html, junit, FileReporter};
        let mut all: Vec<Box<dyn Reporter>> = vec![match self.format {
            Format::Human => Box::new(self.human_reporter()),
            Format::Json => Box::new(JsonReporter::new(std::io::stdout())),
            Format::Jsonl => Box::new(crate::report::jsonl::JsonlReporter::new(std::io::stdout())),
        }];
        if let Some(p) = self.junit.clone() {
            all.push(Box::new(FileReporter::new(p, "--junit", junit::render)));
        }
        if let Some(p) = self.html.clone() {
            all.push(Box::new(FileReporter::new(p, "--html", html::render)));
        }
        if self.github {
            let summary = std::env::var_os("GITHUB_STEP_SUMMARY")
                .filter(|s| !s.is_empty())
                .map(PathBuf::from);
            // Annotations go to stdout, unless stdout carries the JSON document.
            all.push(if self.format == Format::Human {
                Box::new(GithubReporter::new(std::io::stdout(), summary))
            } else {
                Box::new(GithubReporter::new(std::io::stderr(), summary))
            });
        }
        all
    }
}

/// What `mirror practice` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PracticeMode {
    Setup,
    Check,
    Watch,
    Reveal,
}

/// `mirror practice`, resolved.
#[derive(Debug, Clone)]
pub struct PracticeSettings {
    mode: PracticeMode,
    learner: Option<Side>,
    workspace: Option<PathBuf>,
    run: RunSettings,
}

impl PracticeSettings {
    pub fn mode(&self) -> PracticeMode {
        self.mode
    }
    /// The side the learner writes (`--to`), if given.
    pub fn learner(&self) -> Option<Side> {
        self.learner
    }
    /// `--workspace`, as given (relative to the current folder).
    pub fn workspace(&self) -> Option<&Path> {
        self.workspace.as_deref()
    }
    /// How practice files and the course's other side are run; its selector holds the targets.
    pub fn run(&self) -> &RunSettings {
        &self.run
    }
}

/// What the command line asks for, with its settings.
#[derive(Debug)]
pub enum Action {
    List(Format),
    Run(RunSettings),
    Watch(RunSettings),
    SyncPages(RunSettings),
    Accept {
        run: RunSettings,
        dry_run: bool,
    },
    Doctor(Toolchains),
    Setup(Toolchains),
    Clean,
    Practice(PracticeSettings),
    Progress {
        workspace: Option<PathBuf>,
        format: Format,
    },
    /// `show`; the flag is colour on stdout, where `show` draws.
    Show {
        run: RunSettings,
        stdout_color: bool,
    },
    Completions(clap_complete::Shell),
    Man,
    Serve(ServeSettings),
}

/// `mirror serve`: how snippets run, plus the server's own options.
#[derive(Debug)]
pub struct ServeSettings {
    pub run: RunSettings,
    /// The lesson or pair the printed address opens (`7`, `7/gather`).
    pub filters: Vec<String>,
    pub port: u16,
    pub open: bool,
    /// None: 127.0.0.1.
    pub bind: Option<std::net::IpAddr>,
    /// The side practice starts in (None: Python).
    pub learner: Option<Side>,
    pub workspace: Option<PathBuf>,
    /// Runs and checks at once; the rest queue.
    pub max_runs: usize,
}

/// Settings every command shares.
#[derive(Debug)]
pub struct Settings {
    course: Option<PathBuf>,
    color: bool,
    verbosity: Verbosity,
}

impl Settings {
    /// `--course`, as given.
    pub fn course(&self) -> Option<&Path> {
        self.course.as_deref()
    }
    /// Colour on stderr, decided once.
    pub fn color(&self) -> bool {
        self.color
    }
    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }
}

fn doc_format(f: cli::DocFormat) -> Format {
    match f {
        cli::DocFormat::Human => Format::Human,
        cli::DocFormat::Json => Format::Json,
    }
}

/// Turns the command line into settings: the one place flags are read.
pub fn resolve(cli: Cli) -> Result<(Settings, Action)> {
    let when = match cli.color {
        cli::ColorChoice::Auto => ColorWhen::Auto,
        cli::ColorChoice::Always => ColorWhen::Always,
        cli::ColorChoice::Never => ColorWhen::Never,
    };
    // Colour: --color, else CLICOLOR_FORCE / NO_COLOR / a terminal (anstream).
    let color = Styles::for_stream(when, &std::io::stderr()).enabled();
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, true) => {
            return Err(Error::Usage(
                "-q (--quiet) and -v (--verbose) cannot be used together".into(),
            ))
        }
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    let base = || RunSettings::defaults(color, verbosity);
    let action = match cli.command {
        Command::List(a) => Action::List(doc_format(a.format)),
        Command::Run(a) => Action::Run(base().with_run(a)?),
        Command::Watch(a) => {
            let mut s = base();
            s.select(a.select)?;
            s.exec(a.exec)?;
            s.timings |= a.timings;
            s.pages = !a.no_pages;
            Action::Watch(s)
        }
        Command::SyncPages(a) => {
            let mut s = base();
            s.select(a.select)?;
            s.exec(a.exec)?;
            s.timings = false;
            s.decide_progress();
            Action::SyncPages(s)
        }
        Command::Accept(a) => {
            let mut s = base();
            s.select(a.select)?;
            s.exec(a.exec)?;
            // Golden files are what is being accepted: nothing is judged against them.
            s.bless = true;
            s.decide_progress();
            Action::Accept {
                run: s,
                dry_run: a.dry_run,
            }
        }
        Command::Doctor(t) => Action::Doctor(Toolchains::from_args(t)),
        Command::Setup(t) => Action::Setup(Toolchains::from_args(t)),
        Command::Clean => Action::Clean,
        Command::Practice(a) => {
            let mut s = base();
            s.jobs_and_timeout(a.jobs, a.timeout.as_deref())?;
            // A practice file is judged under one interpreter: several `--python` (a
            // version matrix for `run`) are refused rather than all but one ignored.
            if a.tools.python.len() > 1 {
                return Err(Error::Usage(
                    "practice judges your file under one Python: give --python once (`mirror run` takes several, for a version matrix)".into(),
                ));
            }
            s.tools = Toolchains::from_args(a.tools);
            s.pages = false;
            s.selector = Selector::parse(&a.targets, &[], &[])?;
            let mode = if a.watch {
                PracticeMode::Watch
            } else if a.check {
                PracticeMode::Check
            } else if a.reveal {
                PracticeMode::Reveal
            } else {
                PracticeMode::Setup
            };
            Action::Practice(PracticeSettings {
                mode,
                learner: a.to.map(|t| match t {
                    cli::LangArg::Python => Side::Python,
                    cli::LangArg::Csharp => Side::CSharp,
                }),
                workspace: a.workspace,
                run: s,
            })
        }
        Command::Progress(a) => Action::Progress {
            workspace: a.workspace,
            format: doc_format(a.format),
        },
        Command::Show(a) => {
            let mut s = base();
            s.jobs_and_timeout(None, a.timeout.as_deref())?;
            s.tools = Toolchains::from_args(a.tools);
            s.pages = false;
            s.selector = Selector::parse(&a.filters, &[], &[])?;
            Action::Show {
                run: s,
                stdout_color: Styles::for_stream(when, &std::io::stdout()).enabled(),
            }
        }
        Command::Completions { shell } => Action::Completions(shell),
        Command::Man => Action::Man,
        Command::Serve(a) => {
            let mut s = base();
            s.jobs_and_timeout(a.jobs, a.timeout.as_deref())?;
            // Practice in the page is judged under one interpreter, as in the terminal.
            let mut tools = a.tools;
            tools.python = tools.python.into_iter().last().into_iter().collect();
            s.tools = Toolchains::from_args(tools);
            s.pages = false;
            Action::Serve(ServeSettings {
                run: s,
                filters: a.filters,
                port: a.port,
                open: a.open,
                bind: a.bind,
                learner: a.to.map(|t| match t {
                    cli::LangArg::Python => Side::Python,
                    cli::LangArg::Csharp => Side::CSharp,
                }),
                workspace: a.workspace,
                max_runs: a.max_runs,
            })
        }
    };
    Ok((
        Settings {
            course: cli.course,
            color,
            verbosity,
        },
        action,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn resolved(args: &[&str]) -> Result<(Settings, Action)> {
        let mut all = vec!["mirror"];
        all.extend(args);
        resolve(Cli::try_parse_from(all).expect("parses"))
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("0").is_err());
    }

    #[test]
    fn run_flags_become_settings() {
        let (s, a) = resolved(&[
            "--color",
            "never",
            "-q",
            "run",
            "7",
            "-k",
            "gat",
            "--skip",
            "7/to_thread",
            "-j",
            "3",
            "--timeout",
            "2s",
            "--memory",
            "512M",
            "--repeat",
            "2",
            "--format",
            "json",
            "--python",
            "python3.12",
        ])
        .unwrap();
        assert!(!s.color());
        assert_eq!(s.verbosity(), Verbosity::Quiet);
        let Action::Run(r) = a else { panic!("run") };
        assert_eq!(r.jobs(), 3);
        assert_eq!(r.timeout(), Some(Duration::from_secs(2)));
        assert_eq!(r.limits().memory_bytes, 512 << 20);
        assert_eq!(r.repeat(), 2);
        assert_eq!(r.format(), Format::Json);
        assert!(!r.selector().is_empty());
        assert!(!r.progress());
        assert_eq!(r.pythons(), ["python3.12"]);
    }

    #[test]
    fn bad_values_are_usage_errors() {
        for args in [
            &["run", "--jobs", "0"][..],
            &["run", "--repeat", "0"],
            &["run", "--timeout", "soon"],
            &["run", "--memory", "lots"],
            &["run", "--partition", "3/2"],
            &["watch", "--disk", "x"],
        ] {
            assert!(
                matches!(resolved(args), Err(Error::Usage(_))),
                "{args:?} is refused"
            );
        }
    }

    #[test]
    fn accept_blesses_and_practice_takes_one_python() {
        let (_, a) = resolved(&["accept", "7"]).unwrap();
        let Action::Accept { run, dry_run } = a else {
            panic!("accept")
        };
        assert!(run.bless() && !dry_run);
        let several = resolved(&[
            "practice", "--check", "--python", "a", "--python", "b", "--to", "csharp",
        ]);
        assert!(
            matches!(&several, Err(Error::Usage(m)) if m.contains("give --python once")),
            "{:?}",
            several.err()
        );
        let (_, a) =
            resolved(&["practice", "--check", "--python", "b", "--to", "csharp"]).unwrap();
        let Action::Practice(p) = a else {
            panic!("practice")
        };
        assert_eq!(p.mode(), PracticeMode::Check);
        assert_eq!(p.learner(), Some(Side::CSharp));
        assert_eq!(p.run().pythons(), ["b"]);
        assert!(!p.run().pages());
    }

    #[test]
    fn verbose_turns_on_timings() {
        let (_, a) = resolved(&["-v", "run"]).unwrap();
        let Action::Run(r) = a else { panic!("run") };
        assert!(r.timings());
        assert_eq!(r.verbosity(), Verbosity::Verbose);
    }
}
