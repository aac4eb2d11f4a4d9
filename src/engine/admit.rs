//! How many snippets run at once. `--jobs N` admits N, strictly. Left at its default (one
//! per core), a core that sleeping snippets leave idle (lesson 7's deliberate sleeps, a
//! fixture fetch, a C# side waiting on a timer) is lent to the next snippet in line: the
//! machine's idle time is sampled from `/proc/stat` while snippets wait, as ninja and make
//! `-l` look at the machine rather than trust a fixed count. A lent place is taken back
//! when its snippet ends while no core is idle, so the count returns to N.
//!
//! Snippets waiting for a place go in course order, not in the order they asked: a C# side
//! whose build has just finished goes before the Python sides of later pairs, so that pairs
//! finish one after another from the start of a cold run (with a FIFO, every C# side would
//! wait behind every Python side of the run, and no pair would finish until they had all
//! run).
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};

/// How often the machine's idle time is sampled while snippets wait for a place.
/// `/proc/stat` counts in 10 ms ticks, so one sample of two cores is 4 ticks: coarse, but
/// a sleeping snippet idles a core for hundreds of ms. (40 ms samples with two of them
/// between loans left 1.1-2.1 core-seconds idle in a warm run of the shipped course;
/// 20 ms and one, 1.1-1.4, and the run's median 3-5% shorter: BENCHMARKS.md.)
const SAMPLE: Duration = Duration::from_millis(20);
/// Idle time, in cores, over one sample that counts as a core left idle.
const IDLE_CORES: f64 = 0.75;
/// Samples to wait after a loan before the next one, so that the snippet just admitted
/// shows up in the idle time before another is let in.
const COOLDOWN: u32 = 1;

/// The most snippets that run at once with `jobs` places and idle cores lent: as many
/// again may be lent.
pub fn ceiling(jobs: usize) -> usize {
    2 * jobs.max(1)
}

/// Where a snippet stands in line: its run (earlier runs first, for `serve`'s concurrent
/// clicks), then its pair's place in the course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Order {
    pub run: u64,
    pub pair: usize,
}

/// The places snippets run in.
pub(crate) struct Admission {
    places: Arc<Semaphore>,
    lending: Option<Arc<Lending>>,
    /// Snippets running now, and the most at once since the run started.
    running: Arc<Counter>,
    line: Line,
    runs: AtomicU64,
}

/// The snippets waiting for a place, by [`Order`] (then by arrival), each with its own
/// wake-up. Only the first waits on the semaphore; when one that goes before it arrives,
/// it is woken to step back, and when it leaves, the next first is woken.
#[derive(Default)]
struct Line {
    waiting: Mutex<std::collections::BTreeMap<(Order, u64), Arc<Notify>>>,
    arrivals: AtomicU64,
}

type Waiters = std::collections::BTreeMap<(Order, u64), Arc<Notify>>;

impl Line {
    fn lock(&self) -> std::sync::MutexGuard<'_, Waiters> {
        self.waiting.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn is_first(&self, me: (Order, u64)) -> bool {
        self.lock().keys().next() == Some(&me)
    }

    /// Joins the line; the one that was first is woken if `me` now goes before it.
    fn join(&self, me: (Order, u64), wake: Arc<Notify>) {
        let mut w = self.lock();
        let was_first = w.first_key_value().map(|(k, n)| (*k, n.clone()));
        w.insert(me, wake);
        if let Some((first, notify)) = was_first {
            if me < first {
                notify.notify_one();
            }
        }
    }
}

/// A snippet's place in the line; leaving it (with a place, or given up) wakes the next.
struct InLine<'a> {
    line: &'a Line,
    me: (Order, u64),
}

impl Drop for InLine<'_> {
    fn drop(&mut self) {
        let mut w = self.line.lock();
        w.remove(&self.me);
        if let Some((_, next)) = w.first_key_value() {
            next.notify_one();
        }
    }
}

#[derive(Default)]
struct Counter {
    now: AtomicUsize,
    peak: AtomicUsize,
}

struct Lending {
    /// The cores mirror may run on (its affinity), as `/proc/stat` names them (`cpu3`).
    cpus: Vec<usize>,
    /// Places lent beyond `--jobs` and not yet taken back.
    lent: AtomicUsize,
    /// At most this many lent at once.
    max: usize,
    /// Snippets waiting for a place.
    waiting: AtomicUsize,
    /// The last sample found a core idle.
    idle: AtomicBool,
    /// A sampler task is running.
    sampling: AtomicBool,
    /// The most places lent at once (for `--timings`).
    peak_lent: AtomicUsize,
    /// Serialises taking a loan back against the sampler's lending.
    book: Mutex<()>,
}

