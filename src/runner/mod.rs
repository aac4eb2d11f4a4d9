//! Phase 3, run: schedule every selected pair on tokio. Python sides start at once; each C#
//! side starts as soon as its own dll exists. Results stream to the reporter as they come.
mod pair;
pub mod report;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, oneshot, Semaphore};

use crate::config::{RunSettings, SandboxMode, DEFAULT_TIMEOUT};
use crate::course::{Course, Fixture, Pair};
use crate::error::{Error, Result};
use crate::lang::csharp::{self, Dotnet};
use crate::lang::python::{self, Python};
use crate::report::Reporter;
use crate::sandbox::{LayerState, Layers, Sandbox};
pub use report::{Header, LessonReport, MatrixEntry, PairReport, RunReport, Timings};

/// Everything a pair task needs, shared.
pub(crate) struct Ctx {
    sandbox: Sandbox,
    /// The interpreters of the matrix; the first is the primary one.
    pythons: Vec<Python>,
    dotnet: Option<Dotnet>,
    repeat: u32,
    /// Compare with golden outputs (off while blessing).
    golden: bool,
    runtime_config: Option<PathBuf>,
    root: PathBuf,
    jobs: Semaphore,
    stop: AtomicBool,
    fail_fast: bool,
    http_base: Option<String>,
    default_timeout: Duration,
    /// Neither the jail (the cache bound read-only) nor Landlock keeps snippets from writing
    /// the build cache (`--sandbox off`): each C# side then runs from a copy of its build.
    copy_builds: bool,
}

/// Resolves the toolchains the selection needs, and the managed Python environment.
pub fn toolchains(
    course: &Course,
    pairs: &[Pair],
    settings: &RunSettings,
    say: &dyn Fn(&str),
) -> Result<(Vec<Python>, Option<Dotnet>)> {
    let mut pythons = Vec::new();
    if pairs.iter().any(|p| p.python.is_some()) {
        let requirements = course.root.join("harness/requirements.txt");
        for requested in &settings.pythons {
            let base = python::resolve(requested)?;
            pythons.push(python::with_requirements(base, &requirements, say)?);
        }
    }
    let dotnet = if pairs.iter().any(|p| p.csharp.is_some()) {
        Some(csharp::resolve(&settings.dotnet)?)
    } else {
        None
    };
    Ok((pythons, dotnet))
}

