//! The subcommands: each resolves settings from the raw flags, then drives the pipeline.
use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::{Cli, Command, FormatArg, RunArgs, SandboxArg, ToolArgs};
use crate::config::{parse_size, Format, RunSettings, SandboxMode};
use crate::course::{self, filter::Filter, Course};
use crate::error::{Error, Result};
use crate::exit;
use crate::report::{human::HumanReporter, json::JsonReporter, Reporter};

/// Runs one command; Ok carries the exit code.
pub fn dispatch(cli: Cli) -> Result<u8> {
    // Colour on stderr: --color, else CLICOLOR_FORCE / NO_COLOR / a terminal (anstream).
    let color =
        crate::report::style::Styles::for_stream(cli.color.into(), &std::io::stderr()).enabled();
    if matches!(cli.command, Command::List { .. } | Command::Doctor(_)) {
        // These only print: let `mirror doctor | head` end quietly, as other Unix tools do.
        // (Commands that feed child processes keep SIGPIPE ignored.)
        // SAFETY: restoring the default disposition of one signal before any thread starts.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    match cli.command {
        Command::Clean => clean(),
        Command::List { format } => list(&load(cli.course)?, format),
        Command::Run(args) => run(&load(cli.course)?, args, color),
        Command::Watch(args) => {
            let root = course_root(cli.course)?;
            crate::watch::watch(&root, &settings_from(args)?, color)
        }
        Command::SyncPages(args) => sync_pages(&load(cli.course)?, args, color),
        Command::Doctor(tools) => doctor(cli.course, tools),
        Command::Setup(tools) => setup(&load(cli.course)?, tools),
        Command::Practice(args) => crate::practice::command(&load(cli.course)?, args, color),
        Command::Progress(args) => crate::practice::progress::command(&load(cli.course)?, args),
        Command::Show(args) => crate::show::show(&load(cli.course)?, args, cli.color),
        Command::Serve(args) => crate::serve::command(load(cli.course)?, args),
    }
}

fn course_root(explicit: Option<PathBuf>) -> Result<PathBuf> {
    match explicit {
        Some(dir) => {
            let dir = std::fs::canonicalize(&dir)
                .map_err(|e| Error::io(format!("course folder {}", dir.display()), e))?;
            if !dir.join(course::discover::PY_DIR).is_dir()
                && !dir.join(course::discover::CS_DIR).is_dir()
            {
                return Err(Error::NoCourse { start: dir });
            }
            Ok(dir)
        }
        None => {
            let cwd =
                std::env::current_dir().map_err(|e| Error::io("reading the current folder", e))?;
            course::find_root(&cwd)
        }
    }
}

fn load(explicit: Option<PathBuf>) -> Result<Course> {
    course::discover(&course_root(explicit)?)
}

/// Pair keys each lesson's page shows in a tied code block.
fn shown_on_pages(course: &Course) -> std::collections::HashMap<String, Vec<String>> {
    course
        .lessons
        .iter()
        .filter_map(|l| {
            let page = std::fs::read_to_string(crate::pages::check::page_path(&course.root, &l.id))
                .ok()?;
            let ex = crate::pages::check::examine(&page, l, None, &Default::default());
            Some((l.id.clone(), ex.shown))
        })
        .collect()
}

fn list(course: &Course, format: FormatArg) -> Result<u8> {
    let shown = shown_on_pages(course);
    let on_page = |lesson: &str, key: &str| {
        shown
            .get(lesson)
            .is_some_and(|s| s.iter().any(|k| k == key))
    };
    let out = match format {
        FormatArg::Json | FormatArg::Jsonl => crate::report::list::json(course, &on_page),
        FormatArg::Human | FormatArg::Github => {
            crate::report::list::human(course, &on_page, crate::show::width())
        }
    };
    emit(&out)?;
    Ok(exit::OK)
}

/// Writes to stdout; a closed pipe (`mirror list | head`) is not an error.
fn emit(text: &str) -> Result<()> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::io("writing to stdout", e))
        }
        _ => Ok(()),
    }
}

