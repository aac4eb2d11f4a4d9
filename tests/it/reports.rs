//! Reports for CI, maintainers and learners, one file per report: `--junit` (validated
//! against the JUnit schema with xmllint and parsed back), GitHub Actions annotations and
//! step summary, `--html` (rendered in headless Chromium) and `mirror show`; and how every
//! one shows untrusted snippet text (`escapes`); what a maintainer reads after a failing run
//! (`maintainer`).
mod escapes;
mod github;
mod html;
mod jsonl;
mod junit;
mod maintainer;
mod show;

use std::path::PathBuf;

use crate::support::Course;

/// Lesson 01-a: a pass, a mismatch, a C# compile error (line 2), a Python traceback (line 2).
/// Lesson 02-b: a pass (with markup in its output), an orphan, a one-sided snippet, and a
/// page with a mirror card and a wrong output block (line 8).
pub fn mixed_course() -> Course {
    Course::new()
        .py("01-a/hello.py", "print('hello')\n")
        .cs("01-a/Hello.cs", "Console.WriteLine(\"hello\");\n")
        .py("01-a/division.py", "print(-7 // 2)\n")
        .cs("01-a/Division.cs", "Console.WriteLine(-7 / 2);\n")
        .py("01-a/broken.py", "print(1)\n")
        .cs(
            "01-a/Broken.cs",
            "Console.WriteLine(1);\nConsole.WriteLine(undefinedName);\n",
        )
        .py(
            "01-a/crash.py",
            "def f():\n    raise ValueError('boom')\n\nprint('start')\nf()\n",
        )
        .cs("01-a/Crash.cs", "Console.WriteLine(\"start\");\n")
        .py("02-b/echo.py", "print('a < b & \"c\"')\n")
        .cs("02-b/Echo.cs", "Console.WriteLine(\"a < b & \\\"c\\\"\");\n")
        .py("02-b/lonely.py", "print('no partner')\n")
        .py("02-b/solo.py", "print('alone on purpose')\n")
        .manifest("[lessons.02-b.pairs.solo]\none-sided = true\n")
        .file(
            "lessons/02-b.md",
            "# Lesson 2\n\n<!-- mirror-card pair=echo -->\n| From C# | In Python |\n|---|---|\n| `Console.WriteLine(\"<b>\")` | `print(\"<b>\")` |\n\n```text output=echo\nwrong\n```\n",
        )
}

/// A file in the course's temp folder (removed with it).
pub fn temp_file(c: &Course, name: &str) -> PathBuf {
    c.path().join(name)
}
