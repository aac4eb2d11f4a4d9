//! The compile host's life: one warm process compiles the snippets of a run, each under its
//! own time limit (its pair's timeout). A compile past its limit (a compile bomb) gets the
//! host killed; that snippet fails with `compile timed out`, and the snippets the host had
//! not answered yet go to a fresh host.
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
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

/// Compiles every request, starting hosts as needed; every `done` is called exactly once.
/// Returns how many hosts were started.
pub async fn compile_all(host: &HostCommand, mut queue: Vec<Request>) -> usize {
    let mut hosts = 0;
    while !queue.is_empty() {
        hosts += 1;
        queue = run_host(host, queue).await;
    }
    hosts
}

/// Runs one host over `queue`. Returns the requests to hand to a fresh host: those it had
/// not answered when it was killed for running past a limit (empty when it ended itself).
async fn run_host(host: &HostCommand, queue: Vec<Request>) -> Vec<Request> {
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
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            for r in queue {
                (r.done)(Err(format!("starting the C# compile host: {e}")));
            }
            return Vec::new();
        }
    };
    let pid = child.id().unwrap_or(0);
    HOSTS.lock().unwrap().push(pid);
    let mut stdin = child.stdin.take().expect("piped");
    let stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");

    let mut lines_out = String::new();
    let mut pending: HashMap<String, Request> = HashMap::new();
    for (i, r) in queue.into_iter().enumerate() {
        let id = i.to_string();
        let line = serde_json::json!({"id": id, "src": r.src, "out": r.out});
        lines_out.push_str(&format!("{line}\n"));
        pending.insert(id, r);
    }
    tokio::spawn(async move {
        let _ = stdin.write_all(lines_out.as_bytes()).await;
        // Closing stdin tells the host to finish and exit.
        drop(stdin);
    });
    // Read stderr alongside stdout, so that a chatty host never blocks on a full pipe.
    let stderr_task = tokio::spawn(async move {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text).await;
        text
    });

    let mut lines = BufReader::new(stdout).lines();
    let mut started: HashMap<String, Instant> = HashMap::new();
    loop {
        let deadline = started
            .iter()
            .filter_map(|(id, at)| pending.get(id).map(|r| *at + r.limit))
            .min();
        let line = tokio::select! {
            line = lines.next_line() => line,
            _ = sleep_until(deadline) => {
                // A compile ran past its limit: kill the host, fail the late ones, and give
                // the rest to a fresh host.
                let _ = child.start_kill();
                let _ = child.wait().await;
                HOSTS.lock().unwrap().retain(|p| *p != pid);
                let now = Instant::now();
                let late: Vec<String> = started
                    .iter()
                    .filter(|(id, at)| pending.get(*id).is_some_and(|r| **at + r.limit <= now))
                    .map(|(id, _)| id.clone())
                    .collect();
                for id in late {
                    let r = pending.remove(&id).expect("pending");
                    (r.done)(Err(timed_out_message(r.limit)));
                }
                return pending.into_values().collect();
            }
        };
        let Ok(Some(line)) = line else { break };
        let Ok(answer) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let id = answer["id"].as_str().unwrap_or_default().to_string();
        if answer["started"].as_bool() == Some(true) {
            started.insert(id, Instant::now());
        } else if let Some(r) = pending.remove(&id) {
            let diagnostics = answer["diagnostics"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let ok = answer["ok"].as_bool() == Some(true);
            (r.done)(if ok {
                Ok(diagnostics)
            } else {
                Err(diagnostics)
            });
        }
    }
    let _ = child.wait().await;
    HOSTS.lock().unwrap().retain(|p| *p != pid);
    let err = stderr_task.await.unwrap_or_default();
    for (_, r) in pending {
        (r.done)(Err(format!(
            "the C# compile host stopped before answering:\n{err}"
        )));
    }
    Vec::new()
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