/// Runs the selected pairs and returns the report (also streamed to `reporter`).
pub fn execute(
    course: &Course,
    pairs: Vec<Pair>,
    settings: &RunSettings,
    reporter: &mut dyn Reporter,
) -> Result<RunReport> {
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(settings.jobs.clamp(1, 8))
        .enable_all()
        .build()
        .map_err(|e| Error::io("starting the async runtime", e))?;
    let say = |m: &str| eprintln!("mirror: {m}");

    // The sandbox first: `--sandbox strict` refuses before anything is prepared.
    let mut layers = Layers::detect();
    if settings.sandbox == SandboxMode::Off {
        layers.disable_optional();
    }
    let wants_http = pairs
        .iter()
        .any(|p| p.settings.fixtures.contains(&Fixture::Http));
    let (netns, listener) = if settings.sandbox == SandboxMode::Off {
        (None, None)
    } else {
        layers.make_network().unzip()
    };
    if settings.sandbox == SandboxMode::Strict {
        let missing: Vec<String> = layers
            .list()
            .iter()
            .filter_map(|l| match l.state {
                LayerState::Unavailable(why) => Some(format!("  {}: {why}", l.name)),
                LayerState::Active(_) => None,
            })
            .collect();
        if !missing.is_empty() {
            return Err(Error::Usage(format!(
                "--sandbox strict: these layers are unavailable here:\n{}",
                missing.join("\n")
            )));
        }
    }
    let (python, dotnet) = toolchains(course, &pairs, settings, &say)?;
    let mut limits = settings.limits.clone();
    if let Some(disk) = settings.disk.or(course.disk) {
        limits.disk_bytes = disk;
    }
    let sandbox = Sandbox::new(limits, settings.keep_temp, netns, layers.clone())
        .map_err(|e| Error::io("creating the run's temp folder", e))?;

    let _guard = runtime.enter();
    let server = if wants_http {
        let listener = match listener {
            Some(l) => l,
            None => std::net::TcpListener::bind("127.0.0.1:0")
                .map_err(|e| Error::io("binding the fixture server", e))?,
        };
        Some(
            crate::fixture::start(listener, course.root.join(crate::fixture::FILES_DIR))
                .map_err(|e| Error::io("starting the fixture server", e))?,
        )
    } else {
        None
    };

    // Start compiling every C# snippet now; cached ones resolve at once. A compile may run
    // as long as its pair may run.
    let default_timeout = settings
        .timeout
        .or(course.timeout)
        .unwrap_or(DEFAULT_TIMEOUT);
    let cs_sources: Vec<(PathBuf, Duration)> = pairs
        .iter()
        .filter_map(|p| Some((p.csharp.as_ref()?, p.settings.timeout)))
        .map(|(p, t)| {
            let rel = p.strip_prefix(&course.root).unwrap_or(p).to_path_buf();
            (rel, t.unwrap_or(default_timeout))
        })
        .collect();
    let out_dir = if settings.no_cache {
        sandbox.temp_root().join("cs-build")
    } else {
        crate::lang::cache_dir().join("cs").join("snippets")
    };
    // The C# build (NuGet restore, compile host, compiling) runs in the background: Python
    // sides start at once, and each C# side as soon as its own dll exists. A failure that is
    // the harness's (a package that cannot be restored) is kept and turned into exit 2.
    let build_failure: Arc<std::sync::Mutex<Option<Error>>> = Arc::default();
    let (mut batch_results, batch_done, runtime_config) = match &dotnet {
        Some(d) if !cs_sources.is_empty() => {
            let batch = build_in_background(
                &runtime,
                d.clone(),
                course,
                cs_sources.clone(),
                out_dir.clone(),
                build_failure.clone(),
            );
            (batch.results, Some(batch.done), Some(d.runtime_config()?))
        }
        _ => (HashMap::new(), None, None),
    };

    let header = Header {
        course: course.root.display().to_string(),
        python: (!python.is_empty()).then(|| {
            python
                .iter()
                .map(|p| {
                    let venv = p.venv.as_ref().map_or("", |_| ", course venv");
                    format!("{} ({}{venv})", p.executable.display(), p.version)
                })
                .collect::<Vec<_>>()
                .join("; ")
        }),
        dotnet: dotnet.as_ref().map(|d| {
            format!(
                "{} (SDK {}, runtime {})",
                d.executable.display(),
                d.sdk_version,
                d.runtime_version
            )
        }),
        sandbox_active: layers
            .list()
            .iter()
            .filter(|l| l.state.is_active())
            .map(|l| l.name.to_string())
            .collect(),
        sandbox_unavailable: layers
            .list()
            .iter()
            .filter_map(|l| match l.state {
                LayerState::Unavailable(why) => Some(format!("{}: {why}", l.name)),
                LayerState::Active(_) => None,
            })
            .collect(),
        fixture: server.as_ref().map(|s| s.base_url.clone()),
    };
    reporter.start(&header, pairs.len());
    let setup = started.elapsed();

    let ctx = Arc::new(Ctx {
        sandbox,
        pythons: python,
        dotnet,
        repeat: settings.repeat,
        golden: !settings.bless,
        runtime_config,
        root: course.root.clone(),
        jobs: Semaphore::new(settings.jobs.max(1)),
        stop: AtomicBool::new(false),
        fail_fast: settings.fail_fast,
        http_base: server.as_ref().map(|s| s.base_url.clone()),
        default_timeout,
        copy_builds: !layers.jail.is_active() && !layers.landlock.is_active(),
    });

    let signal_ctx = ctx.clone();
    let signal_task = runtime.spawn(async move {
        use tokio::signal::unix::{signal, SignalKind};
        // A closed terminal (SIGHUP) and Ctrl-\ (SIGQUIT) end the run as SIGTERM does:
        // nothing of it may outlive mirror.
        let (Ok(mut int), Ok(mut term), Ok(mut hup), Ok(mut quit)) = (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
            signal(SignalKind::quit()),
        ) else {
            return;
        };
        let code = tokio::select! {
            _ = int.recv() => 130,
            _ = term.recv() => 143,
            _ = hup.recv() => 129,
            _ = quit.recv() => 131,
        };
        signal_ctx.sandbox.abort();
        crate::lang::csharp::kill_hosts();
        let _ = std::fs::remove_dir_all(signal_ctx.sandbox.temp_root());
        eprintln!("\nmirror: interrupted; every snippet was stopped and its temp folder removed");
        std::process::exit(code);
    });

    let (tx, mut rx) = mpsc::unbounded_channel();
    for (index, pair) in pairs.iter().cloned().enumerate() {
        let build = pair
            .csharp
            .as_ref()
            .and_then(|p| batch_results.remove(p.strip_prefix(&course.root).unwrap_or(p)));
        let ctx = ctx.clone();
        let tx = tx.clone();
        runtime.spawn(async move {
            let report = pair::run_pair(&ctx, pair, build).await;
            if ctx.fail_fast && report.verdict.is_failure() {
                ctx.stop.store(true, Ordering::SeqCst);
            }
            let _ = tx.send((index, report));
        });
    }
    drop(tx);

    let mut done: Vec<Option<PairReport>> = vec![None; pairs.len()];
    runtime.block_on(async {
        while let Some((index, report)) = rx.recv().await {
            reporter.pair_finished(&report);
            done[index] = Some(report);
        }
    });
    let (compiled, compile) = match batch_done {
        Some(rx) => runtime.block_on(rx).unwrap_or_default(),
        None => (0, Duration::ZERO),
    };
    drop(server);
    if !settings.no_cache {
        let run_start = std::time::SystemTime::now() - started.elapsed();
        crate::lang::cache::enforce(&out_dir, crate::lang::cache::max_bytes(), run_start);
    }

    let mut lessons: Vec<LessonReport> = Vec::new();
    for report in done.into_iter().flatten() {
        match lessons.last_mut() {
            Some(l) if l.id == report.pair.lesson => l.pairs.push(report),
            _ => {
                let title = course
                    .lessons
                    .iter()
                    .find(|l| l.id == report.pair.lesson)
                    .map_or_else(String::new, |l| l.title.clone());
                lessons.push(LessonReport {
                    id: report.pair.lesson.clone(),
                    title,
                    pairs: vec![report],
                    page: None,
                });
            }
        }
    }
    let cached = lessons
        .iter()
        .flat_map(|l| &l.pairs)
        .filter(|p| p.csharp_cached)
        .count();
    // Take the context back from the signal handler and the finishing pair tasks, so that
    // dropping it removes the run's temp folder and cgroups now, before the report.
    signal_task.abort();
    let ctx = runtime.block_on(async move {
        let _ = signal_task.await;
        let mut ctx = ctx;
        for _ in 0..1000 {
            match Arc::try_unwrap(ctx) {
                Ok(owned) => return Some(owned),
                Err(shared) => ctx = shared,
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        None
    });
    let kept_temp = ctx.as_ref().and_then(|c| c.sandbox.kept());
    drop(ctx);
    if let Some(e) = build_failure.lock().ok().and_then(|mut f| f.take()) {
        runtime.shutdown_background();
        return Err(e);
    }
    // Nothing is left to wait for: every snippet has been reaped and its cgroup emptied.
    runtime.shutdown_background();
    Ok(RunReport {
        header,
        lessons,
        timings: Timings {
            compiled,
            compile,
            cached,
            setup,
            total: started.elapsed(),
        },
        kept_temp,
    })
}

/// Starts the C# build on a blocking thread and hands out one receiver per source.
fn build_in_background(
    runtime: &tokio::runtime::Runtime,
    dotnet: Dotnet,
    course: &Course,
    sources: Vec<(PathBuf, Duration)>,
    out_dir: PathBuf,
    failure: Arc<std::sync::Mutex<Option<Error>>>,
) -> csharp::Batch {
    let mut senders = HashMap::new();
    let mut receivers = HashMap::new();
    for (src, _) in &sources {
        let (tx, rx) = oneshot::channel();
        senders.insert(src.clone(), tx);
        receivers.insert(src.clone(), rx);
    }
    let (done_tx, done_rx) = oneshot::channel();
    let (root, packages) = (course.root.clone(), course.packages.clone());
    runtime.spawn(async move {
        let started = Instant::now();
        let made = tokio::task::spawn_blocking(move || -> Result<csharp::Batch> {
            let restored = if packages.is_empty() {
                Default::default()
            } else {
                crate::lang::nuget::restore(&dotnet, &packages, &|m| eprintln!("mirror: {m}"))?
            };
            csharp::build(&dotnet, &root, &sources, &out_dir, &restored)
        })
        .await
        .unwrap_or_else(|e| Err(Error::Toolchain(format!("the C# build stopped: {e}"))));
        match made {
            Ok(batch) => {
                for (src, rx) in batch.results {
                    if let Some(tx) = senders.remove(&src) {
                        tokio::spawn(async move {
                            if let Ok(result) = rx.await {
                                let _ = tx.send(result);
                            }
                        });
                    }
                }
                let (compiled, _) = batch.done.await.unwrap_or_default();
                let _ = done_tx.send((compiled, started.elapsed()));
            }
            Err(e) => {
                let message = e.to_string();
                for (_, tx) in senders {
                    let _ = tx.send(Err(message.clone()));
                }
                if let Ok(mut slot) = failure.lock() {
                    *slot = Some(e);
                }
                let _ = done_tx.send((0, started.elapsed()));
            }
        }
    });
    csharp::Batch {
        results: receivers,
        done: done_rx,
    }
}