/// A snippet's place; given back (or, if lent and no core is idle, taken back) on drop.
pub(crate) struct Place {
    permit: Option<OwnedSemaphorePermit>,
    lending: Option<Arc<Lending>>,
    running: Arc<Counter>,
}

impl Admission {
    /// `jobs` places; `lend` lends idle cores beyond them (the default `--jobs`).
    pub fn new(jobs: usize, lend: bool) -> Admission {
        let jobs = jobs.max(1);
        let lending = lend.then(|| {
            Arc::new(Lending {
                cpus: allowed_cpus(),
                lent: AtomicUsize::new(0),
                max: ceiling(jobs) - jobs,
                waiting: AtomicUsize::new(0),
                idle: AtomicBool::new(false),
                sampling: AtomicBool::new(false),
                peak_lent: AtomicUsize::new(0),
                book: Mutex::new(()),
            })
        });
        Admission {
            places: Arc::new(Semaphore::new(jobs)),
            lending,
            running: Arc::default(),
            line: Line::default(),
            runs: AtomicU64::new(0),
        }
    }

    /// A number for a new run: its snippets go after those of the runs before it.
    pub fn next_run(&self) -> u64 {
        self.runs.fetch_add(1, Ordering::SeqCst)
    }

    /// Waits for a place, in line by `order`.
    pub async fn acquire(&self, order: Order) -> Place {
        let free = if self.line.lock().is_empty() {
            self.places.clone().try_acquire_owned().ok()
        } else {
            None
        };
        let permit = match free {
            Some(p) => p,
            None => {
                // Counted while waiting, also when the wait is dropped (a cancelled run):
                // the sampler runs only while someone waits.
                let _waiting = self.lending.as_ref().map(|l| {
                    l.waiting.fetch_add(1, Ordering::SeqCst);
                    l.ensure_sampler(self.places.clone());
                    Waiting(l)
                });
                let me = (order, self.line.arrivals.fetch_add(1, Ordering::SeqCst));
                let wake = Arc::new(Notify::new());
                self.line.join(me, wake.clone());
                let in_line = InLine {
                    line: &self.line,
                    me,
                };
                // Wake-ups are stored (`notify_one`), so none is lost between a check and
                // the wait; a spurious one only makes the check run again.
                let acquired = loop {
                    if !self.line.is_first(me) {
                        wake.notified().await;
                        continue;
                    }
                    tokio::select! {
                        biased;
                        permit = self.places.clone().acquire_owned() => break permit,
                        // One that goes before this one came: step back from the semaphore.
                        () = wake.notified() => continue,
                    }
                };
                drop(in_line);
                acquired.expect("the places are never closed")
            }
        };
        let now = self.running.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.running.peak.fetch_max(now, Ordering::SeqCst);
        Place {
            permit: Some(permit),
            lending: self.lending.clone(),
            running: self.running.clone(),
        }
    }

    /// Starts counting the peaks afresh (at the start of a run).
    pub fn reset_peaks(&self) {
        if let Some(l) = &self.lending {
            l.peak_lent.store(l.lent.load(Ordering::SeqCst), Ordering::SeqCst);
        }
        let r = &self.running;
        r.peak.store(r.now.load(Ordering::SeqCst), Ordering::SeqCst);
    }

    /// The most places lent at once since the run started (zero when `--jobs` was given),
    /// and the most snippets running at once.
    pub fn peaks(&self) -> (usize, usize) {
        let lent = self
            .lending
            .as_ref()
            .map_or(0, |l| l.peak_lent.load(Ordering::SeqCst));
        (lent, self.running.peak.load(Ordering::SeqCst))
    }
}

/// One snippet waiting for a place, as the sampler counts them.
struct Waiting<'a>(&'a Lending);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.waiting.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        self.running.now.fetch_sub(1, Ordering::SeqCst);
        let (Some(permit), Some(l)) = (self.permit.take(), &self.lending) else {
            return;
        };
        let _book = l.book.lock().unwrap_or_else(|e| e.into_inner());
        if l.lent.load(Ordering::SeqCst) > 0 && !l.idle.load(Ordering::SeqCst) {
            l.lent.fetch_sub(1, Ordering::SeqCst);
            permit.forget();
        }
    }
}

