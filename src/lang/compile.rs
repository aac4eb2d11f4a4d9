//! The compile host's life: one warm process compiles every snippet it is sent, for as long
//! as its owner (the engine) lives, each compile under its own time limit (its pair's
//! timeout). A compile past its limit (a compile bomb) gets the host killed; that snippet
//! fails with `compile timed out`. A host that dies (killed from outside, crashed) is
//! started again and the snippets it had not answered are sent to the fresh one, so a
//! harness fault never turns into failing pairs.
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tokio::time::Instant;

/// How to start the host: `program args...` in `cwd`, with `env` added.
#[derive(Debug, Clone)]
pub struct HostCommand {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    pub cwd: PathBuf,
    pub env: Vec<(&'static str, &'static str)>,
}

/// What became of one request: compiled (with its warnings), or why not.
pub type Answer = std::result::Result<String, String>;

/// One snippet to compile.
pub struct Request {
    /// The source file (as the host opens it).
    pub src: PathBuf,
    /// Where the host writes the dll.
    pub out: PathBuf,
    /// How long its compile may run once the host has started it.
    pub limit: Duration,
    /// Called once with the answer.
    pub done: Box<dyn FnOnce(Answer) + Send>,
}

/// How many hosts may die under one request before it fails (a snippet that crashes the
/// compiler is not retried for ever).
const ATTEMPTS: u32 = 3;

/// A request and the hosts that already died under it.
struct Queued {
    request: Request,
    attempts: u32,
}

/// Compile hosts alive now, killed on Ctrl-C.
static HOSTS: std::sync::Mutex<Vec<u32>> = std::sync::Mutex::new(Vec::new());

/// Kills every running compile host (interrupt path).
pub fn kill_hosts() {
    for pid in HOSTS.lock().map(|h| h.clone()).unwrap_or_default() {
        // SAFETY: plain syscall on a child we started.
        unsafe {
            libc::kill(pid as i32, libc::SIGKILL);
        }
    }
}

/// How the answer of a compile stopped at its limit begins.
pub const TIMED_OUT: &str = "compile timed out after";

/// `compile timed out after 2 s` (the message a bomb's pair shows).
pub fn timed_out_message(limit: Duration) -> String {
    let secs = limit.as_secs_f64();
    if limit.subsec_millis() == 0 {
        format!("{TIMED_OUT} {secs:.0} s")
    } else {
        format!("{TIMED_OUT} {secs:.1} s")
    }
}

/// A warm compile host, shared: requests go in any time; the host process starts with the
/// first one and stays up until every handle is dropped. Dropping the last handle lets the
/// host answer what it has, then exit.
#[derive(Clone)]
pub struct Host {
    tx: mpsc::UnboundedSender<Request>,
    state: Arc<HostState>,
}

/// What the keeper and the handles share.
#[derive(Default)]
struct HostState {
    /// Set by [`Host::shut_down`]: no host is started any more.
    closing: AtomicBool,
    /// The host process alive now, if any.
    pid: Mutex<Option<u32>>,
    /// Becomes true when the keeper has ended (its last host reaped).
    ended: tokio::sync::Notify,
    ended_flag: AtomicBool,
}

impl Host {
    /// Starts the host's keeper on the current tokio runtime. The join handle resolves to
    /// the number of host processes started, once every handle is gone (or it is shut down).
    pub fn start(command: HostCommand) -> (Host, tokio::task::JoinHandle<usize>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let state = Arc::new(HostState::default());
        let keeper = tokio::spawn({
            let state = state.clone();
            async move {
                let hosts = keep(command, rx, &state).await;
                state.ended_flag.store(true, Ordering::SeqCst);
                state.ended.notify_waiters();
                hosts
            }
        });
        (Host { tx, state }, keeper)
    }

    /// Kills the host process now and starts no other; what it had not answered fails with
    /// "shut down". Resolves once the host is reaped (nothing of it is left running).
    pub async fn shut_down(&self) {
        let ended = self.state.ended.notified();
        self.state.closing.store(true, Ordering::SeqCst);
        if let Some(pid) = *self.state.pid.lock().unwrap() {
            // SAFETY: plain syscall on the host process this keeper started and has not
            // reaped yet (its pid is cleared before it is reaped).
            unsafe {
                libc::kill(pid as i32, libc::SIGKILL);
            }
        }
        // Wake an idle keeper: a request that fails at once.
        let _ = self.tx.send(Request {
            src: PathBuf::new(),
            out: PathBuf::new(),
            limit: Duration::ZERO,
            done: Box::new(|_| {}),
        });
        if !self.state.ended_flag.load(Ordering::SeqCst) {
            ended.await;
        }
    }

