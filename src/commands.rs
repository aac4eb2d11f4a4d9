//! The subcommands: [`crate::config::resolve`] turns the flags into settings once, then each
//! command drives the pipeline with them.
use std::path::{Path, PathBuf};

use crate::cli::Cli;
use crate::config::{Action, Format, RunSettings, Settings, Toolchains, Verbosity};
use crate::course::manifest::MinVersion;
use crate::course::{self, Course};
use crate::error::{Error, Result};
use crate::exit;
use crate::report::style::Styles;
use crate::report::Reporter;

/// The oldest .NET SDK the course builds with: its C# is C# 14 and it calls .NET 9 APIs.
pub const DOTNET_SDK_MIN: MinVersion = MinVersion([10, 0, 0]);

/// Runs one command; Ok carries the exit code.
pub fn dispatch(cli: Cli) -> Result<u8> {
    let (settings, action) = crate::config::resolve(cli)?;
    if matches!(
        action,
        Action::List(_) | Action::Doctor(_) | Action::Completions(_) | Action::Man
    ) {
        // These only print: let `mirror doctor | head` end quietly, as other Unix tools do.
        // (Commands that feed child processes keep SIGPIPE ignored.)
        // SAFETY: restoring the default disposition of one signal before any thread starts.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    let course = settings.course().map(Path::to_path_buf);
    match action {
        Action::Clean => clean(),
        Action::Completions(shell) => {
            use clap::CommandFactory;
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "mirror", &mut std::io::stdout());
            Ok(exit::OK)
        }
        Action::Man => {
            emit(&manual_page().map_err(|e| Error::io("rendering the manual page", e))?)?;
            Ok(exit::OK)
        }
        Action::List(format) => list(&load(course)?, format),
        Action::Run(run_settings) => {
            let course = load(course)?;
            preflight(&course, run_settings.toolchains())?;
            run(&course, run_settings)
        }
        Action::Watch(run) => {
            let root = course_root(course)?;
            preflight(&course::discover(&root)?, run.toolchains())?;
            crate::watch::watch(&root, &run)
        }
        Action::SyncPages(run) => {
            let course = load(course)?;
            preflight(&course, run.toolchains())?;
            sync_pages(&course, &run)
        }
        Action::Accept { run, dry_run } => {
            let course = load(course)?;
            preflight(&course, run.toolchains())?;
            accept(&course, &run, dry_run)
        }
        Action::Doctor(tools) => doctor(course, &tools),
        Action::Setup(tools) => {
            let course = load(course)?;
            preflight(&course, &tools)?;
            setup(&course, &tools, &settings)
        }
        Action::Practice(p) => {
            let course = load(course)?;
            preflight(&course, p.run().toolchains())?;
            crate::practice::command(&course, &p)
        }
        Action::Progress { workspace, format } => {
            crate::practice::progress::command(&load(course)?, workspace.as_deref(), format)
        }
        Action::Show { run, stdout_color } => {
            let course = load(course)?;
            preflight(&course, run.toolchains())?;
            crate::show::show(&course, &run, stdout_color)
        }
        Action::Serve(serve) => {
            let course = load(course)?;
            preflight(&course, serve.run.toolchains())?;
            crate::serve::command(course, serve)
        }
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

/// The lowest Python the course asks for: `[python] requires` in course.toml, else 3.11.
fn python_requirement(root: &Path) -> Result<MinVersion> {
    let path = root.join(course::discover::MANIFEST);
    if !path.is_file() {
        return Ok(MinVersion::PYTHON_DEFAULT);
    }
    Ok(course::manifest::load(&path)?
        .python
        .requires
        .unwrap_or(MinVersion::PYTHON_DEFAULT))
}

/// Why a found Python cannot run this course, if it cannot.
fn python_too_old(version: &str, needed: MinVersion) -> Option<String> {
    let found = MinVersion::of(version)?;
    (found < needed).then(|| {
        format!(
            "Python {version} is too old: this course needs {needed} or newer (choose another with --python PATH)"
        )
    })
}

/// Why a found .NET SDK cannot build this course, if it cannot.
fn sdk_too_old(version: &str) -> Option<String> {
    let found = MinVersion::of(version)?;
    (found < DOTNET_SDK_MIN).then(|| {
        format!(
            ".NET SDK {version} is too old: this course needs SDK {} or newer (C# 14, .NET 9 APIs; choose another with --dotnet PATH)",
            DOTNET_SDK_MIN.0[0]
        )
    })
}

/// Checks the version of each toolchain the course uses before anything is built, so a
/// too old one is one clear line (exit 2), never a traceback or a wall of compile errors.
/// A toolchain that cannot be found is left to the engine, which looks for it only when the
/// selected pairs need it (and says what is missing).
fn preflight(course: &Course, tools: &Toolchains) -> Result<()> {
    let pairs = || course.lessons.iter().flat_map(|l| &l.pairs);
    if pairs().any(|p| p.python.is_some()) {
        let needed = python_requirement(&course.root)?;
        for requested in tools.pythons() {
            if let Ok(python) = crate::lang::python::resolve(requested) {
                if let Some(message) = python_too_old(&python.version, needed) {
                    return Err(Error::Toolchain(message));
                }
            }
        }
    }
    if pairs().any(|p| p.csharp.is_some()) {
        if let Ok(dotnet) = crate::lang::csharp::resolve(tools.dotnet()) {
            if let Some(message) = sdk_too_old(&dotnet.sdk_version) {
                return Err(Error::Toolchain(message));
            }
        }
    }
    Ok(())
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

fn list(course: &Course, format: Format) -> Result<u8> {
    let shown = shown_on_pages(course);
    let on_page = |lesson: &str, key: &str| {
        shown
            .get(lesson)
            .is_some_and(|s| s.iter().any(|k| k == key))
    };
    let out = match format {
        Format::Json | Format::Jsonl => crate::report::list::json(course, &on_page),
        Format::Human => crate::report::list::human(
            course,
            &on_page,
            crate::show::terminal_width().unwrap_or(usize::MAX),
        ),
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

/// Runs the selection and checks its pages; returns the report (not yet finished).
fn execute(
    course: &Course,
    settings: &RunSettings,
    reporter: &mut dyn Reporter,
) -> Result<crate::runner::RunReport> {
    if course.lessons.iter().all(|l| l.pairs.is_empty()) {
        // A course with nothing to run is misplaced files, not a green build (for `run`,
        // `accept` and `sync-pages` alike).
        return Err(Error::Course(format!(
            "{}: no snippets found: a pair is examples-py/NN-slug/name.py beside examples-cs/NN-slug/Name.cs",
            course.root.display()
        )));
    }
    let selection = course::filter::select(course, settings.selector())?;
    warn_unreferenced_golden(course, &selection);
    let pairs: Vec<_> = selection
        .pairs
        .into_iter()
        .filter(|p| settings.partition().is_none_or(|part| part.contains(p)))
        .cloned()
        .collect();
    let engine =
        crate::engine::Engine::prepare(course, &pairs, settings, crate::engine::Signals::Cancel)?;
    let mut report = engine.run(course, pairs, reporter)?;
    // Snippets, hosts, temp folders and cgroups go before the report is written.
    drop(engine);
    if settings.pages() && report.interrupted.is_none() {
        crate::pages::check_run(course, &mut report);
    }
    Ok(report)
}

/// Warns of golden files no pair reads (a renamed pair's old file; the renamed pair has no
/// drift guard meanwhile), for the lessons the run selects; a file in a folder that names
/// no lesson, only when the run selects every pair. A warning, not a failure: no example
/// is wrong, a guard is missing.
fn warn_unreferenced_golden(course: &Course, selection: &course::Selection<'_>) {
    let everything =
        selection.pairs.len() == course.lessons.iter().map(|l| l.pairs.len()).sum::<usize>();
    for u in crate::compare::golden::unreferenced(course) {
        let known = course.lessons.iter().any(|l| l.id == u.lesson);
        let selected = selection.pairs.iter().any(|p| p.lesson == u.lesson);
        if selected || (!known && everything) {
            eprintln!(
                "mirror: warning: {}: {}",
                crate::report::escape::line(&u.file),
                crate::report::escape::line(&u.hint)
            );
        }
    }
}

fn run(course: &Course, mut settings: RunSettings) -> Result<u8> {
    let last_failed = crate::report::last_failed::LastFailed::for_course(&course.root);
    if settings.rerun_failed() {
        let known = |id: &String| {
            course
                .lessons
                .iter()
                .flat_map(|l| &l.pairs)
                .any(|p| &p.id() == id)
        };
        let failed: Vec<String> = last_failed.load().into_iter().filter(known).collect();
        if failed.is_empty() {
            eprintln!("mirror: --failed: no pair of this course failed when it last ran; nothing to re-run");
            return Ok(exit::OK);
        }
        settings.set_filters(&failed)?;
    }
    let mut all = settings.reporters();
    all.push(Box::new(last_failed));
    let mut reporter = crate::report::Fanout(all);
    let report = execute(course, &settings, &mut reporter)?;
    reporter
        .finish(&report)
        .map_err(|e| Error::io("writing the report", e))?;
    if let Some(code) = report.interrupted {
        return Ok(code);
    }
    let refused = if settings.bless() {
        let plan = GoldenPlan::of(course, &report);
        plan.refuse_messages();
        let written = plan.write()?;
        if settings.verbosity() > Verbosity::Quiet {
            eprintln!(
                "blessed: {written} golden file(s) written, {} unchanged, {} refused",
                plan.unchanged,
                plan.refused.len()
            );
        }
        let stale = report
            .lessons
            .iter()
            .filter_map(|l| l.page.as_ref())
            .flat_map(|p| &p.examination.findings)
            .filter(|f| f.fixable)
            .count();
        if stale > 0 {
            eprintln!(
                "{stale} tied page block(s) differ from what the pairs print now: `mirror accept` writes golden files and pages together"
            );
        }
        plan.refused.len()
    } else {
        0
    };
    Ok(if report.is_failure() || refused > 0 {
        exit::FAILED
    } else {
        exit::OK
    })
}

/// What blessing a run would do to the golden files.
struct GoldenPlan {
    /// Path, what it holds now (None: no file yet), what it will hold.
    changes: Vec<(PathBuf, Option<Vec<u8>>, Vec<u8>)>,
    unchanged: usize,
    /// Pair id and verdict of each pair whose sides disagree.
    refused: Vec<(String, &'static str)>,
}

impl GoldenPlan {
    fn of(course: &Course, report: &crate::runner::RunReport) -> GoldenPlan {
        let mut plan = GoldenPlan {
            changes: Vec::new(),
            unchanged: 0,
            refused: Vec::new(),
        };
        for p in report.lessons.iter().flat_map(|l| &l.pairs) {
            if p.pair.is_orphan() {
                continue;
            }
            let Some(output) = p.agreed_output() else {
                plan.refused.push((p.pair.id(), p.verdict.name()));
                continue;
            };
            let path = crate::compare::golden::path(&course.root, &p.pair.lesson, &p.pair.name);
            let old = std::fs::read(&path).ok();
            if old.as_deref() == Some(output.as_slice()) {
                plan.unchanged += 1;
            } else {
                plan.changes.push((path, old, output));
            }
        }
        plan
    }

    fn refuse_messages(&self) {
        for (id, verdict) in &self.refused {
            eprintln!("not blessed: {id}: the sides do not agree ({verdict})");
        }
    }

    /// Writes every change (each file through a temp file and a rename); returns how many.
    fn write(&self) -> Result<usize> {
        for (path, _, output) in &self.changes {
            let dir = path.parent().expect("golden has a folder");
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
            let tmp = path.with_extension("out.tmp");
            std::fs::write(&tmp, output)
                .map_err(|e| Error::io(format!("writing {}", tmp.display()), e))?;
            std::fs::rename(&tmp, path)
                .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
        }
        Ok(self.changes.len())
    }
}

fn relative(course: &Course, path: &Path) -> String {
    path.strip_prefix(&course.root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn sync_pages(course: &Course, settings: &RunSettings) -> Result<u8> {
    let mut reporter = settings.human_reporter();
    let report = execute(course, settings, &mut reporter)?;
    say_kept(&report);
    if let Some(code) = report.interrupted {
        return Ok(code);
    }
    let outcomes =
        crate::pages::sync(&report).map_err(|e| Error::io("rewriting a lesson page", e))?;
    let mut remaining = 0;
    for o in &outcomes {
        let rel = relative(course, &o.path);
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

/// Says where `--keep-temp` kept the run's folders (`run` says it in its report; the
/// commands that rewrite files print no run report).
fn say_kept(report: &crate::runner::RunReport) {
    if let Some(dir) = &report.kept_temp {
        eprintln!("temp folders kept in {}", dir.display());
    }
}

/// `mirror accept`: one run, then every golden file and tied page block it changes, shown
/// as diffs and written together (`--dry-run`: shown only). Pairs whose sides disagree and
/// page problems no rewrite can mend are named and make it exit 1; else it exits 0.
fn accept(course: &Course, settings: &RunSettings, dry_run: bool) -> Result<u8> {
    let mut reporter = crate::report::NullReporter;
    eprintln!("mirror accept: running the selected pairs...");
    let report = execute(course, settings, &mut reporter)?;
    say_kept(&report);
    if let Some(code) = report.interrupted {
        return Ok(code);
    }
    let styles = Styles::new(settings.color());
    let show_diff = |diff: &str| {
        for line in diff.lines() {
            eprintln!("    {}", styles.diff_line(line));
        }
    };
    let plan = GoldenPlan::of(course, &report);
    for (path, old, new) in &plan.changes {
        let rel = relative(course, path);
        match old {
            None => eprintln!(
                "{}",
                styles.paint(Styles::BOLD, &format!("{rel}: new golden file"))
            ),
            Some(_) => eprintln!(
                "{}",
                styles.paint(Styles::BOLD, &format!("{rel}: golden output changes"))
            ),
        }
        let old_text = String::from_utf8_lossy(old.as_deref().unwrap_or_default());
        let new_text = String::from_utf8_lossy(new);
        show_diff(
            &similar::TextDiff::from_lines(old_text.as_ref(), new_text.as_ref())
                .unified_diff()
                .context_radius(2)
                .header("golden", "now")
                .to_string(),
        );
    }
    let (mut blocks, mut hand) = (0, Vec::new());
    let root = course.root.to_string_lossy();
    for lesson in &report.lessons {
        let Some(page) = &lesson.page else { continue };
        let rel = relative(course, &page.path);
        for f in &page.examination.findings {
            // Course-relative and escaped, as `mirror run` reports the same finding.
            let message = crate::report::shown_line(&root, &f.message);
            if f.fixable {
                blocks += 1;
                eprintln!(
                    "{}",
                    styles.paint(Styles::BOLD, &format!("{rel}:{}: {message}", f.line))
                );
                if let Some(diff) = &f.diff {
                    show_diff(diff);
                }
            } else {
                hand.push(format!("{rel}:{}: {message}", f.line));
            }
        }
    }
    plan.refuse_messages();
    for h in &hand {
        eprintln!("not mended (needs a hand edit): {h}");
    }
    let pages_touched = report
        .lessons
        .iter()
        .filter_map(|l| l.page.as_ref())
        .filter(|p| !p.examination.edits.is_empty())
        .count();
    let stuck = plan.refused.len() + hand.len();
    if dry_run {
        eprintln!(
            "would change: {} golden file(s), {blocks} page block(s) in {pages_touched} page(s); {stuck} problem(s) no accept can fix",
            plan.changes.len()
        );
        return Ok(if plan.changes.is_empty() && blocks == 0 && stuck == 0 {
            exit::OK
        } else {
            exit::FAILED
        });
    }
    let written = plan.write()?;
    crate::pages::sync(&report).map_err(|e| Error::io("rewriting a lesson page", e))?;
    eprintln!(
        "accepted: {written} golden file(s) written, {blocks} page block(s) rewritten in {pages_touched} page(s), {} golden file(s) unchanged; {stuck} problem(s) no accept can fix",
        plan.unchanged
    );
    Ok(if stuck > 0 { exit::FAILED } else { exit::OK })
}

/// `linux 6.8.0-49-generic x86_64` (from uname), and WSL when the kernel says so.
fn platform() -> String {
    // SAFETY: uname fills a zeroed struct it is given; the fields are NUL-terminated.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    if unsafe { libc::uname(&mut u) } != 0 {
        return std::env::consts::OS.to_string();
    }
    let field = |f: &[libc::c_char]| {
        let bytes: Vec<u8> = f
            .iter()
            .take_while(|c| **c != 0)
            .map(|c| *c as u8)
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let release = field(&u.release);
    let wsl = if release.to_ascii_lowercase().contains("microsoft") {
        " (WSL)"
    } else {
        ""
    };
    format!("{} {release} {}{wsl}", field(&u.sysname), field(&u.machine))
}

fn doctor(course: Option<PathBuf>, tools: &Toolchains) -> Result<u8> {
    let root = course_root(course).ok();
    let needed = root
        .as_deref()
        .map_or(Ok(MinVersion::PYTHON_DEFAULT), python_requirement)?;
    let mut missing = 0;
    println!("platform {}", platform());
    for python in tools.pythons() {
        match crate::lang::python::resolve(python) {
            Ok(p) => {
                println!(
                    "python   {} -> {} (Python {})",
                    python,
                    p.executable.display(),
                    p.version
                );
                if let Some(message) = python_too_old(&p.version, needed) {
                    missing += 1;
                    println!("python   TOO OLD: {message}");
                } else if let Some(root) = &root {
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
    }
    match crate::lang::csharp::resolve(tools.dotnet()) {
        Ok(d) => {
            println!(
                "dotnet   {} (SDK {}, runtime {}, {}, Roslyn {})",
                d.executable.display(),
                d.sdk_version,
                d.runtime_version,
                d.tfm,
                d.roslyn_dir.display()
            );
            if let Some(message) = sdk_too_old(&d.sdk_version) {
                missing += 1;
                println!("dotnet   TOO OLD: {message}");
            }
        }
        Err(e) => {
            missing += 1;
            println!("dotnet   MISSING: {e}");
        }
    }
    println!("cache    {}", crate::lang::cache_dir().display());
    let jobs = crate::config::default_jobs();
    println!(
        "jobs     {jobs} at once (one per core), up to {} while snippets sleep (idle cores are lent); `--jobs N` means exactly N",
        crate::engine::most_at_once(jobs)
    );
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

fn setup(course: &Course, tools: &Toolchains, settings: &Settings) -> Result<u8> {
    crate::engine::interruptible(|| prepare_toolchains(course, tools, settings))
}

/// `mirror setup`'s work: the venvs, the compile host and the NuGet set, made and said.
fn prepare_toolchains(course: &Course, tools: &Toolchains, settings: &Settings) -> Result<u8> {
    let quiet = settings.verbosity() == Verbosity::Quiet;
    let say = |m: &str| eprintln!("mirror: {m}");
    let mut ready = Vec::new();
    for requested in tools.pythons() {
        let python = crate::lang::python::resolve(requested)?;
        let python = crate::lang::python::with_requirements(
            python,
            &course.root.join("harness/requirements.txt"),
            &say,
        )?;
        ready.push(format!("python   {} ready", python.executable.display()));
    }
    let dotnet = crate::lang::csharp::resolve(tools.dotnet())?;
    let host = dotnet.compile_host()?;
    dotnet.runtime_config()?;
    if !course.packages.is_empty() {
        let packages = crate::lang::nuget::restore(&dotnet, &course.packages, &say)?;
        ready.push(format!(
            "nuget    {} ready",
            crate::report::count(
                packages.runtime.len(),
                "package assembly",
                "package assemblies"
            )
        ));
    }
    ready.push(format!("dotnet   compile host {} ready", host.display()));
    if !quiet {
        for line in ready {
            eprintln!("{line}");
        }
    }
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

/// `mirror man`: clap_mangen's sections, with EXIT STATUS in the place of its EXTRA
/// section (which would repeat the one-line summary `--help` ends with).
fn manual_page() -> std::io::Result<String> {
    use clap::CommandFactory;
    let man = clap_mangen::Man::new(Cli::command());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    man.render_subcommands_section(&mut out)?;
    let mut text = String::from_utf8_lossy(&out).into_owned();
    text.push_str(".SH \"EXIT STATUS\"\n");
    for (code, meaning) in crate::cli::EXIT_STATUS {
        // roff: a line starting with . or ' would be a request; none of these does.
        text.push_str(&format!(".TP\n\\fB{code}\\fR\n{}\n", meaning.replace('-', "\\-")));
    }
    let mut out = Vec::new();
    man.render_version_section(&mut out)?;
    text.push_str(&String::from_utf8_lossy(&out));
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_checks_say_what_is_needed() {
        let needed = MinVersion::PYTHON_DEFAULT;
        assert_eq!(
            python_too_old("2.7.18", needed).as_deref(),
            Some("Python 2.7.18 is too old: this course needs 3.11 or newer (choose another with --python PATH)")
        );
        assert_eq!(python_too_old("3.11.0", needed), None);
        assert_eq!(python_too_old("3.12.1", needed), None);
        assert!(sdk_too_old("9.0.100")
            .is_some_and(|m| m.contains("SDK 9.0.100 is too old") && m.contains("SDK 10")));
        assert_eq!(sdk_too_old("10.0.401"), None);
    }

    #[test]
    fn doctor_names_the_platform() {
        let p = platform();
        assert!(p.starts_with("Linux "), "{p}");
    }
}
