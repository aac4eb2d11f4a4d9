//! `mirror serve` from outside, over loopback only: the real binary on a throwaway course,
//! spoken to with raw HTTP/1.1 so every header is the test's choice. Security (token, Host,
//! Origin, traversal, body cap), a streamed Run, practice Check/Reveal shared with the
//! terminal's progress, live reload, and the browser test (node + Chromium) when present.
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{cache_dir, Course};

const PAGE: &str = "# Lesson 1: Intro\n\nSome **text**.\n\n```csharp pair=hello\nConsole.WriteLine(\"hi\");\n```\n\n```python pair=hello\nprint(\"hi\")\n```\n\n<!-- mirror-card pair=hello -->\n| From C# | In Python |\n|---|---|\n| `Console.WriteLine(\"hi\")` | `print(\"hi\")` |\n";

const MANIFEST: &str = "[course]\ntitle = \"Serve test\"\n\n[lessons.01-intro]\ntitle = \"Intro\"\n\n[lessons.01-intro.pairs.hello]\nsummary = \"print is Console.WriteLine\"\ntrap = \"TRAP: print adds the newline for you\"\n";

fn course() -> Course {
    Course::new()
        .manifest(MANIFEST)
        .file("lessons/01-intro.md", PAGE)
        .cs("01-intro/Hello.cs", "Console.WriteLine(\"hi\");\n")
        .py("01-intro/hello.py", "print(\"hi\")\n")
        .cs(
            "01-intro/Differ.cs",
            "Console.WriteLine(\"one\");\nConsole.WriteLine(\"two\");\n",
        )
        .py("01-intro/differ.py", "print(\"one\")\nprint(\"TWO\")\n")
}

