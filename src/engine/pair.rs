//! One pair's run: both sides (every interpreter of the matrix, every repetition) in the
//! sandbox, then the judgement, which is `compare`'s (flakiness, golden output and version
//! drift included).
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::oneshot;

use super::admit::Order;
use super::{Reuse, Shared as Ctx};
use crate::compare::{self, SideResult, Verdict};
use crate::course::{Fixture, Pair};
use crate::lang::csharp::{self, BuildResult, Dotnet};
use crate::lang::python::Python;
use crate::runner::{MatrixEntry, PairReport};
use crate::sandbox::{Job, Runtime};

/// What a pair's sides obey: the run's stop (`--fail-fast`, a harness fault), and the pair's
/// place in the line for a job slot.
struct Turn<'a> {
    stop: &'a AtomicBool,
    order: Order,
}

/// Where a pair's C# build comes from: its receiver, handed over once the run's builds
/// have started (the pair's Python side does not wait for that).
pub(super) type BuildSlot = oneshot::Receiver<oneshot::Receiver<BuildResult>>;

/// Runs one pair: both sides in the sandbox, then `compare`'s judgement of every run.
pub(super) async fn run_pair(
    ctx: &Ctx,
    stop: &AtomicBool,
    order: Order,
    pair: Pair,
    build: Option<BuildSlot>,
    reuse: &Reuse,
    rename_hint: Option<String>,
) -> PairReport {
    let timeout = pair.settings.timeout.unwrap_or(ctx.default_timeout);
    let mut report = PairReport::empty(pair, timeout);
    if report.pair.is_orphan() {
        return orphan(report, rename_hint);
    }
    if stop.load(Ordering::SeqCst) {
        report.reason = Some("not run (--fail-fast)".into());
        return report;
    }
    let pair = &report.pair;
    // A side whose files did not change since the last run of this engine (watch) is not
    // run again: its last result stands. Only for one interpreter and one repetition.
    let single = ctx.repeat.max(1) == 1 && ctx.pythons.len() == 1;
    let id = pair.id();
    let reused_py = reuse.python.get(&id).filter(|_| single).cloned();
    let reused_cs = reuse.csharp.get(&id).filter(|_| single).cloned();
    let turn = Turn { stop, order };
    let python_runs = async {
        match reused_py {
            Some(last) => vec![vec![last]],
            None => python_sides(ctx, &turn, pair, timeout).await,
        }
    };
    let csharp_runs = async {
        match reused_cs {
            Some(last) => (vec![last], true),
            None => csharp_sides(ctx, &turn, pair, build, timeout).await,
        }
    };
    let (python, (csharp, cached)) = tokio::join!(python_runs, csharp_runs);
    let first_not_run = |runs: &[SideResult]| runs.first().is_none_or(|r| r.outcome().is_none());
    if stop.load(Ordering::SeqCst)
        && (python.first().is_none_or(|r| first_not_run(r)) || first_not_run(&csharp))
    {
        report.reason = Some("not run (--fail-fast)".into());
        return report;
    }
    let golden = if ctx.golden {
        std::fs::read(compare::golden::path(&ctx.root, &pair.lesson, &pair.name)).ok()
    } else {
        None
    };
    let pythons: Vec<(String, Vec<SideResult>)> = ctx
        .pythons
        .iter()
        .map(|py| py.version.clone())
        .zip(python)
        .collect();
    let runs = compare::runs::Runs {
        csharp: &csharp,
        pythons: &pythons,
    };
    let judged = compare::runs::judge_runs(&pair.settings, &runs, timeout, golden.as_deref());
    report.matrix = pythons
        .iter()
        .skip(1)
        .zip(judged.matrix)
        .map(|((version, runs), j)| MatrixEntry {
            python: version.clone(),
            verdict: j.verdict,
            reason: j.reason,
            outcome: runs.first().cloned().unwrap_or(SideResult::NotRun),
        })
        .collect();
    report.verdict = judged.primary.verdict;
    report.reason = judged.primary.reason;
    report.diff = judged.primary.diff;
    report.python = pythons
        .first()
        .and_then(|(_, runs)| runs.first().cloned())
        .unwrap_or(SideResult::NotRun);
    report.csharp = csharp.into_iter().next().unwrap_or(SideResult::NotRun);
    report.csharp_cached = cached;
    report
}

/// A pair with one side only: skipped when `one-sided` says so, else an orphan (whose
/// reason ends with `rename_hint`, when its lesson has a likely partner under another name).
fn orphan(mut report: PairReport, rename_hint: Option<String>) -> PairReport {
    if report.pair.settings.one_sided {
        let have = if report.pair.python.is_some() {
            "Python"
        } else {
            "C#"
        };
        report.reason = Some(format!("one-sided on purpose ({have} only)"));
    } else {
        report.verdict = Verdict::Orphan;
        let reason = crate::runner::report::orphan_reason(&report.pair);
        report.reason = Some(match rename_hint {
            Some(hint) => format!("{reason}; {hint}"),
            None => reason,
        });
    }
    report
}

/// The Python side under every interpreter of the matrix, every repetition (the hash
/// seed varies by repetition).
async fn python_sides(
    ctx: &Ctx,
    turn: &Turn<'_>,
    pair: &Pair,
    timeout: Duration,
) -> Vec<Vec<SideResult>> {
    let mut all = Vec::new();
    for py in &ctx.pythons {
        let mut runs = Vec::new();
        for rep in 0..ctx.repeat.max(1) {
            runs.push(run_python(ctx, turn, pair, py, rep, timeout).await);
        }
        all.push(runs);
    }
    all
}

