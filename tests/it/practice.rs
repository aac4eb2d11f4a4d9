//! Practice mode end to end on a throwaway course: set up, check (todo, pass, mismatch with
//! diff and trap hint, syntax error, endless loop), progress, reveal, `--to csharp`, the
//! workspace rules, and `--watch` with Ctrl-C (in `practice/watch.rs`). Nothing is ever
//! written under `examples-*`.
mod watch;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use snapbox::str;

use crate::support::{assert_snapshot, processes_with, stderr, stdout, token, Course, Shown};

const MD_PY: &str = "def add(item, items=None):\n    if items is None:\n        items = []\n    items.append(item)\n    return items\n\n\nprint(','.join(add('a')))\nprint(','.join(add('b')))\n";
const MD_BUG: &str = "def add(item, items=[]):\n    items.append(item)\n    return items\n\n\nprint(','.join(add('a')))\nprint(','.join(add('b')))\n";
const MD_CS: &str = "static List<string> Add(string item, List<string>? items = null)\n{\n    items ??= new();\n    items.Add(item);\n    return items;\n}\n\nConsole.WriteLine(string.Join(\",\", Add(\"a\")));\nConsole.WriteLine(string.Join(\",\", Add(\"b\")));\n";
const TRAP: &str = "def f(items=[]) shares ONE list between all calls";

fn course() -> Course {
    Course::new()
        .py("03-fn/mutable_default.py", MD_PY)
        .cs("03-fn/MutableDefault.cs", MD_CS)
        .py("06-linq/squares.py", "print(' '.join(str(x * x) for x in range(1, 5)))\n")
        .cs(
            "06-linq/Squares.cs",
            "Console.WriteLine(string.Join(\" \", Enumerable.Range(1, 4).Select(x => x * x)));\n",
        )
        .manifest(&format!(
            "[lessons.03-fn.pairs.mutable_default]\nsummary = \"A default is evaluated once, when def runs\"\ntrap = \"{TRAP}\"\n"
        ))
}

/// Every file under `examples-*`, with its bytes.
fn examples(c: &Course) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, root, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    for t in ["examples-py", "examples-cs"] {
        walk(&c.path().join(t), c.path(), &mut out);
    }
    out
}

fn practice_file(c: &Course, rel: &str) -> PathBuf {
    c.path().join("practice").join(rel)
}

/// The template with `body` written under it (as a learner would).
/// The command `mirror practice PAIR` suggests to check the file it wrote.
fn suggested_check(err: &str) -> &str {
    err.lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("write your Python under the last comment line, then: ")
        })
        .unwrap_or_else(|| panic!("no suggestion: {err}"))
}

fn write_body(path: &Path, body: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let marker = text.find("---- your ").expect("marker line");
    let end = marker + text[marker..].find('\n').unwrap() + 1;
    std::fs::write(path, format!("{}{body}", &text[..end])).unwrap();
}

