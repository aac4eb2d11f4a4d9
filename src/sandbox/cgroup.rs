//! cgroups for snippets: a memory cap and a process cap, and a sure way to kill everything a
//! snippet started (even double-forked daemons that left its process group).
//! Works with cgroup v2 (`memory.max`, `pids.max`, `cgroup.kill`) and v1 (`memory`, `pids`
//! hierarchies); which one is used is decided once in `Layers::detect`.
use std::fs;
use std::io::Write;
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::Limits;

/// Where the cgroup hierarchies this run can use live.
#[derive(Debug, Clone, Default)]
pub struct Hierarchies {
    /// A v2 folder of ours with memory and/or pids delegated (its `cgroup.subtree_control`).
    pub v2: Option<V2>,
    /// v1 `memory` controller folder of this process.
    pub v1_memory: Option<PathBuf>,
    /// v1 `pids` controller folder of this process.
    pub v1_pids: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct V2 {
    pub dir: PathBuf,
    pub memory: bool,
    pub pids: bool,
}

/// Reads `/proc/self/cgroup` and the mounts under `/sys/fs/cgroup`.
pub fn find() -> Hierarchies {
    let own = fs::read_to_string("/proc/self/cgroup").unwrap_or_default();
    let mut h = Hierarchies::default();
    for line in own.lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(_), Some(controllers), Some(path)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let rel = path.trim_start_matches('/');
        if controllers.is_empty() {
            for base in ["/sys/fs/cgroup", "/sys/fs/cgroup/unified"] {
                let dir = Path::new(base).join(rel);
                if Path::new(base).join("cgroup.controllers").is_file() && dir.is_dir() {
                    let enabled =
                        fs::read_to_string(dir.join("cgroup.controllers")).unwrap_or_default();
                    h.v2 = Some(V2 {
                        dir,
                        memory: enabled.split_whitespace().any(|c| c == "memory"),
                        pids: enabled.split_whitespace().any(|c| c == "pids"),
                    });
                    break;
                }
            }
        } else {
            for c in controllers.split(',') {
                let dir = Path::new("/sys/fs/cgroup").join(c).join(rel);
                match c {
                    // The root of a hierarchy has no limit files itself, only its children do.
                    "memory" if dir.join("cgroup.procs").is_file() => h.v1_memory = Some(dir),
                    "pids" if dir.join("cgroup.procs").is_file() => h.v1_pids = Some(dir),
                    _ => {}
                }
            }
        }
    }
    h
}

/// The run's own cgroup folders (`mirror-<pid>` in each hierarchy used).
#[derive(Debug)]
pub struct Root {
    v2: Option<(PathBuf, bool, bool)>,
    v1_memory: Option<PathBuf>,
    v1_pids: Option<PathBuf>,
    counter: std::sync::atomic::AtomicUsize,
}

impl Root {
    /// Makes the run's folders; None when no usable hierarchy is writable.
    pub fn create(h: &Hierarchies) -> Option<Root> {
        // One folder per sandbox: `serve` may prepare a new engine while the old one still
        // finishes a run in the same process.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("mirror-{}-{n}", std::process::id());
        let make = |parent: &Path| -> Option<PathBuf> {
            sweep_stale(parent);
            let dir = parent.join(&name);
            fs::create_dir(&dir).ok().map(|_| dir)
        };
        let v2 = h.v2.as_ref().and_then(|v| {
            let dir = make(&v.dir)?;
            let mut enable = String::new();
            if v.memory {
                enable.push_str("+memory ");
            }
            if v.pids {
                enable.push_str("+pids");
            }
            let ok = enable.is_empty() || write(&dir.join("cgroup.subtree_control"), enable.trim());
            Some((dir, v.memory && ok, v.pids && ok))
        });
        let root = Root {
            v1_memory: h.v1_memory.as_deref().and_then(make),
            v1_pids: h.v1_pids.as_deref().and_then(make),
            v2,
            counter: Default::default(),
        };
        (root.v2.is_some() || root.v1_memory.is_some() || root.v1_pids.is_some()).then_some(root)
    }