/// The C# side once its dll exists, every repetition; and whether the dll was cached.
async fn csharp_sides(
    ctx: &Ctx,
    turn: &Turn<'_>,
    pair: &Pair,
    build: Option<BuildSlot>,
    timeout: Duration,
) -> (Vec<SideResult>, bool) {
    let (Some(dotnet), Some(rx)) = (ctx.csharp.as_ref().map(|cs| &cs.dotnet), build) else {
        return (vec![SideResult::NotRun], false);
    };
    let built = match async { rx.await?.await }.await {
        Ok(Ok(b)) => b,
        Ok(Err(diagnostics)) => return (vec![SideResult::CompileError(diagnostics)], false),
        Err(_) => {
            let cancelled = SideResult::CompileError("the C# build was cancelled".into());
            return (vec![cancelled], false);
        }
    };
    let mut runs = Vec::new();
    for rep in 0..ctx.repeat.max(1) {
        runs.push(run_csharp(ctx, turn, pair, dotnet, &built, rep, timeout).await);
    }
    (runs, built.cached)
}

/// Waits for a job slot, then runs the job (unless --fail-fast or a signal stopped the run
/// meanwhile).
async fn run_job(ctx: &Ctx, turn: &Turn<'_>, job: Job) -> SideResult {
    let _place = ctx.jobs.acquire(turn.order).await;
    if turn.stop.load(Ordering::SeqCst) || ctx.cancel.borrow().is_some() {
        return SideResult::NotRun;
    }
    SideResult::Ran(ctx.sandbox.run(job).await)
}

async fn run_python(
    ctx: &Ctx,
    turn: &Turn<'_>,
    pair: &Pair,
    py: &Python,
    rep: u32,
    timeout: Duration,
) -> SideResult {
    let Some(src) = &pair.python else {
        return SideResult::NotRun;
    };
    let name = src
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let read = ctx.toolchain_paths.clone();
    let suffix = format!("py{}-r{rep}", py.version);
    let mut job = job_for(
        ctx,
        pair,
        &suffix,
        Runtime::Python,
        py.executable.clone(),
        // `./` so that a file named like an option (`-c...`) is still run as a file.
        vec![format!("./{name}").into()],
        read,
        timeout,
        Some((src.clone(), name)),
    );
    job.env.push(("PYTHONHASHSEED".into(), rep.to_string()));
    run_job(ctx, turn, job).await
}

async fn run_csharp(
    ctx: &Ctx,
    turn: &Turn<'_>,
    pair: &Pair,
    dotnet: &Dotnet,
    built: &csharp::Built,
    rep: u32,
    timeout: Duration,
) -> SideResult {
    let rc = ctx
        .csharp
        .as_ref()
        .map(|cs| cs.runtime_config.clone())
        .unwrap_or_default();
    // The runtimeconfig file itself, not its folder: that folder holds every course's
    // compiled snippets, and a snippet sees its own build only.
    let mut read = ctx.toolchain_paths.clone();
    // From a copy of its build in its own folder (see `copy_builds`), or from the cache
    // bound read-only. The dll path is absolute or `./`: never an option.
    // In the jail the package dlls are links into the run's folder of them (see
    // `Warm::gathered`), bound read-only; only the snippet's own dll is copied.
    let beside = ctx.csharp.as_ref().and_then(|cs| {
        let warm = cs.ready.get()?.as_ref().ok()?;
        Some((cs.package_dir.as_ref()?, warm.gathered.as_ref()?))
    });
    let (mut copies, mut links) = (Vec::new(), Vec::new());
    let dll = if ctx.copy_builds {
        for file in &built.files {
            let name: String = file.file_name().unwrap_or_default().to_string_lossy().into();
            match beside {
                Some((dir, names)) if name != csharp::DLL && names.contains(&name) => {
                    links.push((dir.join(&name), name))
                }
                _ => copies.push((file.clone(), name)),
            }
        }
        if let (Some((dir, _)), false) = (beside, links.is_empty()) {
            read.push(dir.clone());
        }
        PathBuf::from(".").join(csharp::DLL)
    } else {
        read.extend(built.dll.parent().map(PathBuf::from));
        built.dll.clone()
    };
    let args = vec![
        "exec".into(),
        "--runtimeconfig".into(),
        rc.clone().into_os_string(),
        dll.into_os_string(),
    ];
    let mut job = job_for(
        ctx,
        pair,
        &format!("cs-r{rep}"),
        Runtime::Dotnet,
        dotnet.executable.clone(),
        args,
        read,
        timeout,
        None,
    );
    job.files.extend(copies);
    job.links = links;
    run_job(ctx, turn, job).await
}

#[allow(clippy::too_many_arguments)]
fn job_for(
    ctx: &Ctx,
    pair: &Pair,
    suffix: &str,
    runtime: Runtime,
    program: PathBuf,
    args: Vec<std::ffi::OsString>,
    read_paths: Vec<PathBuf>,
    timeout: Duration,
    source: Option<(PathBuf, String)>,
) -> Job {
    let mut files: Vec<(PathBuf, String)> = source.into_iter().collect();
    for data in pair.settings.data.iter().map(|d| d.get_ref()) {
        let name = data
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        files.push((ctx.root.join(data), name));
    }
    let mut env = Vec::new();
    let mut fixture_port = None;
    if let (Some(base), true) = (
        &ctx.http_base,
        pair.settings.fixtures.contains(&Fixture::Http),
    ) {
        env.push(("MIRROR_HTTP_BASE".to_string(), base.clone()));
        fixture_port = ctx.http_port;
    }
    Job {
        label: format!(
            "{}-{}-{suffix}",
            pair.lesson.split('-').next().unwrap_or(""),
            pair.name
        ),
        program,
        args,
        env,
        files,
        links: Vec::new(),
        stdin: pair.settings.stdin.clone().map(String::into_bytes),
        timeout,
        runtime,
        read_paths,
        fixture_port,
    }
}
