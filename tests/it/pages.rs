//! Lesson pages tied to real pairs: every kind of drift fails with the page's file and line,
//! and `sync-pages` mends what can be mended.
use snapbox::str;

use crate::support::{assert_snapshot, stderr, Course};

const PY: &str = "# Card: division\nimport math\n\n# region core\nprint(-7 // 2)\nprint(math.trunc(-7 / 2))\n# endregion\n";
const CS: &str = "// Card: division\n#region core\nConsole.WriteLine(Math.Floor(-7 / 2.0));\nConsole.WriteLine(-7 / 2);\n#endregion\n";

fn page(py_block: &str, output: &str) -> String {
    format!(
        "# Lesson 2: Types\n\n<!-- mirror-card pair=division -->\n| From C# | In Python |\n|---|---|\n| `-7 / 2` is -3 | `-7 // 2` is -4 |\n\n```python pair=division region=core\n{py_block}```\n\n```csharp pair=Division region=core\nConsole.WriteLine(Math.Floor(-7 / 2.0));\nConsole.WriteLine(-7 / 2);\n```\n\n```text output=division\n{output}```\n"
    )
}

fn course(page_text: &str) -> Course {
    Course::new()
        .py("02-types/division.py", PY)
        .cs("02-types/Division.cs", CS)
        .file("lessons/02-types.md", page_text)
}

const GOOD_PY_BLOCK: &str = "print(-7 // 2)\nprint(math.trunc(-7 / 2))\n";