impl Lending {
    /// Starts the sampler unless one runs; it ends once nobody waits.
    fn ensure_sampler(self: &Arc<Self>, places: Arc<Semaphore>) {
        if self.sampling.swap(true, Ordering::SeqCst) {
            return;
        }
        let me = self.clone();
        tokio::spawn(async move {
            let mut last = read_stat(&me.cpus);
            let mut cooldown = 0;
            loop {
                tokio::time::sleep(SAMPLE).await;
                let now = read_stat(&me.cpus);
                let idle = match (last, now) {
                    (Some(a), Some(b)) => idle_cores(a, b) >= IDLE_CORES,
                    _ => false,
                };
                last = now;
                me.idle.store(idle, Ordering::SeqCst);
                cooldown = u32::saturating_sub(cooldown, 1);
                if idle && cooldown == 0 && me.waiting.load(Ordering::SeqCst) > 0 {
                    let _book = me.book.lock().unwrap_or_else(|e| e.into_inner());
                    if me.lent.load(Ordering::SeqCst) < me.max && places.available_permits() == 0
                    {
                        let lent = me.lent.fetch_add(1, Ordering::SeqCst) + 1;
                        me.peak_lent.fetch_max(lent, Ordering::SeqCst);
                        places.add_permits(1);
                        cooldown = COOLDOWN;
                    }
                }
                if me.waiting.load(Ordering::SeqCst) == 0 {
                    me.sampling.store(false, Ordering::SeqCst);
                    // A waiter that came after the check and saw `sampling` still set.
                    if me.waiting.load(Ordering::SeqCst) == 0
                        || me.sampling.swap(true, Ordering::SeqCst)
                    {
                        me.idle.store(false, Ordering::SeqCst);
                        return;
                    }
                }
            }
        });
    }
}

/// Busy and idle time (in `/proc/stat` ticks) summed over some cores.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Ticks {
    total: u64,
    idle: u64,
    cores: usize,
}

/// Read by hand: the `procfs` crate is not in the offline registry, and `sysinfo` (which
/// is) reports usage as percentages over its own refresh interval and reads every process,
/// where this needs the raw idle ticks of a few cores, cheaply, 25 times a second.
fn read_stat(cpus: &[usize]) -> Option<Ticks> {
    parse_stat(&std::fs::read_to_string("/proc/stat").ok()?, cpus)
}

/// Sums the `cpuN` lines of `/proc/stat` for the cores in `cpus` (all of them if empty):
/// idle is `idle` + `iowait`; the total leaves out `guest` and `guest_nice`, which
/// `user` and `nice` already count.
fn parse_stat(text: &str, cpus: &[usize]) -> Option<Ticks> {
    let mut t = Ticks {
        total: 0,
        idle: 0,
        cores: 0,
    };
    for line in text.lines() {
        let mut fields = line.split_ascii_whitespace();
        let Some(n) = fields
            .next()
            .and_then(|name| name.strip_prefix("cpu"))
            .and_then(|n| n.parse::<usize>().ok())
        else {
            continue;
        };
        if !cpus.is_empty() && !cpus.contains(&n) {
            continue;
        }
        let v: Vec<u64> = fields.take(8).filter_map(|f| f.parse().ok()).collect();
        if v.len() < 5 {
            return None;
        }
        t.total += v.iter().sum::<u64>();
        t.idle += v[3] + v[4];
        t.cores += 1;
    }
    (t.cores > 0).then_some(t)
}

/// How many cores were idle, on average, between two samples.
fn idle_cores(a: Ticks, b: Ticks) -> f64 {
    let total = b.total.saturating_sub(a.total);
    if total == 0 || a.cores != b.cores {
        return 0.0;
    }
    b.idle.saturating_sub(a.idle) as f64 / total as f64 * b.cores as f64
}