/// A running `mirror serve`, stopped (by its own pid) when dropped.
struct Server {
    child: Child,
    port: u16,
    token: String,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(c: &Course, extra: &[&str]) -> Server {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("mirror"))
        .arg("-C")
        .arg(c.path())
        .args(["serve", "--port", "0"])
        .args(extra)
        .env("MIRROR_CACHE_DIR", cache_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .trim()
        .strip_prefix("mirror serve: ")
        .unwrap_or_else(|| panic!("no URL printed: {first:?}"))
        .to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let port: u16 = url["http://127.0.0.1:".len()..]
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let token = url.split("token=").nth(1).unwrap().to_string();
    assert_eq!(token.len(), 32, "{url}");
    Server {
        child,
        port,
        token,
        url,
    }
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

/// Sends one raw request (with `Connection: close`) and reads the whole reply, de-chunked.
fn raw(port: u16, request: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    s.read_to_end(&mut bytes).unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    Reply {
        status,
        head: head.to_string(),
        body,
    }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

impl Server {
    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
    fn cookie(&self) -> String {
        format!("mirror_token_{}={}", self.port, self.token)
    }
    fn get(&self, path: &str) -> Reply {
        raw(
            self.port,
            &format!(
                "GET {path} HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nConnection: close\r\n\r\n",
                self.host(),
                self.cookie()
            ),
        )
    }
    fn post(&self, path: &str, json: &str) -> Reply {
        raw(
            self.port,
            &format!(
                "POST {path} HTTP/1.1\r\nHost: {h}\r\nCookie: {}\r\nOrigin: http://{h}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{json}",
                self.cookie(),
                json.len(),
                h = self.host(),
            ),
        )
    }
}

fn lines(body: &str) -> Vec<serde_json::Value> {
    body.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn token_host_origin_traversal_and_body_cap_are_enforced() {
    let c = course();
    let s = serve(&c, &[]);
    let host = s.host();

    // The token: wrong or missing is 403; right in the URL sets a cookie and drops it from the URL.
    let r = raw(s.port, &format!("GET /lesson/01-intro?token=00000000000000000000000000000000 HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
    assert_eq!(r.status, 403, "{}", r.head);
    let r = raw(
        s.port,
        &format!("GET /lesson/01-intro HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(r.status, 403);
    let r = raw(s.port, &format!("GET /lesson/01-intro HTTP/1.1\r\nHost: {host}\r\nCookie: mirror_token_{}=nope\r\nConnection: close\r\n\r\n", s.port));
    assert_eq!(r.status, 403);
    let path = &s.url[s.url.find("/lesson").unwrap()..];
    let r = raw(
        s.port,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(r.status, 303, "{}", r.head);
    let head = r.head.to_ascii_lowercase();
    assert!(
        head.contains(&format!(
            "set-cookie: mirror_token_{}={}; path=/; httponly; samesite=strict",
            s.port, s.token
        )),
        "{head}"
    );
    assert!(head.contains("location: /lesson/01-intro\r\n"), "{head}");
    assert_eq!(s.get("/lesson/01-intro").status, 200);

    // DNS rebinding: a foreign Host (or another port) is refused even with the token.
    for bad in [
        "evil.example",
        "evil.example:80",
        &format!("attacker.test:{}", s.port),
        "127.0.0.1:1",
    ] {
        let r = raw(s.port, &format!("GET /lesson/01-intro HTTP/1.1\r\nHost: {bad}\r\nCookie: {}\r\nConnection: close\r\n\r\n", s.cookie()));
        assert_eq!(r.status, 403, "Host {bad}: {}", r.head);
    }

    // Cross-origin POST: refused with a foreign Origin and without one; never any CORS header.
    let body = r#"{"lesson":"01-intro","pair":"hello"}"#;
    for origin in ["Origin: http://evil.example\r\n", "Origin: null\r\n", ""] {
        let r = raw(s.port, &format!("POST /api/run HTTP/1.1\r\nHost: {host}\r\nCookie: {}\r\n{origin}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", s.cookie(), body.len()));
        assert_eq!(r.status, 403, "{origin:?}: {}", r.head);
        assert!(
            !r.head.to_ascii_lowercase().contains("access-control-"),
            "{}",
            r.head
        );
    }

    // Path traversal, plain and encoded, through every route that touches files.
    for p in [
        "/files/../harness/course.toml",
        "/files/%2e%2e/harness/course.toml",
        "/files/..%2f..%2fetc%2fpasswd",
        "/assets/../../Cargo.toml",
        "/lesson/../harness/course.toml",
    ] {
        let r = s.get(p);
        assert_eq!(r.status, 403, "{p}: {}", r.head);
        assert!(!r.body.contains("Serve test"), "{p} leaked: {}", r.body);
    }
    // A real file beside the pages is served; a missing one is 404.
    std::fs::write(c.path().join("lessons/diagram.svg"), "<svg/>").unwrap();
    assert_eq!(s.get("/files/diagram.svg").status, 200);
    assert_eq!(s.get("/files/nope.svg").status, 404);

    // Oversized bodies get 413 (the declared length is enough to refuse).
    let r = raw(s.port, &format!("POST /api/check HTTP/1.1\r\nHost: {host}\r\nCookie: {}\r\nOrigin: http://{host}\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\nConnection: close\r\n\r\n{{", s.cookie()));
    assert_eq!(r.status, 413, "{}", r.head);

    // Every HTML page forbids framing and foreign scripts.
    let page = s.get("/lesson/01-intro");
    let head = page.head.to_ascii_lowercase();
    assert!(
        head.contains("content-security-policy: default-src 'none'; script-src 'self'"),
        "{head}"
    );
    assert!(head.contains("x-frame-options: deny"), "{head}");
}

#[test]
fn the_page_is_a_lesson_with_list_progress_card_and_runnable_blocks() {
    let c = course().file(
        "lessons/02-more.md",
        "# Lesson 2: More\n\n```python pair=gone\nprint(1)\n```\n",
    );
    std::fs::create_dir_all(c.path().join("examples-py/02-more")).unwrap();
    std::fs::write(c.path().join("examples-py/02-more/only.py"), "print(1)\n").unwrap();
    let s = serve(&c, &[]);
    let page = s.get("/lesson/01-intro");
    assert_eq!(page.status, 200);
    let h = &page.body;
    assert!(h.contains("Lesson 1 of 2"), "{h}");
    assert!(
        h.contains("href=\"/lesson/01-intro\" aria-current=\"page\""),
        "{h}"
    );
    assert!(h.contains("role=\"progressbar\""), "{h}");
    assert!(h.contains("0 of 2 cards practised"), "{h}");
    assert!(h.contains("<div class=\"side-by-side\">"), "{h}");
    assert!(
        h.contains("<section class=\"card\" id=\"pair-hello\""),
        "{h}"
    );
    assert!(h.contains("<th>From C#</th>"), "{h}");
    assert!(h.contains("rel=\"next\" href=\"/lesson/02-more\""), "{h}");
    // `differ` is not on the page: it still gets a Run button.
    assert!(h.contains("id=\"pair-differ\""), "{h}");
    // A block naming a pair the lesson lacks is shown as a problem where it is.
    let p2 = s.get("/lesson/02-more").body;
    assert!(p2.contains("Page problem (line 3):"), "{p2}");
    assert!(p2.contains("flagged\""), "{p2}");
    assert!(p2.contains("gone (no such pair)"), "{p2}");
    for a in [
        "/assets/style.css",
        "/assets/app.js",
        "/assets/codemirror.min.js",
    ] {
        assert_eq!(s.get(a).status, 200, "{a}");
    }
}

#[test]
fn run_streams_each_pair_with_verdict_outputs_and_diff() {
    let c = course();
    let s = serve(&c, &[]);
    let r = s.post("/api/run", r#"{"lesson":"01-intro"}"#);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.head.to_ascii_lowercase().contains("application/x-ndjson"));
    let events = lines(&r.body);
    assert_eq!(events[0]["type"], "start", "{events:?}");
    assert_eq!(events.last().unwrap()["type"], "end", "{events:?}");
    assert_eq!(events.last().unwrap()["passed"], 1);
    assert_eq!(events.last().unwrap()["failed"], 1);
    let result = |name: &str| {
        events
            .iter()
            .find(|e| e["type"] == "result" && e["result"]["name"] == name)
            .unwrap_or_else(|| panic!("no {name}: {events:?}"))["result"]
            .clone()
    };
    let hello = result("hello");
    assert_eq!(hello["verdict"], "pass");
    assert_eq!(hello["csharp"]["stdout"], "hi\n");
    assert_eq!(hello["python"]["stdout"], "hi\n");
    let differ = result("differ");
    assert_eq!(differ["verdict"], "mismatch");
    assert_eq!(differ["diff"]["first_line"], 2);
    assert_eq!(differ["diff"]["csharp"], "two");
    assert_eq!(differ["diff"]["python"], "TWO");
    // The last results are kept for the page (shown again after a reload).
    let kept: serde_json::Value =
        serde_json::from_str(&s.get("/api/results?lesson=01-intro").body).unwrap();
    assert_eq!(kept["01-intro/differ"]["verdict"], "mismatch");
    // One pair alone.
    let one = lines(
        &s.post("/api/run", r#"{"lesson":"01-intro","pair":"hello"}"#)
            .body,
    );
    assert_eq!(one.iter().filter(|e| e["type"] == "result").count(), 1);
    assert_eq!(s.post("/api/run", r#"{"lesson":"99-none"}"#).status, 404);
}

#[test]
fn check_and_reveal_share_practice_files_and_progress_with_the_terminal() {
    // With a golden output, as every pair of the shipped course has: a learner is judged by
    // the other side's real run, in words about their file, not the course's drift guard.
    let c = course().file("harness/expected/01-intro/hello.out", "hi\n");
    let s = serve(&c, &[]);
    // Reveal before any check is refused, as in the terminal.
    let r = s.post(
        "/api/reveal",
        r#"{"lesson":"01-intro","pair":"hello","to":"python"}"#,
    );
    assert_eq!(r.status, 409, "{}", r.body);

    let fresh: serde_json::Value = serde_json::from_str(
        &s.get("/api/practice?lesson=01-intro&pair=hello&to=python")
            .body,
    )
    .unwrap();
    assert_eq!(fresh["exists"], false);
    assert!(fresh["source"]
        .as_str()
        .unwrap()
        .contains("---- your Python below this line ----"));

    let wrong = s.post(
        "/api/check",
        r#"{"lesson":"01-intro","pair":"hello","to":"python","source":"print(\"hello\")\n"}"#,
    );
    assert_eq!(wrong.status, 200, "{}", wrong.body);
    let w: serde_json::Value = serde_json::from_str(&wrong.body).unwrap();
    assert_eq!(w["state"], "mismatch", "{w:#}");
    assert_eq!(
        w["reason"], "your Python prints something else than the real C# run, from line 1",
        "{w:#}"
    );
    assert_eq!(w["hint"], "TRAP: print adds the newline for you");
    assert_eq!(w["diff"]["expected"], "hi");
    assert_eq!(w["diff"]["yours"], "hello");
    assert_eq!(w["progress"]["done"], 0);
    // Saved where `mirror practice` keeps it, recorded in the shared progress.toml.
    let file = c.path().join("practice/01-intro/hello.py");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "print(\"hello\")\n"
    );
    assert!(
        std::fs::read_to_string(c.path().join("practice/progress.toml"))
            .unwrap()
            .contains("verdict = \"mismatch\"")
    );

    let right = s.post(
        "/api/check",
        r#"{"lesson":"01-intro","pair":"hello","to":"python","source":"print(\"hi\")\n"}"#,
    );
    let r: serde_json::Value = serde_json::from_str(&right.body).unwrap();
    assert_eq!(r["state"], "pass", "{r:#}");
    assert!(r["hint"].is_null());
    assert_eq!(r["progress"]["done"], 1);
    assert_eq!(r["progress"]["lessons"]["01-intro"]["done"], 1);

    // The terminal sees the same state.
    let out = c.run(&["progress", "--format", "json"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("\"passed\": 1") || text.contains("\"passed\":1"),
        "{text}"
    );
    // And the page's bar shows it.
    assert!(s
        .get("/lesson/01-intro")
        .body
        .contains("1 of 2 cards practised"));

    let answer = s.post(
        "/api/reveal",
        r#"{"lesson":"01-intro","pair":"hello","to":"python"}"#,
    );
    assert_eq!(answer.status, 200);
    assert!(
        answer.body.contains("examples-py/01-intro/hello.py"),
        "{}",
        answer.body
    );

    // --to csharp: the learner writes C#, judged by the real Python run. The card's trap
    // speaks of Python: no hint for a C# answer.
    let cs = s.post("/api/check", r#"{"lesson":"01-intro","pair":"hello","to":"csharp","source":"Console.WriteLine(\"hey\");\n"}"#);
    let cs: serde_json::Value = serde_json::from_str(&cs.body).unwrap();
    assert_eq!(cs["state"], "mismatch", "{cs:#}");
    assert!(cs["hint"].is_null(), "{cs:#}");
    let cs = s.post("/api/check", r#"{"lesson":"01-intro","pair":"hello","to":"csharp","source":"Console.WriteLine(\"hi\");\n"}"#);
    let cs: serde_json::Value = serde_json::from_str(&cs.body).unwrap();
    assert_eq!(cs["state"], "pass", "{cs:#}");
    assert!(c.path().join("practice/01-intro/Hello.cs").is_file());
}

#[test]
fn an_edited_example_reloads_the_page_and_shows_where_it_drifted() {
    let c = course();
    let s = serve(&c, &[]);
    let mut events = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    events
        .write_all(
            format!(
                "GET /api/events HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\n\r\n",
                s.host(),
                s.cookie()
            )
            .as_bytes(),
        )
        .unwrap();
    events
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut seen = String::new();
    let mut read_some = |seen: &mut String| {
        let mut buf = [0u8; 4096];
        if let Ok(n) = events.read(&mut buf) {
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    };
    let start = Instant::now();
    while !seen.contains("connected") && start.elapsed() < Duration::from_secs(10) {
        read_some(&mut seen);
    }
    assert!(seen.contains("text/event-stream"), "{seen}");
    std::fs::write(
        c.path().join("examples-py/01-intro/hello.py"),
        "print(\"hi\")  # edited\n",
    )
    .unwrap();
    let start = Instant::now();
    while !seen.contains("event: reload") && start.elapsed() < Duration::from_secs(10) {
        read_some(&mut seen);
    }
    assert!(seen.contains("event: reload"), "{seen}");
    // The changed pair is re-run by itself; its result reaches every open page.
    let start = Instant::now();
    while !seen.contains("event: result") && start.elapsed() < Duration::from_secs(60) {
        read_some(&mut seen);
    }
    assert!(seen.contains("event: result\ndata: {"), "{seen}");
    assert!(seen.contains("\"id\":\"01-intro/hello\""), "{seen}");
    let page = s.get("/lesson/01-intro").body;
    assert!(page.contains("block python flagged"), "{page}");
    assert!(
        page.contains("# edited"),
        "the drift shows the edited example: {page}"
    );
    // A broken course.toml: the last good course is still served, the error on every page.
    std::fs::write(c.path().join("harness/course.toml"), "[course\n").unwrap();
    let start = Instant::now();
    let mut page = String::new();
    while start.elapsed() < Duration::from_secs(10) {
        page = s.get("/lesson/01-intro").body;
        if page.contains("The course did not reload") {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(page.contains("The course did not reload"), "{page}");
    assert!(page.contains("id=\"pair-hello\""), "{page}");
    std::fs::write(c.path().join("harness/course.toml"), MANIFEST).unwrap();
    let start = Instant::now();
    while page.contains("The course did not reload") && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(100));
        page = s.get("/lesson/01-intro").body;
    }
    assert!(!page.contains("The course did not reload"), "{page}");
}

#[test]
fn the_browser_test_clicks_run_and_check_in_chromium() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let have = |cmd: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {cmd}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let mut missing = Vec::new();
    if !have("node") {
        missing.push("node");
    }
    if !have("chromium") {
        missing.push("chromium");
    }
    if !dir.join("node_modules/puppeteer-core").is_dir() {
        missing.push("tests/browser/node_modules (npm ci in tests/browser)");
    }
    if !missing.is_empty() {
        let msg = format!(
            "NOT RUN: the browser test of mirror serve needs {}",
            missing.join(", ")
        );
        if std::env::var("MIRROR_REQUIRE_TOOLS").is_ok_and(|v| v == "1") {
            panic!("{msg} (MIRROR_REQUIRE_TOOLS=1)");
        }
        eprintln!("{msg}");
        return;
    }
    let out = Command::new("node")
        .arg("--test")
        .current_dir(&dir)
        .env("MIRROR_BIN", assert_cmd::cargo::cargo_bin("mirror"))
        .env("MIRROR_CACHE_DIR", cache_dir())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "node --test failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A backend that runs nothing: each run takes 200 ms and records its order and how many
/// overlapped, so queueing can be tested without toolchains.
#[derive(Default)]
struct Slow {
    calls: std::sync::Mutex<Vec<String>>,
    running: std::sync::atomic::AtomicUsize,
    peak: std::sync::atomic::AtomicUsize,
}

impl mirror::serve::backend::Backend for Slow {
    fn run(
        &self,
        _course: &mirror::course::Course,
        pairs: Vec<mirror::course::Pair>,
        tx: &tokio::sync::mpsc::UnboundedSender<mirror::runner::PairReport>,
    ) -> mirror::error::Result<()> {
        use std::sync::atomic::Ordering::SeqCst;
        let now = self.running.fetch_add(1, SeqCst) + 1;
        self.peak.fetch_max(now, SeqCst);
        self.calls.lock().unwrap().push(pairs[0].name.clone());
        std::thread::sleep(Duration::from_millis(200));
        for pair in pairs {
            let _ = tx.send(mirror::runner::PairReport {
                pair,
                verdict: mirror::compare::Verdict::Pass,
                reason: None,
                python: mirror::compare::SideResult::NotRun,
                csharp: mirror::compare::SideResult::NotRun,
                diff: None,
                csharp_cached: false,
                timeout: Duration::from_secs(10),
                matrix: Vec::new(),
            });
        }
        self.running.fetch_sub(1, SeqCst);
        Ok(())
    }

    fn check(
        &self,
        _course: &mirror::course::Course,
        _file: mirror::practice::PracticeFile,
    ) -> mirror::error::Result<mirror::practice::check::Checked> {
        Err(mirror::error::Error::Usage("not in this test".into()))
    }
}

#[test]
fn twenty_run_clicks_at_once_are_all_answered_in_order_two_at_a_time() {
    let mut c = Course::new();
    for i in 0..20 {
        c = c
            .py(&format!("01-q/p{i:02}.py"), "print(1)\n")
            .cs(&format!("01-q/P{i:02}.cs"), "Console.WriteLine(1);\n");
    }
    let course = mirror::course::discover(c.path()).unwrap();
    let workspace = mirror::practice::Workspace::resolve(&course, None).unwrap();
    let slow = std::sync::Arc::new(Slow::default());
    let backend: std::sync::Arc<dyn mirror::serve::backend::Backend> = slow.clone();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let token = "0123456789abcdef0123456789abcdef".to_string();
    let config = mirror::serve::Config {
        bind: "127.0.0.1".parse().unwrap(),
        token: token.clone(),
        open: false,
        start: "/lesson/01-q".into(),
        workspace,
        direction: mirror::practice::Direction::ToPython,
        max_runs: 2,
    };
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
            .block_on(mirror::serve::serve(listener, course, backend, config))
    });
    let clicks: Vec<_> = (0..20)
        .map(|i| {
            let token = token.clone();
            let t = std::thread::spawn(move || {
                let body = format!(r#"{{"lesson":"01-q","pair":"p{i:02}"}}"#);
                raw(port, &format!("POST /api/run HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: mirror_token_{port}={token}\r\nOrigin: http://127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()))
            });
            // Clicks 40 ms apart: far enough for their order to be the order they arrive.
            std::thread::sleep(Duration::from_millis(40));
            t
        })
        .collect();
    let replies: Vec<Reply> = clicks.into_iter().map(|t| t.join().unwrap()).collect();
    let mut queued = 0;
    for (i, r) in replies.iter().enumerate() {
        assert_eq!(r.status, 200, "{}", r.body);
        let events = lines(&r.body);
        queued += events.iter().filter(|e| e["type"] == "queued").count();
        let result = events
            .iter()
            .find(|e| e["type"] == "result")
            .unwrap_or_else(|| panic!("click {i} lost: {events:?}"));
        assert_eq!(result["result"]["name"], format!("p{i:02}"));
        assert_eq!(events.last().unwrap()["type"], "end");
    }
    let calls = slow.calls.lock().unwrap().clone();
    let expected: Vec<String> = (0..20).map(|i| format!("p{i:02}")).collect();
    assert_eq!(calls, expected, "runs started in click order");
    assert_eq!(
        slow.peak.load(std::sync::atomic::Ordering::SeqCst),
        2,
        "never more than --max-runs at once"
    );
    assert!(queued >= 10, "most clicks were told they queue ({queued})");
}

#[test]
fn ctrl_c_during_a_run_stops_its_snippets_and_leaves_no_temp_folder() {
    let c = course()
        .py("01-intro/slow.py", "import time\ntime.sleep(60)\n")
        .cs("01-intro/Slow.cs", "Thread.Sleep(60000);\n");
    let tmp = tempfile::tempdir().unwrap();
    // Every process of a run names its folder under this TMPDIR on its command line.
    let marker = tmp.path().display().to_string();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("mirror"))
        .arg("-C")
        .arg(c.path())
        .args(["serve", "--port", "0", "--timeout", "60s"])
        .env("MIRROR_CACHE_DIR", cache_dir())
        .env("TMPDIR", tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .trim()
        .trim_start_matches("mirror serve: ")
        .to_string();
    let port: u16 = url["http://127.0.0.1:".len()..]
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let token = url.split("token=").nth(1).unwrap().to_string();
    let body = r#"{"lesson":"01-intro","pair":"slow"}"#;
    let request = format!(
        "POST /api/run HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: mirror_token_{port}={token}\r\nOrigin: http://127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let click = std::thread::spawn(move || raw(port, &request));
    // The snippet itself must be running (its interpreter's command line names slow.py; a
    // jail server of the run is up before any snippet is).
    let serve_pid = child.id() as i32;
    let snippets = || crate::support::pids_under("slow.py", serve_pid);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while snippets().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(!snippets().is_empty(), "the slow pair never started");
    // SAFETY: plain syscall on our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    // Stopped by Ctrl-C: 130, as every command (README, exit codes).
    assert_eq!(status.code(), Some(130));
    let _ = click.join();
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(
        crate::support::processes_with(&marker).is_empty(),
        "left running: {:?}",
        crate::support::processes_with(&marker)
    );
    assert!(
        crate::support::processes_with("slow.py").is_empty(),
        "snippets left running: {:?}",
        crate::support::processes_with("slow.py")
    );
    crate::support::assert_empty(tmp.path(), "after Ctrl-C in serve");
}

#[test]
fn a_lesson_file_opened_as_a_document_runs_no_script() {
    // A lesson's SVG with a script that would post a check with the learner's cookie and
    // the page's own Origin (a red-team review overwrote a practice file this way).
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>fetch('/api/check', {method: 'POST', body: '{}'})</script></svg>\n";
    let c = course().file("lessons/diagram.svg", svg);
    let s = serve(&c, &[]);
    let policy = |r: &Reply| {
        r.head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-security-policy: ")
                    .map(str::to_string)
            })
            .unwrap_or_default()
    };
    let r = s.get("/files/diagram.svg");
    assert_eq!(r.status, 200, "{}", r.head);
    assert!(
        r.head
            .to_ascii_lowercase()
            .contains("content-type: image/svg+xml"),
        "{}",
        r.head
    );
    let csp = policy(&r);
    let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
    assert!(directives.contains(&"sandbox"), "{csp}");
    assert!(directives.contains(&"default-src 'none'"), "{csp}");
    assert!(!csp.contains("script-src"), "{csp}");
    // JSON answers too: opened as a document, they run nothing either.
    let r = s.get("/api/progress");
    assert!(
        policy(&r).split(';').any(|d| d.trim() == "sandbox"),
        "{}",
        r.head
    );
    // The page itself keeps its own script.
    let r = s.get("/lesson/01-intro");
    assert!(policy(&r).contains("script-src 'self'"), "{}", r.head);
}
