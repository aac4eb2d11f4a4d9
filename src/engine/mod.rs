//! Phase 3, run: the engine. Prepared once (sandbox layers and the strict refusal, the
//! network namespace, the fixture server, the toolchains and the course venv, the NuGet set
//! and a warm C# compile host), it runs any selection of pairs as many times as asked,
//! handing each pair's report to the reporter as it finishes. `run`, `watch`, `practice`,
//! `show` and `serve` all run snippets through it. Dropping it kills and removes
//! everything it started.
mod admit;
pub mod interrupt;
mod pair;

pub use admit::ceiling as most_at_once;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, oneshot, watch, OnceCell};
use tokio::task::JoinSet;

use crate::compare::{SideResult, Verdict};
use crate::config::{RunSettings, SandboxMode, DEFAULT_TIMEOUT};
use crate::course::{Course, Fixture, Pair};
use crate::error::{Error, Result};
use crate::lang::compile;
use crate::lang::csharp::{self, BuildResult, Dotnet};
use crate::lang::nuget::Packages;
use crate::lang::python::{self, Python};
use crate::report::Reporter;
use crate::runner::{Header, LessonReport, PairReport, RunReport, Timings};
use crate::sandbox::{LayerState, Layers, Sandbox};

/// What a pair task reads, shared by every run of the engine.
pub(crate) struct Shared {
    sandbox: Arc<Sandbox>,
    /// The interpreters of the matrix; the first is the primary one.
    pythons: Vec<Python>,
    csharp: Option<CSharp>,
    repeat: u32,
    /// Compare with golden outputs (off while blessing).
    golden: bool,
    root: PathBuf,
    /// Snippets running at once, over every run (serve's concurrent clicks included).
    jobs: admit::Admission,
    fail_fast: bool,
    http_base: Option<String>,
    /// The fixture server's port, for jails that forward it.
    http_port: Option<u16>,
    default_timeout: Duration,
    /// Each C# side runs from a copy of its build in its own folder, not from the cache:
    /// where neither the jail nor Landlock keeps snippets from writing the cache
    /// (`--sandbox off`), and in the jail, where it lets every C# side of a slot share one
    /// house (`sandbox::jail::house`: the same read-only paths for all of them, where a
    /// bound build folder differed per snippet).
    copy_builds: bool,
    /// Every toolchain folder a snippet may read (each interpreter's prefix, venv and
    /// folder, the .NET root and runtimeconfig), the same for both sides: then a slot's
    /// jail server keeps one jail for all of them (`sandbox::jail::house`), not one per
    /// side, and a run builds half as many roots. The toolchains are public, so a Python
    /// side that can read the .NET SDK learns nothing it should not.
    toolchain_paths: Vec<PathBuf>,
    /// Becomes `Some(exit code)` when a signal interrupts: every run stops.
    cancel: watch::Receiver<Option<u8>>,
}

/// The folders (and runtimeconfig file) of every toolchain of the run, each once.
fn toolchain_paths(pythons: &[Python], csharp: Option<&CSharp>) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for py in pythons {
        paths.push(py.base_prefix.clone());
        paths.extend(py.venv.clone());
        paths.extend(py.executable.parent().map(PathBuf::from));
    }
    if let Some(cs) = csharp {
        paths.push(cs.dotnet.root.clone());
        paths.push(cs.runtime_config.clone());
    }
    let mut seen = std::collections::HashSet::new();
    paths.retain(|p| seen.insert(p.clone()));
    paths
}

/// The C# toolchain, prepared once: the SDK, and (made in the background, on first need)
/// the NuGet set and the warm compile host.
struct CSharp {
    dotnet: Dotnet,
    runtime_config: PathBuf,
    packages: std::collections::BTreeMap<String, String>,
    out_dir: PathBuf,
    /// `-q`: no progress notes from the restore.
    quiet: bool,
    /// In the jail: the run's folder the package dlls are gathered in once restored (see
    /// [`Warm::gathered`]).
    package_dir: Option<PathBuf>,
    ready: OnceCell<std::result::Result<Warm, String>>,
}

/// The restored packages and the compile host that compiles against them.
struct Warm {
    packages: Packages,
    host: compile::Host,
    /// The names of the package dlls gathered in [`CSharp::package_dir`]: a jailed C#
    /// side gets that folder read-only and links to its dlls instead of copies of them
    /// (3.6 MB per side for the shipped course), so every C# side of a slot still shares
    /// one kept jail (`sandbox::jail::house`). None without packages, without the jail, or
    /// when they could not be gathered (each side then copies them).
    gathered: Option<std::collections::HashSet<String>>,
}

/// Gathers the package dlls `runtime` in `dir` (see [`Warm::gathered`]); their names.
async fn gather_packages(
    dir: Option<PathBuf>,
    runtime: Vec<PathBuf>,
) -> Option<std::collections::HashSet<String>> {
    let dir = dir.filter(|_| !runtime.is_empty())?;
    let gathered = tokio::task::spawn_blocking(move || {
        crate::lang::nuget::gather(&runtime, &dir).ok()?;
        Some(
            runtime
                .iter()
                .filter_map(|p| Some(p.file_name()?.to_string_lossy().into()))
                .collect(),
        )
    });
    gathered.await.ok().flatten()
}

impl Shared {
    /// Kills the compile host, starts no other, and waits until it is reaped.
    async fn shut_down_hosts(&self) {
        if let Some(Ok(warm)) = self.csharp.as_ref().and_then(|cs| cs.ready.get()) {
            warm.host.shut_down().await;
        }
    }
}

