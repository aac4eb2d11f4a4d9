//! Drift guards: golden outputs (`--bless`), the Python version matrix, `--repeat` for
//! flaky snippets, and `--partition` for CI sharding.
use snapbox::str;

use crate::support::{assert_snapshot, pair, pair_ids, Course};

fn two_sided(py: &str, cs: &str) -> Course {
    Course::new().py("01-a/card.py", py).cs("01-a/Card.cs", cs)
}

#[test]
fn bless_records_golden_output_and_guards_against_drift_on_both_sides() {
    let c = two_sided("print('v1')\n", "Console.WriteLine(\"v1\");\n");
    let out = c.shown(&["run", "--bless"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_snapshot(
        out.stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lesson                                       pairs passed failed pair time  page
01 A                                             1      1      0  [TIME]  -

finished in [TIME]
1 passed, 0 failed
blessed: 1 golden file(s) written, 0 unchanged, 0 refused

"#]],
    );
    let golden = c.path().join("harness/expected/01-a/card.out");
    assert_eq!(std::fs::read_to_string(&golden).unwrap(), "v1\n");
    let out = c.shown(&["run", "--bless"]);
    assert_snapshot(
        out.stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lesson                                       pairs passed failed pair time  page
01 A                                             1      1      0  [TIME]  -

finished in [TIME]
1 passed, 0 failed
blessed: 0 golden file(s) written, 1 unchanged, 0 refused

"#]],
    );

    // Both sides change the same way: they agree, but the golden file is stale.
    let c = c
        .py("01-a/card.py", "print('v2')\n")
        .cs("01-a/Card.cs", "Console.WriteLine(\"v2\");\n");
    let (code, json) = c.run_json(&[]);
    assert_eq!(code, 1);
    let p = pair(&json, "01-a/card");
    assert_eq!(p["verdict"], "drift");
    assert_snapshot(p["reason"].as_str().unwrap(), str!["golden output is stale: both sides changed the same way (if the change is right, `mirror accept` writes the golden file and the lesson pages together)"]);
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

    // One side drifts: the report names it.
    let c = c
        .py("01-a/card.py", "print('v1')\n")
        .cs("01-a/Card.cs", "Console.WriteLine(\"v3\");\n");
    let (_, json) = c.run_json(&[]);
    let p = pair(&json, "01-a/card");
    assert_eq!(p["verdict"], "mismatch");
    assert!(
        p["reason"].as_str().unwrap().starts_with("C# side drifted"),
        "{p:#}"
    );

    // Blessing refuses a pair whose sides disagree, and leaves its golden file alone.
    let out = c.shown(&["run", "--bless"]);
    assert_eq!(out.code, Some(1));
    assert_snapshot(
        out.stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lesson                                       pairs passed failed pair time  page
01 A                                             1      0      1  [TIME]  -

MISMATCH 01-a/card: outputs differ from line 1
  C#     examples-cs/01-a/Card.cs
  Python examples-py/01-a/card.py
  first difference at line 1, column 2:
    C#:     v3
    Python: v1
             ^
    --- C#
    +++ Python
    @@ -1 +1 @@
    -v3
    +v1
  re-run: mirror run 1/card

failed: 01-a/card
re-run them: mirror run 1/card  (or: mirror run --failed)

finished in [TIME]
0 passed, 1 failed
not blessed: 01-a/card: the sides do not agree (mismatch)
blessed: 0 golden file(s) written, 0 unchanged, 1 refused

"#]],
    );
    assert_eq!(std::fs::read_to_string(&golden).unwrap(), "v1\n");

    // Re-blessing after a deliberate change on both sides makes it pass again.
    let c = c.py("01-a/card.py", "print('v3')\n");
    assert_eq!(c.run(&["run", "--bless"]).status.code(), Some(0));
    assert_eq!(c.run_json(&[]).0, 0);
}

#[test]
fn python_version_matrix_flags_version_drift() {
    for python in ["python3.13", "python3.11"] {
        let install = "pyenv install 3.13 / 3.11, or the distribution's package";
        if !crate::support::tool(python, install, "python_version_matrix_flags_version_drift") {
            return;
        }
    }
    // Python 3.12 added itertools.batched: a card that relies on it passes on 3.13 only.
    let c = two_sided(
        "import itertools\nprint(hasattr(itertools, 'batched'))\n",
        "Console.WriteLine(\"True\");\n",
    );
    let (code, json) = c.run_json(&["--python", "python3.13", "--python", "python3.11"]);
    assert_eq!(code, 1, "{json:#}");
    let p = pair(&json, "01-a/card");
    let reason = p["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("version drift: passes on Python 3.13"),
        "{reason}"
    );
    assert!(reason.contains("mismatch on Python 3.11"), "{reason}");
    assert_eq!(p["python_matrix"][0]["verdict"], "mismatch");
    assert!(p["python_matrix"][0]["python"]
        .as_str()
        .unwrap()
        .starts_with("3.11"));
    assert!(json["environment"]["python"]
        .as_str()
        .unwrap()
        .contains("3.13"));

    // The same course on one version is judged by that version alone.
    let (code, _) = c.run_json(&["--python", "python3.13"]);
    assert_eq!(code, 0);
}

#[test]
fn repeat_with_varied_hash_seeds_finds_flaky_output() {
    // Set order of strings depends on the hash seed; sorting makes it stable.
    let flaky = two_sided(
        "print(list({'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'}))\n",
        "Console.WriteLine(\"['alpha', 'beta', 'delta', 'epsilon', 'gamma', 'zeta']\");\n",
    );
    let (code, json) = flaky.run_json(&["--repeat", "4"]);
    assert_eq!(code, 1);
    let p = pair(&json, "01-a/card");
    assert_eq!(p["verdict"], "flaky", "{p:#}");
    assert!(p["reason"]
        .as_str()
        .unwrap()
        .starts_with("Python output changed between repetitions"));

    let stable = flaky.py(
        "01-a/card.py",
        "print(sorted({'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'}))\n",
    );
    let (code, json) = stable.run_json(&["--repeat", "4"]);
    assert_eq!(code, 0, "{json:#}");
}

#[test]
fn partitions_split_the_course_stably() {
    let mut c = Course::new();
    for i in 0..8 {
        c = c.py(&format!("01-a/p{i}.py"), &format!("print({i})\n")).cs(
            &format!("01-a/P{i}.cs"),
            &format!("Console.WriteLine({i});\n"),
        );
    }
    let ids = |part: &str| -> Vec<String> {
        let (_, json) = c.run_json(&["--partition", part]);
        pair_ids(&json)
    };
    let (a, b) = (ids("1/2"), ids("2/2"));
    assert_eq!(a.len() + b.len(), 8, "{a:?} {b:?}");
    assert!(a.iter().all(|id| !b.contains(id)));
    assert_eq!(ids("1/2"), a, "the same slice every time");
    let out = c.run(&["run", "--partition", "3/2"]);
    assert_eq!(out.status.code(), Some(2));
}

/// A pair renamed after blessing leaves its golden file behind, read by no pair, and the
/// renamed pair has no drift guard: every run of that lesson says so and names the likely
/// new owner, without failing (no example is wrong). A run of another lesson stays quiet.
#[test]
fn a_golden_file_no_pair_reads_is_named_with_its_likely_new_owner() {
    let c = two_sided("print('v1')\n", "Console.WriteLine(\"v1\");\n")
        .py("02-b/other.py", "print(2)\n")
        .cs("02-b/Other.cs", "Console.WriteLine(2);\n");
    let out = c.shown(&["run", "--bless", "1"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // The pair is renamed on both sides; its golden file is not.
    std::fs::remove_file(c.path().join("examples-py/01-a/card.py")).unwrap();
    std::fs::remove_file(c.path().join("examples-cs/01-a/Card.cs")).unwrap();
    let c = c
        .py("01-a/card_v2.py", "print('v1')\n")
        .cs("01-a/CardV2.cs", "Console.WriteLine(\"v1\");\n");
    let out = c.shown(&["run", "1"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let warning = out
        .stderr
        .lines()
        .find(|l| l.starts_with("mirror: warning:"))
        .unwrap_or_default()
        .to_string();
    assert_snapshot(
        warning,
        str!["mirror: warning: harness/expected/01-a/card.out: no pair `01-a/card`; if it is `01-a/card_v2` renamed (which has no golden file), rename the file to harness/expected/01-a/card_v2.out, else delete it"],
    );
    let out = c.shown(&["run", "2"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
}