fn settings_from(args: RunArgs) -> Result<RunSettings> {
    let mut s = RunSettings::defaults();
    s.filters = args
        .filters
        .iter()
        .map(|f| Filter::parse(f))
        .collect::<Result<_>>()?;
    s.apply_common(
        args.jobs,
        args.timeout.as_deref(),
        args.tools.python,
        args.tools.dotnet,
    )?;
    s.fail_fast = args.fail_fast;
    s.keep_temp = args.keep_temp;
    s.format = match args.format {
        FormatArg::Human | FormatArg::Github => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Jsonl => Format::Jsonl,
    };
    s.no_cache = args.no_cache;
    s.limits.memory_bytes =
        parse_size(&args.memory).map_err(|e| Error::Usage(format!("--memory: {e}")))?;
    s.disk = args
        .disk
        .as_deref()
        .map(parse_size)
        .transpose()
        .map_err(|e| Error::Usage(format!("--disk: {e}")))?;
    s.limits.output_bytes = parse_size(&args.output_limit)
        .map_err(|e| Error::Usage(format!("--output-limit: {e}")))?
        as usize;
    s.sandbox = match args.sandbox {
        SandboxArg::Default => SandboxMode::Default,
        SandboxArg::Strict => SandboxMode::Strict,
        SandboxArg::Off => SandboxMode::Off,
    };
    s.timings = args.timings;
    s.pages = !args.no_pages;
    s.partition = args
        .partition
        .as_deref()
        .map(course::filter::Partition::parse)
        .transpose()?;
    if args.repeat == 0 {
        return Err(Error::Usage("--repeat must be at least 1".into()));
    }
    s.repeat = args.repeat;
    s.bless = args.bless;
    s.progress = std::io::stderr().is_terminal() && !is_ci::cached() && s.format == Format::Human;
    Ok(s)
}

fn reporter(settings: &RunSettings, color: bool, full_diff: bool) -> Box<dyn Reporter> {
    match settings.format {
        Format::Human => Box::new(
            HumanReporter::new(
                std::io::stderr(),
                color,
                settings.progress,
                settings.timings,
            )
            .full_diff(full_diff),
        ),
        Format::Json => Box::new(JsonReporter::new(std::io::stdout())),
        Format::Jsonl => Box::new(crate::report::jsonl::JsonlReporter::new(std::io::stdout())),
    }
}

/// Runs the selection and checks its pages; returns the report (not yet finished).
fn execute(
    course: &Course,
    settings: &RunSettings,
    reporter: &mut dyn Reporter,
) -> Result<crate::runner::RunReport> {
    let selection = course::filter::select(course, &settings.filters)?;
    let pairs: Vec<_> = selection
        .pairs
        .into_iter()
        .filter(|p| settings.partition.is_none_or(|part| part.contains(p)))
        .cloned()
        .collect();
    let engine = crate::engine::Engine::prepare(course, &pairs, settings)?;
    engine.cancel_on_signals();
    let mut report = engine.run(course, pairs, reporter)?;
    // Snippets, hosts, temp folders and cgroups go before the report is written.
    drop(engine);
    if settings.pages && report.interrupted.is_none() {
        crate::pages::check_run(course, &mut report);
    }
    Ok(report)
}

/// The reporters a run writes beside its main one: `--junit`, `--html`, GitHub Actions.
fn extra_reporters(args: &RunArgs) -> Vec<Box<dyn Reporter>> {
    use crate::report::{github::GithubReporter, html, junit, FileReporter};
    let mut extra: Vec<Box<dyn Reporter>> = Vec::new();
    if let Some(p) = args.junit.clone() {
        extra.push(Box::new(FileReporter::new(p, "--junit", junit::render)));
    }
    if let Some(p) = args.html.clone() {
        extra.push(Box::new(FileReporter::new(p, "--html", html::render)));
    }
    let on_actions = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
    if matches!(args.format, FormatArg::Github) || on_actions {
        let summary = std::env::var_os("GITHUB_STEP_SUMMARY")
            .filter(|s| !s.is_empty())
            .map(PathBuf::from);
        // Annotations go to stdout, unless stdout carries the JSON document.
        extra.push(
            if matches!(args.format, FormatArg::Json | FormatArg::Jsonl) {
                Box::new(GithubReporter::new(std::io::stderr(), summary))
            } else {
                Box::new(GithubReporter::new(std::io::stdout(), summary))
            },
        );
    }
    extra
}

