//! Throwaway courses for integration tests: write snippets into a temp folder, run the real
//! `mirror` binary on it (real python and dotnet, nothing mocked), and read what it says.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

/// A course in a temp folder.
pub struct Course {
    pub dir: tempfile::TempDir,
}

/// The shared build cache for all tests (compile host built once).
pub fn cache_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("mirror-cache")
}

impl Course {
    pub fn new() -> Course {
        let dir = tempfile::Builder::new()
            .prefix("mirror-test-course-")
            .tempdir()
            .unwrap();
        std::fs::create_dir_all(dir.path().join("examples-py")).unwrap();
        std::fs::create_dir_all(dir.path().join("examples-cs")).unwrap();
        Course { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `examples-py/<rel>`.
    pub fn py(self, rel: &str, text: &str) -> Course {
        self.file(&format!("examples-py/{rel}"), text)
    }

    /// Writes `examples-cs/<rel>`.
    pub fn cs(self, rel: &str, text: &str) -> Course {
        self.file(&format!("examples-cs/{rel}"), text)
    }

    /// Writes `harness/course.toml`.
    pub fn manifest(self, text: &str) -> Course {
        self.file("harness/course.toml", text)
    }

    pub fn file(self, rel: &str, text: &str) -> Course {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    /// A command for the real binary, pointed at this course and the shared test cache.
    pub fn cmd(&self, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("mirror").unwrap();
        cmd.arg("-C").arg(self.path()).args(args);
        // Run from inside the course, as a maintainer or learner would: the commands mirror
        // suggests then need no `-C` (tests that run from elsewhere set their own folder).
        cmd.current_dir(self.path());
        cmd.env("MIRROR_CACHE_DIR", cache_dir());
        cmd.env_remove("GITHUB_ACTIONS");
        // The caller's terminal must not shape the output (snapshots): 80 columns and no
        // colour on a pipe unless a test asks.
        cmd.env_remove("COLUMNS").env_remove("CLICOLOR_FORCE");
        cmd.timeout(std::time::Duration::from_secs(120));
        cmd
    }

    /// Runs and returns the raw output.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    /// Runs `args` with `--keep-temp` under a TMPDIR of its own; returns the output and the
    /// snippet folders the run kept (`TMPDIR/mirror-run-*/<NNN-label>`, NNN counting the
    /// places given out), which last as long as the returned [`Kept`].
    pub fn run_kept(&self, args: &[&str]) -> (Output, Kept) {
        let tmp = tempfile::tempdir().unwrap();
        let out = self
            .cmd(&[args, &["--keep-temp"]].concat())
            .env("TMPDIR", tmp.path())
            .output()
            .unwrap();
        let sides = std::fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .flat_map(|run| {
                std::fs::read_dir(run.path())
                    .into_iter()
                    .flatten()
                    .flatten()
            })
            // The run's own entries (the jail's base, the kept mark) start with a dot.
            .filter(|side| !side.file_name().to_string_lossy().starts_with('.'))
            .map(|side| side.path())
            .collect();
        (out, Kept { _tmp: tmp, sides })
    }

    /// Runs `args` and returns what it printed with everything that changes from run to run
    /// or machine to machine redacted (see [`redactions`]), for whole-output snapshots.
    pub fn shown(&self, args: &[&str]) -> Shown {
        Shown::of(&self.cmd(args).output().unwrap(), self.path())
    }

    /// `run --format json` plus args; returns (exit code, parsed JSON).
    pub fn run_json(&self, args: &[&str]) -> (i32, serde_json::Value) {
        let mut all = vec!["run", "--format", "json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}):\nstdout: {}\nstderr: {}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (out.status.code().unwrap_or(-1), json)
    }
}

/// The snippet folders a `--keep-temp` run left in its own TMPDIR (removed on drop).
pub struct Kept {
    _tmp: tempfile::TempDir,
    pub sides: Vec<PathBuf>,
}

/// What one run of the binary printed, redacted for a snapshot: compare `stdout` and
/// `stderr` whole with `snapbox::assert_data_eq!` (`SNAPSHOTS=overwrite` rewrites the
/// expected text in place).
#[derive(Debug)]
pub struct Shown {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Shown {
    /// `out` of a run on the course in `course`.
    pub fn of(out: &Output, course: &Path) -> Shown {
        let r = redactions(course);
        Shown {
            code: out.status.code(),
            stdout: r.redact(&String::from_utf8_lossy(&out.stdout)),
            stderr: r.redact(&String::from_utf8_lossy(&out.stderr)),
        }
    }
}

/// What differs between runs and machines, as snapbox placeholders (the way mdBook's
/// `BookTest` redacts its temp folder): the course's temp folder `[COURSE]`, the test cache
/// `[CACHE]`, a run's temp folder `[RUN]`, process ids `[PID]`, measured durations
/// `[TIME]` (only where a report prints a measurement: the table's time column, `finished
/// in`, `timings:`, `mirror show`'s `output (152ms)`; a configured limit such as `timed out after 2.0s` stays), the python and
/// dotnet versions and the sandbox layers of the header (which layers exist depends on the
/// machine), and the fixture server's port. In a JSON report: every `*_ms` `[TIME]`,
/// whether a C# side came from the shared test cache (`csharp_cached`, `compiled`,
/// `cached`: it depends on which test ran first) `[CACHED]`, and the environment's python,
/// dotnet and sandbox `[PYTHON]`, `[DOTNET]`, `[SANDBOX]`. Anything else that varies is
/// left to `[..]` in the expected text.
pub fn redactions(course: &Path) -> snapbox::Redactions {
    let re = |r: &str| regex::Regex::new(r).unwrap();
    let mut r = snapbox::Redactions::new();
    r.insert("[COURSE]", course.to_path_buf()).unwrap();
    r.insert("[CACHE]", cache_dir()).unwrap();
    r.extend([
        // A run's temp folder with the temp root before it and the snippet's folder
        // after it (`/tmp/mirror-run-77-Ab3xYz/000-06-squares-py3.11.7-r0`).
        (
            "[RUN]",
            re(r"(?<redacted>(?:/[^\s/]+)*/mirror-run-\d+-[A-Za-z0-9]+(?:/\d+-[^\s/]+)?)"),
        ),
        ("[PID]", re(r"\bpid (?<redacted>\d+)")),
        // The right-aligned time column: keep two spaces, the padding goes with the time.
        ("[TIME]", re(r"  (?<redacted> *\d+(?:\.\d+)?m?s)  ")),
        ("[TIME]", re(r"finished in (?<redacted>\d+(?:\.\d+)?m?s)")),
        // `mirror show`'s `C# output (152ms)`, with the padding that follows it.
        ("[TIME]", re(r"output (?<redacted>\(\d+(?:\.\d+)?m?s\) *)")),
        // The step summary's time column: `| 1.2s |`.
        ("[TIME]", re(r"\| (?<redacted>\d+(?:\.\d+)?m?s) \|")),
        // The HTML report's `output (108ms, exit 0)` and its table's time cell.
        ("[TIME]", re(r"\((?<redacted>\d+(?:\.\d+)?m?s), exit")),
        ("[TIME]", re(r#"<td class="num hide-narrow">(?<redacted>\d+(?:\.\d+)?m?s)</td>"#)),
        // JUnit's `time="1.881"` attributes.
        ("[TIME]", re(r#" time="(?<redacted>\d+\.\d+)""#)),
        ("[TIMINGS]", re(r"(?m)^timings: (?<redacted>.*)$")),
        ("[PYTHON]", re(r"(?m)^python  (?<redacted>.*)$")),
        ("[DOTNET]", re(r"(?m)^dotnet  (?<redacted>.*)$")),
        (
            "[SANDBOX]",
            re(r"(?m)^sandbox (?<redacted>.*(?:\n        unavailable: .*)*)$"),
        ),
        // `checked = "2026-11-27T09:17:49Z"` in practice/progress.toml.
        (
            "[TIMESTAMP]",
            re(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\b"),
        ),
        ("[PORT]", re(r"127\.0\.0\.1:(?<redacted>\d+)")),
        ("[TIME]", re(r#""\w+_ms": (?<redacted>\d+)"#)),
        ("[CACHED]", re(r#""csharp_cached": (?<redacted>true|false)"#)),
        ("[CACHED]", re(r#""(?:compiled|cached)": (?<redacted>\d+)"#)),
        // How many snippets ran at once depends on the machine's cores and idle time.
        ("[AT_ONCE]", re(r#""(?:lent|most_at_once)": (?<redacted>\d+)"#)),
        ("[PYTHON]", re(r#""python": (?<redacted>"/[^"]*\(\d[^"]*\)")"#)),
        ("[DOTNET]", re(r#""dotnet": (?<redacted>"/[^"]*\(SDK [^"]*\)")"#)),
        ("[SANDBOX]", re(r#"(?s)"sandbox": (?<redacted>\{\s*"active": \[.*?\],\s*"unavailable": \[.*?\]\s*\})"#)),
    ])
    .unwrap();
    r
}

/// snapbox's `assert_data_eq!` without its path normalisation: that turns every `\` into
/// `/`, and a report's visible escapes (`\n`, `\x1b`, JSON's `\"`) must stay what they are.
/// `SNAPSHOTS=overwrite` rewrites the expected `str![]` in place, as with the macro.
#[track_caller]
pub fn assert_snapshot(actual: impl snapbox::IntoData, expected: impl snapbox::IntoData) {
    snapbox::Assert::new()
        .action_env(snapbox::assert::DEFAULT_ACTION_ENV)
        .normalize_paths(false)
        .eq(actual, expected);
}

/// The JSON object of one pair, by `lesson/name` id.
pub fn pair<'a>(json: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    json["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["pairs"].as_array().unwrap())
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no pair {id} in {json:#}"))
}

/// Every pair id of a JSON report, in order.
pub fn pair_ids(json: &serde_json::Value) -> Vec<String> {
    json["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["pairs"].as_array().unwrap())
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Processes whose command line contains `marker` (to prove nothing was left running).
pub fn processes_with(marker: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        if let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) {
            let text = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            if text.contains(marker) && !text.contains("cargo") {
                found.push(format!("{}: {text}", entry.file_name().to_string_lossy()));
            }
        }
    }
    found
}

/// A unique token for marking processes and files of one test.
pub fn token(name: &str) -> String {
    format!(
        "mirror-{name}-{}-{:?}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
}

/// Held by the tests whose verdicts depend on timing (a 9 s sleep under a 10 s limit, the
/// shipped course's concurrency cards), so that they never overlap one another on a small
/// machine.
pub fn timing_sensitive() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs a one-pair course (`01-x/probe`) with `extra` args and `env` under a private
/// TMPDIR, then checks the aftermath: no process whose command line holds `marker` still
/// runs, and the run's temp folder is gone. Returns the pair's JSON.
pub fn judge(
    py: &str,
    cs: &str,
    marker: &str,
    extra: &[&str],
    env: &[(&str, &str)],
) -> serde_json::Value {
    let c = Course::new()
        .py("01-x/probe.py", py)
        .cs("01-x/Probe.cs", cs);
    let tmp = tempfile::tempdir().unwrap();
    let mut args = vec!["run", "--format", "json"];
    args.extend_from_slice(extra);
    let mut cmd = c.cmd(&args);
    cmd.env("TMPDIR", tmp.path());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(
        processes_with(marker).is_empty(),
        "left running: {:?}",
        processes_with(marker)
    );
    assert_empty(tmp.path(), "after the run");
    pair(&json, "01-x/probe").clone()
}

/// Fails the test when the temp folder `dir` still holds anything (a run left it behind).
pub fn assert_empty(dir: &Path, when: &str) {
    let left: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(left.is_empty(), "{when}: temp left behind: {left:?}");
}

/// `run --format json` with `cache` as the cache folder: (exit code, report, stderr).
pub fn run_in(c: &Course, cache: &Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    let out = c
        .cmd(&[&["run", "--format", "json"], args].concat())
        .env("MIRROR_CACHE_DIR", cache)
        .output()
        .unwrap();
    let json =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    (out.status.code().unwrap(), json, stderr(&out))
}

/// Whether `tool` (a program outside the README's prerequisites, such as xmllint or
/// chromium) is on PATH for `test`. When it is not, the test says plainly on stderr that it
/// did not run and why, and the caller returns; with `MIRROR_REQUIRE_TOOLS=1` (as `.ci/run`
/// sets, after installing the tools) a missing tool fails the test instead.
pub fn tool(tool: &str, install: &str, test: &str) -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()));
    if found {
        return true;
    }
    let why = format!("{test}: {tool} is not installed ({install})");
    if std::env::var("MIRROR_REQUIRE_TOOLS").is_ok_and(|v| v == "1") {
        panic!("{why}, and MIRROR_REQUIRE_TOOLS=1 makes a missing tool a failure");
    }
    // Straight to the stderr handle: cargo test captures eprintln! of a passing test.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "NOT RUN {why}; install it to run this test (MIRROR_REQUIRE_TOOLS=1 makes this a failure)"
    );
    false
}

/// Processes whose working folder is inside `dir` (the compile host runs in the course).
pub fn processes_in(dir: &std::path::Path) -> Vec<String> {
    let dir = std::fs::canonicalize(dir).unwrap();
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter(|e| std::fs::read_link(e.path().join("cwd")).is_ok_and(|cwd| cwd.starts_with(&dir)))
        .map(|e| {
            let cmd = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
            format!(
                "{}: {}",
                e.file_name().to_string_lossy(),
                String::from_utf8_lossy(&cmd)
            )
        })
        .collect()
}

/// The pids of the processes whose command line holds `marker` and whose parent chain
/// leads to `ancestor` (a test's own mirror, not another test's).
pub fn pids_under(marker: &str, ancestor: i32) -> Vec<i32> {
    processes_with(marker)
        .iter()
        .filter_map(|l| l.split(':').next()?.parse().ok())
        .filter(|pid| descends_from(*pid, ancestor))
        .collect()
}

/// Whether `pid` is `ancestor` or one of its descendants.
pub fn descends_from(mut pid: i32, ancestor: i32) -> bool {
    while pid > 1 {
        if pid == ancestor {
            return true;
        }
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            return false;
        };
        // The parent pid is the second field after the `(comm)`.
        let after = &stat[stat.rfind(')').unwrap() + 2..];
        pid = after.split(' ').nth(1).unwrap().parse().unwrap();
    }
    false
}