    /// Queues one compile; its `done` is called exactly once, whatever happens.
    pub fn submit(&self, request: Request) {
        if let Err(e) = self.tx.send(request) {
            (e.0.done)(Err("the C# compile host was shut down".into()));
        }
    }
}

/// Compiles every request, starting hosts as needed; every `done` is called exactly once.
/// Returns how many hosts were started.
pub async fn compile_all(host: &HostCommand, queue: Vec<Request>) -> usize {
    let (handle, keeper) = Host::start(host.clone());
    for r in queue {
        handle.submit(r);
    }
    drop(handle);
    keeper.await.unwrap_or(0)
}

/// The keeper: runs one host process after another for as long as requests can come.
async fn keep(
    command: HostCommand,
    mut rx: mpsc::UnboundedReceiver<Request>,
    state: &HostState,
) -> usize {
    let mut hosts = 0;
    let mut queue: Vec<Queued> = Vec::new();
    let mut open = true;
    loop {
        if state.closing.load(Ordering::SeqCst) {
            rx.close();
            while let Ok(request) = rx.try_recv() {
                queue.push(Queued {
                    request,
                    attempts: 0,
                });
            }
            for q in queue {
                (q.request.done)(Err("the C# compile host was shut down".into()));
            }
            return hosts;
        }
        if queue.is_empty() {
            if !open {
                return hosts;
            }
            match rx.recv().await {
                Some(request) => {
                    queue.push(Queued {
                        request,
                        attempts: 0,
                    });
                    // Back to the top: a shut-down may have come meanwhile.
                    continue;
                }
                None => return hosts,
            }
        }
        hosts += 1;
        let (rest, still_open) =
            run_host(&command, std::mem::take(&mut queue), &mut rx, open, state).await;
        queue = rest;
        open = still_open;
    }
}

/// One line the host is sent: a snippet to compile (the protocol is in CompileHost.cs).
#[derive(serde::Serialize)]
struct Line<'a> {
    id: &'a str,
    src: &'a std::path::Path,
    out: &'a std::path::Path,
}

/// One line the host answers: a compile has started, or its result.
#[derive(serde::Deserialize)]
struct Reply {
    id: String,
    #[serde(default)]
    started: bool,
    #[serde(default)]
    ok: bool,
    #[serde(default)]
    diagnostics: String,
}

/// Runs one host process: sends it `queue` and whatever else arrives while it lives.
/// Returns the requests to hand to a fresh host (those it had not answered when it died or
/// was killed for running past a limit) and whether more requests can still arrive.
async fn run_host(
    host: &HostCommand,
    queue: Vec<Queued>,
    rx: &mut mpsc::UnboundedReceiver<Request>,
    mut open: bool,
    state: &HostState,
) -> (Vec<Queued>, bool) {
    let (mut running, stdout, stderr_task) = match Running::spawn(host, state) {
        Ok(started) => started,
        Err(e) => {
            for q in queue {
                (q.request.done)(Err(format!("starting the C# compile host: {e}")));
            }
            return (Vec::new(), open);
        }
    };
    for q in queue {
        running.send(q).await;
    }
    if !open {
        // Closing stdin tells the host to finish and exit.
        running.stdin = None;
    }
    let mut lines = BufReader::new(stdout).lines();
    loop {
        tokio::select! {
            request = rx.recv(), if open => match request {
                Some(request) => running.send(Queued { request, attempts: 0 }).await,
                None => {
                    open = false;
                    running.stdin = None;
                }
            },
            line = lines.next_line() => match line {
                Ok(Some(line)) => running.reply(&line),
                // stdout closed: the host exited, on its own (stdin closed, everything
                // answered) or not.
                _ => break,
            },
            _ = sleep_until(running.deadline()) => {
                // A compile ran past its limit: kill the host, fail the late ones, and give
                // the rest to a fresh host.
                return (running.kill_late(state).await, open);
            }
        }
    }
    (running.exited(state, stderr_task).await, open)
}