fn run(course: &Course, mut args: RunArgs, color: bool) -> Result<u8> {
    let last_failed = crate::report::last_failed::LastFailed::for_course(&course.root);
    if args.failed {
        let known = |id: &String| {
            course
                .lessons
                .iter()
                .flat_map(|l| &l.pairs)
                .any(|p| &p.id() == id)
        };
        args.filters = last_failed.load().into_iter().filter(known).collect();
        if args.filters.is_empty() {
            eprintln!("mirror: --failed: no pair of this course failed when it last ran; nothing to re-run");
            return Ok(exit::OK);
        }
    }
    let full_diff = args.full_diff;
    let extra = extra_reporters(&args);
    let settings = settings_from(args)?;
    let mut all = vec![reporter(&settings, color, full_diff)];
    all.extend(extra);
    all.push(Box::new(last_failed));
    let mut reporter = crate::report::Fanout(all);
    let report = execute(course, &settings, &mut reporter)?;
    reporter
        .finish(&report)
        .map_err(|e| Error::io("writing the report", e))?;
    if let Some(code) = report.interrupted {
        return Ok(code);
    }
    let refused = if settings.bless {
        bless(course, &report)?
    } else {
        0
    };
    Ok(if report.is_failure() || refused > 0 {
        exit::FAILED
    } else {
        exit::OK
    })
}

/// Records the output of every pair whose sides agree as its golden file (only where it
/// differs); refuses pairs whose sides disagree. Returns how many were refused.
fn bless(course: &Course, report: &crate::runner::RunReport) -> Result<usize> {
    let (mut written, mut unchanged, mut refused) = (0, 0, 0);
    for p in report.lessons.iter().flat_map(|l| &l.pairs) {
        if p.pair.is_orphan() {
            continue;
        }
        let Some(output) = p.agreed_output() else {
            refused += 1;
            eprintln!(
                "not blessed: {}: the sides do not agree ({})",
                p.pair.id(),
                p.verdict.name()
            );
            continue;
        };
        let path = crate::compare::golden::path(&course.root, &p.pair.lesson, &p.pair.name);
        if std::fs::read(&path).ok().as_deref() == Some(output.as_slice()) {
            unchanged += 1;
            continue;
        }
        let dir = path.parent().expect("golden has a folder");
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        let tmp = path.with_extension("out.tmp");
        std::fs::write(&tmp, &output)
            .map_err(|e| Error::io(format!("writing {}", tmp.display()), e))?;
        std::fs::rename(&tmp, &path)
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
        written += 1;
    }
    eprintln!(
        "blessed: {written} golden file(s) written, {unchanged} unchanged, {refused} refused"
    );
    Ok(refused)
}

fn sync_pages(course: &Course, args: RunArgs, color: bool) -> Result<u8> {
    let mut settings = settings_from(args)?;
    settings.pages = true;
    let mut reporter = HumanReporter::new(std::io::stderr(), color, settings.progress, false);
    let report = execute(course, &settings, &mut reporter)?;
    if let Some(code) = report.interrupted {
        return Ok(code);
    }
    let outcomes =
        crate::pages::sync(&report).map_err(|e| Error::io("rewriting a lesson page", e))?;
    let mut remaining = 0;
    for o in &outcomes {
        let rel = o
            .path
            .strip_prefix(&course.root)
            .unwrap_or(&o.path)
            .display()
            .to_string();
        if o.rewritten > 0 {
            eprintln!("{rel}: rewrote {} block(s)", o.rewritten);
        }
        for f in &o.remaining {
            remaining += 1;
            eprintln!("{rel}:{}: not mended: {}", f.line, f.message);
        }
    }
    let rewritten: usize = outcomes.iter().map(|o| o.rewritten).sum();
    eprintln!(
        "{rewritten} block(s) rewritten in {} page(s); {remaining} problem(s) need a hand edit",
        outcomes.len()
    );
    Ok(if remaining > 0 {
        exit::FAILED
    } else {
        exit::OK
    })
}

