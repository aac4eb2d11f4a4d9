//! `mirror show`: sources side by side (or stacked), then the run's outputs and verdict.
use crate::support::{stderr, stdout, Course};

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
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    assert!(
        text.lines().all(|l| l.chars().count() <= 140),
        "fits 140 columns:\n{text}"
    );
    let row = |a: &str, b: &str| {
        assert!(
            text.lines()
                .any(|l| l.contains(a) && l.contains(b) && l.find(a) < l.find(b)),
            "no line with {a:?} left of {b:?}:\n{text}"
        )
    };
    row("From C#", "In Python");
    row("`$\"hello {name}\"`", "`f\"hello {name}\"`");
    row(
        "C# examples-cs/01-intro/Hello.cs",
        "Python examples-py/01-intro/hello.py",
    );
    row(
        "2 Console.WriteLine($\"hello {name}\");",
        "2 print(f'hello {name}')",
    );
    row("C# output", "Python output");
    assert!(
        text.lines().any(|l| l.matches("hello world").count() == 2),
        "both outputs on one row:\n{text}"
    );
    assert!(
        text.contains("f-strings are C#'s interpolated strings"),
        "{text}"
    );
    assert!(text.contains("PASS  both sides print the same"), "{text}");
    let sources_at = text.find("Hello.cs").unwrap();
    let outputs_at = text.find("C# output").unwrap();
    assert!(sources_at < outputs_at);
}

#[test]
fn show_stacks_on_a_narrow_terminal_and_fails_on_a_mismatch() {
    let c = show_course();
    let out = c
        .cmd(&["show", "1/hello"])
        .env("COLUMNS", "60")
        .output()
        .unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    assert!(
        text.lines().all(|l| l.chars().count() <= 60),
        "fits 60 columns:\n{text}"
    );
    assert!(
        !text
            .lines()
            .any(|l| l.contains("print(") && l.contains("Console.")),
        "stacked:\n{text}"
    );
    let cs = text.find("C# examples-cs/01-intro/Hello.cs").unwrap();
    let py = text.find("Python examples-py/01-intro/hello.py").unwrap();
    assert!(cs < py, "{text}");

    let out = c
        .cmd(&["show", "1/division"])
        .env("COLUMNS", "120")
        .output()
        .unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("MISMATCH  outputs differ from line 1"),
        "{text}"
    );
    assert!(text.contains("  --3\n  +-4\n"), "{text}");
    let out = c.run(&["show", "9/nothing"]);
    assert_eq!(out.status.code(), Some(2));
}
