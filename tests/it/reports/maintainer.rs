//! What a maintainer reads after a failing run, end to end through the real binary: the
//! first difference made visible, capped diffs, tracebacks at course paths, labels that
//! say what is compared, page problems counted, and one command to re-run the failures.
use crate::support::{pair, pair_ids, stderr, Course};

#[test]
fn a_missing_final_line_break_is_visible_in_the_human_and_json_reports() {
    let c = Course::new()
        .py("01-a/bye.py", "print('Goodbye, World!', end='')\n")
        .cs("01-a/Bye.cs", "Console.WriteLine(\"Goodbye, World!\");\n");
    let (code, json) = c.run_json(&[]);
    assert_eq!(code, 1);
    let first = &pair(&json, "01-a/bye")["first_difference"];
    assert_eq!(first["line"], 1, "{first:#}");
    assert_eq!(first["column"], 16, "{first:#}");
    assert_eq!(first["left"]["label"], "C#");
    assert_eq!(first["left"]["line_break"], true);
    assert_eq!(first["right"]["line_break"], false);
    assert_eq!(first["csharp"], "Goodbye, World!");
    assert_eq!(
        first["note"],
        "only C# ends this line with a line break: Python's output ends without one"
    );

    let err = stderr(&c.run(&["run"]));
    let at = err
        .find("first difference at line 1, column 16:")
        .expect(&err);
    let lines: Vec<&str> = err[at..].lines().skip(1).take(4).collect();
    assert_eq!(
        lines,
        [
            "    C#:     Goodbye, World!\\n",
            "    Python: Goodbye, World!",
            "                           ^",
            "    (only C# ends this line with a line break: Python's output ends without one)",
        ],
        "{err}"
    );
}

#[test]
fn a_long_diff_is_capped_unless_full_diff_is_asked() {
    let verses = "for i in range(99, 0, -1):\n    print(f'{i} bottles of beer on the wall')\n";
    let c = Course::new().py("01-a/bottles.py", verses).cs(
        "01-a/Bottles.cs",
        "for (var i = 99; i > 0; i--) Console.WriteLine($\"{i} bottles of beer on the wall.\");\n",
    );
    let err = stderr(&c.run(&["run"]));
    assert!(
        err.contains("    … 161 more lines (--full-diff shows all)"),
        "{err}"
    );
    assert!(err.lines().count() < 100, "{} lines", err.lines().count());
    let err = stderr(&c.run(&["run", "--full-diff"]));
    assert!(!err.contains("more lines"), "{err}");
    assert!(err.contains("+1 bottles of beer on the wall\n"), "{err}");
}

#[test]
fn a_traceback_points_at_the_course_file_in_every_report() {
    let c = Course::new()
        .py(
            "01-a/crash.py",
            "def f():\n    raise ValueError('boom')\n\nf()\n",
        )
        .cs("01-a/Crash.cs", "Console.WriteLine(1);\n");
    let (_, json) = c.run_json(&[]);
    let p = pair(&json, "01-a/crash");
    assert_eq!(p["error_at"]["file"], "examples-py/01-a/crash.py", "{p:#}");
    assert_eq!(p["error_at"]["line"], 2, "{p:#}");

    let junit = c.path().join("j.xml");
    let html = c.path().join("r.html");
    let out = c.run(&[
        "run",
        "--junit",
        junit.to_str().unwrap(),
        "--html",
        html.to_str().unwrap(),
    ]);
    let err = stderr(&out);
    assert!(
        err.contains("  at     examples-py/01-a/crash.py:2\n"),
        "{err}"
    );
    assert!(
        err.contains("      File \"examples-py/01-a/crash.py\", line 2, in f\n"),
        "{err}"
    );
    for (what, text) in [
        ("human", err),
        ("junit", std::fs::read_to_string(&junit).unwrap()),
        ("html", std::fs::read_to_string(&html).unwrap()),
    ] {
        assert!(
            !text.contains("mirror-run-"),
            "{what} names the temp folder:\n{text}"
        );
        assert!(
            text.contains("examples-py/01-a/crash.py&quot;, line 2")
                || text.contains("examples-py/01-a/crash.py\", line 2"),
            "{what}:\n{text}"
        );
    }
}

#[test]
fn drift_is_labelled_golden_and_now() {
    let c = Course::new()
        .py("01-a/card.py", "print('v1')\n")
        .cs("01-a/Card.cs", "Console.WriteLine(\"v1\");\n");
    assert_eq!(c.run(&["run", "--bless"]).status.code(), Some(0));
    let c = c
        .py("01-a/card.py", "print('v2')\n")
        .cs("01-a/Card.cs", "Console.WriteLine(\"v2\");\n");
    let (_, json) = c.run_json(&[]);
    let first = &pair(&json, "01-a/card")["first_difference"];
    assert_eq!(first["left"]["label"], "golden", "{first:#}");
    assert_eq!(first["right"]["label"], "now", "{first:#}");
    assert!(
        first.get("csharp").is_none(),
        "not C# against Python: {first:#}"
    );
    let err = stderr(&c.run(&["run"]));
    assert!(err.contains("    golden: v1\n    now:    v2\n"), "{err}");
}

