//! Which isolation layers this machine gives a snippet, detected once per run and shown
//! by `mirror doctor` and in every run's header.
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use super::cgroup::{self, Hierarchies};
use super::netns::NetNs;
use super::{jail, landlock};

/// Whether one layer is in force, and the detail or the reason it is not.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "state", content = "detail", rename_all = "kebab-case")]
pub enum LayerState {
    Active(String),
    Unavailable(String),
}

impl LayerState {
    pub fn is_active(&self) -> bool {
        matches!(self, LayerState::Active(_))
    }
}

/// A named layer, for listing.
pub struct Layer<'a> {
    pub name: &'static str,
    pub state: &'a LayerState,
}

/// Every layer and its state on this machine.
#[derive(Debug, Clone)]
pub struct Layers {
    pub process_group: LayerState,
    pub rlimits: LayerState,
    pub memory: LayerState,
    pub pids: LayerState,
    pub kill: LayerState,
    pub network: LayerState,
    pub landlock: LayerState,
    /// User, pid, mount, IPC and UTS namespaces with a minimal root (the jail).
    pub jail: LayerState,
    /// The jail's private size-limited tmpfs.
    pub disk: LayerState,
    pub cgroups: Hierarchies,
}

fn writable(dir: &Path) -> bool {
    CString::new(dir.as_os_str().as_bytes())
        // SAFETY: access(2) on a NUL-terminated path.
        .map(|c| unsafe { libc::access(c.as_ptr(), libc::W_OK) } == 0)
        .unwrap_or(false)
}

/// Whether child cgroups under `dir` get `cgroup.kill` (kernel 5.14+): the root of a
/// hierarchy has no such file itself, so a throwaway child is made and looked at.
fn v2_has_kill(dir: &Path) -> bool {
    if dir.join("cgroup.kill").exists() {
        return true;
    }
    let probe = dir.join(format!("mirror-probe-{}", std::process::id()));
    let found = std::fs::create_dir(&probe).is_ok() && probe.join("cgroup.kill").exists();
    let _ = std::fs::remove_dir(&probe);
    found
}

/// The two layers every mode has.
const SESSION: &str = "own session (no controlling terminal) and process group, killed after every run; only fds 0-2 inherited; dies with mirror";
const RLIMITS: &str =
    "RLIMIT_CORE=0, RLIMIT_FSIZE, RLIMIT_CPU; RLIMIT_AS for Python without a memory cgroup";

impl Layers {
    /// Probes cgroups and Landlock and builds a probe jail; the network layer starts as
    /// not yet set up (the runner sets it once it has made the namespace).
    pub fn detect() -> Layers {
        Layers::detect_remembering(None)
    }

