//! Untrusted text in reports (issue 16 items 13 and 14): a snippet's control characters,
//! forged workflow commands and non-UTF-8 bytes, and a file name with a newline, reach no
//! report raw, while JSON keeps the exact text.
use super::temp_file;
use snapbox::str;

use crate::support::{assert_snapshot, pair, redactions, stderr, stdout, Course, Shown};

/// What the Python snippet writes to stderr before failing: a terminal title (OSC), a
/// clear-screen, a carriage return hiding text, and two workflow commands.
const NOISE: &str = r#"import sys
print("hi")
sys.stderr.write("\x1b]0;pwned\x07\x1b[2Jhidden\rshown\n::error::forged\n  ##[warning]old\n")
sys.exit(1)
"#;

/// The name of an orphan whose newline would forge a `PASS` line and whose ESC would paint.
const FORGED_NAME: &str = "forged\nPASS 01-a\x1b[2J";

fn noisy_course() -> Course {
    Course::new()
        .py("01-a/noisy.py", NOISE)
        .cs("01-a/Noisy.cs", "Console.WriteLine(\"hi\");\n")
        .py(&format!("01-a/{FORGED_NAME}.py"), "print(1)\n")
}

/// Lines the Actions runner would take for a workflow command (it trims leading blanks;
/// `##[` counts anywhere), other than mirror's own annotations.
fn forged_commands(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| {
            let l = l.trim_start();
            (l.starts_with("::") && !l.starts_with("::error file=")) || l.contains("##[")
        })
        .collect()
}