impl CSharp {
    /// The restored packages and the warm host; the first caller starts them (restore and
    /// host build on a blocking thread), the others wait. A failure is the harness's.
    async fn warm(&self, root: &std::path::Path) -> std::result::Result<&Warm, String> {
        let ready = self
            .ready
            .get_or_init(|| async {
                let (dotnet, packages, root, quiet) = (
                    self.dotnet.clone(),
                    self.packages.clone(),
                    root.to_path_buf(),
                    self.quiet,
                );
                // The compile host's dll (built once per SDK) does not depend on the
                // packages: build it while the NuGet set is restored.
                let host_dll = tokio::task::spawn_blocking({
                    let dotnet = dotnet.clone();
                    move || dotnet.compile_host()
                });
                let restore = tokio::task::spawn_blocking({
                    let dotnet = dotnet.clone();
                    move || -> Result<Packages> {
                        if packages.is_empty() {
                            return Ok(Packages::default());
                        }
                        crate::lang::nuget::restore(&dotnet, &packages, &|m| {
                            if !quiet {
                                eprintln!("mirror: {m}")
                            }
                        })
                    }
                });
                let (host_dll, restored) = tokio::join!(host_dll, restore);
                let made = match (host_dll, restored) {
                    (Ok(Ok(_)), Ok(Ok(restored))) => tokio::task::spawn_blocking(move || {
                        let command = dotnet.host_command(&root, &restored)?;
                        Ok((restored, command))
                    })
                    .await,
                    (Ok(Err(e)), _) | (_, Ok(Err(e))) => Ok(Err(e)),
                    (Err(e), _) | (_, Err(e)) => Err(e),
                };
                match made {
                    Ok(Ok((packages, command))) => Ok(Warm {
                        gathered: gather_packages(
                            self.package_dir.clone(),
                            packages.runtime.clone(),
                        )
                        .await,
                        packages,
                        host: compile::Host::start(command).0,
                    }),
                    Ok(Err(e)) => Err(e.to_string()),
                    Err(e) => Err(format!("preparing the C# build stopped: {e}")),
                }
            })
            .await;
        ready.as_ref().map_err(Clone::clone)
    }
}

/// A prepared engine. Build it with [`Engine::prepare`]; run selections with
/// [`Engine::run`] as many times as asked.
pub struct Engine {
    // Field order is drop order: the shared state (sandbox, hosts, server) goes before the
    // runtime that drives them.
    shared: Arc<Shared>,
    server: Option<crate::fixture::Server>,
    header: Header,
    setup: Duration,
    /// The first run's report carries the setup time; later runs of the engine had none.
    first_run: AtomicBool,
    cancel: watch::Sender<Option<u8>>,
    /// With [`Signals::Cancel`]: a request to stop cancels this engine's runs.
    signals: Option<interrupt::Registration>,
    /// Always `Some` until the engine is dropped (then shut down without blocking, which
    /// works inside another runtime too).
    runtime: Option<tokio::runtime::Runtime>,
}

/// Sides not to run again, by pair id: their last result stands (`watch`, after a save that
/// touched only the other side's file).
#[derive(Debug, Clone, Default)]
pub struct Reuse {
    pub python: HashMap<String, SideResult>,
    pub csharp: HashMap<String, SideResult>,
}

/// One event of a run, from its task to the reporter.
#[derive(Debug, Clone)]
enum Event {
    /// The run starts: this many pairs.
    Started { pairs: usize },
    /// One pair is done (passed, failed or not run).
    Pair(Box<PairReport>),
}

/// Who answers SIGINT, SIGTERM, SIGHUP and SIGQUIT while the engine lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signals {
    /// The engine: from the start of its preparation, a signal kills the toolchain
    /// processes (pip, `dotnet restore`) and cancels its runs (the running snippets are
    /// killed, the rest are "not run", and the run's report comes back with
    /// [`RunReport::interrupted`] set, so every reporter still finishes). Interrupted while
    /// it is being prepared, [`Engine::prepare`] is [`Error::Interrupted`]. A second signal
    /// a second or more after the first ends mirror at once.
    Cancel,
    /// The caller, which has signal handling of its own (`serve`).
    Caller,
}

/// Runs `work` (toolchain preparation outside an engine: `mirror setup`) with signals
/// answered as [`Signals::Cancel`] answers them: a signal kills the toolchain processes
/// and the result is [`Error::Interrupted`].
pub fn interruptible<T>(work: impl FnOnce() -> Result<T>) -> Result<T> {
    interrupt::listen().map_err(|e| Error::io("listening for signals", e))?;
    let (cancel, cancelled) = watch::channel(None);
    let registration = interrupt::cancels(cancel);
    let result = work();
    drop(registration);
    let interrupted = *cancelled.borrow();
    match interrupted {
        Some(code) => Err(Error::Interrupted(code)),
        None => result,
    }
}