#[test]
fn page_problems_are_counted_and_the_closing_line_agrees_with_the_exit_code() {
    let c = Course::new()
        .py("01-a/hello.py", "print('hi')\n")
        .cs("01-a/Hello.cs", "Console.WriteLine(\"hi\");\n")
        .file(
            "lessons/01-a.md",
            "# A\n\n```text output=hello\nhi\n```\n\n```python\nuntagged\n```\n\n```python pair=helo\nx\n```\n",
        );
    for args in [&["run"][..], &["run", "--bless"][..]] {
        let out = c.run(args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("2 problems (1 block checked)"), "{err}");
        assert!(err.contains("\nPAGE lessons/01-a.md:7: untagged"), "{err}");
        assert!(
            err.contains("pages: 1 tied block checked, 0 failed, 2 other problems"),
            "{err}"
        );
        assert!(
            err.contains("\n1 passed, 0 failed, 2 page problems\n"),
            "{err}"
        );
    }
    let (_, json) = c.run_json(&[]);
    let page = &json["lessons"][0]["page"];
    assert_eq!(
        (
            &page["blocks_checked"],
            &page["blocks_failed"],
            &page["problems"]
        ),
        (&1.into(), &0.into(), &2.into()),
        "{page:#}"
    );
    assert_eq!(json["summary"]["page_problems"], 2);
}

#[test]
fn failures_are_listed_with_one_command_and_run_failed_reruns_them() {
    let c = Course::new()
        .py("01-a/hello.py", "print('hi')\n")
        .cs("01-a/Hello.cs", "Console.WriteLine(\"hi\");\n")
        .py("01-a/division.py", "print(-7 // 2)\n")
        .cs("01-a/Division.cs", "Console.WriteLine(-7 / 2);\n")
        .py("01-a/crash.py", "raise SystemExit(3)\n")
        .cs("01-a/Crash.cs", "Console.WriteLine(1);\n");
    let out = c.run(&["run"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("ERROR 01-a/crash"), "{err}");
    assert!(err.contains("  re-run: mirror run 1/crash\n"), "{err}");
    assert!(
        err.contains("\nfailed: 01-a/crash 01-a/division\n"),
        "{err}"
    );
    assert!(
        err.contains("re-run them: mirror run 1/crash 1/division  (or: mirror run --failed)"),
        "{err}"
    );

    let (code, json) = c.run_json(&["--failed"]);
    assert_eq!(code, 1);
    assert_eq!(pair_ids(&json), ["01-a/crash", "01-a/division"]);

    // Mend one; a run of it alone forgets it and keeps the other.
    let c = c.py("01-a/crash.py", "print(1)\n");
    assert_eq!(c.run_json(&["1/crash"]).0, 0);
    let (_, json) = c.run_json(&["--failed"]);
    assert_eq!(pair_ids(&json), ["01-a/division"]);

    let c = c.py("01-a/division.py", "print(int(-7 / 2))\n");
    assert_eq!(c.run_json(&["--failed"]).0, 0);
    let out = c.run(&["run", "--failed"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("nothing to re-run"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn colour_follows_clicolor_force_and_no_color() {
    let c = Course::new()
        .py("01-a/division.py", "print(-7 // 2)\n")
        .cs("01-a/Division.cs", "Console.WriteLine(-7 / 2);\n");
    let colour = |env: &[(&str, &str)], args: &[&str]| {
        let mut cmd = c.cmd(&[&["run"], args].concat());
        cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        stderr(&cmd.output().unwrap()).contains('\x1b')
    };
    // stderr is a pipe here: no colour unless forced.
    assert!(!colour(&[], &[]));
    assert!(colour(&[("CLICOLOR_FORCE", "1")], &[]));
    assert!(!colour(&[("NO_COLOR", "1")], &[]));
    assert!(colour(&[("NO_COLOR", "1")], &["--color", "always"]));
    assert!(!colour(&[("CLICOLOR_FORCE", "1")], &["--color", "never"]));
}

#[test]
fn list_fits_the_terminal_and_an_orphan_names_the_partner_it_expected() {
    let long = "print() is Console.WriteLine that joins its arguments with spaces; sep= and end= replace string.Join and Console.Write";
    let c = Course::new()
        .py("01-a/hello_world.py", "print(1)\n")
        .cs("01-a/HelloWorld.cs", "Console.WriteLine(1);\n")
        .py("01-a/task_when_all.py", "print(2)\n")
        .manifest(&format!(
            "[lessons.01-a.pairs.hello_world]\nsummary = \"{long}\"\n"
        ));
    let out = c.cmd(&["list"]).env("COLUMNS", "70").output().unwrap();
    let text = crate::support::stdout(&out);
    assert!(text.starts_with("01-a A (2 pairs)\n"), "{text}");
    assert!(
        text.lines().all(|l| l.chars().count() <= 70),
        "wider than 70:\n{text}"
    );
    assert!(
        text.contains("       pair 1/hello_world         print() is"),
        "{text}"
    );
    assert!(
        text.contains("     ORPHAN 1/task_when_all       examples-py/01-a/task_when_all.py"),
        "{text}"
    );

    let (_, json) = c.run_json(&[]);
    let reason = pair(&json, "01-a/task_when_all")["reason"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        reason.contains("expected examples-cs/01-a/TaskWhenAll.cs")
            && reason.contains("`one-sided = true` under [lessons.01-a.pairs.task_when_all]"),
        "{reason}"
    );
}
