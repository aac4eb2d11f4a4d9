//! One pair's run: both sides (every interpreter of the matrix, every repetition), then
//! the judgement with flakiness, golden output and version drift folded in.
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::sync::oneshot;

use super::{Ctx, MatrixEntry, PairReport};
use crate::compare::normalize::normalize;
use crate::compare::{self, SideResult, Verdict};
use crate::course::{Fixture, Pair};
use crate::lang::csharp::{self, BuildResult, Dotnet};
use crate::lang::python::Python;
use crate::sandbox::{Job, Runtime};

pub(super) async fn run_pair(
    ctx: &Ctx,
    pair: Pair,
    build: Option<oneshot::Receiver<BuildResult>>,
) -> PairReport {
    let timeout = pair.settings.timeout.unwrap_or(ctx.default_timeout);
    let mut report = PairReport {
        verdict: Verdict::Skipped,
        reason: None,
        python: SideResult::NotRun,
        csharp: SideResult::NotRun,
        diff: None,
        csharp_cached: false,
        matrix: Vec::new(),
        timeout,
        pair,
    };
    if report.pair.is_orphan() {
        if report.pair.settings.one_sided {
            let have = if report.pair.python.is_some() {
                "Python"
            } else {
                "C#"
            };
            report.reason = Some(format!("one-sided on purpose ({have} only)"));
        } else {
            report.verdict = Verdict::Orphan;
            report.reason = Some(super::report::orphan_reason(&report.pair));
        }
        return report;
    }
    if ctx.stop.load(Ordering::SeqCst) {
        report.reason = Some("not run (--fail-fast)".into());
        return report;
    }
    let pair = &report.pair;
    let reps = ctx.repeat.max(1);
    // Every interpreter of the matrix, every repetition (the hash seed varies by repetition).
    let python_runs = async {
        let mut all = Vec::new();
        for py in &ctx.pythons {
            let mut runs = Vec::new();
            for rep in 0..reps {
                runs.push(run_python(ctx, pair, py, rep, timeout).await);
            }
            all.push(runs);
        }
        all
    };
    let csharp_runs = async {
        let (Some(dotnet), Some(rx)) = (&ctx.dotnet, build) else {
            return (vec![SideResult::NotRun], false);
        };
        let built = match rx.await {
            Ok(Ok(b)) => b,
            Ok(Err(diagnostics)) => return (vec![SideResult::CompileError(diagnostics)], false),
            Err(_) => {
                let cancelled = SideResult::CompileError("the C# build was cancelled".into());
                return (vec![cancelled], false);
            }
        };
        let mut runs = Vec::new();
        for rep in 0..reps {
            runs.push(run_csharp(ctx, pair, dotnet, &built, rep, timeout).await);
        }
        (runs, built.cached)
    };
    let (mut python, (mut csharp, cached)) = tokio::join!(python_runs, csharp_runs);
    // The first repetition is the one judged; the rest only test for flakiness.
    let cs = csharp.remove(0);
    let primary = if python.is_empty() {
        vec![SideResult::NotRun]
    } else {
        python.remove(0)
    };
    if ctx.stop.load(Ordering::SeqCst) && (primary[0].outcome().is_none() || cs.outcome().is_none())
    {
        report.reason = Some("not run (--fail-fast)".into());
        return report;
    }
    let filters = pair.settings.filters();
    let golden = if ctx.golden {
        std::fs::read(compare::golden::path(&ctx.root, &pair.lesson, &pair.name)).ok()
    } else {
        None
    };
    // C# runs once per repetition whatever the interpreter: judge its flakiness once.
    let cs_flaky = compare::flaky(std::iter::once(&cs).chain(&csharp), &filters);
    let judge_one = |py_runs: &[SideResult]| {
        let mut j = compare::judge(&pair.settings, &py_runs[0], &cs, timeout);
        if matches!(j.verdict, Verdict::Pass | Verdict::Mismatch) {
            let flaky = cs_flaky
                .clone()
                .map(|(i, d)| (format!("C# output changed between repetitions 1 and {}", i + 1), d))
                .or_else(|| {
                    compare::flaky(py_runs, &filters).map(|(i, d)| {
                        let why = format!(
                            "Python output changed between repetitions 1 and {} (PYTHONHASHSEED 0 and {i})",
                            i + 1
                        );
                        (why, d)
                    })
                });
            if let Some((why, d)) = flaky {
                j = compare::Judgement {
                    verdict: Verdict::Flaky,
                    reason: Some(why),
                    diff: Some(d),
                };
            } else if let (Some(c), Some(p)) = (cs.outcome(), py_runs[0].outcome()) {
                let (c, p) = (
                    normalize(&c.stdout, &filters),
                    normalize(&p.stdout, &filters),
                );
                j = compare::golden::check(j, &c, &p, golden.as_deref());
            }
        }
        j
    };
    let judgement = judge_one(&primary);
    report.matrix = ctx
        .pythons
        .iter()
        .skip(1)
        .zip(&python)
        .map(|(py, runs)| {
            let j = judge_one(runs);
            MatrixEntry {
                python: py.version.clone(),
                verdict: j.verdict,
                reason: j.reason,
                outcome: runs[0].clone(),
            }
        })
        .collect();
    report.verdict = judgement.verdict;
    report.reason = judgement.reason;
    report.diff = judgement.diff;
    if let Some(first) = ctx.pythons.first() {
        let versions: Vec<(&str, Verdict)> =
            std::iter::once((first.version.as_str(), report.verdict))
                .chain(report.matrix.iter().map(|m| (m.python.as_str(), m.verdict)))
                .collect();
        let passing: Vec<&str> = versions
            .iter()
            .filter(|v| v.1 == Verdict::Pass)
            .map(|v| v.0)
            .collect();
        if let Some(bad) = versions
            .iter()
            .find(|v| v.1 != Verdict::Pass)
            .filter(|_| !passing.is_empty())
        {
            let why = if report.verdict == Verdict::Pass {
                report
                    .matrix
                    .iter()
                    .find(|m| m.verdict == bad.1)
                    .and_then(|m| m.reason.clone())
            } else {
                report.reason.clone()
            };
            report.verdict = bad.1;
            report.reason = Some(format!(
                "version drift: passes on Python {}, {} on Python {}: {}",
                passing.join(", "),
                bad.1.name(),
                bad.0,
                why.unwrap_or_default()
            ));
        }
    }
    report.python = primary.into_iter().next().unwrap_or(SideResult::NotRun);
    report.csharp = cs;
    report.csharp_cached = cached;
    report
}