/// A host process while it runs: what it was sent and has not answered, and which of
/// those compiles it has started (their time limits run from then).
struct Running {
    child: tokio::process::Child,
    pid: u32,
    stdin: Option<tokio::process::ChildStdin>,
    next_id: u64,
    pending: HashMap<String, Queued>,
    started: HashMap<String, Instant>,
}

impl Running {
    /// Starts the host, with its stdout to read and a task reading its stderr alongside
    /// (so that a chatty host never blocks on a full pipe).
    fn spawn(
        host: &HostCommand,
        state: &HostState,
    ) -> std::io::Result<(
        Running,
        tokio::process::ChildStdout,
        tokio::task::JoinHandle<String>,
    )> {
        let mut command = tokio::process::Command::new(&host.program);
        command
            .args(&host.args)
            .current_dir(&host.cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        for (k, v) in &host.env {
            command.env(k, v);
        }
        let mut child = command.spawn()?;
        let pid = child.id().unwrap_or(0);
        HOSTS.lock().unwrap().push(pid);
        *state.pid.lock().unwrap() = Some(pid);
        if state.closing.load(Ordering::SeqCst) {
            // Shut down while it started: it never gets a request.
            let _ = child.start_kill();
        }
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("piped");
        let mut stderr = child.stderr.take().expect("piped");
        let stderr_task = tokio::spawn(async move {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text).await;
            text
        });
        let running = Running {
            child,
            pid,
            stdin,
            next_id: 0,
            pending: HashMap::new(),
            started: HashMap::new(),
        };
        Ok((running, stdout, stderr_task))
    }

    /// Writes one request to the host (a closed or broken stdin is noticed when its stdout
    /// ends, and the request goes to the next host).
    async fn send(&mut self, q: Queued) {
        let id = self.next_id.to_string();
        self.next_id += 1;
        let line = Line {
            id: &id,
            src: &q.request.src,
            out: &q.request.out,
        };
        let mut text = serde_json::to_string(&line).expect("paths and ids serialise");
        text.push('\n');
        if let Some(pipe) = self.stdin.as_mut() {
            if pipe.write_all(text.as_bytes()).await.is_err() {
                self.stdin = None;
            }
        }
        self.pending.insert(id, q);
    }

    /// When the earliest started compile runs out of time.
    fn deadline(&self) -> Option<Instant> {
        self.started
            .iter()
            .filter_map(|(id, at)| self.pending.get(id).map(|q| *at + q.request.limit))
            .min()
    }

    /// Takes one line of the host's stdout: a compile started, or its answer.
    fn reply(&mut self, line: &str) {
        let Ok(reply) = serde_json::from_str::<Reply>(line) else {
            return;
        };
        if reply.started {
            self.started.insert(reply.id, Instant::now());
        } else if let Some(q) = self.pending.remove(&reply.id) {
            self.started.remove(&reply.id);
            let answer = if reply.ok {
                Ok(reply.diagnostics)
            } else {
                Err(reply.diagnostics)
            };
            (q.request.done)(answer);
        }
    }

    /// Kills the host, and reaps it.
    async fn kill(&mut self, state: &HostState) {
        *state.pid.lock().unwrap() = None;
        let _ = self.child.start_kill();
        let _ = self.child.wait().await;
        HOSTS.lock().unwrap().retain(|p| *p != self.pid);
    }

    /// Kills the host because a compile ran past its limit: that one fails with "compile
    /// timed out", the others go to a fresh host as they were.
    async fn kill_late(mut self, state: &HostState) -> Vec<Queued> {
        self.kill(state).await;
        let now = Instant::now();
        let late: Vec<String> = self
            .started
            .iter()
            .filter(|(id, at)| {
                self.pending
                    .get(*id)
                    .is_some_and(|q| **at + q.request.limit <= now)
            })
            .map(|(id, _)| id.clone())
            .collect();
        for id in late {
            let q = self.pending.remove(&id).expect("pending");
            (q.request.done)(Err(timed_out_message(q.request.limit)));
        }
        in_order(self.pending).into_iter().map(|(_, q)| q).collect()
    }

