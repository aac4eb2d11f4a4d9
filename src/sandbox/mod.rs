//! Phase 3's ground floor: run one snippet process in its own temp folder under every
//! isolation layer this machine offers, and bring back what it printed and how it ended.
//!
//! Layers (each detected once per run, see [`Layers`]): process group + kill after every
//! run, rlimits (core, file size, CPU, address space for Python), a cgroup (v2 or v1) for
//! memory and process caps and for killing escaped children, a network namespace shared
//! with the fixture server, and Landlock for the filesystem.
pub mod cgroup;
pub mod jail;
pub mod landlock;
pub mod layers;
pub mod netns;
pub mod seccomp;
mod slot;
mod spawn;

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use layers::{Layer, LayerState, Layers};
pub use spawn::{base_env, LimitHit, Outcome, Status};

/// Caps applied to every snippet process.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Cap on each of stdout and stderr; past it the process is killed.
    pub output_bytes: usize,
    /// Memory cap (cgroup; `RLIMIT_AS` for Python; GC heap limit for .NET).
    pub memory_bytes: u64,
    /// Cap on processes and threads in the snippet's cgroup.
    pub pids: u64,
    /// `RLIMIT_FSIZE`: the largest file a snippet may write.
    pub file_bytes: u64,
    /// Size of the jail's private tmpfs (`/tmp` and the snippet's folder).
    pub disk_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            output_bytes: 1 << 20,
            memory_bytes: 1 << 30,
            pids: 256,
            file_bytes: 64 << 20,
            disk_bytes: 256 << 20,
        }
    }
}

/// What the address-space rlimit may be applied to (it breaks the .NET GC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runtime {
    Python,
    Dotnet,
}

/// One process to run.
#[derive(Debug, Clone)]
pub struct Job {
    /// Short name used for the temp folder, e.g. `07-gather-py`.
    pub label: String,
    pub program: PathBuf,
    pub args: Vec<OsString>,
    /// Added to the fixed base environment.
    pub env: Vec<(String, String)>,
    /// Files copied into the temp folder: (source, name inside).
    pub files: Vec<(PathBuf, String)>,
    /// Symlinks made in the snippet's folder: (target, name inside); the target is in a
    /// folder of `read_paths`. Jailed runs only (the jail binds that folder read-only).
    pub links: Vec<(PathBuf, String)>,
    pub stdin: Option<Vec<u8>>,
    pub timeout: Duration,
    pub runtime: Runtime,
    /// Folders the snippet may read besides the system ones (interpreter, cache).
    pub read_paths: Vec<PathBuf>,
    /// The fixture server's port on the host loopback, for a snippet that uses it (a jail
    /// with a network of its own forwards that one port).
    pub fixture_port: Option<u16>,
}

/// Every run's temp root is named `mirror-run-<mirror's pid>-<random>`.
pub const RUN_PREFIX: &str = "mirror-run-";
/// In a run root kept with `--keep-temp`: the sweep leaves it alone (it is the user's now).
const KEPT_MARK: &str = ".kept-by-mirror";
/// How long a snippet waits for a slot on its way back before making one of its own.
const SLOT_PATIENCE: Duration = Duration::from_millis(50);

/// Removes the temp roots of runs whose mirror is gone (killed with SIGKILL, or a machine
/// that lost power): a folder that cannot be removed is reported, never skipped silently.
pub fn sweep_stale_runs(tmp: &Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(RUN_PREFIX)
            .and_then(|rest| rest.split('-').next())
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if Path::new(&format!("/proc/{pid}")).exists() || e.path().join(KEPT_MARK).exists() {
            continue;
        }
        if let Err(err) = std::fs::remove_dir_all(e.path()) {
            eprintln!(
                "mirror: could not remove the stale run folder {}: {err}",
                e.path().display()
            );
        }
    }
}

/// The jail's monitor: the small `mirror-jail` beside this binary when it is there (built
/// and installed with it), else this binary itself (`mirror __jail`, same code).
pub(crate) fn monitor_exe() -> std::io::Result<PathBuf> {
    let me = std::env::current_exe()?;
    let small = me.with_file_name("mirror-jail");
    Ok(if small.is_file() { small } else { me })
}

