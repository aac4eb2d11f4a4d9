//! The command line itself: each subcommand takes only its own flags, toolchain versions are
//! checked up front, filters forgive typos and take names, paths and globs, `accept` takes a
//! deliberate change in one step, `-q`/`-v`, completions, the manual page and `doctor`.
use crate::support::{pair_ids, stderr, stdout, Course};

const PY: &str = "print('hi')\n";
const CS: &str = "Console.WriteLine(\"hi\");\n";

fn course() -> Course {
    Course::new()
        .py("01-intro/hello_world.py", PY)
        .cs("01-intro/HelloWorld.cs", CS)
        .py("07-async-programming/gather.py", PY)
        .cs("07-async-programming/Gather.cs", CS)
        .py("07-async-programming/to_thread.py", PY)
        .cs("07-async-programming/ToThread.cs", CS)
}

#[test]
fn each_subcommand_refuses_flags_it_does_not_act_on() {
    let c = course();
    for args in [
        &["sync-pages", "--junit", "x"][..],
        &["sync-pages", "--html", "y"],
        &["sync-pages", "--format", "json"],
        &["sync-pages", "--repeat", "2"],
        &["sync-pages", "--bless"],
        &["watch", "--junit", "x"],
        &["watch", "--format", "json"],
        &["list", "--format", "github"],
        &["list", "--format", "jsonl"],
        &["progress", "--format", "github"],
        &["show", "1/hello_world", "--repeat", "2"],
        &["doctor", "--jobs", "2"],
    ] {
        let out = c.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?} is refused");
        let err = stderr(&out);
        assert!(
            err.contains("unexpected argument") || err.contains("invalid value"),
            "{args:?}: {err}"
        );
        assert!(!c.path().join("x").exists() && !c.path().join("y").exists());
    }
    // The flags still work where they belong.
    let out = c.run(&["list", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_python_older_than_the_course_needs_is_one_line() {
    // Whatever python3 is here, no Python is 3.99 yet.
    let c = course().manifest("[python]\nrequires = \">=3.99\"\n");
    let out = c.run(&["run"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: Python 3.")
            && err.contains(" is too old: this course needs 3.99 or newer"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn python_2_is_named_too_old_without_a_traceback() {
    let Some(python2) = ["python2.7", "python2"]
        .into_iter()
        .find(|p| which(p).is_some())
    else {
        // Not a tool CI installs (Debian has no python2): say so where cargo test shows it.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "NOT RUN python_2_is_named_too_old_without_a_traceback: no python2.7 on PATH (pyenv install 2.7.18 to run it)"
        );
        return;
    };
    let out = course().run(&["run", "--python", python2]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("is too old: this course needs 3.11 or newer") && err.contains("Python 2."),
        "{err}"
    );
    assert!(!err.contains("Traceback"), "{err}");
}

fn which(program: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(program))
            .find(|p| p.is_file())
    })
}

#[test]
fn a_python_path_that_does_not_exist_is_not_called_off_path() {
    let out = course().run(&["run", "--python", "/nonexistent/python"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("`/nonexistent/python` does not exist"),
        "{err}"
    );
    assert!(!err.contains("not on PATH"), "{err}");
}

#[test]
fn a_dotnet_sdk_older_than_10_is_refused_with_the_reason() {
    // An SDK 9 laid out as the dotnet installer does (mirror reads folders, runs nothing).
    let sdk = tempfile::tempdir().unwrap();
    let root = sdk.path();
    for dir in [
        "sdk/9.0.100/Roslyn/bincore",
        "shared/Microsoft.NETCore.App/9.0.0",
        "packs/Microsoft.NETCore.App.Ref/9.0.0/ref/net9.0",
    ] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    std::fs::write(root.join("sdk/9.0.100/Roslyn/bincore/csc.dll"), "").unwrap();
    let exe = root.join("dotnet");
    std::fs::write(&exe, "#!/bin/sh\nexit 1\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    let c = course();
    let out = c.run(&["run", "--dotnet", exe.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(".NET SDK 9.0.100 is too old: this course needs SDK 10 or newer"),
        "{err}"
    );
    let doctor = c.run(&["doctor", "--dotnet", exe.to_str().unwrap()]);
    assert_eq!(doctor.status.code(), Some(2));
    assert!(stdout(&doctor).contains("dotnet   TOO OLD: .NET SDK 9.0.100"));
}

#[test]
fn typos_get_the_nearest_name() {
    let c = course();
    let out = c.run(&["run", "1/hello_wrld"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean `1/hello_world`?"),
        "{}",
        stderr(&out)
    );
    let out = c.run(&["show", "7/gaher"]);
    assert!(
        stderr(&out).contains("did you mean `7/gather`?"),
        "{}",
        stderr(&out)
    );
    let c = c.manifest("[lessons.01-intro.pairs.hello_world]\nsumary = \"x\"\n");
    let out = c.run(&["list"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("course.toml:2:1") && err.contains("did you mean `summary`?"),
        "{err}"
    );
}

#[test]
fn filters_take_pair_names_paths_globs_k_and_skip() {
    let c = course();
    let ids = |args: &[&str]| {
        let (code, json) = c.run_json(args);
        assert_eq!(code, 0, "{args:?}: {json:#}");
        pair_ids(&json)
    };
    assert_eq!(ids(&["gather"]), ["07-async-programming/gather"]);
    assert_eq!(
        ids(&["examples-py/07-async-programming/gather.py"]),
        ["07-async-programming/gather"]
    );
    assert_eq!(
        ids(&["7/*"]),
        [
            "07-async-programming/gather",
            "07-async-programming/to_thread"
        ]
    );
    assert_eq!(ids(&["-k", "thread"]), ["07-async-programming/to_thread"]);
    let out = c.run(&["run", "-k", "zzz"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`-k zzz`: no pair id"),
        "{}",
        stderr(&out)
    );
    assert_eq!(ids(&["--skip", "7"]), ["01-intro/hello_world"]);
}

#[test]
fn accept_shows_then_writes_golden_files_and_pages_together() {
    let page = "# Intro\n\n```python pair=hello_world\nprint('hi')\n```\n\n```text output=hello_world\nhi\n```\n";
    let c = Course::new()
        .py("01-intro/hello_world.py", PY)
        .cs("01-intro/HelloWorld.cs", CS)
        .file("lessons/01-intro.md", page);
    assert_eq!(c.run(&["run", "--bless"]).status.code(), Some(0));
    let golden = c.path().join("harness/expected/01-intro/hello_world.out");
    assert_eq!(std::fs::read_to_string(&golden).unwrap(), "hi\n");

    // A deliberate change on both sides: golden file and page are now stale.
    let c = c
        .py("01-intro/hello_world.py", "print('hello')\n")
        .cs("01-intro/HelloWorld.cs", "Console.WriteLine(\"hello\");\n");
    assert_eq!(c.run_json(&[]).0, 1);
    // `run --bless` alone leaves the page stale, and says what does both.
    let blessed = c.run(&["run", "--bless", "--no-pages"]);
    assert_eq!(blessed.status.code(), Some(0), "{}", stderr(&blessed));
    let blessed = c.run(&["run", "--bless"]);
    assert_eq!(blessed.status.code(), Some(1));
    assert!(
        stderr(&blessed)
            .contains("2 tied page block(s) differ from what the pairs print now: `mirror accept`"),
        "{}",
        stderr(&blessed)
    );
    std::fs::write(&golden, "hi\n").unwrap();

    let dry = c.run(&["accept", "--dry-run"]);
    let err = stderr(&dry);
    assert_eq!(dry.status.code(), Some(1), "{err}");
    assert!(
        err.contains("harness/expected/01-intro/hello_world.out: golden output changes"),
        "{err}"
    );
    assert!(err.contains("-hi") && err.contains("+hello"), "{err}");
    assert!(err.contains("lessons/01-intro.md:3:"), "{err}");
    // Paths in the page findings are the course's, as `mirror run` shows them.
    assert!(
        err.contains("of examples-py/01-intro/hello_world.py"),
        "{err}"
    );
    assert!(!err.contains(&c.path().display().to_string()), "{err}");
    assert!(
        err.contains("would change: 1 golden file(s), 2 page block(s) in 1 page(s)"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&golden).unwrap(), "hi\n");

    let out = c.run(&["accept"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("+hello"), "{err}");
    assert!(
        err.contains("accepted: 1 golden file(s) written, 2 page block(s) rewritten in 1 page(s)"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&golden).unwrap(), "hello\n");
    let page = std::fs::read_to_string(c.path().join("lessons/01-intro.md")).unwrap();
    assert!(
        page.contains("print('hello')") && page.contains("```text output=hello_world\nhello\n```"),
        "{page}"
    );
    // One step was enough: the next run passes, pages included.
    assert_eq!(c.run_json(&[]).0, 0);

    // A pair whose sides disagree cannot be accepted: named, exit 1, nothing written.
    let c = c.py("01-intro/hello_world.py", "print('bye')\n");
    let out = c.run(&["accept"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("not blessed: 01-intro/hello_world: the sides do not agree (mismatch)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&golden).unwrap(), "hello\n");
}

#[test]
fn quiet_and_verbose() {
    let c = course();
    let out = c.run(&["-q", "run", "1"]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        !err.contains("course  ") && !err.contains("sandbox "),
        "{err}"
    );
    assert!(!err.contains("01-intro  "), "no lesson table: {err}");
    assert!(err.contains("1 passed, 0 failed"), "{err}");

    let out = c.run(&["-v", "run", "7"]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains("PASS 07-async-programming/gather")
            && err.contains("PASS 07-async-programming/to_thread"),
        "{err}"
    );
    assert!(err.contains("timings: setup"), "{err}");

    let out = c.run(&["-q", "-v", "list"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn completions_and_manual_page() {
    let c = course();
    let out = c.run(&["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0));
    let script = stdout(&out);
    assert!(
        script.contains("_mirror()") && script.contains("sync-pages"),
        "{script}"
    );
    let out = c.run(&["completions", "zsh"]);
    assert!(stdout(&out).contains("#compdef mirror"));
    let out = c.run(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    let man = stdout(&out);
    assert!(
        man.contains(".TH mirror") && man.contains("accept"),
        "{man}"
    );
    // Exit codes are what CI reads: the manual lists them, in their own section.
    let status = man.split(".SH \"EXIT STATUS\"").nth(1).unwrap_or_default();
    for code in ["\\fB0\\fR", "\\fB1\\fR", "\\fB2\\fR", "\\fB130, 143\\fR"] {
        assert!(status.contains(code), "{code} in:\n{man}");
    }
    assert!(!man.contains(".SH EXTRA"), "{man}");
    let help = stdout(&c.run(&["--help"]));
    assert!(help.trim_end().ends_with("130/143 interrupted."), "{help}");
}

#[test]
fn doctor_names_platform_and_kernel() {
    let out = course().run(&["doctor"]);
    let text = stdout(&out);
    let line = text.lines().next().unwrap_or_default();
    assert!(line.starts_with("platform Linux "), "{text}");
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap();
    assert!(line.contains(release.trim()), "{line}");
    let cores = std::thread::available_parallelism().unwrap().get();
    assert!(
        text.contains(&format!(
            "jobs     {cores} at once (one per core), up to {} while snippets sleep",
            2 * cores
        )),
        "{text}"
    );
}

#[test]
fn quiet_leaves_out_progress_notes_but_not_the_result() {
    // A requirements file of its own (a comment) makes a fresh venv: a progress note.
    let make = |tag: &str| {
        Course::new()
            .py("01-a/x.py", "print(1)\n")
            .cs("01-a/X.cs", "Console.WriteLine(1);\n")
            .file(
                "harness/requirements.txt",
                &format!("# {}\n", crate::support::token(tag)),
            )
    };
    let out = make("quiet-venv").run(&["-q", "run"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        !err.contains("creating the course's Python environment"),
        "{err}"
    );
    assert!(err.contains("1 passed, 0 failed"), "{err}");
    let out = make("loud-venv").run(&["run"]);
    let err = stderr(&out);
    assert!(
        err.contains("creating the course's Python environment"),
        "{err}"
    );
}

#[test]
fn snippets_that_would_be_left_out_and_empty_courses_are_errors() {
    let cases = [
        (
            Course::new()
                .py("01-a/hello.py", "print(1)\n")
                .cs("01-a/Hello.cs", "Console.WriteLine(1);\n")
                .file("examples-py/basics/extra.py", "print(2)\n"),
            "examples-py/basics/: not a lesson folder, so its snippets would be left out",
        ),
        (
            Course::new()
                .py("01-a/hello.py", "print(1)\n")
                .cs("01-a/Hello.cs", "Console.WriteLine(1);\n")
                .file("examples-cs/Stray.cs", "Console.WriteLine(2);\n"),
            "examples-cs/Stray.cs: a snippet outside any lesson would be left out",
        ),
        (
            Course::new().file("examples-py/README.md", "notes\n"),
            "no snippets found",
        ),
    ];
    for (c, wanted) in cases {
        let out = c.run(&["run"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(wanted), "no `{wanted}` in: {err}");
    }
    // A README and hidden or build folders beside the lessons are fine.
    let c = Course::new()
        .py("01-a/hello.py", "print(1)\n")
        .cs("01-a/Hello.cs", "Console.WriteLine(1);\n")
        .file("examples-py/README.md", "notes\n")
        .file("examples-cs/obj/x.cs", "// generated\n")
        .file("examples-py/.venv/x.py", "pass\n");
    let out = c.run(&["run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