/// Waits for a job slot, then runs the job (unless --fail-fast stopped the run meanwhile).
async fn run_job(ctx: &Ctx, job: Job) -> SideResult {
    let _permit = ctx.jobs.acquire().await.expect("semaphore open");
    if ctx.stop.load(Ordering::SeqCst) {
        return SideResult::NotRun;
    }
    SideResult::Ran(ctx.sandbox.run(job).await)
}

async fn run_python(
    ctx: &Ctx,
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
    let mut read = vec![py.base_prefix.clone()];
    read.extend(py.venv.clone());
    read.extend(py.executable.parent().map(PathBuf::from));
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
    run_job(ctx, job).await
}

async fn run_csharp(
    ctx: &Ctx,
    pair: &Pair,
    dotnet: &Dotnet,
    built: &csharp::Built,
    rep: u32,
    timeout: Duration,
) -> SideResult {
    let rc = ctx.runtime_config.clone().unwrap_or_default();
    let mut read = vec![
        dotnet.root.clone(),
        rc.parent().map(PathBuf::from).unwrap_or_default(),
    ];
    // Without a filesystem layer the snippet could write its cache entry: it runs from a
    // copy in its own folder instead. The dll path is absolute or `./`: never an option.
    let (dll, copies) = if ctx.copy_builds {
        let copies: Vec<(PathBuf, String)> = built
            .files
            .iter()
            .map(|f| {
                (
                    f.clone(),
                    f.file_name().unwrap_or_default().to_string_lossy().into(),
                )
            })
            .collect();
        (PathBuf::from(".").join(csharp::DLL), copies)
    } else {
        read.extend(built.dll.parent().map(PathBuf::from));
        (built.dll.clone(), Vec::new())
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
    run_job(ctx, job).await
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
    if let (Some(base), true) = (
        &ctx.http_base,
        pair.settings.fixtures.contains(&Fixture::Http),
    ) {
        env.push(("MIRROR_HTTP_BASE".to_string(), base.clone()));
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
        stdin: pair.settings.stdin.clone().map(String::into_bytes),
        timeout,
        runtime,
        read_paths,
    }
}