/// Per-run sandbox: the temp root, the detected layers, and the live process registry.
pub struct Sandbox {
    root: tempfile::TempDir,
    keep_temp: bool,
    pub limits: Limits,
    pub layers: Layers,
    cgroups: Option<cgroup::Root>,
    netns: Option<netns::NetNs>,
    live: Arc<Mutex<HashSet<i32>>>,
    counter: std::sync::atomic::AtomicUsize,
    /// The run is over ([`Sandbox::kill_live`]): a jail server killed with the rest (one
    /// still being moved into its cgroup is not yet spared as a resident) is no failure.
    closing: std::sync::atomic::AtomicBool,
    /// The jail, when namespaces are available (else the layers apply without it).
    jail: Option<JailSetup>,
    /// Cgroups and jail servers free for the next snippet.
    slots: Arc<slot::Pool>,
}

/// What every jailed snippet of a run shares.
struct JailSetup {
    /// mirror's own executable, re-run as the jail's monitor.
    exe: PathBuf,
    /// An empty folder each jail assembles its root on (in its own mount namespace).
    base: PathBuf,
    /// Without cgroups, the one jail server every snippet's monitor is forked by (with
    /// them, each slot's cgroup has a server of its own).
    shared: Option<Arc<jail::zygote::Zygote>>,
    /// A jail server failed once: say so once, then start monitors from `exe`.
    zygote_broken: std::sync::atomic::AtomicBool,
}

