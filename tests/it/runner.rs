//! The runner core end to end: pass, mismatch, compile and syntax errors, timeouts,
//! orphans, bad manifests, filters and the JSON report.
use std::time::{Duration, Instant};

use snapbox::str;

use crate::support::{
    assert_snapshot, pair, pair_ids, processes_with, stderr, stdout, token, Course, Shown,
};

const HELLO_PY: &str = "print(f'{1 + 1} {True}'.lower())\n";
const HELLO_CS: &str = "Console.WriteLine($\"{1 + 1} {true}\".ToLower());\n";

#[test]
fn passing_pairs_exit_zero_with_summary_line() {
    let c = Course::new()
        .py("01-intro/hello.py", HELLO_PY)
        .cs("01-intro/Hello.cs", HELLO_CS)
        .py("01-intro/main_method.py", "def main() -> None:\n    print('from main')\n\nif __name__ == '__main__':\n    main()\n")
        .cs("01-intro/MainMethod.cs", "static class P { static async Task Main() { await Task.Yield(); Console.WriteLine(\"from main\"); } }\n");
    let out = c.shown(&["run"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_snapshot(
        out.stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lesson                                       pairs passed failed pair time  page
01 Intro                                         2      2      0  [TIME]  -

finished in [TIME]
2 passed, 0 failed

"#]],
    );
}

#[test]
fn mismatch_fails_with_diff_and_json_verdict() {
    let c = Course::new()
        .py("02-types/division.py", "print(-7 // 2)\nprint('same')\n")
        .cs(
            "02-types/Division.cs",
            "Console.WriteLine(-7 / 2);\nConsole.WriteLine(\"same\");\n",
        );
    let out = c.shown(&["run"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_snapshot(
        out.stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lesson                                       pairs passed failed pair time  page
02 Types                                         1      0      1  [TIME]  -

MISMATCH 02-types/division: outputs differ from line 1
  C#     examples-cs/02-types/Division.cs
  Python examples-py/02-types/division.py
  first difference at line 1, column 2:
    C#:     -3
    Python: -4
             ^
    --- C#
    +++ Python
    @@ -1,2 +1,2 @@
    --3
    +-4
     same
  re-run: mirror run 2/division

failed: 02-types/division
re-run them: mirror run 2/division  (or: mirror run --failed)

finished in [TIME]
0 passed, 1 failed

"#]],
    );

    let (code, json) = c.run_json(&[]);
    assert_eq!(code, 1);
    let p = pair(&json, "02-types/division");
    assert_eq!(p["verdict"], "mismatch");
    assert_eq!(p["first_difference"]["line"], 1);
    assert_eq!(p["first_difference"]["csharp"], "-3");
    assert_eq!(p["first_difference"]["python"], "-4");
    assert_snapshot(
        p["diff"].as_str().unwrap(),
        str![[r#"
--- C#
+++ Python
@@ -1,2 +1,2 @@
--3
+-4
 same

"#]],
    );
    assert_eq!(json["lessons"][0]["verdict"], "fail");
    assert_eq!(json["summary"]["failed"], 1);
}

#[test]
fn compile_error_stays_with_its_snippet() {
    let c = Course::new()
        .py("03-fn/good.py", HELLO_PY)
        .cs("03-fn/Good.cs", HELLO_CS)
        .py("03-fn/broken.py", "print('x')\n")
        .cs("03-fn/Broken.cs", "Console.WriteLine(undefinedName);\n");
    let (code, json) = c.run_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(pair(&json, "03-fn/good")["verdict"], "pass");
    let broken = pair(&json, "03-fn/broken");
    assert_eq!(broken["verdict"], "error");
    let diag = broken["csharp"]["compile_error"].as_str().unwrap();
    assert_snapshot(crate::support::redactions(c.path()).redact(diag), str!["examples-cs/03-fn/Broken.cs(1,19): error CS0103: The name 'undefinedName' does not exist in the current context"]);

    assert_snapshot(
        c.shown(&["run"]).stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lesson                                       pairs passed failed pair time  page
03 Fn                                            2      1      1  [TIME]  -

ERROR 03-fn/broken: C# side does not compile
  C#     examples-cs/03-fn/Broken.cs
  Python examples-py/03-fn/broken.py
  at     examples-cs/03-fn/Broken.cs:1
  C# compiler:
    examples-cs/03-fn/Broken.cs(1,19): error CS0103: The name 'undefinedName' does not exist in the current context
  re-run: mirror run 3/broken

failed: 03-fn/broken
re-run them: mirror run 3/broken  (or: mirror run --failed)

finished in [TIME]
1 passed, 1 failed

"#]],
    );
}

#[test]
fn python_syntax_error_is_an_error_with_stderr() {
    let c = Course::new()
        .py("01-a/syntax.py", "def broken(:\n    pass\n")
        .cs("01-a/Syntax.cs", "Console.WriteLine(1);\n");
    let out = c.shown(&["run"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_snapshot(
        out.stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lesson                                       pairs passed failed pair time  page
01 A                                             1      0      1  [TIME]  -

ERROR 01-a/syntax: Python side exited with 1 (expected exit 0)
  C#     examples-cs/01-a/Syntax.cs
  Python examples-py/01-a/syntax.py
  at     examples-py/01-a/syntax.py:1
  Python stderr (last lines):
      File "examples-py/01-a/syntax.py", line 1
        def broken(:
                   ^
    SyntaxError: invalid syntax
  re-run: mirror run 1/syntax

failed: 01-a/syntax
re-run them: mirror run 1/syntax  (or: mirror run --failed)

finished in [TIME]
0 passed, 1 failed

"#]],
    );
}

#[test]
fn infinite_loop_times_out_and_leaves_nothing_running() {
    let marker = token("loop");
    let c = Course::new()
        .py("01-a/spin.py", &format!("import subprocess\nsubprocess.Popen(['sh', '-c', 'sleep 300; echo {marker}'])\nwhile True:\n    pass\n"))
        .cs("01-a/Spin.cs", "Console.WriteLine(1);\n");
    let started = Instant::now();
    let (code, json) = c.run_json(&["--timeout", "2s"]);
    let elapsed = started.elapsed();
    assert_eq!(code, 1);
    let p = pair(&json, "01-a/spin");
    assert_eq!(p["verdict"], "timeout");
    assert_eq!(p["python"]["timed_out"], true);
    assert_snapshot(
        p["reason"].as_str().unwrap(),
        str!["Python side timed out after 2.0s"],
    );
    // Compile and start-up are not part of the limit, but the whole run stays near it.
    assert!(elapsed < Duration::from_secs(2 + 10), "took {elapsed:?}");
    assert!(
        processes_with(&marker).is_empty(),
        "left running: {:?}",
        processes_with(&marker)
    );
    let out = c.shown(&["run", "--timeout", "2s"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_snapshot(
        out.stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lesson                                       pairs passed failed pair time  page
01 A                                             1      0      1  [TIME]  -

TIMEOUT 01-a/spin: Python side timed out after 2.0s
  C#     examples-cs/01-a/Spin.cs
  Python examples-py/01-a/spin.py
  limit  raise it with --timeout 30s, or for this pair with
         timeout = "30s" under [lessons.01-a.pairs.spin] in harness/course.toml
  re-run: mirror run 1/spin

failed: 01-a/spin
re-run them: mirror run 1/spin  (or: mirror run --failed)

finished in [TIME]
0 passed, 1 failed

"#]],
    );
    assert!(
        processes_with(&marker).is_empty(),
        "left running: {:?}",
        processes_with(&marker)
    );
}

/// A run that starts no snippet (only an orphan selected) ends while its first jail servers
/// are still being moved into their cgroups; killing them with the run is no failure of
/// the jail server. (Seen in 5 of 16 such runs, `mirror run 2/ListSum` after a rename, with
/// the servers pinged after the move; in 3 of 16 here before the fix, so 24 runs.)
#[test]
fn a_run_that_starts_no_snippet_warns_of_no_jail_server() {
    let c = Course::new()
        .py("01-a/hello.py", HELLO_PY)
        .cs("01-a/Hello.cs", HELLO_CS)
        .cs("01-a/Lonely.cs", "Console.WriteLine(1);\n");
    // A cache of its own: with the suite's shared one the preparation takes long enough
    // for the servers to settle, and the race does not show.
    let cache = tempfile::tempdir().unwrap();
    for _ in 0..24 {
        let out = c
            .cmd(&["run", "-q", "1/Lonely"])
            .env("MIRROR_CACHE_DIR", cache.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(!err.contains("jail server"), "{err}");
    }
}

#[test]
fn orphans_fail_their_lesson_unless_one_sided() {
    let c = Course::new()
        .py("01-a/hello.py", HELLO_PY)
        .cs("01-a/Hello.cs", HELLO_CS)
        .py("01-a/lonely.py", "print(1)\n");
    let (code, json) = c.run_json(&[]);
    assert_eq!(code, 1);
    let p = pair(&json, "01-a/lonely");
    assert_eq!(p["verdict"], "orphan");
    assert_snapshot(p["reason"].as_str().unwrap(), str!["Python snippet has no C# partner: expected examples-cs/01-a/Lonely.cs (same stem, ignoring case, _ and -); if it is one-sided on purpose, set `one-sided = true` under [lessons.01-a.pairs.lonely] in harness/course.toml"]);

    assert_snapshot(
        c.shown(&["list"]).stdout,
        str![[r#"
01-a A (2 pairs)
       pair 1/hello
     ORPHAN 1/lonely       examples-py/01-a/lonely.py

"#]],
    );

    // On a pipe a summary is whole, however long; on a terminal of COLUMNS it is cut.
    let summary = "a card's summary that runs on well past the eighty columns of a terminal, to its very last word";
    let c = c.manifest(&format!(
        "[lessons.01-a.pairs.hello]\nsummary = \"{summary}\"\n"
    ));
    let listed = c.shown(&["list"]).stdout;
    assert!(listed.contains(summary), "{listed}");
    let narrow = c.cmd(&["list"]).env("COLUMNS", "60").output().unwrap();
    let narrow = stdout(&narrow);
    assert!(
        narrow.lines().all(|l| l.chars().count() <= 60) && narrow.contains('…'),
        "{narrow}"
    );

    let c = c.manifest("[lessons.01-a.pairs.lonely]\none-sided = true\n");
    let (code, json) = c.run_json(&[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(pair(&json, "01-a/lonely")["verdict"], "skipped");
    assert_eq!(json["summary"]["skipped"], 1);
}

#[test]
fn bad_manifest_is_exit_2_with_file_and_line() {
    let c = Course::new()
        .py("01-a/hello.py", HELLO_PY)
        .cs("01-a/Hello.cs", HELLO_CS)
        .manifest(
            "[lessons.01-a]\ntitle = \"A\"\n\n[lessons.01-a.pairs.hello]\nsumary = \"typo\"\n",
        );
    let out = c.shown(&["run"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert_snapshot(
        out.stderr,
        str![[r#"
error: [COURSE]/harness/course.toml:5:1: unknown field `sumary`, expected one of `summary`, `trap`, `timeout`, `stdin`, `data`, `expect-exit`, `normalize`, `replace`, `fixtures`, `one-sided`; did you mean `summary`?

"#]],
    );

    let c = c.manifest("[lessons.01-a.pairs.hello]\ntimeout = \"soon\"\n");
    let out = c.shown(&["list"]);
    assert_eq!(out.code, Some(2));
    assert_snapshot(
        out.stderr,
        str![[r#"
error: [COURSE]/harness/course.toml:2:11: bad duration `soon`: expected a number and a unit, as in "10s", "1.5s" or "500ms"

"#]],
    );
}

#[test]
fn filters_select_lessons_and_pairs() {
    let c = Course::new()
        .py("01-a/hello.py", HELLO_PY)
        .cs("01-a/Hello.cs", HELLO_CS)
        .py("07-async/task_when_all.py", "print('x')\n")
        .cs("07-async/TaskWhenAll.cs", "Console.WriteLine(\"x\");\n")
        .py("07-async/other.py", "print('y')\n")
        .cs("07-async/Other.cs", "Console.WriteLine(\"y\");\n");
    let (_, json) = c.run_json(&["7/TaskWhenAll"]);
    assert_eq!(pair_ids(&json), ["07-async/task_when_all"]);
    let (_, json) = c.run_json(&["07-async"]);
    assert_eq!(pair_ids(&json).len(), 2);
    let (_, json) = c.run_json(&["1", "7/other"]);
    assert_eq!(pair_ids(&json), ["01-a/hello", "07-async/other"]);
    let out = c.shown(&["run", "9"]);
    assert_eq!(out.code, Some(2));
    assert_snapshot(
        out.stderr,
        str![[r#"
error: filter `9` matches no lesson or pair (see `mirror list`)

"#]],
    );
}

#[test]
fn a_json_traceback_names_the_course_file_not_the_temp_copy() {
    let c = Course::new()
        .py(
            "01-a/crash.py",
            "def f():\n    raise ValueError('boom')\nf()\n",
        )
        .cs("01-a/Crash.cs", HELLO_CS);
    let (code, json) = c.run_json(&[]);
    assert_eq!(code, 1);
    let p = pair(&json, "01-a/crash");
    let stderr = p["python"]["stderr"].as_str().unwrap();
    assert!(
        stderr.contains("File \"examples-py/01-a/crash.py\", line 2, in f")
            && !stderr.contains("mirror-run-"),
        "{stderr}"
    );
    assert_eq!(p["python_file"], "examples-py/01-a/crash.py");
    assert_eq!(p["error_at"]["file"], "examples-py/01-a/crash.py");
}

#[test]
fn json_report_has_the_documented_shape() {
    let c = Course::new()
        .py("01-a/hello.py", HELLO_PY)
        .cs("01-a/Hello.cs", HELLO_CS)
        .manifest("[lessons.01-a]\ntitle = \"Alpha\"\n[lessons.01-a.pairs.hello]\nsummary = \"print vs Console.WriteLine\"\n");
    let out = c.shown(&["run", "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_snapshot(
        out.stdout,
        str![[r#"
{
  "schema": 2,
  "course": "[COURSE]",
  "lessons": [
    {
      "id": "01-a",
      "title": "Alpha",
      "verdict": "pass",
      "pairs": [
        {
          "id": "01-a/hello",
          "name": "hello",
          "verdict": "pass",
          "reason": null,
          "summary": "print vs Console.WriteLine",
          "python_file": "examples-py/01-a/hello.py",
          "csharp_file": "examples-cs/01-a/Hello.cs",
          "python": {
            "exit_code": 0,
            "signal": null,
            "duration_ms": [TIME],
            "timed_out": false,
            "limit": null,
            "stdout": "2 true\n",
            "stdout_truncated": false,
            "stderr": "",
            "stderr_truncated": false,
            "leaked_processes": false
          },
          "csharp": {
            "exit_code": 0,
            "signal": null,
            "duration_ms": [TIME],
            "timed_out": false,
            "limit": null,
            "stdout": "2 true\n",
            "stdout_truncated": false,
            "stderr": "",
            "stderr_truncated": false,
            "leaked_processes": false
          },
          "csharp_cached": [CACHED],
          "python_matrix": [],
          "diff": null,
          "first_difference": null,
          "error_at": null
        }
      ],
      "page": null
    }
  ],
  "summary": {
    "passed": 1,
    "failed": 0,
    "skipped": 0,
    "page_blocks_checked": 0,
    "page_blocks_failed": 0,
    "page_problems": 0
  },
  "environment": {
    "python": [PYTHON],
    "dotnet": [DOTNET],
    "sandbox": [SANDBOX],
    "fixture_http": null
  },
  "timings": {
    "total_ms": [TIME],
    "setup_ms": [TIME],
    "compile_ms": [TIME],
    "compiled": [CACHED],
    "cached": [CACHED],
    "lent": [AT_ONCE],
    "most_at_once": [AT_ONCE]
  }
}

"#]],
    );
}

#[test]
fn expected_nonzero_exit_compares_stdout_only() {
    let c = Course::new()
        .py(
            "10-err/crash.py",
            "print('before')\nraise ValueError('boom')\n",
        )
        .cs(
            "10-err/Crash.cs",
            "Console.WriteLine(\"before\");\nthrow new InvalidOperationException(\"boom\");\n",
        )
        .manifest("[lessons.10-err.pairs.crash]\nexpect-exit = \"nonzero\"\n");
    let (code, json) = c.run_json(&[]);
    assert_eq!(code, 0, "{json:#}");
    let p = pair(&json, "10-err/crash");
    assert_eq!(p["python"]["exit_code"], 1);
    // An unhandled .NET exception aborts (SIGABRT, 134 in a shell).
    assert!(
        p["csharp"]["signal"] == 6 || p["csharp"]["exit_code"] == 134,
        "{p:#}"
    );
}

#[test]
fn stdin_data_files_and_normalisations() {
    let c = Course::new()
        .file("harness/fixtures/data/people.csv", "name\nAda\nLinus\n")
        .py("08-eco/read_data.py", "import sys\nprint(sys.stdin.read().strip())\nfor line in open('people.csv'):\n    print(line.strip() + '   ')\nprint('b')\nprint('a')\n")
        .cs("08-eco/ReadData.cs", "Console.WriteLine(Console.In.ReadToEnd().Trim());\nforeach (var l in File.ReadLines(\"people.csv\")) Console.WriteLine(l);\nConsole.WriteLine(\"a\");\nConsole.WriteLine(\"b\");\n")
        .manifest("[lessons.08-eco.pairs.read_data]\nstdin = \"from stdin\\n\"\ndata = [\"harness/fixtures/data/people.csv\"]\nnormalize = [\"trailing-whitespace\", \"unordered-lines\"]\n");
    let (code, json) = c.run_json(&[]);
    assert_eq!(code, 0, "{json:#}");
    assert!(pair(&json, "08-eco/read_data")["python"]["stdout"]
        .as_str()
        .unwrap()
        .starts_with("from stdin\nname   \n"));

    // Without the normalisations the same pair is a mismatch: they are really applied.
    let c = c.manifest("[lessons.08-eco.pairs.read_data]\nstdin = \"from stdin\\n\"\ndata = [\"harness/fixtures/data/people.csv\"]\n");
    let (code, json) = c.run_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(pair(&json, "08-eco/read_data")["verdict"], "mismatch");
}

#[test]
fn fail_fast_skips_the_rest() {
    let mut c = Course::new();
    for i in 0..6 {
        c = c
            .py(&format!("01-a/p{i}.py"), "print(1)\n")
            .cs(&format!("01-a/P{i}.cs"), "Console.WriteLine(2);\n");
    }
    let (code, json) = c.run_json(&["--fail-fast", "--jobs", "1"]);
    assert_eq!(code, 1);
    assert!(
        json["summary"]["skipped"].as_u64().unwrap() >= 1,
        "{json:#}"
    );
}

#[test]
fn missing_toolchain_is_exit_2_with_install_hint() {
    let c = Course::new()
        .py("01-a/hello.py", HELLO_PY)
        .cs("01-a/Hello.cs", HELLO_CS);
    let out = c.shown(&["run", "--python", "/nonexistent/python3"]);
    assert_eq!(out.code, Some(2));
    assert_snapshot(
        out.stderr,
        str![[r#"
error: python not found: `/nonexistent/python3` does not exist
  install: install Python 3.11+ (Debian: apt-get install python3; or pyenv install 3.11), or pass --python PATH / set MIRROR_PYTHON

"#]],
    );
    // A path from the environment says so: a forgotten export is the likely cause.
    let out = c
        .cmd(&["run"])
        .env("MIRROR_PYTHON", "/nonexistent/python3")
        .output()
        .unwrap();
    let out = Shown::of(&out, c.path());
    assert_eq!(out.code, Some(2));
    assert_snapshot(
        out.stderr,
        str![[r#"
error: python not found: `/nonexistent/python3` does not exist
  from:    MIRROR_PYTHON=/nonexistent/python3 in your environment (unset it to use the default)
  install: install Python 3.11+ (Debian: apt-get install python3; or pyenv install 3.11), or pass --python PATH / set MIRROR_PYTHON

"#]],
    );
    let out = c.shown(&["run", "--dotnet", "no-such-dotnet"]);
    assert_eq!(out.code, Some(2));
    assert_snapshot(
        out.stderr,
        str![[r#"
error: dotnet not found: `no-such-dotnet` is not on PATH
  install: install the .NET SDK 10 or newer (Debian: see https://learn.microsoft.com/dotnet/core/install/linux-debian), or pass --dotnet PATH / set MIRROR_DOTNET

"#]],
    );
}

#[test]
fn no_course_here_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("mirror")
        .unwrap()
        .current_dir(dir.path())
        .arg("list")
        .output()
        .unwrap();
    let out = Shown::of(&out, dir.path());
    assert_eq!(out.code, Some(2));
    assert_snapshot(
        out.stderr,
        str![[r#"
error: no course found from [COURSE]: expected a folder holding examples-py/ and examples-cs/ (use --course DIR)

"#]],
    );
}

#[test]
fn keep_temp_keeps_the_snippet_folders_and_says_where() {
    // What the snippet wrote is kept too (in the jail it lives on a private tmpfs).
    let c = Course::new()
        .py(
            "01-a/hello.py",
            "open('made.txt', 'w').write('x')\nprint('hello')\n",
        )
        .cs("01-a/Hello.cs", "Console.WriteLine(\"hello\");\n");
    let tmp = tempfile::tempdir().unwrap();
    let out = c
        .cmd(&["run", "--keep-temp"])
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let kept = err
        .lines()
        .find_map(|l| l.strip_prefix("temp folders kept in "))
        .expect("says where");
    let folders: Vec<String> = std::fs::read_dir(kept)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        folders
            .iter()
            .any(|f| f.ends_with("hello-py3.11.7-r0") || f.contains("-py")),
        "{folders:?}"
    );
    let py_folder =
        std::path::Path::new(kept).join(folders.iter().find(|f| f.contains("-py")).unwrap());
    assert!(py_folder.join("hello.py").is_file());
    assert_eq!(
        std::fs::read_to_string(py_folder.join("made.txt")).unwrap(),
        "x"
    );
    // A later run in the same temp folder sweeps the folders crashed runs left, not this
    // one: it is the user's now.
    let out = c.cmd(&["run"]).env("TMPDIR", tmp.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        py_folder.join("made.txt").is_file(),
        "the kept folder was swept"
    );
    // Without the flag nothing is left.
    let tmp = tempfile::tempdir().unwrap();
    let out = c.cmd(&["run"]).env("TMPDIR", tmp.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

/// Snippets that sleep leave cores idle: with `--jobs` at its default, those cores are lent
/// to the next snippets in line (`engine::admit`); with `--jobs N` given, never more than N
/// run at once. Needs the machine otherwise quiet enough that a sleeping course leaves a
/// core idle (the suite runs one test at a time).
#[test]
fn sleeping_snippets_lend_their_cores_unless_jobs_is_given() {
    let _quiet = crate::support::timing_sensitive();
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut c = Course::new();
    // Four times as many sides as cores, each asleep for 0.6 s.
    for i in 0..2 * cores {
        c = c
            .py(
                &format!("01-a/p{i}.py"),
                "import time\ntime.sleep(0.6)\nprint('awake')\n",
            )
            .cs(
                &format!("01-a/P{i}.cs"),
                "Thread.Sleep(600);\nConsole.WriteLine(\"awake\");\n",
            );
    }
    // Compiled once first, so that the timed runs below are only the sleeping snippets.
    let (code, _) = c.run_json(&["--jobs", "1"]);
    assert_eq!(code, 0);

    let (code, json) = c.run_json(&[]);
    assert_eq!(code, 0, "{json:#}");
    let t = &json["timings"];
    let (lent, at_once) = (
        t["lent"].as_u64().unwrap(),
        t["most_at_once"].as_u64().unwrap(),
    );
    assert!(lent >= 1, "no core was lent while every snippet slept: {t}");
    assert!(
        at_once > cores as u64 && at_once <= 2 * cores as u64,
        "{at_once} snippets at once on {cores} cores: {t}"
    );

    let (code, json) = c.run_json(&["--jobs", "2"]);
    assert_eq!(code, 0, "{json:#}");
    let t = &json["timings"];
    assert_eq!(t["lent"], 0, "{t}");
    assert_eq!(t["most_at_once"], 2, "{t}");
}

#[test]
fn accept_and_sync_pages_say_where_keep_temp_kept_the_folders() {
    let c = Course::new()
        .py("01-a/hello.py", "print('hello')\n")
        .cs("01-a/Hello.cs", "Console.WriteLine(\"hello\");\n");
    for args in [
        &["accept", "--dry-run", "--keep-temp"][..],
        &["sync-pages", "--keep-temp"][..],
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let out = c.cmd(args).env("TMPDIR", tmp.path()).output().unwrap();
        let err = stderr(&out);
        let kept = err
            .lines()
            .find_map(|l| l.strip_prefix("temp folders kept in "))
            .unwrap_or_else(|| panic!("{args:?} does not say where: {err}"));
        assert!(std::path::Path::new(kept).is_dir(), "{args:?}: {err}");
    }
}

/// One side renamed: two orphans of opposite sides with near names, each pointing at the
/// other, so that they read as one pair to mend and not as two unrelated problems.
#[test]
fn two_orphans_that_look_like_one_renamed_pair_point_at_each_other() {
    let c = Course::new()
        .py("01-a/card_v2.py", HELLO_PY)
        .cs("01-a/Card.cs", HELLO_CS);
    let (code, json) = c.run_json(&[]);
    assert_eq!(code, 1);
    let p = pair(&json, "01-a/card_v2");
    assert_snapshot(p["reason"].as_str().unwrap(), str!["Python snippet has no C# partner: expected examples-cs/01-a/CardV2.cs (same stem, ignoring case, _ and -); if it is one-sided on purpose, set `one-sided = true` under [lessons.01-a.pairs.card_v2] in harness/course.toml; examples-cs/01-a/Card.cs has no partner either: if the two are one pair, give them the same stem"]);
    let p = pair(&json, "01-a/Card");
    assert!(
        p["reason"]
            .as_str()
            .unwrap()
            .ends_with("; examples-py/01-a/card_v2.py has no partner either: if the two are one pair, give them the same stem"),
        "{p:#}"
    );
}