#[test]
fn a_true_page_passes_and_is_counted() {
    let c = course(&page(GOOD_PY_BLOCK, "-4\n-3\n"));
    let (code, json) = c.run_json(&[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["lessons"][0]["page"]["blocks_checked"], 3);
    assert_eq!(json["summary"]["page_blocks_failed"], 0);
    assert_snapshot(
        c.shown(&["run"]).stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lesson                                       pairs passed failed pair time  page
02 Types                                         1      1      0  [TIME]  ok (3 blocks)

pages: 3 tied blocks checked, 0 failed

finished in [TIME]
1 passed, 0 failed

"#]],
    );
    // --no-pages skips the check.
    let (_, json) = c.run_json(&["--no-pages"]);
    assert!(json["lessons"][0]["page"].is_null());
}

#[test]
fn drift_fails_with_file_and_line_and_sync_pages_mends_it() {
    // 1. the page block edited away from its region (line 8)
    // 2. the region edited in the example file (C# block, line 13)
    // 3. an output block that no longer matches (line 18)
    let c = course(&page(
        "print(-7 // 2)  # floor\nprint(math.trunc(-7 / 2))\n",
        "-4\n-3.5\n",
    ));
    let cs_edited = CS.replace("-7 / 2);", "-7 / 2); // truncates");
    let c = c.cs("02-types/Division.cs", &cs_edited);
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
02 Types                                         1      1      0  [TIME]  3 problems (3 blocks checked)

PAGE lessons/02-types.md:8: ```python block differs from region `core` of examples-py/02-types/division.py
  example: examples-py/02-types/division.py:5
    --- page
    +++ expected
    @@ -1,2 +1,2 @@
    -print(-7 // 2)  # floor
    +print(-7 // 2)
     print(math.trunc(-7 / 2))
  mend with: mirror sync-pages 2

PAGE lessons/02-types.md:13: ```csharp block differs from region `core` of examples-cs/02-types/Division.cs
  example: examples-cs/02-types/Division.cs:4
    --- page
    +++ expected
    @@ -1,2 +1,2 @@
     Console.WriteLine(Math.Floor(-7 / 2.0));
    -Console.WriteLine(-7 / 2);
    +Console.WriteLine(-7 / 2); // truncates
  mend with: mirror sync-pages 2

PAGE lessons/02-types.md:18: output block differs from what `division` really prints
    --- page
    +++ expected
    @@ -1,2 +1,2 @@
     -4
    --3.5
    +-3
  mend with: mirror sync-pages 2

pages: 3 tied blocks checked, 3 failed

finished in [TIME]
1 passed, 0 failed, 3 page problems

"#]],
    );

    let out = c.shown(&["sync-pages"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_snapshot(
        out.stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lessons/02-types.md: rewrote 3 block(s)
3 block(s) rewritten in 1 page(s); 0 problem(s) need a hand edit

"#]],
    );
    // The whole page after the mend: the three blocks rewritten, the rest untouched.
    let text = std::fs::read_to_string(c.path().join("lessons/02-types.md")).unwrap();
    assert_snapshot(
        text,
        str![[r#"
# Lesson 2: Types

<!-- mirror-card pair=division -->
| From C# | In Python |
|---|---|
| `-7 / 2` is -3 | `-7 // 2` is -4 |

```python pair=division region=core
print(-7 // 2)
print(math.trunc(-7 / 2))
```

```csharp pair=Division region=core
Console.WriteLine(Math.Floor(-7 / 2.0));
Console.WriteLine(-7 / 2); // truncates
```

```text output=division
-4
-3
```

"#]],
    );
    let (code, json) = c.run_json(&[]);
    assert_eq!(code, 0, "{json:#}");
}

#[test]
fn missing_pairs_and_untagged_blocks_are_errors_sync_cannot_mend() {
    let mut text = page(GOOD_PY_BLOCK, "-4\n-3\n");
    text.push_str("\n```python pair=modulo\nprint(-7 % 2)\n```\n\n```csharp\nConsole.WriteLine(1);\n```\n\n```python illustrative\n>>> 1 // 0\n```\n");
    let c = course(&text);
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
02 Types                                         1      1      0  [TIME]  2 problems (3 blocks checked)

PAGE lessons/02-types.md:23: block names pair `modulo`, which lesson 02-types does not have

PAGE lessons/02-types.md:27: untagged ```csharp block: name its pair (`pair=NAME`, optionally `region=NAME`) or mark it `illustrative`

pages: 3 tied blocks checked, 0 failed, 2 other problems

finished in [TIME]
1 passed, 0 failed, 2 page problems

"#]],
    );
    let (_, json) = c.run_json(&[]);
    assert_eq!(json["lessons"][0]["page"]["illustrative"], 1);
    assert_eq!(json["lessons"][0]["verdict"], "fail");
    let out = c.shown(&["sync-pages"]);
    assert_eq!(out.code, Some(1));
    assert_snapshot(
        out.stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lessons/02-types.md:23: not mended: block names pair `modulo`, which lesson 02-types does not have
lessons/02-types.md:27: not mended: untagged ```csharp block: name its pair (`pair=NAME`, optionally `region=NAME`) or mark it `illustrative`
0 block(s) rewritten in 1 page(s); 2 problem(s) need a hand edit

"#]],
    );
}

#[test]
fn sync_pages_refuses_output_of_a_failing_pair() {
    let c = course(&page(GOOD_PY_BLOCK, "stale\n"))
        .py("02-types/division.py", &PY.replace("-7 // 2", "-7 / 2"));
    let out = c.shown(&["sync-pages"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let text = std::fs::read_to_string(c.path().join("lessons/02-types.md")).unwrap();
    assert!(
        text.contains("```text output=division\nstale\n```"),
        "{text}"
    );
    assert_snapshot(
        out.stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lessons/02-types.md: rewrote 1 block(s)
lessons/02-types.md:18: not mended: output of `division` cannot be checked: the pair does not pass
1 block(s) rewritten in 1 page(s); 1 problem(s) need a hand edit

"#]],
    );
}

#[test]
fn blocks_in_nested_lists_and_quotes_are_checked_and_blocks_in_comments_are_not() {
    let stale = "# Lesson 2: Types\n\n1. Floor division\n   - in Python:\n\n     ```python pair=division region=core\n     print(-7 // 2)\n     ```\n\n> In C#:\n>\n> ```csharp pair=Division region=core\n> Console.WriteLine(-7 / 2);\n> ```\n\n<!-- a draft readers never see:\n```python pair=division region=core\nstale\n```\n-->\n";
    let c = course(stale);
    let out = c.shown(&["run"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    // Lines 6 and 12 are found; the block in the comment (line 17) is not.
    assert_snapshot(
        out.stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lesson                                       pairs passed failed pair time  page
02 Types                                         1      1      0  [TIME]  2 problems (2 blocks checked)

PAGE lessons/02-types.md:6: ```python block differs from region `core` of examples-py/02-types/division.py
  example: examples-py/02-types/division.py:6
    --- page
    +++ expected
    @@ -1 +1,2 @@
     print(-7 // 2)
    +print(math.trunc(-7 / 2))
  mend with: mirror sync-pages 2

PAGE lessons/02-types.md:12: ```csharp block differs from region `core` of examples-cs/02-types/Division.cs
  example: examples-cs/02-types/Division.cs:3
    --- page
    +++ expected
    @@ -1 +1,2 @@
    +Console.WriteLine(Math.Floor(-7 / 2.0));
     Console.WriteLine(-7 / 2);
  mend with: mirror sync-pages 2

pages: 2 tied blocks checked, 2 failed

finished in [TIME]
1 passed, 0 failed, 2 page problems

"#]],
    );

    let out = c.run(&["sync-pages"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(c.path().join("lessons/02-types.md")).unwrap();
    let mended = stale
        .replace(
            "     print(-7 // 2)\n",
            "     print(-7 // 2)\n     print(math.trunc(-7 / 2))\n",
        )
        .replace(
            "> Console.WriteLine(-7 / 2);\n",
            "> Console.WriteLine(Math.Floor(-7 / 2.0));\n> Console.WriteLine(-7 / 2);\n",
        );
    assert_eq!(text, mended, "only the two stale blocks change");
    let (code, json) = c.run_json(&[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["lessons"][0]["page"]["blocks_checked"], 2);
}