/// The cores this process may run on (none known: every core counts).
fn allowed_cpus() -> Vec<usize> {
    use nix::sched::{sched_getaffinity, CpuSet};
    let Ok(set) = sched_getaffinity(nix::unistd::Pid::from_raw(0)) else {
        return Vec::new();
    };
    (0..CpuSet::count())
        .filter(|&i| set.is_set(i).unwrap_or(false))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const STAT: &str = "cpu  300 0 100 800 20 0 0 0 0 0
cpu0 100 0 50 400 10 0 0 5 3 0
cpu1 200 0 50 400 10 0 0 0 0 0
intr 12345
ctxt 678
";

    #[test]
    fn sums_the_allowed_cores_and_counts_iowait_as_idle_but_not_guest_time() {
        let all = parse_stat(STAT, &[]).unwrap();
        assert_eq!(
            all,
            Ticks {
                total: 100 + 50 + 400 + 10 + 5 + 200 + 50 + 400 + 10,
                idle: 820,
                cores: 2
            }
        );
        let one = parse_stat(STAT, &[1]).unwrap();
        assert_eq!((one.total, one.idle, one.cores), (660, 410, 1));
        assert_eq!(parse_stat(STAT, &[7]), None);
        assert_eq!(parse_stat("cpu0 1 2\n", &[]), None);
    }

    #[test]
    fn idle_time_is_counted_in_cores() {
        let a = Ticks {
            total: 1000,
            idle: 500,
            cores: 2,
        };
        // One core busy, one idle over the window.
        let b = Ticks {
            total: 1200,
            idle: 600,
            cores: 2,
        };
        assert!((idle_cores(a, b) - 1.0).abs() < 1e-9);
        // Both busy.
        let c = Ticks {
            total: 1400,
            idle: 600,
            cores: 2,
        };
        assert_eq!(idle_cores(b, c), 0.0);
        // No time passed, or the set of cores changed: nothing is idle.
        assert_eq!(idle_cores(c, c), 0.0);
        assert_eq!(idle_cores(a, Ticks { cores: 1, ..c }), 0.0);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn given_jobs_are_strict_and_lent_places_are_taken_back() {
        let strict = Admission::new(1, false);
        let held = strict.acquire(O).await;
        let waiting = tokio::time::timeout(Duration::from_millis(300), strict.acquire(O)).await;
        assert!(waiting.is_err(), "a second place was given with --jobs 1");
        drop(held);
        let _again = strict.acquire(O).await;
        assert_eq!(strict.peaks(), (0, 1));

        // A lent place given back while no core is idle is taken back: the count is N again.
        let lending = Admission::new(1, true);
        let l = lending.lending.clone().unwrap();
        l.lent.store(1, Ordering::SeqCst);
        lending.places.add_permits(1);
        let (a, b) = (lending.acquire(O).await, lending.acquire(O).await);
        assert_eq!(lending.peaks().1, 2);
        l.idle.store(false, Ordering::SeqCst);
        drop(a);
        assert_eq!(l.lent.load(Ordering::SeqCst), 0);
        assert_eq!(lending.places.available_permits(), 0);
        drop(b);
        assert_eq!(lending.places.available_permits(), 1);

        // A wait given up (its run was cancelled) no longer counts as waiting, so the
        // sampler stops. (Nothing more may be lent here: the machine running the test may
        // well be idle.)
        l.lent.store(l.max, Ordering::SeqCst);
        let _held = lending.acquire(O).await;
        let gave_up = tokio::time::timeout(Duration::from_millis(100), lending.acquire(O)).await;
        assert!(gave_up.is_err());
        assert_eq!(l.waiting.load(Ordering::SeqCst), 0);
    }

    /// Any place in line, for tests where the order does not matter.
    const O: Order = Order { run: 0, pair: 0 };

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn waiting_snippets_get_places_in_course_order_not_arrival_order() {
        let jobs = Arc::new(Admission::new(1, false));
        let held = jobs.acquire(O).await;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        // They arrive as a cold run's sides do: later pairs' Python sides first, then an
        // earlier pair's C# side whose build has just finished; and one of an earlier run.
        let mut tasks = Vec::new();
        for (run, pair) in [(1, 7), (1, 5), (1, 9), (1, 2), (0, 8)] {
            let (j, tx) = (jobs.clone(), tx.clone());
            tasks.push(tokio::spawn(async move {
                let place = j.acquire(Order { run, pair }).await;
                tx.send((run, pair)).unwrap();
                // Held a moment, so the next is let in only after this one.
                tokio::time::sleep(Duration::from_millis(5)).await;
                drop(place);
            }));
            // Each in line before the next arrives.
            while jobs.line.lock().len() < tasks.len() {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        }
        drop(held);
        for t in tasks {
            t.await.unwrap();
        }
        drop(tx);
        let mut got = Vec::new();
        while let Some(o) = rx.recv().await {
            got.push(o);
        }
        assert_eq!(got, [(0, 8), (1, 2), (1, 5), (1, 7), (1, 9)]);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_wait_given_up_at_the_head_of_the_line_lets_the_next_in() {
        let jobs = Arc::new(Admission::new(1, false));
        let held = jobs.acquire(O).await;
        let first = tokio::spawn({
            let jobs = jobs.clone();
            async move { jobs.acquire(Order { run: 0, pair: 1 }).await }
        });
        while jobs.line.lock().is_empty() {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        let second = tokio::spawn({
            let jobs = jobs.clone();
            async move {
                let _place = jobs.acquire(Order { run: 0, pair: 2 }).await;
            }
        });
        while jobs.line.lock().len() < 2 {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        first.abort();
        let _ = first.await;
        drop(held);
        tokio::time::timeout(Duration::from_secs(5), second)
            .await
            .expect("the second waiter got the place")
            .unwrap();
        assert!(jobs.line.lock().is_empty());
    }
}