    /// [`Layers::detect`], with the probe jail's success remembered in `probe_file`
    /// ([`jail::probe_remembered`]) when given.
    pub fn detect_remembering(probe_file: Option<&std::path::Path>) -> Layers {
        let mut h = cgroup::find();
        if h.v2.as_ref().is_some_and(|v| !writable(&v.dir)) {
            h.v2 = None;
        }
        h.v1_memory = h.v1_memory.filter(|d| writable(d));
        h.v1_pids = h.v1_pids.filter(|d| writable(d));
        let v2 = h.v2.clone();
        let memory = match (&v2, &h.v1_memory) {
            (Some(v), _) if v.memory => LayerState::Active(format!("cgroup v2 memory.max under {}", v.dir.display())),
            (_, Some(d)) => LayerState::Active(format!("cgroup v1 memory.limit_in_bytes under {}", d.display())),
            _ => LayerState::Unavailable(
                "no writable cgroup memory controller (v2 memory not delegated, no v1 memory); Python still gets RLIMIT_AS, .NET DOTNET_GCHeapHardLimit".into(),
            ),
        };
        let pids = match (&v2, &h.v1_pids) {
            (Some(v), _) if v.pids => {
                LayerState::Active(format!("cgroup v2 pids.max under {}", v.dir.display()))
            }
            (_, Some(d)) => LayerState::Active(format!("cgroup v1 pids.max under {}", d.display())),
            _ => LayerState::Unavailable(
                "no writable cgroup pids controller: a fork bomb is not contained".into(),
            ),
        };
        let kill = match (&v2, &h.v1_pids, &h.v1_memory) {
            (Some(v), _, _) if v2_has_kill(&v.dir) => {
                LayerState::Active(format!(
                    "cgroup v2 under {}: every member killed (cgroup.kill where no jail server serves the cgroup)",
                    v.dir.display()
                ))
            }
            (_, Some(d), _) | (_, _, Some(d)) => {
                LayerState::Active(format!("cgroup v1: every member of {} killed", d.display()))
            }
            _ => LayerState::Unavailable(
                "no writable cgroup: children that leave the process group (setsid) can escape the kill".into(),
            ),
        };
        let landlock = match landlock::abi() {
            Ok(v) if v >= 6 => LayerState::Active(format!(
                "Landlock ABI {v}: writes only in the snippet's folder; no signals or abstract sockets beyond it"
            )),
            Ok(v) => LayerState::Active(format!(
                "Landlock ABI {v}: writes only in the snippet's folder (signal and abstract-socket scoping needs ABI 6, Linux 6.12)"
            )),
            Err(e) => LayerState::Unavailable(e),
        };
        let probed = match probe_file {
            Some(file) => jail::probe_remembered(file),
            None => jail::probe(),
        };
        let (jail, disk) = match probed {
            Ok(()) => (
                LayerState::Active(format!(
                    "user, pid, mount, IPC, UTS namespaces: uid {} ({}), a minimal read-only root with no host /tmp, /run, /home or terminals, a /proc of its own showing only the snippet; {}",
                    jail::SANDBOX_UID,
                    if unsafe { libc::geteuid() } == 0 { "nobody outside" } else { "your uid outside" },
                    // Kept jails need the run's shared network, which only root makes.
                    if unsafe { libc::geteuid() } == 0 {
                        "kept per slot, every process killed and /tmp emptied between snippets (fresh per snippet with --keep-temp or a TMPDIR outside /tmp)"
                    } else {
                        "a fresh one per snippet"
                    }
                )),
                LayerState::Active("a private tmpfs for /tmp and the snippet's folder (--disk)".into()),
            ),
            Err(e) => (
                LayerState::Unavailable(format!(
                    "{e}; host files are then guarded by Landlock only, and host processes are visible"
                )),
                LayerState::Unavailable("needs the jail's mount namespace".into()),
            ),
        };
        Layers {
            process_group: LayerState::Active(SESSION.into()),
            rlimits: LayerState::Active(RLIMITS.into()),
            memory,
            pids,
            kill,
            network: LayerState::Unavailable("not set up".into()),
            landlock,
            jail,
            disk,
            cgroups: h,
        }
    }

    /// Makes the run's network namespace (with the fixture server's listener inside) and
    /// records what network isolation snippets get: that namespace; else, in the jail, a
    /// namespace of their own each; else none.
    pub fn make_network(&mut self) -> Option<(NetNs, std::net::TcpListener)> {
        match NetNs::create() {
            Ok(made) => {
                self.network = LayerState::Active(
                    "own network namespace: only its loopback and the fixture server".into(),
                );
                Some(made)
            }
            Err(_) if self.jail.is_active() => {
                self.network = LayerState::Active(
                    "a network namespace of its own per snippet: only its loopback, and the fixture server's one port forwarded into it".into(),
                );
                None
            }
            Err(e) => {
                self.network = LayerState::Unavailable(format!(
                    "cannot create a network namespace ({e}): snippets share the host network"
                ));
                None
            }
        }
    }

    /// Layers in display order.
    pub fn list(&self) -> Vec<Layer<'_>> {
        vec![
            Layer {
                name: "session",
                state: &self.process_group,
            },
            Layer {
                name: "rlimits",
                state: &self.rlimits,
            },
            Layer {
                name: "memory cap",
                state: &self.memory,
            },
            Layer {
                name: "process cap",
                state: &self.pids,
            },
            Layer {
                name: "kill all",
                state: &self.kill,
            },
            Layer {
                name: "network",
                state: &self.network,
            },
            Layer {
                name: "filesystem",
                state: &self.landlock,
            },
            Layer {
                name: "namespaces",
                state: &self.jail,
            },
            Layer {
                name: "disk quota",
                state: &self.disk,
            },
        ]
    }

    /// The layers of `--sandbox off`, without probing the others (building a probe jail
    /// costs a run a few milliseconds, for layers it would turn off anyway).
    pub fn off() -> Layers {
        let off = || LayerState::Unavailable("turned off by --sandbox off".into());
        Layers {
            process_group: LayerState::Active(SESSION.into()),
            rlimits: LayerState::Active(RLIMITS.into()),
            memory: off(),
            pids: off(),
            kill: off(),
            network: off(),
            landlock: off(),
            jail: off(),
            disk: off(),
            cgroups: Hierarchies::default(),
        }
    }
}
