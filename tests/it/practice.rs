//! Practice mode end to end on a throwaway course: set up, check (todo, pass, mismatch with
//! diff and trap hint, syntax error, endless loop), progress, reveal, `--to csharp`, the
//! workspace rules, and `--watch` with Ctrl-C (in `practice/watch.rs`). Nothing is ever
//! written under `examples-*`.
mod watch;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::{processes_with, stderr, stdout, token, Course};

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
    assert!(
        text.contains("# Card: A default is evaluated once, when def runs"),
        "{text}"
    );
    assert!(
        text.contains(
            "# ---- the C# (examples-cs/03-fn/MutableDefault.cs) ----\n# static List<string> Add("
        ),
        "{text}"
    );
    assert!(text.contains("#     items ??= new();\n"), "{text}");
    assert!(
        text.contains("# ---- it prints (its real run) ----\n# a\n# b\n"),
        "{text}"
    );
    assert!(
        text.ends_with("# ---- your Python below this line ----\n\n"),
        "{text}"
    );
    assert!(
        !text.contains(TRAP),
        "the trap is a hint on failure, not given away: {text}"
    );

    // Work already there is never overwritten.
    std::fs::write(&file, format!("{text}print('mine')\n")).unwrap();
    let out = c.run(&["practice", "3/mutable_default"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .ends_with("print('mine')\n"));

    // Reveal waits for a check.
    let out = c.run(&["practice", "--reveal", "3/mutable_default"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("check your attempt first"),
        "{}",
        stderr(&out)
    );

    // The untouched template is `todo`, not a failure.
    std::fs::write(&file, &text).unwrap();
    let out = c.run(&["practice", "--check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("TODO     3/mutable_default"), "{err}");
    assert!(err.contains("0 passed, 0 failed, 1 to do"), "{err}");

    // The course's own answer passes.
    write_body(&file, MD_PY);
    let out = c.run(&["practice", "--check", "3/mutable_default"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("PASS     3/mutable_default"), "{err}");
    assert!(err.contains("1 passed, 0 failed"), "{err}");
    let p = progress_json(&c);
    assert_eq!(
        p["total"],
        serde_json::json!({"pairs": 2, "practised": 1, "passed": 1, "percent": 50})
    );
    assert_eq!(p["lessons"][0]["passed"], 1);
    assert_eq!(p["lessons"][1]["practised"], 0);
    let out = c.run(&["progress"]);
    let table = stdout(&out);
    assert!(table.contains("1 of 2 pairs done (50%)"), "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("03 Fn") && l.ends_with("1         1      1")),
        "{table}"
    );
    let saved = std::fs::read_to_string(c.path().join("practice/progress.toml")).unwrap();
    assert!(
        saved.contains("[files.\"03-fn/mutable_default.py\"]")
            && saved.contains("verdict = \"pass\""),
        "{saved}"
    );

    // The trap: a mismatch with the first differing line, a diff and the hint.
    write_body(&file, MD_BUG);
    let p = progress_json(&c);
    assert_eq!(
        p["total"]["passed"], 0,
        "an edited file is not done until re-checked"
    );
    assert_eq!(p["lessons"][0]["files"][0]["state"], "changed");
    let out = c.run(&["practice", "--check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("MISMATCH 3/mutable_default"), "{err}");
    assert!(err.contains("first difference at line 2:"), "{err}");
    assert!(
        err.contains("yours:        a,b") && err.contains("expected:     b"),
        "{err}"
    );
    assert!(err.contains("-b\n") && err.contains("+a,b\n"), "{err}");
    assert!(err.contains(&format!("hint: {TRAP}")), "{err}");
    assert_eq!(progress_json(&c)["total"]["passed"], 0);

    // Reveal after a check: side by side within the width, stacked when narrow.
    let out = c
        .cmd(&["practice", "--reveal", "3/mutable_default"])
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let shown = stdout(&out);
    assert!(shown.lines().all(|l| l.chars().count() <= 100), "{shown}");
    assert!(
        shown.contains("def add(item, items=[]):")
            && shown.contains("* def add(item, items=None):"),
        "{shown}"
    );
    assert!(shown.contains("yours (mismatch)"), "{shown}");
    assert!(
        !shown.contains("---- the C#"),
        "the template header is left out: {shown}"
    );
    let out = c
        .cmd(&["practice", "--reveal", "3/mutable_default"])
        .env("COLUMNS", "60")
        .output()
        .unwrap();
    let shown = stdout(&out);
    assert!(
        shown.starts_with("==== yours") && shown.contains("\n==== the course: "),
        "{shown}"
    );

    assert_eq!(before, examples(&c), "examples-* must stay byte-identical");
}

#[test]
fn practice_syntax_error_and_endless_loop_are_reported() {
    let c = course();
    let file = practice_file(&c, "06-linq/squares.py");
    let out = c.run(&["practice", "6/squares"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("# 1 4 9 16\n"));

    write_body(&file, "print(' '.join(str(x * x) for x in range(1, 5))\n");
    let out = c.run(&["practice", "--check", "6/squares"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("ERROR    6/squares") && err.contains("your Python exited with 1"),
        "{err}"
    );
    assert!(err.contains("SyntaxError"), "{err}");

    let marker = token("practice-loop");
    write_body(
        &file,
        &format!("import subprocess\nsubprocess.Popen(['sh', '-c', 'sleep 300; echo {marker}'])\nwhile True:\n    pass\n"),
    );
    let started = Instant::now();
    let out = c.run(&["practice", "--check", "--timeout", "2s"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("TIMEOUT  6/squares") && err.contains("your Python timed out after 2.0s"),
        "{err}"
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
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("// ---- the Python (examples-py/03-fn/mutable_default.py) ----\n// def add(item, items=None):"), "{text}");
    assert!(
        text.contains("// ---- it prints (its real run) ----\n// a\n// b\n"),
        "{text}"
    );
    assert!(
        text.ends_with("// ---- your C# below this line ----\n\n"),
        "{text}"
    );

    let out = c.run(&["practice", "--check", "--to", "csharp"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 to do"), "{}", stderr(&out));

    write_body(&file, MD_CS);
    let out = c.run(&["practice", "--check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("PASS     3/mutable_default") && err.contains("MutableDefault.cs"),
        "{err}"
    );
    assert_eq!(progress_json(&c)["total"]["passed"], 1);

    write_body(
        &file,
        &MD_CS.replace("items ??= new();", "items ??= new() { \"x\" };"),
    );
    let out = c.run(&["practice", "--check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("first difference at line 1:") && err.contains("yours:        x,a"),
        "{err}"
    );
    assert!(err.contains("expected (the real Python run)"), "{err}");
    assert!(err.contains(&format!("hint: {TRAP}")), "{err}");

    write_body(&file, "Console.WriteLine(undefinedName);\n");
    let out = c.run(&["practice", "--check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("ERROR    3/mutable_default") && err.contains("your C# does not compile"),
        "{err}"
    );
    assert!(err.contains("CS0103"), "{err}");

    let out = c.run(&["practice", "--reveal", "3/mutable_default"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("items ??= new();"),
        "{}",
        stdout(&out)
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
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("inside"), "{}", stderr(&out));
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
        assert_eq!(out.status.code(), Some(2), "{ws}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("never go into the course's examples"),
            "{}",
            stderr(&out)
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
    assert!(
        stdout(&out).contains("1 of 2 pairs done (50%)"),
        "{}",
        stdout(&out)
    );
    assert!(!c.path().join("practice").exists());
    assert_eq!(before, examples(&c));
}
