//! The runner core end to end: pass, mismatch, compile and syntax errors, timeouts,
//! orphans, bad manifests, filters and the JSON report.
use std::time::{Duration, Instant};

use crate::support::{pair, pair_ids, processes_with, stderr, stdout, token, Course};

const HELLO_PY: &str = "print(f'{1 + 1} {True}'.lower())\n";
const HELLO_CS: &str = "Console.WriteLine($\"{1 + 1} {true}\".ToLower());\n";

#[test]
fn passing_pairs_exit_zero_with_summary_line() {
    let c = Course::new()
        .py("01-intro/hello.py", HELLO_PY)
        .cs("01-intro/Hello.cs", HELLO_CS)
        .py("01-intro/main_method.py", "def main() -> None:\n    print('from main')\n\nif __name__ == '__main__':\n    main()\n")
        .cs("01-intro/MainMethod.cs", "static class P { static async Task Main() { await Task.Yield(); Console.WriteLine(\"from main\"); } }\n");
    let out = c.run(&["run"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.lines().any(|l| l == "2 passed, 0 failed"), "{err}");
    assert!(err.contains("01 Intro"), "{err}");
}

#[test]
fn mismatch_fails_with_diff_and_json_verdict() {
    let c = Course::new()
        .py("02-types/division.py", "print(-7 // 2)\nprint('same')\n")
        .cs(
            "02-types/Division.cs",
            "Console.WriteLine(-7 / 2);\nConsole.WriteLine(\"same\");\n",
        );
    let out = c.run(&["run"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("MISMATCH 02-types/division"), "{err}");
    assert!(err.contains("-3") && err.contains("-4"), "{err}");
    assert!(err.contains("first difference at line 1"), "{err}");

    let (code, json) = c.run_json(&[]);
    assert_eq!(code, 1);
    let p = pair(&json, "02-types/division");
    assert_eq!(p["verdict"], "mismatch");
    assert_eq!(p["first_difference"]["line"], 1);
    assert_eq!(p["first_difference"]["csharp"], "-3");
    assert_eq!(p["first_difference"]["python"], "-4");
    assert!(p["diff"].as_str().unwrap().contains("-3\n+-4"), "{p:#}");
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
    assert!(
        diag.contains("CS0103") && diag.contains("Broken.cs(1,"),
        "{diag}"
    );

    let out = c.run(&["run"]);
    assert!(
        stderr(&out).contains("C# side does not compile"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn python_syntax_error_is_an_error_with_stderr() {
    let c = Course::new()
        .py("01-a/syntax.py", "def broken(:\n    pass\n")
        .cs("01-a/Syntax.cs", "Console.WriteLine(1);\n");
    let out = c.run(&["run"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("ERROR 01-a/syntax"), "{err}");
    assert!(err.contains("Python side exited with 1"), "{err}");
    assert!(err.contains("SyntaxError"), "{err}");
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
    assert!(
        p["reason"]
            .as_str()
            .unwrap()
            .contains("Python side timed out after 2.0s"),
        "{p:#}"
    );
    // Compile and start-up are not part of the limit, but the whole run stays near it.
    assert!(elapsed < Duration::from_secs(2 + 10), "took {elapsed:?}");
    assert!(
        processes_with(&marker).is_empty(),
        "left running: {:?}",
        processes_with(&marker)
    );
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
    assert!(p["reason"].as_str().unwrap().contains("no C# partner"));

    let list = c.run(&["list"]);
    assert!(
        stdout(&list).contains("ORPHAN 1/lonely"),
        "{}",
        stdout(&list)
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
    let out = c.run(&["run"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("harness/course.toml:5:1:"), "{err}");
    assert!(err.contains("sumary"), "{err}");

    let c = c.manifest("[lessons.01-a.pairs.hello]\ntimeout = \"soon\"\n");
    let out = c.run(&["list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("course.toml:2:"), "{}", stderr(&out));
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
    let out = c.run(&["run", "9"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("filter `9` matches no lesson"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn json_report_has_the_documented_shape() {
    let c = Course::new()
        .py("01-a/hello.py", HELLO_PY)
        .cs("01-a/Hello.cs", HELLO_CS)
        .manifest("[lessons.01-a]\ntitle = \"Alpha\"\n[lessons.01-a.pairs.hello]\nsummary = \"print vs Console.WriteLine\"\n");
    let (code, json) = c.run_json(&[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["schema"], 1);
    let lesson = &json["lessons"][0];
    assert_eq!(lesson["id"], "01-a");
    assert_eq!(lesson["title"], "Alpha");
    assert_eq!(lesson["verdict"], "pass");
    let p = &lesson["pairs"][0];
    assert_eq!(p["id"], "01-a/hello");
    assert_eq!(p["summary"], "print vs Console.WriteLine");
    for side in ["python", "csharp"] {
        assert_eq!(p[side]["exit_code"], 0);
        assert_eq!(p[side]["timed_out"], false);
        assert_eq!(p[side]["stdout_truncated"], false);
        assert_eq!(p[side]["stdout"], "2 true\n");
        assert!(p[side]["duration_ms"].as_u64().is_some());
    }
    assert!(p["diff"].is_null());
    assert_eq!(json["summary"]["passed"], 1);
    assert_eq!(json["summary"]["failed"], 0);
    assert_eq!(json["summary"]["skipped"], 0);
    assert_eq!(json["summary"]["page_blocks_checked"], 0);
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
    let out = c.run(&["run", "--python", "/nonexistent/python3"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("python not found") && err.contains("install"),
        "{err}"
    );
    let out = c.run(&["run", "--dotnet", "no-such-dotnet"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("dotnet not found"),
        "{}",
        stderr(&out)
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
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no course found"), "{}", stderr(&out));
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
    // Without the flag nothing is left.
    let tmp = tempfile::tempdir().unwrap();
    let out = c.cmd(&["run"]).env("TMPDIR", tmp.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}