    /// The host's stdout ended: reaps it, and returns what it left unanswered for a fresh
    /// host. A compile it had started may be what killed it: after [`ATTEMPTS`] hosts that
    /// one fails, with the host's stderr.
    async fn exited(
        mut self,
        state: &HostState,
        stderr: tokio::task::JoinHandle<String>,
    ) -> Vec<Queued> {
        self.stdin = None;
        *state.pid.lock().unwrap() = None;
        let status = self.child.wait().await;
        HOSTS.lock().unwrap().retain(|p| *p != self.pid);
        let err = stderr.await.unwrap_or_default();
        if self.pending.is_empty() {
            return Vec::new();
        }
        let how = match status {
            Ok(s) => s.to_string(),
            Err(e) => e.to_string(),
        };
        let mut again = Vec::new();
        for (id, mut q) in in_order(self.pending) {
            // Only a compile the host had started can have killed it; the rest go again as
            // they were.
            if self.started.contains_key(&id) {
                q.attempts += 1;
            }
            if q.attempts >= ATTEMPTS {
                (q.request.done)(Err(format!(
                    "the C# compile host stopped before answering, {ATTEMPTS} times ({how}):\n{err}"
                )));
            } else {
                again.push(q);
            }
        }
        if !again.is_empty() && !state.closing.load(Ordering::SeqCst) {
            eprintln!(
                "mirror: the C# compile host stopped ({how}); started a fresh one for the {} snippet(s) it had not compiled",
                again.len()
            );
        }
        again
    }
}