    /// A new cgroup (in each hierarchy) for snippets, with its limits written.
    pub fn job(&self, limits: &Limits) -> std::io::Result<Job> {
        let n = self
            .counter
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("job-{n}");
        let mut job = Job::default();
        let mem = limits.memory_bytes.to_string();
        let pids = limits.pids.to_string();
        if let Some((dir, memory, pid_ctl)) = &self.v2 {
            let d = dir.join(&name);
            fs::create_dir(&d)?;
            if *memory {
                write(&d.join("memory.max"), &mem);
                write(&d.join("memory.swap.max"), "0");
                job.memory_events = Some(d.join("memory.events"));
            }
            if *pid_ctl {
                write(&d.join("pids.max"), &pids);
            }
            job.kill_file = Some(d.join("cgroup.kill")).filter(|p| p.exists());
            job.v2_dir = Some(open_dir(&d)?);
            job.dirs.push(d);
        }
        if let Some(dir) = &self.v1_memory {
            let d = dir.join(&name);
            fs::create_dir(&d)?;
            write(&d.join("memory.limit_in_bytes"), &mem);
            write(&d.join("memory.memsw.limit_in_bytes"), &mem);
            job.memory_events = Some(d.join("memory.oom_control"));
            job.dirs.push(d);
        }
        if let Some(dir) = &self.v1_pids {
            let d = dir.join(&name);
            fs::create_dir(&d)?;
            write(&d.join("pids.max"), &pids);
            job.dirs.push(d);
        }
        for d in &job.dirs {
            let f = fs::OpenOptions::new()
                .write(true)
                .open(d.join("cgroup.procs"))?;
            job.procs.push(f.into());
        }
        // v1 only (v2 folders come first in `dirs`): a thread's own way in, see
        // `Job::self_move`.
        for d in &job.dirs[usize::from(job.v2_dir.is_some())..] {
            let f = fs::OpenOptions::new().write(true).open(d.join("tasks"))?;
            job.tasks.push(f.into());
        }
        Ok(job)
    }

    /// Kills whatever is left in the run's cgroups (abort path), but the `spare` processes
    /// (the jail servers that live in them).
    pub fn kill_all(&self, spare: &[i32]) {
        let folders: Vec<PathBuf> = self
            .dirs()
            .filter_map(|dir| fs::read_dir(dir).ok())
            .flat_map(|entries| entries.flatten().filter(is_folder).map(|e| e.path()))
            .collect();
        // Every member of every folder is signalled first, then each folder is waited
        // for: what is in them (each slot's kept jails) dies side by side, not one folder
        // after another, a millisecond or more each.
        for folder in &folders {
            signal_members(folder, spare);
        }
        for folder in &folders {
            kill_dir(folder, None, spare);
        }
    }

    /// Removes the run's folders (they must be empty of processes).
    pub fn remove(&self) {
        for dir in self.dirs() {
            if let Ok(entries) = fs::read_dir(dir) {
                for e in entries.flatten().filter(is_folder) {
                    let _ = fs::remove_dir(e.path());
                }
            }
            let _ = fs::remove_dir(dir);
        }
    }

    fn dirs(&self) -> impl Iterator<Item = &PathBuf> {
        self.v2
            .iter()
            .map(|v| &v.0)
            .chain(&self.v1_memory)
            .chain(&self.v1_pids)
    }
}

/// A snippet's cgroup folders (one after another snippet's: see `Slot`); removed on drop,
/// which its resident, if any, must have left.
#[derive(Debug, Default)]
pub struct Job {
    dirs: Vec<PathBuf>,
    procs: Vec<OwnedFd>,
    kill_file: Option<PathBuf>,
    memory_events: Option<PathBuf>,
    /// The OOM kill count when the current snippet got the cgroup.
    oom_base: u64,
    /// A process that lives here between snippets and is never killed with them: the jail
    /// server, whose forks are born in the cgroup (moving each snippet in costs a
    /// migration, ~0.3 ms and now and then 10 ms, per hierarchy).
    resident: Option<i32>,
    /// Houses (jails kept for snippet after snippet) living here between snippets, spared
    /// as the resident is.
    houses: Vec<i32>,
    /// The v2 folder, open (for `CLONE_INTO_CGROUP`).
    v2_dir: Option<OwnedFd>,
    /// The v1 folders' `tasks` files, open for writing.
    tasks: Vec<OwnedFd>,
}