impl Engine {
    /// Prepares everything the pairs in `scope` can need (a run may then select any of
    /// them). `--sandbox strict` refuses here, before anything is made.
    pub fn prepare(
        course: &Course,
        scope: &[Pair],
        settings: &RunSettings,
        signals: Signals,
    ) -> Result<Engine> {
        let started = Instant::now();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(settings.jobs().clamp(1, 8))
            .enable_all()
            .build()
            .map_err(|e| Error::io("starting the async runtime", e))?;
        let (cancel, cancelled) = watch::channel(None);
        let registration = match signals {
            Signals::Cancel => {
                interrupt::listen().map_err(|e| Error::io("listening for signals", e))?;
                Some(interrupt::cancels(cancel.clone()))
            }
            Signals::Caller => None,
        };
        let (layers, netns, listener) = sandbox_layers(settings.sandbox())?;
        // Progress notes (a venv being made, a NuGet restore) are left out under -q;
        // warnings (a damaged cache entry, a host started again) are always said.
        let quiet = settings.verbosity() == crate::config::Verbosity::Quiet;
        let say = move |m: &str| {
            if !quiet {
                eprintln!("mirror: {m}")
            }
        };
        let mut limits = settings.limits().clone();
        if let Some(disk) = settings.disk().or(course.disk) {
            limits.disk_bytes = disk;
        }
        let sandbox = Sandbox::new(limits, settings.keep_temp(), netns, layers.clone())
            .map_err(|e| Error::io("creating the run's temp folder", e))?;
        let sandbox = Arc::new(sandbox);
        // The first snippets' slots (cgroup and jail server) are made now, beside the rest
        // of the preparation (the toolchains first), instead of on those snippets' path;
        // one more than `--jobs`, so that the next snippet finds an empty slot while the one
        // its predecessor left is being emptied (its jail's init still on its way out):
        // about 0.5-1.5 ms less between two snippets (BENCHMARKS.md).
        for _ in 0..sandbox.announce_slots(settings.jobs() + 1) {
            let sandbox = sandbox.clone();
            runtime.spawn_blocking(move || sandbox.make_announced_slot());
        }
        let toolchains = toolchains(course, scope, settings, &say);
        // A signal while a venv was built or a Python asked: pip is killed, so its error
        // is the interrupt's.
        if let Some(code) = *cancelled.borrow() {
            eprintln!("mirror: interrupted while preparing the toolchains; no pair ran");
            return Err(Error::Interrupted(code));
        }
        let (pythons, dotnet) = toolchains?;
        let wants_http = scope
            .iter()
            .any(|p| p.settings.fixtures.contains(&Fixture::Http));
        let server = if wants_http {
            let _guard = runtime.enter();
            Some(fixture_server(course, listener)?)
        } else {
            None
        };
        let csharp = match dotnet {
            Some(dotnet) => Some(CSharp {
                runtime_config: dotnet.runtime_config()?,
                packages: course.packages.clone(),
                out_dir: if settings.no_cache() {
                    sandbox.temp_root().join("cs-build")
                } else {
                    crate::lang::cache_dir().join("cs").join("snippets")
                },
                ready: OnceCell::new(),
                quiet,
                package_dir: layers
                    .jail
                    .is_active()
                    .then(|| sandbox.temp_root().join(".packages")),
                dotnet,
            }),
            None => None,
        };
        let header = header(course, &pythons, csharp.as_ref(), &layers, server.as_ref());
        let shared = Arc::new(Shared {
            toolchain_paths: toolchain_paths(&pythons, csharp.as_ref()),
            copy_builds: layers.jail.is_active() || !layers.landlock.is_active(),
            sandbox,
            pythons,
            csharp,
            repeat: settings.repeat(),
            golden: !settings.bless(),
            root: course.root.clone(),
            jobs: admit::Admission::new(settings.jobs(), settings.lend_idle_cores()),
            fail_fast: settings.fail_fast(),
            http_base: server.as_ref().map(|s| s.base_url.clone()),
            http_port: server.as_ref().map(|s| s.port),
            default_timeout: settings
                .timeout()
                .or(course.timeout)
                .unwrap_or(DEFAULT_TIMEOUT),
            cancel: cancelled,
        });
        // The NuGet restore, the compile host's build and its start go on in the background
        // now, beside the first Python sides.
        if scope.iter().any(|p| p.csharp.is_some()) {
            let warm = shared.clone();
            runtime.spawn(async move {
                if let Some(cs) = &warm.csharp {
                    let _ = cs.warm(&warm.root).await;
                }
            });
        }
        Ok(Engine {
            shared,
            server,
            header,
            setup: started.elapsed(),
            first_run: AtomicBool::new(true),
            cancel,
            signals: registration,
            runtime: Some(runtime),
        })
    }

    fn rt(&self) -> &tokio::runtime::Runtime {
        self.runtime
            .as_ref()
            .expect("the engine's runtime lives as long as the engine")
    }

    /// What the engine runs with (toolchains, sandbox layers, fixture server).
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Starts the compile host now and has it compile a trivial snippet, so that the first
    /// real compile (a save in `watch`, a click in `serve`) finds Roslyn loaded and jitted
    /// instead of paying a second for it. In the background; a no-op without C#.
    pub fn warm_up_compiler(&self) {
        let shared = self.shared.clone();
        self.rt().spawn(async move {
            let Some(cs) = &shared.csharp else { return };
            let Ok(warm) = cs.warm(&shared.root).await else {
                return;
            };
            let dir = shared.sandbox.temp_root().join("warm-up");
            if std::fs::create_dir_all(&dir).is_err() {
                return;
            }
            let src = dir.join("WarmUp.cs");
            let snippet = "System.Console.WriteLine($\"{1 + 1}\");\n";
            if std::fs::write(&src, snippet).is_err() {
                return;
            }
            warm.host.submit(compile::Request {
                src,
                out: dir.join("warm-up.dll"),
                limit: Duration::from_secs(120),
                done: Box::new(move |_| {
                    let _ = std::fs::remove_dir_all(&dir);
                }),
            });
        });
    }

