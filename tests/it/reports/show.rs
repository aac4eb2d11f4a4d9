//! `mirror show`: sources side by side (or stacked), then the run's outputs and verdict.
use snapbox::str;

use crate::support::{assert_snapshot, stderr, Course, Shown};

fn show_course() -> Course {
    Course::new()
        .py("01-intro/hello.py", "name = 'world'\nprint(f'hello {name}')\n")
        .cs(
            "01-intro/Hello.cs",
            "var name = \"world\";\nConsole.WriteLine($\"hello {name}\");\n",
        )
        .py("01-intro/division.py", "print(-7 // 2)\n")
        .cs("01-intro/Division.cs", "Console.WriteLine(-7 / 2);\n")
        .manifest("[lessons.01-intro.pairs.hello]\nsummary = \"f-strings are C#'s interpolated strings\"\n")
        .file(
            "lessons/01-intro.md",
            "# Intro\n\n<!-- mirror-card pair=hello -->\n| From C# | In Python |\n|---|---|\n| `$\"hello {name}\"` | `f\"hello {name}\"` |\n",
        )
}

#[test]
fn show_puts_sources_side_by_side_then_runs_the_pair() {
    let c = show_course();
    let out = c
        .cmd(&["show", "1/hello"])
        .env("COLUMNS", "140")
        .output()
        .unwrap();
    let text = Shown::of(&out, c.path()).stdout;
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    assert!(
        text.lines().all(|l| l.chars().count() <= 140),
        "fits 140 columns:\n{text}"
    );
    // Sources side by side, above the outputs side by side, then the verdict.
    assert_snapshot(
        text,
        str![[r#"
━━ 1. Intro / hello ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
f-strings are C#'s interpolated strings

From C#                                                              │ In Python
`$"hello {name}"`                                                    │ `f"hello {name}"`

C# examples-cs/01-intro/Hello.cs                                     │ Python examples-py/01-intro/hello.py
   1 var name = "world";                                             │    1 name = 'world'
   2 Console.WriteLine($"hello {name}");                             │    2 print(f'hello {name}')

C# output [TIME]│ Python output [TIME]
hello world                                                          │ hello world

PASS  both sides print the same


"#]],
    );
}

#[test]
fn show_stacks_on_a_narrow_terminal_and_fails_on_a_mismatch() {
    let c = show_course();
    let out = c
        .cmd(&["show", "1/hello"])
        .env("COLUMNS", "60")
        .output()
        .unwrap();
    let text = Shown::of(&out, c.path()).stdout;
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    assert!(
        text.lines().all(|l| l.chars().count() <= 60),
        "fits 60 columns:\n{text}"
    );
    // Stacked: the C# source above the Python.
    assert_snapshot(
        text,
        str![[r#"
━━ 1. Intro / hello ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
f-strings are C#'s interpolated strings

From C#
  `$"hello {name}"`

In Python
  `f"hello {name}"`

C# examples-cs/01-intro/Hello.cs
     1 var name = "world";
     2 Console.WriteLine($"hello {name}");

Python examples-py/01-intro/hello.py
     1 name = 'world'
     2 print(f'hello {name}')

C# output [TIME]
  hello world

Python output [TIME]
  hello world

PASS  both sides print the same


"#]],
    );

    let out = c
        .cmd(&["show", "1/division"])
        .env("COLUMNS", "120")
        .output()
        .unwrap();
    let text = Shown::of(&out, c.path()).stdout;
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert_snapshot(
        text,
        str![[r#"
━━ 1. Intro / division ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━

C# examples-cs/01-intro/Division.cs                        │ Python examples-py/01-intro/division.py
   1 Console.WriteLine(-7 / 2);                            │    1 print(-7 // 2)

C# output [TIME]│ Python output [TIME]
-3                                                         │ -4

MISMATCH  outputs differ from line 1
  first difference at line 1, column 2:
    C#:     -3
    Python: -4
             ^
  --- C#
  +++ Python
  @@ -1 +1 @@
  --3
  +-4


"#]],
    );
    let out = c.shown(&["show", "9/nothing"]);
    assert_eq!(out.code, Some(2));
    assert_snapshot(
        out.stderr,
        str![[r#"
error: filter `9/nothing` matches no lesson or pair (see `mirror list`)

"#]],
    );
}