impl Job {
    /// Open `cgroup.procs` fds the child writes `0` into before exec.
    pub fn procs_fds(&self) -> Vec<i32> {
        self.procs.iter().map(|f| f.as_raw_fd()).collect()
    }

    /// True while any process of a snippet is still in the cgroup.
    pub fn has_processes(&self) -> bool {
        let spared = self.spared();
        self.dirs
            .iter()
            .any(|d| pids_in(d).iter().any(|p| !spared.contains(p)))
    }

    /// The resident and the houses: what lives here between snippets.
    fn spared(&self) -> Vec<i32> {
        self.resident.iter().chain(&self.houses).copied().collect()
    }

    /// `pid`, a house its resident made, lives here between snippets from now on.
    pub fn lodge(&mut self, pid: i32) {
        if !self.houses.contains(&pid) {
            // A house its server retired or let go is gone: its pid is spared no longer
            // (a later process could be given it).
            // SAFETY: signal 0 only checks for existence.
            self.houses.retain(|p| unsafe { libc::kill(*p, 0) } == 0);
            self.houses.push(pid);
        }
    }

    /// `pid` is no longer a house here (it was killed with its snippet).
    pub fn unlodge(&mut self, pid: i32) {
        self.houses.retain(|p| *p != pid);
    }

    /// Kills every process of a snippet in the cgroup and waits until none is left.
    pub fn kill(&self) {
        if let Some(d) = self.dirs.first() {
            // cgroup.kill would take a resident living there too. And where the resident's
            // jails are born in the v2 folder (`CLONE_INTO_CGROUP`), a folder once killed
            // through cgroup.kill has the kernel kill every child born in it from then on
            // (seen on Linux 6.18: its kill count is compared with the parent's cgroup's),
            // so a slot with a resident never uses it.
            let kill_file = self.kill_file.as_deref().filter(|_| self.resident.is_none());
            kill_dir(d, kill_file, &self.spared());
        }
    }

    /// Whether the kernel's OOM killer struck inside this cgroup since this snippet got it.
    pub fn oom_killed(&self) -> bool {
        self.oom_count() > self.oom_base
    }

    /// The cgroup's `oom_kill` counter (v2 `memory.events`, v1 `memory.oom_control`).
    fn oom_count(&self) -> u64 {
        let Some(path) = &self.memory_events else {
            return 0;
        };
        oom_kills(&fs::read_to_string(path).unwrap_or_default())
    }

    /// Starts the count of OOM kills afresh for the next snippet.
    pub fn rebase(&mut self) {
        self.oom_base = self.oom_count();
    }

    /// What a single-threaded resident needs to come in by itself (see
    /// `Zygote::settle`): the v1 `tasks` files to write `0` into, and the v2 folder to
    /// have its children born in.
    pub fn self_move(&self) -> (Vec<i32>, Option<i32>) {
        (
            self.tasks.iter().map(|f| f.as_raw_fd()).collect(),
            self.v2_dir.as_ref().map(|f| f.as_raw_fd()),
        )
    }

    /// Moves `pid` in to live here between snippets; it is spared by [`Job::kill`].
    pub fn host(&mut self, pid: i32) -> std::io::Result<()> {
        self.host_rest(pid, false, false)
    }

    /// As [`Job::host`], where `pid` has not come in by itself: into the v1 folders
    /// unless `v1_done`; into the v2 folder unless `v2_by_birth` (its children are born
    /// there, and it stays outside).
    pub fn host_rest(&mut self, pid: i32, v1_done: bool, v2_by_birth: bool) -> std::io::Result<()> {
        let has_v2 = self.v2_dir.is_some();
        for (i, f) in self.procs.iter().enumerate() {
            let is_v2 = has_v2 && i == 0;
            if (is_v2 && v2_by_birth) || (!is_v2 && v1_done) {
                continue;
            }
            let mut file = fs::File::from(f.try_clone()?);
            file.write_all(pid.to_string().as_bytes())?;
        }
        self.resident = Some(pid);
        Ok(())
    }
}