fn progress_json(c: &Course) -> serde_json::Value {
    let out = c.run(&["progress", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn practice_setup_check_progress_and_reveal() {
    let c = course();
    let before = examples(&c);
    let file = practice_file(&c, "03-fn/mutable_default.py");

    let out = c.run(&["practice", "3/mutable_default"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(&file).unwrap();
    // The card, the C# and what it prints as comments, then room for the learner; the trap
    // is a hint on failure, not given away here.
    assert_snapshot(
        text.clone(),
        str![[r##"
# Practice 3/mutable_default: write the Python that prints exactly what this C# prints.
#
# Card: A default is evaluated once, when def runs
#
# Check it:        mirror practice --check 3/mutable_default
# Check on save:   mirror practice --watch 3/mutable_default
#
# ---- the C# (examples-cs/03-fn/MutableDefault.cs) ----
# static List<string> Add(string item, List<string>? items = null)
# {
#     items ??= new();
#     items.Add(item);
#     return items;
# }
#
# Console.WriteLine(string.Join(",", Add("a")));
# Console.WriteLine(string.Join(",", Add("b")));
#
# ---- it prints (its real run) ----
# a
# b
#
# ---- your Python below this line ----


"##]],
    );

    // Work already there is never overwritten.
    std::fs::write(&file, format!("{text}print('mine')\n")).unwrap();
    let out = c.shown(&["practice", "3/mutable_default"]);
    assert_eq!(out.code, Some(2));
    assert_snapshot(
        out.stderr,
        str![[r#"
refused: practice/03-fn/mutable_default.py already exists; your work is never overwritten (check it with `mirror practice --check 3/mutable_default`, or delete it to start again)

"#]],
    );
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .ends_with("print('mine')\n"));

    // Reveal waits for a check.
    let out = c.shown(&["practice", "--reveal", "3/mutable_default"]);
    assert_eq!(out.code, Some(2));
    assert_snapshot(
        out.stderr,
        str![[r#"
error: not revealed: check your attempt first (`mirror practice --check 3/mutable_default`); the answer is shown after at least one check

"#]],
    );

    // The untouched template is `todo`, not a failure.
    std::fs::write(&file, &text).unwrap();
    let out = c.shown(&["practice", "--check"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_snapshot(
        out.stderr,
        str![[r#"
TODO     3/mutable_default  practice/03-fn/mutable_default.py: nothing written yet below the comments

0 passed, 0 failed, 1 to do

"#]],
    );
    // A check of the bare template is no attempt: the answer stays hidden.
    let out = c.shown(&["practice", "--reveal", "3/mutable_default"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("not revealed"), "{}", out.stderr);

    // The course's own answer passes.
    write_body(&file, MD_PY);
    let out = c.shown(&["practice", "--check", "3/mutable_default"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_snapshot(
        out.stderr,
        str![[r#"
PASS     3/mutable_default  practice/03-fn/mutable_default.py

1 passed, 0 failed

"#]],
    );
    let p = progress_json(&c);
    assert_eq!(
        p["total"],
        serde_json::json!({"pairs": 2, "practised": 1, "passed": 1, "percent": 50})
    );
    assert_eq!(p["lessons"][0]["passed"], 1);
    assert_eq!(p["lessons"][1]["practised"], 0);
    assert_snapshot(
        c.shown(&["progress"]).stdout,
        str![[r#"
lesson                                       pairs practised passed
03 Fn                                            1         1      1
06 Linq                                          1         0      0
total                                            2         1      1

  pass      py 3/mutable_default                practice/03-fn/mutable_default.py

1 of 2 pairs done (50%)

"#]],
    );
    let saved = std::fs::read_to_string(c.path().join("practice/progress.toml")).unwrap();
    assert_snapshot(
        crate::support::redactions(c.path()).redact(&saved),
        str![[r##"
# mirror practice progress: written by `mirror practice --check`, read by `mirror progress`.
# A pair is done while its practice file still has the content that passed (sha256).
# Safe to commit; delete it to forget every check.

[files."03-fn/mutable_default.py"]
pair = "03-fn/mutable_default"
verdict = "pass"
checked = "[TIMESTAMP]"
sha256 = "9437343313fa2e03487698b44780c2e343a19ad86d86b9ca907dcabe692a579e"
judge_sha256 = "c1ca6565df412734284dad941b1fa1a11a525997213abed630f1f42f411a1140"
attempted = true

"##]],
    );

    // The trap: a mismatch with the first differing line, a diff and the hint.
    write_body(&file, MD_BUG);
    let p = progress_json(&c);
    assert_eq!(
        p["total"]["passed"], 0,
        "an edited file is not done until re-checked"
    );
    assert_eq!(p["lessons"][0]["files"][0]["state"], "changed");
    let out = c.shown(&["practice", "--check"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_snapshot(
        out.stderr,
        str![[r#"
MISMATCH 3/mutable_default  practice/03-fn/mutable_default.py
  first difference at line 2:
    yours:        a,b
    expected:     b
    --- expected (the real C# run)
    +++ yours (practice/03-fn/mutable_default.py)
    @@ -1,2 +1,2 @@
     a
    -b
    +a,b
  hint: def f(items=[]) shares ONE list between all calls

0 passed, 1 failed

"#]],
    );
    assert_eq!(progress_json(&c)["total"]["passed"], 0);

    // Reveal after a check: side by side within the width, stacked when narrow.
    let out = c
        .cmd(&["practice", "--reveal", "3/mutable_default"])
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let shown = Shown::of(&out, c.path()).stdout;
    assert!(shown.lines().all(|l| l.chars().count() <= 100), "{shown}");
    // Side by side, the lines that differ starred; the template header is left out. The
    // two paths on top wrap where the temp folder's name makes them (`...`).
    assert_snapshot(
        shown,
        str![[r#"
yours (mismatch): [..]| the course: [..]
...
------------------------------------------------ | ------------------------------------------------
def add(item, items=[]):                         * def add(item, items=None):
                                                 >     if items is None:
                                                 >         items = []
    items.append(item)                           |     items.append(item)
    return items                                 |     return items
                                                 |
                                                 |
print(','.join(add('a')))                        | print(','.join(add('a')))
print(','.join(add('b')))                        | print(','.join(add('b')))

(* differs, < only yours, > only the course's)

"#]],
    );
    let out = c
        .cmd(&["practice", "--reveal", "3/mutable_default"])
        .env("COLUMNS", "60")
        .output()
        .unwrap();
    let shown = Shown::of(&out, c.path()).stdout;
    assert_snapshot(
        shown,
        str![[r#"
==== yours (mismatch): practice/03-fn/mutable_default.py
def add(item, items=[]):
    items.append(item)
    return items


print(','.join(add('a')))
print(','.join(add('b')))

==== the course: examples-py/03-fn/mutable_default.py
def add(item, items=None):
    if items is None:
        items = []
    items.append(item)
    return items


print(','.join(add('a')))
print(','.join(add('b')))


"#]],
    );

    assert_eq!(before, examples(&c), "examples-* must stay byte-identical");
}

#[test]
fn practice_syntax_error_and_endless_loop_are_reported() {
    let c = course();
    let file = practice_file(&c, "06-linq/squares.py");
    let out = c.run(&["practice", "6/squares"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_snapshot(
        std::fs::read_to_string(&file).unwrap(),
        str![[r##"
# Practice 6/squares: write the Python that prints exactly what this C# prints.
#
# Check it:        mirror practice --check 6/squares
# Check on save:   mirror practice --watch 6/squares
#
# ---- the C# (examples-cs/06-linq/Squares.cs) ----
# Console.WriteLine(string.Join(" ", Enumerable.Range(1, 4).Select(x => x * x)));
#
# ---- it prints (its real run) ----
# 1 4 9 16
#
# ---- your Python below this line ----


"##]],
    );

    write_body(&file, "print(' '.join(str(x * x) for x in range(1, 5))\n");
    let out = c.shown(&["practice", "--check", "6/squares"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_snapshot(
        out.stderr,
        str![[r#"
ERROR    6/squares  practice/06-linq/squares.py: your Python exited with 1 (expected exit 0)
  your Python: stderr (last lines):
      File "practice/06-linq/squares.py", line 13
        print(' '.join(str(x * x) for x in range(1, 5))
             ^
    SyntaxError: '(' was never closed

0 passed, 1 failed

"#]],
    );

    let marker = token("practice-loop");
    write_body(
        &file,
        &format!("import subprocess\nsubprocess.Popen(['sh', '-c', 'sleep 300; echo {marker}'])\nwhile True:\n    pass\n"),
    );
    let started = Instant::now();
    let out = c.shown(&["practice", "--check", "--timeout", "2s"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_snapshot(
        out.stderr,
        str![[r#"
TIMEOUT  6/squares  practice/06-linq/squares.py: your Python timed out after 2.0s
  (an endless loop? the sandbox stopped it and everything it started)

0 passed, 1 failed

"#]],
    );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        processes_with(&marker).is_empty(),
        "left running: {:?}",
        processes_with(&marker)
    );
    let p = progress_json(&c);
    assert_eq!(p["lessons"][1]["files"][0]["state"], "timeout");
    assert_eq!(p["total"]["passed"], 0);
}

#[test]
fn practice_to_csharp_is_judged_by_the_real_python() {
    let c = course();
    let before = examples(&c);
    let file = practice_file(&c, "03-fn/MutableDefault.cs");
    let out = c.run(&["practice", "3/mutable_default", "--to", "csharp"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_snapshot(
        std::fs::read_to_string(&file).unwrap(),
        str![[r#"
// Practice 3/mutable_default: write the C# that prints exactly what this Python prints.
//
// Card: A default is evaluated once, when def runs
//
// Check it:        mirror practice --check 3/mutable_default
// Check on save:   mirror practice --watch 3/mutable_default
//
// ---- the Python (examples-py/03-fn/mutable_default.py) ----
// def add(item, items=None):
//     if items is None:
//         items = []
//     items.append(item)
//     return items
//
//
// print(','.join(add('a')))
// print(','.join(add('b')))
//
// ---- it prints (its real run) ----
// a
// b
//
// ---- your C# below this line ----


"#]],
    );

    let out = c.shown(&["practice", "--check", "--to", "csharp"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_snapshot(
        out.stderr,
        str![[r#"
TODO     3/mutable_default  practice/03-fn/MutableDefault.cs: nothing written yet below the comments

0 passed, 0 failed, 1 to do

"#]],
    );

    write_body(&file, MD_CS);
    let out = c.shown(&["practice", "--check"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_snapshot(
        out.stderr,
        str![[r#"
PASS     3/mutable_default  practice/03-fn/MutableDefault.cs

1 passed, 0 failed

"#]],
    );
    assert_eq!(progress_json(&c)["total"]["passed"], 1);

    write_body(
        &file,
        &MD_CS.replace("items ??= new();", "items ??= new() { \"x\" };"),
    );
    let out = c.shown(&["practice", "--check"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_snapshot(
        out.stderr,
        str![[r#"
MISMATCH 3/mutable_default  practice/03-fn/MutableDefault.cs
  first difference at line 1:
    yours:        x,a
    expected:     a
    --- expected (the real Python run)
    +++ yours (practice/03-fn/MutableDefault.cs)
    @@ -1,2 +1,2 @@
    -a
    -b
    +x,a
    +x,b

0 passed, 1 failed

"#]],
    );

    write_body(&file, "Console.WriteLine(undefinedName);\n");
    let out = c.shown(&["practice", "--check"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_snapshot(
        out.stderr,
        str![[r#"
ERROR    3/mutable_default  practice/03-fn/MutableDefault.cs: your C# does not compile
  your C# does not compile:
    practice/03-fn/MutableDefault.cs(24,19): error CS0103: The name 'undefinedName' does not exist in the current context

0 passed, 1 failed

"#]],
    );

    // Wide enough for the course's temp path to show whole (it is redacted).
    let out = c
        .cmd(&["practice", "--reveal", "3/mutable_default"])
        .env("COLUMNS", "240")
        .output()
        .unwrap();
    let out = Shown::of(&out, c.path());
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_snapshot(
        out.stdout,
        str![[r#"
yours (error): practice/03-fn/MutableDefault.cs                                                                        | the course: examples-cs/03-fn/MutableDefault.cs
---------------------------------------------------------------------------------------------------------------------- | ----------------------------------------------------------------------------------------------------------------------
Console.WriteLine(undefinedName);                                                                                      * static List<string> Add(string item, List<string>? items = null)
                                                                                                                       > {
                                                                                                                       >     items ??= new();
                                                                                                                       >     items.Add(item);
                                                                                                                       >     return items;
                                                                                                                       > }
                                                                                                                       >
                                                                                                                       > Console.WriteLine(string.Join(",", Add("a")));
                                                                                                                       > Console.WriteLine(string.Join(",", Add("b")));

(* differs, < only yours, > only the course's)

"#]],
    );
    assert_eq!(before, examples(&c));
}

#[test]
fn practice_workspace_is_never_inside_examples() {
    let c = course();
    let before = examples(&c);
    let inside = c.path().join("examples-py/03-fn/ws");
    let out = c.run(&[
        "practice",
        "3/mutable_default",
        "--workspace",
        inside.to_str().unwrap(),
    ]);
    let out = Shown::of(&out, c.path());
    assert_eq!(out.code, Some(2));
    assert_snapshot(
        out.stderr,
        str![[r#"
error: the practice workspace [COURSE]/examples-py/03-fn/ws is inside [COURSE]/examples-py: practice files never go into the course's examples (choose another --workspace)

"#]],
    );
    // Relative to the current folder; `..` and symlinks do not get around it.
    std::os::unix::fs::symlink(c.path().join("examples-cs"), c.path().join("link")).unwrap();
    for ws in ["examples-cs/03-fn/../ws", "link/ws"] {
        let out = c
            .cmd(&[
                "practice",
                "3/mutable_default",
                "--to",
                "csharp",
                "--workspace",
                ws,
            ])
            .current_dir(c.path())
            .output()
            .unwrap();
        let out = Shown::of(&out, c.path());
        assert_eq!(out.code, Some(2), "{ws}: {}", out.stderr);
        // The same words whichever way the path was spelled.
        assert_snapshot(
            out.stderr,
            str![[r#"
error: the practice workspace [COURSE]/examples-cs/ws is inside [COURSE]/examples-cs: practice files never go into the course's examples (choose another --workspace)

"#]],
        );
    }
    assert_eq!(before, examples(&c));
    assert!(!inside.exists());

    let elsewhere = tempfile::tempdir().unwrap();
    let ws = elsewhere.path().to_str().unwrap();
    let out = c.run(&["practice", "6/squares", "--workspace", ws]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let file = elsewhere.path().join("06-linq/squares.py");
    write_body(&file, "print('1 4 9 16')\n");
    let out = c.run(&["practice", "--check", "--workspace", ws]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = c.run(&["progress", "--workspace", ws]);
    let mut redact = crate::support::redactions(c.path());
    redact
        .insert("[WORKSPACE]", elsewhere.path().to_path_buf())
        .unwrap();
    assert_snapshot(
        redact.redact(&stdout(&out)),
        str![[r#"
lesson                                       pairs practised passed
03 Fn                                            1         0      0
06 Linq                                          1         1      1
total                                            2         1      1

  pass      py 6/squares                        [WORKSPACE]/06-linq/squares.py

1 of 2 pairs done (50%)

"#]],
    );
    assert!(!c.path().join("practice").exists());
    assert_eq!(before, examples(&c));
}

#[test]
fn progress_says_when_the_course_changed_rather_than_the_learners_file() {
    let c = course();
    let file = practice_file(&c, "03-fn/mutable_default.py");
    assert_eq!(
        c.run(&["practice", "3/mutable_default"]).status.code(),
        Some(0)
    );
    write_body(&file, MD_PY);
    let out = c.run(&["practice", "--check", "3/mutable_default"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The course edits its C# side; the learner's file is untouched.
    let cs = c.path().join("examples-cs/03-fn/MutableDefault.cs");
    let text = std::fs::read_to_string(&cs).unwrap();
    std::fs::write(&cs, format!("{text}// reworded\n")).unwrap();
    let out = c.run(&["progress"]);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains("stale")
            && shown.contains("(the course's side changed since its last check: check again)"),
        "{shown}"
    );
    assert!(!shown.contains("edited since its last check"), "{shown}");
}

#[test]
fn with_a_workspace_elsewhere_the_suggested_commands_name_it_and_work() {
    let c = course();
    let ws = tempfile::tempdir().unwrap();
    let dir = ws.path().display().to_string();
    let out = c.run(&["practice", "--workspace", &dir, "3/mutable_default"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let suggested = suggested_check(&err);
    assert_eq!(
        suggested,
        format!("mirror practice --check 3/mutable_default --workspace {dir}")
    );
    let file = ws.path().join("03-fn/mutable_default.py");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains(&format!(
            "# Check it:        mirror practice --check 3/mutable_default --workspace {dir}\n"
        )),
        "{text}"
    );
    // What it suggests works as given.
    let args: Vec<&str> = suggested.split(' ').skip(1).collect();
    let out = c.run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("TODO"), "{}", stderr(&out));
}

#[test]
fn with_no_file_of_the_kind_asked_the_suggested_start_works_as_given() {
    // A Python practice file only: `--check --to csharp` has nothing to check. It says so
    // ("no C# practice files") and suggests starting the C# side of a pair of the
    // selection, in the same workspace; pasted, that command works.
    let c = course();
    let ws = tempfile::tempdir().unwrap();
    let dir = ws.path().display().to_string();
    let out = c.run(&["practice", "--workspace", &dir, "3/mutable_default"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = c.run(&["practice", "--check", "--to", "csharp", "--workspace", &dir]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("no C# practice files in "), "{err}");
    let suggested = err
        .split('`')
        .nth(1)
        .unwrap_or_else(|| panic!("no suggestion: {err}"));
    assert_eq!(
        suggested,
        format!("mirror practice 3/mutable_default --to csharp --workspace {dir}")
    );
    let args: Vec<&str> = suggested.split(' ').skip(1).collect();
    let out = c.run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(ws.path().join("03-fn/MutableDefault.cs").is_file());
}

#[test]
fn from_outside_the_course_the_suggested_commands_name_it() {
    // `mirror -C COURSE practice ...` run elsewhere: the command it suggests must carry
    // `-C COURSE`, or, pasted in the same folder, it finds no course.
    let c = course();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = c
        .cmd(&["practice", "3/mutable_default"])
        .current_dir(elsewhere.path())
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let suggested = suggested_check(&err);
    let course = std::fs::canonicalize(c.path()).unwrap();
    assert_eq!(
        suggested,
        format!(
            "mirror practice --check 3/mutable_default -C {}",
            course.display()
        )
    );
    let args: Vec<&str> = suggested.split(' ').skip(1).collect();
    let out = assert_cmd::Command::cargo_bin("mirror")
        .unwrap()
        .args(&args)
        .current_dir(elsewhere.path())
        .env("MIRROR_CACHE_DIR", crate::support::cache_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("TODO"), "{}", stderr(&out));
}

#[test]
fn files_outside_the_lesson_folders_are_named_and_an_empty_workspace_says_where_to_begin() {
    let c = course();
    let ws = tempfile::tempdir().unwrap();
    let dir = ws.path().display().to_string();
    let out = c.run(&["progress", "--workspace", &dir]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        text.contains(&format!(
            "start with `mirror practice 3/mutable_default --workspace {dir}`"
        )),
        "{text}"
    );
    assert_eq!(
        c.run(&["practice", "--workspace", &dir, "3/mutable_default"])
            .status
            .code(),
        Some(0)
    );
    std::fs::write(ws.path().join("notes.py"), "print(1)\n").unwrap();
    std::fs::create_dir_all(ws.path().join("99-bogus")).unwrap();
    std::fs::write(ws.path().join("99-bogus/x.py"), "print(1)\n").unwrap();
    let out = c.run(&["practice", "--check", "--workspace", &dir]);
    let err = stderr(&out);
    for stray in ["notes.py", "99-bogus/x.py"] {
        assert!(
            err.contains(&format!("ignored: {dir}/{stray} practises no pair")),
            "{stray}: {err}"
        );
    }
    assert!(err.contains("TODO     3/mutable_default"), "{err}");
    assert!(!stdout(&c.run(&["progress", "--workspace", &dir])).contains("start with"));
}

#[test]
fn a_workspace_deleted_during_a_check_is_not_made_again() {
    let c = course();
    let ws = tempfile::tempdir().unwrap();
    let dir = ws.path().join("ws");
    let dir_s = dir.display().to_string();
    assert_eq!(
        c.run(&["practice", "--workspace", &dir_s, "3/mutable_default"])
            .status
            .code(),
        Some(0)
    );
    let marker = token("deleted-during-check");
    let file = dir.join("03-fn/mutable_default.py");
    write_body(
        &file,
        &format!(
            "import subprocess\nsubprocess.run(['sh', '-c', 'sleep 2; : {marker}'])\nprint('a')\n"
        ),
    );
    let deleter = std::thread::spawn(move || {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while processes_with(&marker).is_empty() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(!processes_with(&marker).is_empty(), "the check never ran");
        std::fs::remove_dir_all(&dir).unwrap();
    });
    let out = c
        .cmd(&["practice", "--check", "--workspace", &dir_s])
        .output()
        .unwrap();
    deleter.join().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        !ws.path().join("ws").exists(),
        "made again: {:?}",
        std::fs::read_dir(ws.path().join("ws")).map(|d| d.count())
    );
}