    /// Stops the engine for good while others may still hold it (`serve` shutting down
    /// with runs in progress): every run ends as interrupted, the snippets and the compile
    /// host are killed, and the temp folders removed now rather than when the last holder
    /// lets go. Call it outside any runtime.
    pub fn close(&self) {
        let _ = self.cancel.send(Some(130));
        self.shared.sandbox.kill_live();
        let shared = self.shared.clone();
        self.rt().block_on(async move {
            let _ = tokio::time::timeout(Duration::from_secs(5), shared.shut_down_hosts()).await;
        });
        self.shared.sandbox.remove_now();
    }

    /// The exit code of the signal that interrupted the engine, if one did.
    pub fn interrupted(&self) -> Option<u8> {
        *self.cancel.borrow()
    }

    /// Waits up to `timeout` for a signal; returns its exit code if one came (`watch`
    /// idles here between saves).
    pub fn wait_interrupted(&self, timeout: Duration) -> Option<u8> {
        let mut rx = self.cancel.subscribe();
        self.rt().block_on(async {
            let _ = tokio::time::timeout(timeout, rx.wait_for(Option::is_some)).await;
        });
        self.interrupted()
    }

    /// Runs `pairs` (of `course`, as discovered now) and returns the report, handing the
    /// reporter every event on the way.
    pub fn run(
        &self,
        course: &Course,
        pairs: Vec<Pair>,
        reporter: &mut dyn Reporter,
    ) -> Result<RunReport> {
        self.run_reusing(course, pairs, Reuse::default(), reporter)
    }

    /// As [`Engine::run`], with the sides in `reuse` taken from an earlier run, not run.
    pub fn run_reusing(
        &self,
        course: &Course,
        pairs: Vec<Pair>,
        reuse: Reuse,
        reporter: &mut dyn Reporter,
    ) -> Result<RunReport> {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let run = self.rt().spawn(execute(
            self.shared.clone(),
            course.clone(),
            pairs,
            Arc::new(reuse),
            self.header.clone(),
            self.setup_once(),
            tx,
        ));
        let mut started = false;
        while let Some(event) = rx.blocking_recv() {
            match event {
                Event::Started { pairs } if !started => {
                    started = true;
                    reporter.start(&self.header, pairs);
                }
                Event::Started { .. } => {}
                Event::Pair(report) => reporter.pair_finished(&report),
            }
        }
        self.rt()
            .block_on(run)
            .map_err(|e| Error::Toolchain(format!("the run stopped: {e}")))?
    }

    fn setup_once(&self) -> Duration {
        if self.first_run.swap(false, Ordering::SeqCst) {
            self.setup
        } else {
            Duration::ZERO
        }
    }

}

impl Drop for Engine {
    fn drop(&mut self) {
        // Every snippet and compile host goes now, then the temp root and cgroups (the
        // sandbox's own drop), then the runtime with whatever tasks it still holds.
        self.shared.sandbox.kill_live();
        let shared = self.shared.clone();
        let shut_down = async move {
            let _ = tokio::time::timeout(Duration::from_secs(5), shared.shut_down_hosts()).await;
        };
        if tokio::runtime::Handle::try_current().is_ok() {
            // Dropped inside some runtime (a server's): block_on may not nest, so wait on
            // the engine's runtime from a thread of its own.
            let handle = self.rt().handle().clone();
            std::thread::scope(|s| {
                s.spawn(|| handle.block_on(shut_down));
            });
        } else {
            self.rt().block_on(shut_down);
        }
        self.signals.take();
        self.server.take();
        if let Some(runtime) = self.runtime.take() {
            if tokio::runtime::Handle::try_current().is_ok() {
                // Inside another runtime a runtime may not be dropped in place.
                runtime.shutdown_background();
            } else {
                // Dropped here, the runtime drops its tasks now, and with the last of them
                // the sandbox (temp folders, cgroups) before mirror goes on.
                drop(runtime);
            }
        }
    }
}

/// Prepares an engine for `pairs` alone, runs them once with signals interrupting, and
/// drops it (the commands that run one selection: `practice`, `show`). An interrupted run
/// is [`Error::Interrupted`].
pub fn run_once(
    course: &Course,
    pairs: Vec<Pair>,
    settings: &RunSettings,
    reporter: &mut dyn Reporter,
) -> Result<RunReport> {
    if pairs.is_empty() {
        return Ok(RunReport::default());
    }
    let engine = Engine::prepare(course, &pairs, settings, Signals::Cancel)?;
    let report = engine.run(course, pairs, reporter)?;
    match report.interrupted {
        Some(code) => Err(Error::Interrupted(code)),
        None => Ok(report),
    }
}