#[test]
fn snippet_control_characters_and_forged_lines_are_shown_escaped_in_every_format() {
    let c = noisy_course();
    let summary = temp_file(&c, "summary.md");
    let junit = temp_file(&c, "junit.xml");
    let html = temp_file(&c, "report.html");
    let out = c
        .cmd(&["run", "--format", "github", "--junit"])
        .arg(&junit)
        .arg("--html")
        .arg(&html)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    let (err, annotations) = (stderr(&out), stdout(&out));
    assert_eq!(out.status.code(), Some(1), "{err}");

    let shown = Shown::of(&out, c.path());

    // Human report (stderr; mirror's own colours are off when it is not a terminal): the
    // escapes visible, the forged workflow command defused, the forged name on one line.
    assert_snapshot(
        shown.stderr,
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lesson                                       pairs passed failed pair time  page
01 A                                             2      0      2  [TIME]  -

ORPHAN 01-a/forged\nPASS 01-a\x1b[2J: Python snippet has no C# partner: expected examples-cs/01-a/Forged\nPASS 01A\x1b[2J.cs (same stem, ignoring case, _ and -); if it is one-sided on purpose, set `one-sided = true` under [lessons.01-a.pairs.forged\nPASS 01-a\x1b[2J] in harness/course.toml
  Python examples-py/01-a/forged\nPASS 01-a\x1b[2J.py
  re-run: mirror run 1/forged\nPASS 01-a\x1b[2J

ERROR 01-a/noisy: Python side exited with 1 (expected exit 0)
  C#     examples-cs/01-a/Noisy.cs
  Python examples-py/01-a/noisy.py
  Python stderr (last lines):
    \x1b]0;pwned\x07\x1b[2Jhidden\rshown
    \x3a:error::forged
      \x23#[warning]old
  re-run: mirror run 1/noisy

failed: 01-a/forged\nPASS 01-a\x1b[2J 01-a/noisy
re-run them: mirror run '1/forged\nPASS 01-a\x1b[2J' 1/noisy  (or: mirror run --failed)

finished in [TIME]
0 passed, 2 failed

"#]],
    );
    for raw in ['\x1b', '\x07', '\r'] {
        assert!(
            !err.contains(raw),
            "raw {raw:?} in the human report:\n{err}"
        );
    }
    assert!(
        !err.lines().any(|l| l.starts_with("PASS")),
        "a file name forged a line:\n{err}"
    );

    // GitHub: annotations on stdout, nothing a snippet wrote read as a command anywhere.
    assert!(
        annotations.lines().all(|l| l.starts_with("::error file=")),
        "{annotations}"
    );
    assert_snapshot(
        shown.stdout,
        str![[r#"
::error file=examples-py/01-a/forged\nPASS 01-a\x1b[2J.py,line=1,title=01-a/forged\nPASS 01-a\x1b[2J orphan::Python snippet has no C# partner: expected examples-cs/01-a/Forged%0APASS 01A\x1b[2J.cs (same stem, ignoring case, _ and -); if it is one-sided on purpose, set `one-sided = true` under [lessons.01-a.pairs.forged%0APASS 01-a\x1b[2J] in harness/course.toml
::error file=examples-py/01-a/noisy.py,line=1,title=01-a/noisy error::Python side exited with 1 (expected exit 0)%0A\x1b]0;pwned\x07\x1b[2Jhidden\rshown%0A\x3a:error::forged%0A  \x23#[warning]old

"#]],
    );
    assert!(!annotations.contains('\x1b'), "{annotations}");
    assert_eq!(forged_commands(&annotations), Vec::<&str>::new());
    assert_eq!(forged_commands(&err), Vec::<&str>::new(), "{err}");
    let md = std::fs::read_to_string(&summary).unwrap();
    assert_snapshot(
        redactions(c.path()).redact(&md),
        str![[r#"
## mirror: 0 passed, 2 failed

| lesson | pairs | passed | failed | skipped | pair time | page |
|---|---:|---:|---:|---:|---:|---|
| ❌ 01 A | 2 | 0 | 2 | 0 | [TIME] | - |

### Failures

#### ❌ `01-a/forged\nPASS 01-a\x1b[2J`: orphan

Python snippet has no C# partner: expected examples-cs/01-a/Forged\nPASS 01A\x1b[2J.cs (same stem, ignoring case, _ and -); if it is one-sided on purpose, set `one-sided = true` under [lessons.01-a.pairs.forged\nPASS 01-a\x1b[2J] in harness/course.toml

- Python: `examples-py/01-a/forged\nPASS 01-a\x1b[2J.py`

#### ❌ `01-a/noisy`: error

Python side exited with 1 (expected exit 0)

- C#: `examples-cs/01-a/Noisy.cs`
- Python: `examples-py/01-a/noisy.py`

Python stderr (last lines):

```text
\x1b]0;pwned\x07\x1b[2Jhidden\rshown
\x3a:error::forged
  \x23#[warning]old
```


"#]],
    );
    assert!(!md.contains(['\x1b', '\x07', '\r']), "{md}");
    assert_eq!(forged_commands(&md), Vec::<&str>::new(), "{md}");

    // JUnit: still valid XML 1.0 (no control characters it cannot carry), escapes visible.
    let xml = std::fs::read_to_string(&junit).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed XML ({e}):\n{xml}"),
        }
    }
    assert_snapshot(
        redactions(c.path()).redact(&xml),
        str![[r#"
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="mirror" tests="2" failures="1" errors="1" time="[TIME]">
    <testsuite name="01-a" tests="2" disabled="0" errors="1" failures="1" time="[TIME]" skipped="0">
        <testcase name="forged\nPASS 01-a\x1b[2J" classname="01-a" time="[TIME]">
            <failure message="Python snippet has no C# partner: expected examples-cs/01-a/Forged\nPASS 01A\x1b[2J.cs (same stem, ignoring case, _ and -); if it is one-sided on purpose, set `one-sided = true` under [lessons.01-a.pairs.forged\nPASS 01-a\x1b[2J] in harness/course.toml" type="orphan">01-a/forged
PASS 01-a\x1b[2J: Python snippet has no C# partner: expected examples-cs/01-a/Forged
PASS 01A\x1b[2J.cs (same stem, ignoring case, _ and -); if it is one-sided on purpose, set `one-sided = true` under [lessons.01-a.pairs.forged
PASS 01-a\x1b[2J] in harness/course.toml
  Python  examples-py/01-a/forged
PASS 01-a\x1b[2J.py
</failure>
        </testcase>
        <testcase name="noisy" classname="01-a" time="[TIME]">
            <error message="Python side exited with 1 (expected exit 0)" type="error">01-a/noisy: Python side exited with 1 (expected exit 0)
  C#      examples-cs/01-a/Noisy.cs
  Python  examples-py/01-a/noisy.py
Python stderr (last lines):
\x1b]0;pwned\x07\x1b[2Jhidden\rshown
\x3a:error::forged
  \x23#[warning]old
</error>
            <system-out>--- C# ---
hi

--- Python ---
hi

</system-out>
            <system-err>--- C# ---

--- Python ---
\x1b]0;pwned\x07\x1b[2Jhidden\rshown
\x3a:error::forged
  \x23#[warning]old

</system-err>
        </testcase>
    </testsuite>
</testsuites>

"#]],
    );
    assert!(
        !xml.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\t')),
        "{xml}"
    );

    // HTML: escaped markup and visible control characters.
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains(r"\x1b]0;pwned\x07\x1b[2Jhidden\rshown"),
        "{page}"
    );
    assert!(!page.contains(['\x1b', '\x07', '\r']), "{page}");

    // `mirror show`: the same, on stdout.
    let text = stdout(&c.run(&["show", "1/noisy"]));
    assert_snapshot(
        redactions(c.path()).redact(&text),
        str![[r#"
━━ 1. A / noisy ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━

C# examples-cs/01-a/Noisy.cs
     1 Console.WriteLine("hi");

Python examples-py/01-a/noisy.py
     1 import sys
     2 print("hi")
     3 sys.stderr.write("\x1b]0;pwned\x07\x1b[2Jhidden\rshown\n::error::forged\n
       \x23#[warning]old\n")
     4 sys.exit(1)

C# output [TIME]
  hi

Python output [TIME]
  hi

ERROR  Python side exited with 1 (expected exit 0)
  Python stderr (last lines):
    \x1b]0;pwned\x07\x1b[2Jhidden\rshown
    \x3a:error::forged
      \x23#[warning]old


"#]],
    );
    assert!(!text.contains(['\x1b', '\x07', '\r']), "{text}");

    // JSON keeps the exact bytes a snippet wrote.
    let (_, json) = c.run_json(&["1/noisy"]);
    let written = pair(&json, "01-a/noisy")["python"]["stderr"]
        .as_str()
        .unwrap();
    assert!(
        written.starts_with("\x1b]0;pwned\x07\x1b[2Jhidden\rshown\n"),
        "{json:#}"
    );
}

#[test]
fn bytes_that_are_not_utf8_differ_at_their_own_line() {
    let c = Course::new()
        .py(
            "01-a/raw.py",
            "import sys\nsys.stdout.buffer.write(b'\\xff\\nsame\\n')\n",
        )
        .cs(
            "01-a/Raw.cs",
            "using var o = Console.OpenStandardOutput();\no.Write(new byte[] { 0xFE, 10, (byte)'s', (byte)'a', (byte)'m', (byte)'e', 10 });\n",
        );
    let (code, json) = c.run_json(&[]);
    let p = pair(&json, "01-a/raw");
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(p["verdict"], "mismatch", "{json:#}");
    assert_eq!(p["first_difference"]["line"], 1, "{json:#}");
    assert_eq!(p["reason"], "outputs differ from line 1", "{json:#}");

    let err = c.shown(&["run"]).stderr;
    assert_snapshot(
        err.clone(),
        str![[r#"
course  [COURSE]
python  [PYTHON]
dotnet  [DOTNET]
sandbox [SANDBOX]

lesson                                       pairs passed failed pair time  page
01 A                                             1      0      1  [TIME]  -

MISMATCH 01-a/raw: outputs differ from line 1
  C#     examples-cs/01-a/Raw.cs
  Python examples-py/01-a/raw.py
  first difference at line 1, column 1:
    C#:     \xfe
    Python: \xff
            ^
    --- C#
    +++ Python
    @@ -1,2 +1,2 @@
    -\xfe
    +\xff
     same
  re-run: mirror run 1/raw

failed: 01-a/raw
re-run them: mirror run 1/raw  (or: mirror run --failed)

finished in [TIME]
0 passed, 1 failed

"#]],
    );
    assert!(
        !err.contains('\u{fffd}'),
        "no replacement characters:\n{err}"
    );
}

#[test]
fn practice_check_and_reveal_show_the_learners_control_characters_escaped() {
    let c = noisy_course();
    let out = c.run(&["practice", "1/noisy"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let file = c.path().join("practice/01-a/noisy.py");
    let template = std::fs::read_to_string(&file).unwrap();
    let marker = template.find("---- your ").expect("marker line");
    let end = marker + template[marker..].find('\n').unwrap() + 1;
    // A raw ESC in a comment (for --reveal) and a failing run that paints stderr.
    let body = format!("# \x1b]0;pwned\x07 in a comment\n{NOISE}");
    std::fs::write(&file, format!("{}{body}", &template[..end])).unwrap();

    let out = c.run(&["practice", "--check", "1/noisy"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_snapshot(
        redactions(c.path()).redact(&err),
        str![[r#"
ERROR    1/noisy  practice/01-a/noisy.py: your Python exited with 1 (expected exit 0)
  your Python: stderr (last lines):
    \x1b]0;pwned\x07\x1b[2Jhidden\rshown
    \x3a:error::forged
      \x23#[warning]old

0 passed, 1 failed

"#]],
    );
    assert!(!err.contains(['\x1b', '\x07', '\r']), "{err}");

    // A mismatch: the first difference and the diff show the escapes.
    let mismatch = "print('\\x1b[2Jhi')\n";
    std::fs::write(&file, format!("{}{mismatch}", &template[..end])).unwrap();
    let out = c.run(&["practice", "--check", "1/noisy"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_snapshot(
        redactions(c.path()).redact(&err),
        str![[r#"
MISMATCH 1/noisy  practice/01-a/noisy.py
  first difference at line 1:
    yours:        \x1b[2Jhi
    expected:     hi
    --- expected (the real C# run)
    +++ yours (practice/01-a/noisy.py)
    @@ -1 +1 @@
    -hi
    +\x1b[2Jhi

0 passed, 1 failed

"#]],
    );
    assert!(!err.contains('\x1b'), "{err}");

    std::fs::write(&file, format!("{}{body}", &template[..end])).unwrap();
    // Wide enough for the course's temp path to show whole (it is redacted).
    let out = c
        .cmd(&["practice", "--reveal", "1/noisy"])
        .env("COLUMNS", "240")
        .output()
        .unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    assert_snapshot(
        redactions(c.path()).redact(&text),
        str![[r#"
yours (changed): practice/01-a/noisy.py                                                                                | the course: examples-py/01-a/noisy.py
---------------------------------------------------------------------------------------------------------------------- | ----------------------------------------------------------------------------------------------------------------------
# \x1b]0;pwned\x07 in a comment                                                                                        <
import sys                                                                                                             | import sys
print("hi")                                                                                                            | print("hi")
sys.stderr.write("\x1b]0;pwned\x07\x1b[2Jhidden\rshown\n::error::forged\n  \x23#[warning]old\n")                       | sys.stderr.write("\x1b]0;pwned\x07\x1b[2Jhidden\rshown\n::error::forged\n  \x23#[warning]old\n")
sys.exit(1)                                                                                                            | sys.exit(1)

(* differs, < only yours, > only the course's)

"#]],
    );
    assert!(!text.contains(['\x1b', '\x07']), "{text}");
}