/// The `oom_kill` count in a `memory.events` or `memory.oom_control` file.
fn oom_kills(text: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix("oom_kill ")?.trim().parse().ok())
        .unwrap_or(0)
}

impl Drop for Job {
    fn drop(&mut self) {
        self.procs.clear();
        self.tasks.clear();
        self.v2_dir = None;
        for d in &self.dirs {
            for _ in 0..50 {
                if fs::remove_dir(d).is_ok() || !d.exists() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        }
    }
}

/// Removes `mirror-<pid>` folders left by runs that died without cleaning up (SIGKILL).
fn sweep_stale(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        // `mirror-<pid>-<n>` (and `mirror-<pid>` from before).
        let Some(pid) = name
            .strip_prefix("mirror-")
            .and_then(|p| p.split('-').next())
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if !Path::new(&format!("/proc/{pid}")).exists() {
            if let Ok(jobs) = fs::read_dir(e.path()) {
                for j in jobs.flatten().filter(is_folder) {
                    kill_dir(&j.path(), None, &[]);
                    let _ = fs::remove_dir(j.path());
                }
            }
            let _ = fs::remove_dir(e.path());
        }
    }
}

/// Whether a cgroup folder's entry is a child cgroup, from the directory listing itself: a
/// v1 memory folder holds some 40 files, and a `stat` of each made the end of a run
/// ~1 ms slower per hierarchy.
fn is_folder(e: &fs::DirEntry) -> bool {
    e.file_type().is_ok_and(|t| t.is_dir())
}

fn kill_dir(dir: &Path, kill_file: Option<&Path>, spare: &[i32]) {
    if let Some(k) = kill_file {
        write(k, "1");
    }
    // v1 has no cgroup.kill: signal every member until none is left (a fork bomb is held
    // by pids.max, so this converges).
    for _ in 0..200 {
        if !pids_in(dir).iter().any(|p| !spare.contains(p)) {
            return;
        }
        signal_members(dir, spare);
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Sends SIGKILL to every member of `dir` but `spare`, without waiting.
fn signal_members(dir: &Path, spare: &[i32]) {
    for pid in pids_in(dir).into_iter().filter(|p| !spare.contains(p)) {
        // SAFETY: plain syscall.
        unsafe {
            libc::kill(pid, libc::SIGKILL);
        }
    }
}

fn pids_in(dir: &Path) -> Vec<i32> {
    fs::read_to_string(dir.join("cgroup.procs"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect()
}

/// A cgroup folder, open as a directory (close-on-exec).
fn open_dir(dir: &Path) -> std::io::Result<OwnedFd> {
    use std::os::unix::fs::OpenOptionsExt;
    let f = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_DIRECTORY)
        .open(dir)?;
    Ok(f.into())
}

fn write(path: &Path, text: &str) -> bool {
    fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oom_kill_count_is_read_from_v1_and_v2_files() {
        let v2 = "low 0\nhigh 0\nmax 3\noom 1\noom_kill 2\noom_group_kill 0\n";
        assert_eq!(oom_kills(v2), 2);
        let v1 = "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n";
        assert_eq!(oom_kills(v1), 0);
        assert_eq!(oom_kills(""), 0);
    }

    #[test]
    fn a_reused_cgroup_reports_only_its_own_snippets_oom_kills() {
        let dir = tempfile::tempdir().unwrap();
        let events = dir.path().join("memory.events");
        fs::write(&events, "oom 1\noom_kill 1\n").unwrap();
        let mut job = Job::default();
        job.memory_events = Some(events.clone());
        // A cgroup handed on after an OOM kill: the next snippet starts from 1.
        job.rebase();
        assert!(!job.oom_killed());
        fs::write(&events, "oom 2\noom_kill 2\n").unwrap();
        assert!(job.oom_killed());
        job.dirs.clear();
    }
}