fn doctor(course: Option<PathBuf>, tools: ToolArgs) -> Result<u8> {
    let python = tools
        .python
        .first()
        .cloned()
        .unwrap_or_else(|| "python3".into());
    let dotnet = tools.dotnet.unwrap_or_else(|| "dotnet".into());
    let mut missing = 0;
    match crate::lang::python::resolve(&python) {
        Ok(p) => {
            println!(
                "python   {} -> {} (Python {})",
                python,
                p.executable.display(),
                p.version
            );
            if let Ok(root) = course_root(course.clone()) {
                let req = root.join("harness/requirements.txt");
                if let Ok(text) = std::fs::read(&req) {
                    let dir = crate::lang::python::venv_dir(&p, &text);
                    let state = if dir.join(".mirror-ready").exists() {
                        "ready"
                    } else {
                        "not made yet: `mirror setup` or the first run makes it"
                    };
                    println!("venv     {} ({state})", dir.display());
                }
            }
        }
        Err(e) => {
            missing += 1;
            println!("python   MISSING: {e}");
        }
    }
    match crate::lang::csharp::resolve(&dotnet) {
        Ok(d) => println!(
            "dotnet   {} (SDK {}, runtime {}, {}, Roslyn {})",
            d.executable.display(),
            d.sdk_version,
            d.runtime_version,
            d.tfm,
            d.roslyn_dir.display()
        ),
        Err(e) => {
            missing += 1;
            println!("dotnet   MISSING: {e}");
        }
    }
    println!("cache    {}", crate::lang::cache_dir().display());
    let mut layers = crate::sandbox::Layers::detect();
    let _network = layers.make_network();
    println!("sandbox layers:");
    for l in layers.list() {
        match l.state {
            crate::sandbox::LayerState::Active(d) => println!("  {:<14} active       {d}", l.name),
            crate::sandbox::LayerState::Unavailable(d) => {
                println!("  {:<14} UNAVAILABLE  {d}", l.name)
            }
        }
    }
    Ok(if missing > 0 { exit::HARNESS } else { exit::OK })
}

fn setup(course: &Course, tools: ToolArgs) -> Result<u8> {
    let python =
        crate::lang::python::resolve(tools.python.first().map_or("python3", String::as_str))?;
    let say = |m: &str| eprintln!("mirror: {m}");
    let python = crate::lang::python::with_requirements(
        python,
        &course.root.join("harness/requirements.txt"),
        &say,
    )?;
    eprintln!("python   {} ready", python.executable.display());
    let dotnet = crate::lang::csharp::resolve(tools.dotnet.as_deref().unwrap_or("dotnet"))?;
    let host = dotnet.compile_host()?;
    dotnet.runtime_config()?;
    if !course.packages.is_empty() {
        let packages = crate::lang::nuget::restore(&dotnet, &course.packages, &say)?;
        eprintln!(
            "nuget    {} ready",
            crate::report::count(
                packages.runtime.len(),
                "package assembly",
                "package assemblies"
            )
        );
    }
    eprintln!("dotnet   compile host {} ready", host.display());
    Ok(exit::OK)
}

fn clean() -> Result<u8> {
    let dir = crate::lang::cache_dir();
    match std::fs::remove_dir_all(&dir) {
        Ok(()) => eprintln!("removed {}", dir.display()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("nothing to remove: {} does not exist", dir.display())
        }
        Err(e) => return Err(Error::io(format!("removing {}", dir.display()), e)),
    }
    Ok(exit::OK)
}