/// One run: the C# builds of the selection start, every pair becomes a task in a
/// `JoinSet`, and each report is sent as it comes. A panicked pair becomes an `error`
/// verdict that names the panic; a signal makes the rest "not run". No pair is dropped.
async fn execute(
    shared: Arc<Shared>,
    course: Course,
    pairs: Vec<Pair>,
    reuse: Arc<Reuse>,
    header: Header,
    setup: Duration,
    events: mpsc::UnboundedSender<Event>,
) -> Result<RunReport> {
    let started = Instant::now();
    shared.jobs.reset_peaks();
    let _ = events.send(Event::Started { pairs: pairs.len() });
    let single = shared.repeat.max(1) == 1 && shared.pythons.len() == 1;
    // A C# side kept from the last run (watch) needs no build.
    let needs_build = |p: &Pair| !(single && reuse.csharp.contains_key(&p.id()));
    let to_build: Vec<Pair> = pairs.iter().filter(|p| needs_build(p)).cloned().collect();
    // The pairs start at once: a pair's C# side waits for its own build, not the Python
    // sides for the C# toolchain (the NuGet restore, the compile host's build, the check
    // of every cached build). Each pair gets its build's receiver through a channel of its
    // own once the builds have started.
    let stop = Arc::new(AtomicBool::new(false));
    // This run's snippets wait for places in course order, after any earlier run's.
    let run = shared.jobs.next_run();
    let mut build_slots = HashMap::new();
    let mut tasks = PairTasks::new(&pairs);
    for (index, pair) in pairs.iter().cloned().enumerate() {
        // An orphan whose partner may be an orphan of the other side under another name.
        let rename_hint = course
            .lessons
            .iter()
            .find(|l| l.id == pair.lesson)
            .and_then(|l| crate::runner::report::rename_hint(&pair, &l.pairs));
        let build = pair
            .csharp
            .as_ref()
            .map(|p| p.strip_prefix(&course.root).unwrap_or(p).to_path_buf())
            .filter(|rel| !build_slots.contains_key(rel))
            .filter(|_| needs_build(&pair))
            .map(|rel| {
                let (tx, rx) = oneshot::channel();
                build_slots.insert(rel, tx);
                rx
            });
        let (shared, stop, reuse) = (shared.clone(), stop.clone(), reuse.clone());
        tasks.spawn(index, async move {
            let order = admit::Order { run, pair: index };
            let report =
                pair::run_pair(&shared, &stop, order, pair, build, &reuse, rename_hint).await;
            if shared.fail_fast && report.verdict.is_failure() {
                stop.store(true, Ordering::SeqCst);
            }
            report
        });
    }
    let (gate_tx, gate) = oneshot::channel();
    let builder = tokio::spawn({
        let (shared, stop) = (shared.clone(), stop.clone());
        async move {
            match start_builds(&shared, &to_build).await {
                Ok((mut builds, done)) => {
                    for (rel, slot) in build_slots {
                        if let Some(rx) = builds.remove(&rel) {
                            let _ = slot.send(rx);
                        }
                    }
                    let _ = gate_tx.send(Ok(()));
                    done
                }
                Err(e) => {
                    // Nothing more starts; what runs ends, and the run is the harness's error.
                    stop.store(true, Ordering::SeqCst);
                    let _ = gate_tx.send(Err(e));
                    None
                }
            }
        }
    });
    let on_cancel = || {
        // The snippets die first, so that no aborted task leaves one running.
        shared.sandbox.kill_live();
        let shared = shared.clone();
        tokio::spawn(async move { shared.shut_down_hosts().await });
    };
    let (reports, interrupted, harness) =
        collect(tasks, shared.cancel.clone(), on_cancel, gate, &events).await;
    if let Some(e) = harness {
        builder.abort();
        return Err(Error::Toolchain(e));
    }
    if interrupted.is_some() {
        eprintln!("\nmirror: interrupted; every snippet was stopped");
        builder.abort();
    }
    let (compiled, compile) = match interrupted {
        None => match builder.await {
            Ok(Some(rx)) => rx.await.unwrap_or_default(),
            _ => (0, Duration::ZERO),
        },
        Some(_) => (0, Duration::ZERO),
    };
    if let Some(cs) = shared.csharp.as_ref().filter(|_| !cs_no_cache(&shared)) {
        let run_start = std::time::SystemTime::now() - started.elapsed();
        crate::lang::cache::enforce(&cs.out_dir, crate::lang::cache::max_bytes(), run_start);
    }
    let (lent, most_at_once) = shared.jobs.peaks();
    let lessons = by_lesson(&course, reports);
    let cached = lessons
        .iter()
        .flat_map(|l| &l.pairs)
        .filter(|p| p.csharp_cached)
        .count();
    Ok(RunReport {
        header,
        lessons,
        timings: Timings {
            compiled,
            compile,
            cached,
            setup,
            total: started.elapsed() + setup,
            lent,
            most_at_once,
        },
        kept_temp: shared.sandbox.kept(),
        interrupted,
    })
}

/// The run's pair tasks, and which of `pairs` each one runs.
struct PairTasks<'a> {
    set: JoinSet<PairReport>,
    index_of: HashMap<tokio::task::Id, usize>,
    pairs: &'a [Pair],
}