impl Sandbox {
    /// Detects the layers and creates the run's temp root. `netns` is made by the caller
    /// (it also hosts the fixture server).
    pub fn new(
        limits: Limits,
        keep_temp: bool,
        netns: Option<netns::NetNs>,
        layers: Layers,
    ) -> std::io::Result<Self> {
        sweep_stale_runs(&std::env::temp_dir());
        // Owner only: what snippets leave (kept with --keep-temp) is theirs and the run's,
        // not every local user's.
        let root = tempfile::Builder::new()
            .prefix(&format!("{RUN_PREFIX}{}-", std::process::id()))
            .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700))
            .disable_cleanup(keep_temp)
            .tempdir()?;
        if keep_temp {
            std::fs::write(
                root.path().join(KEPT_MARK),
                "kept with --keep-temp: later runs leave this folder alone; remove it when done\n",
            )?;
        }
        let cgroups = cgroup::Root::create(&layers.cgroups);
        let jail = if layers.jail.is_active() {
            let base = root.path().join(".jail-root");
            std::fs::create_dir(&base)?;
            let exe = monitor_exe()?;
            let shared = if cgroups.is_none() {
                match jail::zygote::Zygote::start(&exe, root.path()) {
                    Ok(z) => Some(Arc::new(z)),
                    Err(e) => {
                        eprintln!(
                            "mirror: warning: the jail server did not start ({e}); each snippet's jail is started on its own (slower)"
                        );
                        None
                    }
                }
            } else {
                None
            };
            Some(JailSetup {
                exe,
                base,
                shared,
                zygote_broken: Default::default(),
            })
        } else {
            None
        };
        Ok(Sandbox {
            jail,
            root,
            keep_temp,
            limits,
            layers,
            cgroups,
            netns,
            live: Arc::default(),
            counter: Default::default(),
            closing: Default::default(),
            slots: Arc::default(),
        })
    }

    pub fn temp_root(&self) -> &Path {
        self.root.path()
    }

    /// A place to run the next snippet: a free slot (or one on its way back), else a new
    /// one.
    async fn slot(&self) -> slot::Slot {
        // Making a slot costs a few ms (starting its jail server), ~10-15 ms more where the
        // server cannot come into its cgroups by itself (see `Zygote::settle`); emptying
        // one after its snippet takes ~1 ms.
        match self.slots.take_or_wait(SLOT_PATIENCE).await {
            Some(slot) => slot,
            None => self.new_slot(),
        }
    }

    /// Announces up to `n` slots to be made ahead of the first snippets (each made by
    /// [`Sandbox::make_announced_slot`], on a blocking thread): only where slots carry a
    /// jail server in a cgroup, elsewhere a slot is free to make. Returns how many.
    pub fn announce_slots(&self, n: usize) -> usize {
        if self.cgroups.is_none() || !self.zygotes_work() {
            return 0;
        }
        for _ in 0..n {
            self.slots.expect();
        }
        n
    }

    /// Makes one slot announced by [`Sandbox::announce_slots`].
    pub fn make_announced_slot(&self) {
        self.slots.arrive(self.new_slot());
    }

    /// A new cgroup with a jail server moved into it (or the shared server, without
    /// cgroups).
    fn new_slot(&self) -> slot::Slot {
        let cgroup = self
            .cgroups
            .as_ref()
            .and_then(|root| root.job(&self.limits).ok());
        let Some(jail) = self.jail.as_ref().filter(|_| self.zygotes_work()) else {
            return slot::Slot::new(None, cgroup);
        };
        if cgroup.is_none() {
            return slot::Slot::new(jail.shared.clone(), None);
        }
        match jail::zygote::Zygote::launch(&jail.exe, self.root.path()) {
            Ok(z) => {
                let mut slot = slot::Slot::new(Some(Arc::new(z)), cgroup);
                if let Err(e) = self.slots.settle_in(&mut slot) {
                    self.zygote_failed(&e);
                    slot.dismiss_server();
                }
                slot
            }
            Err(e) => {
                self.zygote_failed(&e);
                slot::Slot::new(None, cgroup)
            }
        }
    }

    /// Whether jail servers may still be used (none has failed).
    fn zygotes_work(&self) -> bool {
        self.jail
            .as_ref()
            .is_some_and(|j| !j.zygote_broken.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// A jail server could not start or start a jail: warn once; every later jail starts
    /// without one.
    fn zygote_failed(&self, e: &std::io::Error) {
        use std::sync::atomic::Ordering;
        if let Some(j) = &self.jail {
            if !j.zygote_broken.swap(true, Ordering::Relaxed)
                && !self.closing.load(Ordering::SeqCst)
            {
                eprintln!(
                    "mirror: warning: the jail server failed ({e}); each snippet's jail is started on its own from now on (slower)"
                );
            }
        }
    }

    /// Runs one job to completion (or timeout/cap) and cleans up after it.
    pub async fn run(&self, job: Job) -> Outcome {
        let n = self
            .counter
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = self.root.path().join(format!("{n:03}-{}", job.label));
        let mut result = spawn::run(self, &job, &dir).await;
        if let Ok(spawn::Ran::ServerLost) = result {
            self.zygote_failed(&std::io::Error::other("it was killed"));
            let _ = std::fs::remove_dir_all(&dir);
            result = spawn::run(self, &job, &dir).await;
        }
        let result = result.and_then(|ran| match ran {
            spawn::Ran::Done(outcome) => Ok(outcome),
            spawn::Ran::ServerLost => Err(std::io::Error::other(
                "the jail server died twice under this snippet",
            )),
        });
        // Only a snippet run without a jail has its folder on the host (see spawn::prepare).
        if !self.keep_temp && self.jail.is_none() {
            if let Err(e) = std::fs::remove_dir_all(&dir) {
                if dir.exists() {
                    eprintln!("mirror: could not remove {}: {e}", dir.display());
                }
            }
        }
        result.unwrap_or_else(|e| Outcome::failed_to_start(e.to_string()))
    }

    /// Kills every live snippet (an interrupted run, an engine going away: no snippet
    /// starts after it); the cgroups go when the sandbox is dropped.
    pub fn kill_live(&self) {
        self.closing
            .store(true, std::sync::atomic::Ordering::SeqCst);
        for pgid in self.live.lock().map(|s| s.clone()).unwrap_or_default() {
            // SAFETY: plain syscall on process groups this sandbox started.
            unsafe {
                libc::killpg(pgid, libc::SIGKILL);
            }
        }
        if let Some(c) = &self.cgroups {
            c.kill_all(&self.slots.residents());
        }
    }

    /// Kills what is left and removes the cgroups and the temp root now (a sandbox still
    /// shared by finishing tasks); dropping it later finds nothing more to do.
    pub fn remove_now(&self) {
        self.slots.clear();
        if let Some(c) = &self.cgroups {
            c.kill_all(&[]);
            c.remove();
        }
        let root = self.root.path();
        if !self.keep_temp && root.exists() {
            if let Err(e) = std::fs::remove_dir_all(root) {
                eprintln!("mirror: could not remove {}: {e}", root.display());
            }
        }
    }

    /// Where the temp folders were kept (`--keep-temp`), if they were.
    pub fn kept(&self) -> Option<PathBuf> {
        self.keep_temp.then(|| self.root.path().to_path_buf())
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.slots.clear();
        if let Some(c) = &self.cgroups {
            c.kill_all(&[]);
            c.remove();
        }
        let root = self.root.path();
        if !self.keep_temp && root.exists() {
            if let Err(e) = std::fs::remove_dir_all(root) {
                eprintln!("mirror: could not remove {}: {e}", root.display());
            }
        }
    }
}