/// Pending requests in the order they were sent (ids count up).
fn in_order(pending: HashMap<String, Queued>) -> Vec<(String, Queued)> {
    let mut all: Vec<(String, Queued)> = pending.into_iter().collect();
    all.sort_by_key(|(id, _)| id.parse::<u64>().unwrap_or(u64::MAX));
    all
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A stand-in host speaking the protocol: it compiles in request order, one at a time,
    /// and hangs for ever on a source named `bomb`.
    const FAKE_HOST: &str = r#"
import json, sys, time
for line in sys.stdin:
    req = json.loads(line)
    print(json.dumps({"id": req["id"], "started": True}), flush=True)
    if "bomb" in req["src"]:
        time.sleep(3600)
    print(json.dumps({"id": req["id"], "ok": True, "diagnostics": ""}), flush=True)
"#;

    #[tokio::test]
    async fn a_bomb_fails_alone_and_the_snippets_queued_behind_it_go_to_a_fresh_host() {
        let host = HostCommand {
            program: "python3".into(),
            args: vec!["-c".into(), FAKE_HOST.into()],
            cwd: std::env::temp_dir(),
            env: Vec::new(),
        };
        let answers: Arc<Mutex<Vec<(String, Answer)>>> = Arc::default();
        let requests = ["a", "bomb", "b", "c"]
            .into_iter()
            .map(|name| {
                let answers = answers.clone();
                Request {
                    src: name.into(),
                    out: "out.dll".into(),
                    limit: Duration::from_millis(300),
                    done: Box::new(move |a| answers.lock().unwrap().push((name.into(), a))),
                }
            })
            .collect();
        let started = std::time::Instant::now();
        assert_eq!(compile_all(&host, requests).await, 2);
        assert!(started.elapsed() < Duration::from_secs(20));
        let mut answers = answers.lock().unwrap().clone();
        answers.sort_by(|x, y| x.0.cmp(&y.0));
        let expected: Vec<(String, Answer)> = vec![
            ("a".into(), Ok(String::new())),
            ("b".into(), Ok(String::new())),
            ("bomb".into(), Err("compile timed out after 0.3 s".into())),
            ("c".into(), Ok(String::new())),
        ];
        assert_eq!(answers, expected);
        assert!(HOSTS.lock().unwrap().is_empty());
    }

    /// A stand-in host that dies (as if killed from outside) on a source named `crash`,
    /// the first time only when `once` is in its name; it answers nothing else first.
    const DYING_HOST: &str = r#"
import json, os, sys
for line in sys.stdin:
    req = json.loads(line)
    print(json.dumps({"id": req["id"], "started": True}), flush=True)
    if "crash" in req["src"]:
        flag = req["out"] + ".seen"
        if "once" not in req["src"] or not os.path.exists(flag):
            open(flag, "w").close()
            os._exit(9)
    print(json.dumps({"id": req["id"], "ok": True, "diagnostics": ""}), flush=True)
"#;

    fn requests(
        names: &[&'static str],
        out: &std::path::Path,
        answers: &Arc<Mutex<Vec<(String, Answer)>>>,
    ) -> Vec<Request> {
        names
            .iter()
            .copied()
            .map(|name| {
                let answers = answers.clone();
                Request {
                    src: name.into(),
                    out: out.join(name),
                    limit: Duration::from_secs(20),
                    done: Box::new(move |a| answers.lock().unwrap().push((name.to_string(), a))),
                }
            })
            .collect()
    }

    #[tokio::test]
    async fn a_host_that_dies_is_replaced_and_its_unanswered_snippets_compile_on_the_fresh_one() {
        let dir = tempfile::tempdir().unwrap();
        let host = HostCommand {
            program: "python3".into(),
            args: vec!["-c".into(), DYING_HOST.into()],
            cwd: std::env::temp_dir(),
            env: Vec::new(),
        };
        let answers: Arc<Mutex<Vec<(String, Answer)>>> = Arc::default();
        let queue = requests(&["a", "crash-once", "b"], dir.path(), &answers);
        assert_eq!(compile_all(&host, queue).await, 2);
        let mut answers = answers.lock().unwrap().clone();
        answers.sort_by(|x, y| x.0.cmp(&y.0));
        assert!(answers.iter().all(|(_, a)| a.is_ok()), "{answers:?}");
        assert_eq!(answers.len(), 3);
    }

    #[tokio::test]
    async fn a_snippet_that_kills_every_host_fails_alone_after_three_hosts() {
        let dir = tempfile::tempdir().unwrap();
        let host = HostCommand {
            program: "python3".into(),
            args: vec!["-c".into(), DYING_HOST.into()],
            cwd: std::env::temp_dir(),
            env: Vec::new(),
        };
        let answers: Arc<Mutex<Vec<(String, Answer)>>> = Arc::default();
        let queue = requests(&["crash", "z"], dir.path(), &answers);
        compile_all(&host, queue).await;
        let mut answers = answers.lock().unwrap().clone();
        answers.sort_by(|x, y| x.0.cmp(&y.0));
        assert_eq!(answers.len(), 2);
        let crash = answers[0].1.clone().unwrap_err();
        assert!(
            crash.contains("stopped before answering, 3 times"),
            "{crash}"
        );
        assert_eq!(answers[1].1, Ok(String::new()));
    }

    #[tokio::test]
    async fn a_shared_host_takes_requests_after_it_started_and_stays_up_between_them() {
        let dir = tempfile::tempdir().unwrap();
        let host = HostCommand {
            program: "python3".into(),
            args: vec!["-c".into(), DYING_HOST.into()],
            cwd: std::env::temp_dir(),
            env: Vec::new(),
        };
        let (handle, keeper) = Host::start(host);
        for name in ["first", "second"] {
            let (tx, rx) = tokio::sync::oneshot::channel();
            handle.submit(Request {
                src: name.into(),
                out: dir.path().join(name),
                limit: Duration::from_secs(20),
                done: Box::new(move |a| {
                    let _ = tx.send(a);
                }),
            });
            assert_eq!(rx.await.unwrap(), Ok(String::new()));
        }
        drop(handle);
        assert_eq!(keeper.await.unwrap(), 1, "one host served both");
    }

    #[tokio::test]
    async fn a_shut_down_kills_the_host_fails_what_it_held_and_starts_no_other() {
        let host = HostCommand {
            program: "python3".into(),
            args: vec!["-c".into(), FAKE_HOST.into()],
            cwd: std::env::temp_dir(),
            env: Vec::new(),
        };
        let (handle, keeper) = Host::start(host);
        let (tx, rx) = tokio::sync::oneshot::channel();
        handle.submit(Request {
            src: "bomb".into(),
            out: "out.dll".into(),
            limit: Duration::from_secs(3600),
            done: Box::new(move |a| {
                let _ = tx.send(a);
            }),
        });
        // Let the host take the request and start on it.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let started = std::time::Instant::now();
        handle.shut_down().await;
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(rx.await.unwrap().is_err());
        assert_eq!(keeper.await.unwrap(), 1, "no second host");
        assert!(handle.state.pid.lock().unwrap().is_none());
    }

    #[test]
    fn timeout_messages_read_naturally() {
        assert_eq!(
            timed_out_message(Duration::from_secs(2)),
            "compile timed out after 2 s"
        );
        assert_eq!(
            timed_out_message(Duration::from_millis(1500)),
            "compile timed out after 1.5 s"
        );
    }
}