impl<'a> PairTasks<'a> {
    fn new(pairs: &'a [Pair]) -> PairTasks<'a> {
        PairTasks {
            set: JoinSet::new(),
            index_of: HashMap::new(),
            pairs,
        }
    }

    /// Starts the task that runs `pairs[index]`.
    fn spawn(
        &mut self,
        index: usize,
        task: impl std::future::Future<Output = PairReport> + Send + 'static,
    ) {
        let handle = self.set.spawn(task);
        self.index_of.insert(handle.id(), index);
    }
}

/// Gathers the pair tasks' reports as they finish, sending each on `events`. A panicked
/// task becomes an `error` naming the panic; a cancel (a signal) calls `on_cancel`, aborts
/// the rest, and makes them "not run (interrupted)". Every pair gets a report, in the order
/// of `pairs`; the second value is the cancel's exit code.
///
/// `gate` says whether the C# builds could start. Until it does, reports are held back; if
/// they could not (a harness fault: a restore or the compile host failed), none is sent and
/// the fault is the third value: the run is the harness's error, never failing pairs.
async fn collect(
    tasks: PairTasks<'_>,
    mut cancel: watch::Receiver<Option<u8>>,
    on_cancel: impl Fn(),
    mut gate: oneshot::Receiver<std::result::Result<(), String>>,
    events: &mpsc::UnboundedSender<Event>,
) -> (Vec<PairReport>, Option<u8>, Option<String>) {
    let PairTasks {
        mut set,
        index_of,
        pairs,
    } = tasks;
    let mut done: Vec<Option<PairReport>> = vec![None; pairs.len()];
    let mut interrupted = *cancel.borrow();
    if interrupted.is_some() {
        on_cancel();
        set.abort_all();
    }
    // None while the builds are starting; then whether they did.
    let mut opened: Option<std::result::Result<(), String>> = None;
    let mut held: Vec<usize> = Vec::new();
    loop {
        let joined = tokio::select! {
            joined = set.join_next_with_id() => joined,
            code = cancel.wait_for(Option::is_some), if interrupted.is_none() => {
                interrupted = code.ok().and_then(|c| *c);
                on_cancel();
                set.abort_all();
                continue;
            }
            result = &mut gate, if opened.is_none() => {
                let result = result.unwrap_or_else(|_| Err("the C# build stopped".into()));
                if result.is_ok() {
                    for index in held.drain(..) {
                        if let Some(report) = &done[index] {
                            let _ = events.send(Event::Pair(Box::new(report.clone())));
                        }
                    }
                }
                opened = Some(result);
                continue;
            }
        };
        let Some(joined) = joined else { break };
        let (index, report) = match joined {
            Ok((id, report)) => (index_of[&id], report),
            Err(e) => {
                let index = index_of[&e.id()];
                let pair = pairs[index].clone();
                let report = if e.is_panic() {
                    panicked(pair, panic_message(e.into_panic()))
                } else {
                    not_run(pair, "not run (interrupted)")
                };
                (index, report)
            }
        };
        match opened {
            Some(Ok(())) => {
                let _ = events.send(Event::Pair(Box::new(report.clone())));
            }
            None => held.push(index),
            Some(Err(_)) => {}
        }
        done[index] = Some(report);
    }
    if opened.is_none() {
        // The last pairs may have ended on the gate's news before it was read here.
        opened = match gate.try_recv() {
            Ok(result) => Some(result),
            Err(oneshot::error::TryRecvError::Closed) => Some(Err("the C# build stopped".into())),
            Err(oneshot::error::TryRecvError::Empty) => None,
        };
    }
    let harness = match opened {
        Some(Err(e)) => Some(e),
        // Every pair ended before the builds started (a cancel), or they did start.
        _ => {
            for index in held {
                if let Some(report) = &done[index] {
                    let _ = events.send(Event::Pair(Box::new(report.clone())));
                }
            }
            None
        }
    };
    let reports = done
        .into_iter()
        .zip(pairs)
        .map(|(r, p)| r.unwrap_or_else(|| not_run(p.clone(), "not run")))
        .collect();
    (reports, interrupted, harness)
}

/// The sandbox's layers (detected, or the probe jail's remembered success), the snippets'
/// network namespace and a loopback listener made inside it for the fixture server.
/// `--sandbox strict` refuses here when a layer is missing, before anything is made.
fn sandbox_layers(
    mode: SandboxMode,
) -> Result<(
    Layers,
    Option<crate::sandbox::netns::NetNs>,
    Option<std::net::TcpListener>,
)> {
    if mode == SandboxMode::Off {
        return Ok((Layers::off(), None, None));
    }
    // The cache holds the probe jail's last success (`mirror doctor` always probes).
    let cache = crate::lang::cache_dir();
    let _ = std::fs::create_dir_all(&cache);
    let mut layers = Layers::detect_remembering(Some(&cache.join("jail-probe")));
    let (netns, listener) = layers.make_network().unzip();
    if mode == SandboxMode::Strict {
        let missing: Vec<String> = unavailable(&layers)
            .into_iter()
            .map(|l| format!("  {l}"))
            .collect();
        if !missing.is_empty() {
            return Err(Error::Usage(format!(
                "--sandbox strict: these layers are unavailable here:\n{}",
                missing.join("\n")
            )));
        }
    }
    Ok((layers, netns, listener))
}

/// The fixture server over the course's `harness/fixtures/http`, on the listener made in
/// the snippets' network namespace (or on the host's loopback without one).
fn fixture_server(
    course: &Course,
    listener: Option<std::net::TcpListener>,
) -> Result<crate::fixture::Server> {
    let listener = match listener {
        Some(l) => l,
        None => std::net::TcpListener::bind("127.0.0.1:0")
            .map_err(|e| Error::io("binding the fixture server", e))?,
    };
    crate::fixture::start(listener, course.root.join(crate::fixture::FILES_DIR))
        .map_err(|e| Error::io("starting the fixture server", e))
}

/// Whether builds go to the run's temp folder (`--no-cache`) rather than the cache.
fn cs_no_cache(shared: &Shared) -> bool {
    shared
        .csharp
        .as_ref()
        .is_some_and(|cs| cs.out_dir.starts_with(shared.sandbox.temp_root()))
}

/// Receivers of every selected C# snippet's build, and of the batch's end.
type Builds = (
    HashMap<PathBuf, oneshot::Receiver<BuildResult>>,
    Option<oneshot::Receiver<(usize, Duration)>>,
);

/// Starts the C# builds of the selection on the warm host (cached ones resolve at once).
/// An error is the harness's (a package that cannot be restored, a host that cannot be
/// built) and ends the run with exit 2.
async fn start_builds(shared: &Shared, pairs: &[Pair]) -> std::result::Result<Builds, String> {
    let Some(cs) = &shared.csharp else {
        return Ok((HashMap::new(), None));
    };
    let sources: Vec<(PathBuf, Duration)> = pairs
        .iter()
        .filter_map(|p| Some((p.csharp.as_ref()?, p.settings.timeout)))
        .map(|(p, t)| {
            let rel = p.strip_prefix(&shared.root).unwrap_or(p).to_path_buf();
            (rel, t.unwrap_or(shared.default_timeout))
        })
        .collect();
    if sources.is_empty() {
        return Ok((HashMap::new(), None));
    }
    let warm = cs.warm(&shared.root).await?;
    // Reading every source and checking every cached build's seal is blocking file work
    // (tens of ms on the shipped course) while the pairs already run: off the runtime's
    // workers, so that it does not hold up their I/O (the engine's runtime is
    // multi-threaded).
    let batch = tokio::task::block_in_place(|| {
        csharp::build(
            &cs.dotnet,
            &warm.host,
            &shared.root,
            &sources,
            &cs.out_dir,
            &warm.packages,
        )
    })
    .map_err(|e| e.to_string())?;
    Ok((batch.results, Some(batch.done)))
}

/// Reports in course order, grouped by lesson.
fn by_lesson(course: &Course, reports: Vec<PairReport>) -> Vec<LessonReport> {
    let mut lessons: Vec<LessonReport> = Vec::new();
    for report in reports {
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
    lessons
}

/// A pair that did not run, and why.
fn not_run(pair: Pair, why: &str) -> PairReport {
    let mut report = PairReport::empty(pair, Duration::ZERO);
    report.reason = Some(why.into());
    report
}

/// A pair whose task panicked: an `error` that names the panic (a bug in mirror).
fn panicked(pair: Pair, message: String) -> PairReport {
    let mut report = PairReport::empty(pair, Duration::ZERO);
    report.verdict = Verdict::Error;
    report.reason = Some(format!(
        "mirror itself failed on this pair (please report it): panicked: {message}"
    ));
    report.python = SideResult::NotRun;
    report
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into())
}

fn unavailable(layers: &Layers) -> Vec<String> {
    layers
        .list()
        .iter()
        .filter_map(|l| match l.state {
            LayerState::Unavailable(why) => Some(format!("{}: {why}", l.name)),
            LayerState::Active(_) => None,
        })
        .collect()
}

fn header(
    course: &Course,
    pythons: &[Python],
    csharp: Option<&CSharp>,
    layers: &Layers,
    server: Option<&crate::fixture::Server>,
) -> Header {
    Header {
        course: course.root.display().to_string(),
        python: (!pythons.is_empty()).then(|| {
            pythons
                .iter()
                .map(|p| {
                    let venv = p.venv.as_ref().map_or("", |_| ", course venv");
                    format!("{} ({}{venv})", p.executable.display(), p.version)
                })
                .collect::<Vec<_>>()
                .join("; ")
        }),
        dotnet: csharp.map(|cs| {
            let d = &cs.dotnet;
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
        sandbox_unavailable: unavailable(layers),
        fixture: server.map(|s| s.base_url.clone()),
    }
}

/// Resolves the toolchains the pairs need, and the managed Python environment.
pub fn toolchains(
    course: &Course,
    pairs: &[Pair],
    settings: &RunSettings,
    say: &dyn Fn(&str),
) -> Result<(Vec<Python>, Option<Dotnet>)> {
    let mut pythons = Vec::new();
    if pairs.iter().any(|p| p.python.is_some()) {
        let requirements = course.root.join("harness/requirements.txt");
        for requested in settings.pythons() {
            let base = python::resolve(requested)?;
            pythons.push(python::with_requirements(base, &requirements, say)?);
        }
    }
    let dotnet = if pairs.iter().any(|p| p.csharp.is_some()) {
        Some(csharp::resolve(settings.dotnet())?)
    } else {
        None
    };
    Ok((pythons, dotnet))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(name: &str) -> Pair {
        Pair {
            name: name.into(),
            key: name.into(),
            lesson: "01-x".into(),
            python: None,
            csharp: None,
            settings: Default::default(),
        }
    }

    /// Spawns one task per pair: `body(index)` makes its report (or panics).
    fn spawn_all(
        pairs: &[Pair],
        body: impl Fn(usize, Pair) -> futures_like::BoxFuture,
    ) -> PairTasks<'_> {
        let mut tasks = PairTasks::new(pairs);
        for (i, p) in pairs.iter().cloned().enumerate() {
            tasks.spawn(i, body(i, p));
        }
        tasks
    }

    mod futures_like {
        pub type BoxFuture =
            std::pin::Pin<Box<dyn std::future::Future<Output = super::PairReport> + Send>>;
    }

    #[tokio::test]
    async fn a_panicked_pair_is_an_error_naming_the_panic_and_no_pair_is_dropped() {
        let pairs = [pair("a"), pair("boom"), pair("c")];
        let tasks = spawn_all(&pairs, |i, p| {
            Box::pin(async move {
                if i == 1 {
                    panic!("index out of range in {}", p.name);
                }
                let mut r = PairReport::empty(p, Duration::ZERO);
                r.verdict = Verdict::Pass;
                r
            })
        });
        let (_keep, cancel) = watch::channel(None);
        let (tx, rx) = mpsc::unbounded_channel();
        let (reports, interrupted, harness) =
            collect(tasks, cancel, || {}, opened(), &tx).await;
        assert_eq!((interrupted, harness), (None, None));
        let names: Vec<&str> = reports.iter().map(|r| r.pair.name.as_str()).collect();
        assert_eq!(names, ["a", "boom", "c"], "course order, none dropped");
        assert_eq!(reports[0].verdict, Verdict::Pass);
        assert_eq!(reports[1].verdict, Verdict::Error);
        let why = reports[1].reason.clone().unwrap();
        assert!(
            why.contains("panicked: index out of range in boom"),
            "{why}"
        );
        assert_eq!(
            sent(tx, rx).await,
            3,
            "every report, the panicked one too, was sent"
        );
    }

    #[tokio::test]
    async fn a_cancel_stops_the_rest_as_not_run_and_returns_its_exit_code() {
        let pairs = [pair("done"), pair("hangs")];
        let tasks = spawn_all(&pairs, |i, p| {
            Box::pin(async move {
                if i == 1 {
                    std::future::pending::<()>().await;
                }
                let mut r = PairReport::empty(p, Duration::ZERO);
                r.verdict = Verdict::Pass;
                r
            })
        });
        let (cancel_tx, cancel) = watch::channel(None);
        let (tx, _rx) = mpsc::unbounded_channel();
        let cancelled = std::sync::atomic::AtomicBool::new(false);
        let run = collect(
            tasks,
            cancel,
            || cancelled.store(true, Ordering::SeqCst),
            opened(),
            &tx,
        );
        let signal = async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            cancel_tx.send(Some(130)).unwrap();
        };
        let ((reports, interrupted, _), ()) = tokio::join!(run, signal);
        assert_eq!(interrupted, Some(130));
        assert!(cancelled.load(Ordering::SeqCst), "the snippets were killed");
        assert_eq!(reports[0].verdict, Verdict::Pass);
        assert_eq!(reports[1].verdict, Verdict::Skipped);
        assert_eq!(reports[1].reason.as_deref(), Some("not run (interrupted)"));
    }

    /// How many events `collect` sent (the sender is dropped first, so the count ends).
    async fn sent(tx: mpsc::UnboundedSender<Event>, mut rx: mpsc::UnboundedReceiver<Event>) -> usize {
        drop(tx);
        let mut n = 0;
        while rx.recv().await.is_some() {
            n += 1;
        }
        n
    }

    /// A gate already open: the builds started.
    fn opened() -> oneshot::Receiver<std::result::Result<(), String>> {
        let (tx, rx) = oneshot::channel();
        tx.send(Ok(())).unwrap();
        rx
    }

    fn passing(p: Pair) -> futures_like::BoxFuture {
        Box::pin(async move {
            let mut r = PairReport::empty(p, Duration::ZERO);
            r.verdict = Verdict::Pass;
            r
        })
    }

    #[tokio::test]
    async fn reports_wait_for_the_builds_to_start_and_then_all_are_sent() {
        // Two pairs end at once (their Python sides only); the third waits for its build,
        // which is handed over after the gate opens, as `execute` does.
        let pairs = [pair("a"), pair("b"), pair("cs")];
        let (slot_tx, slot) = oneshot::channel::<()>();
        let slot = std::sync::Mutex::new(Some(slot));
        let tasks = spawn_all(&pairs, |i, p| {
            let wait = (i == 2).then(|| slot.lock().unwrap().take().unwrap());
            Box::pin(async move {
                if let Some(wait) = wait {
                    let _ = wait.await;
                }
                let mut r = PairReport::empty(p, Duration::ZERO);
                r.verdict = Verdict::Pass;
                r
            })
        });
        let (_keep, cancel) = watch::channel(None);
        let (tx, mut rx) = mpsc::unbounded_channel();
        let (gate_tx, gate) = oneshot::channel();
        let run = collect(tasks, cancel, || {}, gate, &tx);
        let open_later = async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            assert!(rx.try_recv().is_err(), "a report went out before the builds started");
            gate_tx.send(Ok(())).unwrap();
            slot_tx.send(()).unwrap();
        };
        let ((reports, interrupted, harness), ()) = tokio::join!(run, open_later);
        assert_eq!((interrupted, harness), (None, None));
        assert_eq!(reports.len(), 3);
        assert_eq!(
            sent(tx, rx).await,
            3,
            "the held reports were sent once the builds started"
        );
    }

