//! Untrusted text in reports (issue 16 items 13 and 14): a snippet's control characters,
//! forged workflow commands and non-UTF-8 bytes, and a file name with a newline, reach no
//! report raw, while JSON keeps the exact text.
use super::temp_file;
use crate::support::{pair, stderr, stdout, Course};

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

    // Human report (stderr; mirror's own colours are off when it is not a terminal).
    assert!(
        err.contains(r"\x1b]0;pwned\x07\x1b[2Jhidden\rshown"),
        "visible escapes in:\n{err}"
    );
    assert!(err.contains(r"\x3a:error::forged"), "{err}");
    assert!(
        err.contains(r"ORPHAN 01-a/forged\nPASS 01-a\x1b[2J"),
        "{err}"
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
    assert!(annotations.contains(r"\x1b]0;pwned\x07"), "{annotations}");
    assert!(!annotations.contains('\x1b'), "{annotations}");
    assert_eq!(forged_commands(&annotations), Vec::<&str>::new());
    assert_eq!(forged_commands(&err), Vec::<&str>::new(), "{err}");
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains(r"\x1b]0;pwned\x07\x1b[2Jhidden\rshown"), "{md}");
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
    assert!(
        xml.contains(r"\x1b]0;pwned\x07\x1b[2Jhidden\rshown"),
        "{xml}"
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
    let shown = c.run(&["show", "1/noisy"]);
    let text = stdout(&shown);
    assert!(
        text.contains(r"\x1b]0;pwned\x07\x1b[2Jhidden\rshown"),
        "{text}"
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

    let out = c.run(&["run"]);
    let err = stderr(&out);
    assert!(
        err.contains("first difference at line 1, column 1:"),
        "{err}"
    );
    assert!(err.contains(r"C#:     \xfe"), "{err}");
    assert!(err.contains(r"Python: \xff"), "{err}");
    assert!(err.contains(r"-\xfe") && err.contains(r"+\xff"), "{err}");
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
    assert!(
        err.contains(r"\x1b]0;pwned\x07\x1b[2Jhidden\rshown"),
        "{err}"
    );
    assert!(err.contains(r"\x3a:error::forged"), "{err}");
    assert!(!err.contains(['\x1b', '\x07', '\r']), "{err}");

    // A mismatch: the first difference and the diff show the escapes.
    let mismatch = "print('\\x1b[2Jhi')\n";
    std::fs::write(&file, format!("{}{mismatch}", &template[..end])).unwrap();
    let out = c.run(&["practice", "--check", "1/noisy"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(r"\x1b[2Jhi"), "{err}");
    assert!(!err.contains('\x1b'), "{err}");

    std::fs::write(&file, format!("{}{body}", &template[..end])).unwrap();
    let out = c.run(&["practice", "--reveal", "1/noisy"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    assert!(text.contains(r"# \x1b]0;pwned\x07 in a comment"), "{text}");
    assert!(!text.contains(['\x1b', '\x07']), "{text}");
}
