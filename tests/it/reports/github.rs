//! GitHub Actions: annotations at the snippet's file and line, the step summary appended,
//! and clean JSON on stdout under `--format json`.
use super::{mixed_course, temp_file};
use snapbox::str;

use crate::support::{assert_snapshot, Course, Shown};

#[test]
fn github_annotations_point_at_snippet_lines_and_the_summary_is_appended() {
    let c = mixed_course();
    let summary = temp_file(&c, "step-summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = c
        .cmd(&["run"])
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    let out = Shown::of(&out, c.path());
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    // One annotation per problem (the one-sided `solo` is none), at the snippet's line.
    assert_snapshot(
        out.stdout,
        str![[r#"
::error file=examples-cs/01-a/Broken.cs,line=2,title=01-a/broken error::C# side does not compile%0Aerror CS0103: The name 'undefinedName' does not exist in the current context
::error file=examples-py/01-a/crash.py,line=2,title=01-a/crash error::Python side exited with 1 (expected exit 0)%0A  File "examples-py/01-a/crash.py", line 2, in f%0A    raise ValueError('boom')%0AValueError: boom
::error file=examples-py/01-a/division.py,line=1,title=01-a/division mismatch::outputs differ from line 1%0AC#:     -3%0APython: -4%0AC# side: examples-cs/01-a/Division.cs
::error file=examples-py/02-b/lonely.py,line=1,title=02-b/lonely orphan::Python snippet has no C# partner: expected examples-cs/02-b/Lonely.cs (same stem, ignoring case, _ and -); if it is one-sided on purpose, set `one-sided = true` under [lessons.02-b.pairs.lonely] in harness/course.toml
::error file=lessons/02-b.md,line=8,title=02-b page::output block differs from what `echo` really prints

"#]],
    );
    // The human report still prints.
    assert_snapshot(
        out.stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lesson                                       pairs passed failed skipped pair time  page
01 A                                             4      1      3       0  [TIME]  -
02 B                                             3      1      1       1  [TIME]  1 problem (1 block checked)

ERROR 01-a/broken: C# side does not compile
  C#     examples-cs/01-a/Broken.cs
  Python examples-py/01-a/broken.py
  at     examples-cs/01-a/Broken.cs:2
  C# compiler:
    examples-cs/01-a/Broken.cs(2,19): error CS0103: The name 'undefinedName' does not exist in the current context
  re-run: mirror run 1/broken

ERROR 01-a/crash: Python side exited with 1 (expected exit 0)
  C#     examples-cs/01-a/Crash.cs
  Python examples-py/01-a/crash.py
  at     examples-py/01-a/crash.py:2
  Python stderr (last lines):
    Traceback (most recent call last):
      File "examples-py/01-a/crash.py", line 5, in <module>
        f()
      File "examples-py/01-a/crash.py", line 2, in f
        raise ValueError('boom')
    ValueError: boom
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

ORPHAN 02-b/lonely: Python snippet has no C# partner: expected examples-cs/02-b/Lonely.cs (same stem, ignoring case, _ and -); if it is one-sided on purpose, set `one-sided = true` under [lessons.02-b.pairs.lonely] in harness/course.toml
  Python examples-py/02-b/lonely.py
  re-run: mirror run 2/lonely

PAGE lessons/02-b.md:8: output block differs from what `echo` really prints
    --- page
    +++ expected
    @@ -1 +1 @@
    -wrong
    +a < b & "c"
  mend with: mirror sync-pages 2

pages: 1 tied block checked, 1 failed

failed: 01-a/broken 01-a/crash 01-a/division 02-b/lonely
re-run them: mirror run 1/broken 1/crash 1/division 2/lonely  (or: mirror run --failed)

finished in [TIME]
2 passed, 4 failed, 1 skipped, 1 page problem

"#]],
    );
    // Appended after the earlier step's text: the table, then the failures.
    let md = std::fs::read_to_string(&summary).unwrap();
    assert_snapshot(
        crate::support::redactions(c.path()).redact(&md),
        str![[r#"
earlier step
## mirror: 2 passed, 4 failed, 1 skipped, 1 page problem

| lesson | pairs | passed | failed | skipped | pair time | page |
|---|---:|---:|---:|---:|---:|---|
| ❌ 01 A | 4 | 1 | 3 | 0 | [TIME] | - |
| ❌ 02 B | 3 | 1 | 1 | 1 | [TIME] | **1 problem (1 block checked)** |

pages: 1 tied block checked, 1 failed.

### Failures

#### ❌ `01-a/broken`: error

C# side does not compile

- C#: `examples-cs/01-a/Broken.cs`
- Python: `examples-py/01-a/broken.py`

```text
examples-cs/01-a/Broken.cs(2,19): error CS0103: The name 'undefinedName' does not exist in the current context
```
- at: `examples-cs/01-a/Broken.cs:2`

#### ❌ `01-a/crash`: error

Python side exited with 1 (expected exit 0)

- C#: `examples-cs/01-a/Crash.cs`
- Python: `examples-py/01-a/crash.py`
- at: `examples-py/01-a/crash.py:2`

Python stderr (last lines):

```text
Traceback (most recent call last):
  File "examples-py/01-a/crash.py", line 5, in <module>
    f()
  File "examples-py/01-a/crash.py", line 2, in f
    raise ValueError('boom')
ValueError: boom
```

#### ❌ `01-a/division`: mismatch

outputs differ from line 1

- C#: `examples-cs/01-a/Division.cs`
- Python: `examples-py/01-a/division.py`

```text
first difference at line 1, column 2:
  C#:     -3
  Python: -4
           ^
```

```diff
--- C#
+++ Python
@@ -1 +1 @@
--3
+-4
```

#### ❌ `02-b/lonely`: orphan

Python snippet has no C# partner: expected examples-cs/02-b/Lonely.cs (same stem, ignoring case, _ and -); if it is one-sided on purpose, set `one-sided = true` under [lessons.02-b.pairs.lonely] in harness/course.toml

- Python: `examples-py/02-b/lonely.py`

#### ❌ page `lessons/02-b.md:8`

output block differs from what `echo` really prints

```diff
--- page
+++ expected
@@ -1 +1 @@
-wrong
+a < b & "c"
```


"#]],
    );
}

#[test]
fn format_github_works_off_actions_and_json_stays_clean_on_actions() {
    let c = Course::new()
        .py("01-a/division.py", "print(-7 // 2)\n")
        .cs("01-a/Division.cs", "Console.WriteLine(-7 / 2);\n");
    let out = c.shown(&["run", "--format", "github"]);
    assert_eq!(out.code, Some(1));
    assert_snapshot(
        out.stdout,
        str![[r#"
::error file=examples-py/01-a/division.py,line=1,title=01-a/division mismatch::outputs differ from line 1%0AC#:     -3%0APython: -4%0AC# side: examples-cs/01-a/Division.cs

"#]],
    );
    assert_snapshot(
        out.stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lesson                                       pairs passed failed pair time  page
01 A                                             1      0      1  [TIME]  -

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

failed: 01-a/division
re-run them: mirror run 1/division  (or: mirror run --failed)

finished in [TIME]
0 passed, 1 failed

"#]],
    );

    // On Actions with --format json, stdout is the JSON document; annotations go to stderr.
    let out = c
        .cmd(&["run", "--format", "json"])
        .env("GITHUB_ACTIONS", "true")
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("clean JSON");
    assert_eq!(json["summary"]["failed"], 1);
    assert_snapshot(
        Shown::of(&out, c.path()).stderr,
        str![[r#"
::error file=examples-py/01-a/division.py,line=1,title=01-a/division mismatch::outputs differ from line 1%0AC#:     -3%0APython: -4%0AC# side: examples-cs/01-a/Division.cs

"#]],
    );
}