    #[tokio::test]
    async fn a_harness_fault_sends_no_pair_and_is_the_runs_error() {
        let pairs = [pair("a"), pair("b")];
        let tasks = spawn_all(&pairs, |_, p| passing(p));
        let (_keep, cancel) = watch::channel(None);
        let (tx, rx) = mpsc::unbounded_channel();
        let (gate_tx, gate) = oneshot::channel();
        gate_tx
            .send(Err("restoring NuGet packages failed".into()))
            .unwrap();
        let (_, interrupted, harness) =
            collect(tasks, cancel, || {}, gate, &tx).await;
        assert_eq!(interrupted, None);
        assert_eq!(harness.as_deref(), Some("restoring NuGet packages failed"));
        assert_eq!(sent(tx, rx).await, 0, "no pair was reported");
    }

    #[tokio::test]
    async fn a_builder_that_vanished_is_a_harness_fault_too() {
        let pairs = [pair("a")];
        let tasks = spawn_all(&pairs, |_, p| passing(p));
        let (_keep, cancel) = watch::channel(None);
        let (tx, _rx) = mpsc::unbounded_channel();
        let (gate_tx, gate) = oneshot::channel::<std::result::Result<(), String>>();
        drop(gate_tx);
        let (_, _, harness) = collect(tasks, cancel, || {}, gate, &tx).await;
        assert_eq!(harness.as_deref(), Some("the C# build stopped"));
    }
}
