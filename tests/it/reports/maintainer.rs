//! What a maintainer reads after a failing run, end to end through the real binary: the
//! first difference made visible, capped diffs, tracebacks at course paths, labels that
//! say what is compared, page problems counted, and one command to re-run the failures.
use snapbox::str;

use crate::support::{assert_snapshot, pair, pair_ids, stderr, Course};

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

    assert_snapshot(
        c.shown(&["run"]).stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lesson                                       pairs passed failed pair time  page
01 A                                             1      0      1  [TIME]  -

MISMATCH 01-a/bye: outputs differ from line 1
  C#     examples-cs/01-a/Bye.cs
  Python examples-py/01-a/bye.py
  first difference at line 1, column 16:
    C#:     Goodbye, World!\n
    Python: Goodbye, World!
                           ^
    (only C# ends this line with a line break: Python's output ends without one)
    --- C#
    +++ Python
    @@ -1 +1 @@
    -Goodbye, World!
    +Goodbye, World!
    \ No newline at end of file
  re-run: mirror run 1/bye

failed: 01-a/bye
re-run them: mirror run 1/bye  (or: mirror run --failed)

finished in [TIME]
0 passed, 1 failed

"#]],
    );
}

#[test]
fn a_long_diff_is_capped_unless_full_diff_is_asked() {
    let verses = "for i in range(99, 0, -1):\n    print(f'{i} bottles of beer on the wall')\n";
    let c = Course::new().py("01-a/bottles.py", verses).cs(
        "01-a/Bottles.cs",
        "for (var i = 99; i > 0; i--) Console.WriteLine($\"{i} bottles of beer on the wall.\");\n",
    );
    assert_snapshot(
        c.shown(&["run"]).stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lesson                                       pairs passed failed pair time  page
01 A                                             1      0      1  [TIME]  -

MISMATCH 01-a/bottles: outputs differ from line 1
  C#     examples-cs/01-a/Bottles.cs
  Python examples-py/01-a/bottles.py
  first difference at line 1, column 31:
    C#:     99 bottles of beer on the wall.
    Python: 99 bottles of beer on the wall
                                          ^
    --- C#
    +++ Python
    @@ -1,99 +1,99 @@
    -99 bottles of beer on the wall.
    -98 bottles of beer on the wall.
    -97 bottles of beer on the wall.
    -96 bottles of beer on the wall.
    -95 bottles of beer on the wall.
    -94 bottles of beer on the wall.
    -93 bottles of beer on the wall.
    -92 bottles of beer on the wall.
    -91 bottles of beer on the wall.
    -90 bottles of beer on the wall.
    -89 bottles of beer on the wall.
    -88 bottles of beer on the wall.
    -87 bottles of beer on the wall.
    -86 bottles of beer on the wall.
    -85 bottles of beer on the wall.
    -84 bottles of beer on the wall.
    -83 bottles of beer on the wall.
    -82 bottles of beer on the wall.
    -81 bottles of beer on the wall.
    -80 bottles of beer on the wall.
    -79 bottles of beer on the wall.
    -78 bottles of beer on the wall.
    -77 bottles of beer on the wall.
    -76 bottles of beer on the wall.
    -75 bottles of beer on the wall.
    -74 bottles of beer on the wall.
    -73 bottles of beer on the wall.
    -72 bottles of beer on the wall.
    -71 bottles of beer on the wall.
    -70 bottles of beer on the wall.
    -69 bottles of beer on the wall.
    -68 bottles of beer on the wall.
    -67 bottles of beer on the wall.
    -66 bottles of beer on the wall.
    -65 bottles of beer on the wall.
    -64 bottles of beer on the wall.
    -63 bottles of beer on the wall.
    … 161 more lines (--full-diff shows all)
  re-run: mirror run 1/bottles

failed: 01-a/bottles
re-run them: mirror run 1/bottles  (or: mirror run --failed)

finished in [TIME]
0 passed, 1 failed

"#]],
    );
    let err = c.shown(&["run", "--full-diff"]).stderr;
    assert!(!err.contains("more lines"), "{err}");
    // Every line of the diff: 99 removed, 99 added, the headers and the last line.
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
    assert_snapshot(
        crate::support::Shown::of(&out, c.path()).stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lesson                                       pairs passed failed pair time  page
01 A                                             1      0      1  [TIME]  -

ERROR 01-a/crash: Python side exited with 1 (expected exit 0)
  C#     examples-cs/01-a/Crash.cs
  Python examples-py/01-a/crash.py
  at     examples-py/01-a/crash.py:2
  Python stderr (last lines):
    Traceback (most recent call last):
      File "examples-py/01-a/crash.py", line 4, in <module>
        f()
      File "examples-py/01-a/crash.py", line 2, in f
        raise ValueError('boom')
    ValueError: boom
  re-run: mirror run 1/crash

failed: 01-a/crash
re-run them: mirror run 1/crash  (or: mirror run --failed)

finished in [TIME]
0 passed, 1 failed

"#]],
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
    assert_snapshot(
        c.shown(&["run"]).stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lesson                                       pairs passed failed pair time  page
01 A                                             1      0      1  [TIME]  -

DRIFT 01-a/card: golden output is stale: both sides changed the same way (if the change is right, `mirror accept` writes the golden file and the lesson pages together)
  C#     examples-cs/01-a/Card.cs
  Python examples-py/01-a/card.py
  first difference at line 1, column 2:
    golden: v1
    now:    v2
             ^
    --- golden
    +++ now
    @@ -1 +1 @@
    -v1
    +v2
  re-run: mirror run 1/card

failed: 01-a/card
re-run them: mirror run 1/card  (or: mirror run --failed)

finished in [TIME]
0 passed, 1 failed

"#]],
    );
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
    let out = c.shown(&["run"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_snapshot(
        out.stderr.clone(),
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lesson                                       pairs passed failed pair time  page
01 A                                             1      1      0  [TIME]  2 problems (1 block checked)

PAGE lessons/01-a.md:7: untagged ```python block: name its pair (`pair=NAME`, optionally `region=NAME`) or mark it `illustrative`

PAGE lessons/01-a.md:11: block names pair `helo`, which lesson 01-a does not have; did you mean `pair=hello`?

pages: 1 tied block checked, 0 failed, 2 other problems

finished in [TIME]
1 passed, 0 failed, 2 page problems

"#]],
    );
    // --bless writes golden files, but page problems still fail the run.
    let blessed = c.shown(&["run", "--bless"]);
    assert_eq!(blessed.code, Some(1), "{}", blessed.stderr);
    assert_snapshot(
        blessed.stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lesson                                       pairs passed failed pair time  page
01 A                                             1      1      0  [TIME]  2 problems (1 block checked)

PAGE lessons/01-a.md:7: untagged ```python block: name its pair (`pair=NAME`, optionally `region=NAME`) or mark it `illustrative`

PAGE lessons/01-a.md:11: block names pair `helo`, which lesson 01-a does not have; did you mean `pair=hello`?

pages: 1 tied block checked, 0 failed, 2 other problems

finished in [TIME]
1 passed, 0 failed, 2 page problems
blessed: 1 golden file(s) written, 0 unchanged, 0 refused

"#]],
    );
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
    // Paths are relative to the document's `course`, as in the human report.
    assert_eq!(page["path"], "lessons/01-a.md", "{page:#}");
    assert_eq!(page["failures"][0]["line"], 7, "{page:#}");
    assert_eq!(
        std::path::Path::new(json["course"].as_str().unwrap()),
        c.path(),
        "{json:#}"
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
01 A                                             3      1      2  [TIME]  -

ERROR 01-a/crash: Python side exited with 3 (expected exit 0)
  C#     examples-cs/01-a/Crash.cs
  Python examples-py/01-a/crash.py
  re-run: mirror run 1/crash

MISMATCH 01-a/division: outputs differ from line 1
  C#     examples-cs/01-a/Division.cs
  Python examples-py/01-a/division.py
  first difference at line 1, column 2:
    C#:     -3
    Python: -4
             ^
    --- C#
    +++ Python
    @@ -1 +1 @@
    --3
    +-4
  re-run: mirror run 1/division

failed: 01-a/crash 01-a/division
re-run them: mirror run 1/crash 1/division  (or: mirror run --failed)

finished in [TIME]
1 passed, 2 failed

"#]],
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
    let out = c.shown(&["run", "--failed"]);
    assert_eq!(out.code, Some(0));
    assert_snapshot(
        out.stderr,
        str![[r#"
mirror: --failed: no pair of this course failed when it last ran; nothing to re-run

"#]],
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
    assert!(
        text.lines().all(|l| l.chars().count() <= 70),
        "wider than 70:\n{text}"
    );
    assert_snapshot(
        text,
        str![[r#"
01-a A (2 pairs)
       pair 1/hello_world         print() is Console.WriteLine that j…
     ORPHAN 1/task_when_all       examples-py/01-a/task_when_all.py

"#]],
    );

    let (_, json) = c.run_json(&[]);
    let reason = pair(&json, "01-a/task_when_all")["reason"]
        .as_str()
        .unwrap()
        .to_string();
    assert_snapshot(reason, str!["Python snippet has no C# partner: expected examples-cs/01-a/TaskWhenAll.cs (same stem, ignoring case, _ and -); if it is one-sided on purpose, set `one-sided = true` under [lessons.01-a.pairs.task_when_all] in harness/course.toml"]);
}
