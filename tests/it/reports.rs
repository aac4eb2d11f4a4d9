//! Reports for CI, maintainers and learners: `--junit` (validated against the JUnit schema
//! with xmllint and parsed back), GitHub Actions annotations and step summary, `--html`
//! (rendered in headless Chromium) and `mirror show`.
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{stderr, stdout, Course};

/// Lesson 01-a: a pass, a mismatch, a C# compile error (line 2), a Python traceback (line 2).
/// Lesson 02-b: a pass (with markup in its output), an orphan, a one-sided snippet, and a
/// page with a mirror card and a wrong output block (line 8).
fn mixed_course() -> Course {
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

fn temp_file(c: &Course, name: &str) -> PathBuf {
    c.path().join(name)
}

// ---------- JUnit ----------

/// Counts of one `<testsuite>` and its testcases, read back with quick-xml.
#[derive(Debug, Default)]
struct Suite {
    name: String,
    attrs: std::collections::HashMap<String, String>,
    /// (name, classname, outcome element or "", its text)
    cases: Vec<(String, String, String, String)>,
}

fn parse_junit(xml: &str) -> (std::collections::HashMap<String, String>, Vec<Suite>) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut root = std::collections::HashMap::new();
    let mut suites: Vec<Suite> = Vec::new();
    let mut in_outcome = false;
    let attrs = |e: &quick_xml::events::BytesStart| {
        e.attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                    a.unescape_value().unwrap().into_owned(),
                )
            })
            .collect::<std::collections::HashMap<_, _>>()
    };
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let a = attrs(&e);
                match e.name().as_ref() {
                    b"testsuites" => root = a,
                    b"testsuite" => suites.push(Suite {
                        name: a["name"].clone(),
                        attrs: a,
                        cases: Vec::new(),
                    }),
                    b"testcase" => suites.last_mut().unwrap().cases.push((
                        a["name"].clone(),
                        a["classname"].clone(),
                        String::new(),
                        String::new(),
                    )),
                    tag @ (b"failure" | b"error" | b"skipped") => {
                        let case = suites.last_mut().unwrap().cases.last_mut().unwrap();
                        case.2 = String::from_utf8(tag.to_vec()).unwrap();
                        case.3 = a.get("message").cloned().unwrap_or_default() + "\n";
                        in_outcome = true;
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_outcome => {
                let case = suites.last_mut().unwrap().cases.last_mut().unwrap();
                case.3.push_str(&t.decode().unwrap());
            }
            Event::GeneralRef(r) if in_outcome => {
                let case = suites.last_mut().unwrap().cases.last_mut().unwrap();
                let name = r.decode().unwrap();
                case.3.push_str(match name.as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    _ => "?",
                });
            }
            Event::End(e) if matches!(e.name().as_ref(), b"failure" | b"error") => {
                in_outcome = false
            }
            _ => {}
        }
    }
    (root, suites)
}

fn xmllint(file: &Path) -> std::process::Output {
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/junit.xsd");
    Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(file)
        .output()
        .expect("xmllint runs (Debian package libxml2-utils; .ci/run installs it)")
}

#[test]
fn junit_report_validates_against_the_schema_and_counts_every_case() {
    let c = mixed_course();
    let file = temp_file(&c, "junit.xml");
    let out = c.run(&["run", "--junit", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // The human report still prints.
    assert!(
        stderr(&out).contains("MISMATCH 01-a/division"),
        "{}",
        stderr(&out)
    );
    let xml = std::fs::read_to_string(&file).unwrap();

    let lint = xmllint(&file);
    assert!(
        lint.status.success(),
        "xmllint: {}{}\n{xml}",
        stdout(&lint),
        stderr(&lint)
    );

    let (root, suites) = parse_junit(&xml);
    assert_eq!(root["tests"], "8", "{xml}");
    assert_eq!(root["failures"], "3", "{xml}");
    assert_eq!(root["errors"], "2", "{xml}");
    let names: Vec<&str> = suites.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["01-a", "02-b"]);
    let a = &suites[0];
    assert_eq!(
        [
            &a.attrs["tests"],
            &a.attrs["failures"],
            &a.attrs["errors"],
            &a.attrs["skipped"]
        ],
        ["4", "1", "2", "0"],
        "{xml}"
    );
    let b = &suites[1];
    assert_eq!(
        [
            &b.attrs["tests"],
            &b.attrs["failures"],
            &b.attrs["errors"],
            &b.attrs["skipped"]
        ],
        ["4", "2", "0", "1"],
        "{xml}"
    );
    let case = |s: &Suite, name: &str| {
        s.cases
            .iter()
            .find(|c| c.0 == name)
            .unwrap_or_else(|| panic!("no testcase {name} in {xml}"))
            .clone()
    };
    assert!(a.cases.iter().all(|c| c.1 == "01-a"));
    let (_, _, kind, text) = case(a, "hello");
    assert_eq!(kind, "");
    assert!(text.is_empty());
    let (_, _, kind, text) = case(a, "division");
    assert_eq!(kind, "failure");
    assert!(text.starts_with("outputs differ from line 1\n"), "{text}");
    assert!(text.contains("-3\n+-4"), "diff in the failure text: {text}");
    assert!(text.contains("examples-cs/01-a/Division.cs"), "{text}");
    let (_, _, kind, text) = case(a, "broken");
    assert_eq!(kind, "error");
    assert!(text.contains("CS0103"), "{text}");
    let (_, _, kind, text) = case(a, "crash");
    assert_eq!(kind, "error");
    assert!(text.contains("ValueError: boom"), "stderr tail: {text}");
    assert_eq!(case(b, "lonely").2, "failure");
    assert_eq!(case(b, "solo").2, "skipped");
    let (_, class, kind, text) = case(b, "page");
    assert_eq!((class.as_str(), kind.as_str()), ("02-b", "failure"));
    assert!(
        text.contains("lessons/02-b.md:8: output block differs"),
        "{text}"
    );
    for (_, _, _, t) in a.cases.iter().chain(&b.cases) {
        assert!(
            !t.contains(c.path().to_str().unwrap()),
            "paths are relative: {t}"
        );
    }
}

#[test]
fn the_schema_rejects_what_ci_would_reject() {
    // Negative control: the validator really checks the shape and the numbers.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.xml");
    std::fs::write(
        &bad,
        "<?xml version=\"1.0\"?>\n<testsuites><testsuite name=\"a\" tests=\"1\" time=\"1.2s\"><testcase classname=\"a\"><failure/><skipped/></testcase></testsuite></testsuites>\n",
    )
    .unwrap();
    let lint = xmllint(&bad);
    assert!(!lint.status.success());
    let err = stderr(&lint);
    assert!(
        err.contains("'time'") && err.contains("'name' is required"),
        "{err}"
    );
}

// ---------- GitHub Actions ----------

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
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("2 passed, 4 failed, 1 skipped"),
        "human report still prints: {err}"
    );
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let has = |prefix: &str| {
        assert!(
            lines.iter().any(|l| l.starts_with(prefix)),
            "no annotation starting {prefix:?} in:\n{text}"
        )
    };
    has("::error file=examples-cs/01-a/Broken.cs,line=2,title=01-a/broken error::C# side does not compile%0Aerror CS0103");
    has("::error file=examples-py/01-a/crash.py,line=2,title=01-a/crash error::Python side exited with 1");
    has("::error file=examples-py/01-a/division.py,line=1,title=01-a/division mismatch::outputs differ from line 1%0AC#:     -3%0APython: -4");
    has("::error file=examples-py/02-b/lonely.py,line=1,title=02-b/lonely orphan::");
    has("::error file=lessons/02-b.md,line=8,title=02-b page::output block differs");
    assert_eq!(lines.len(), 5, "one annotation per problem:\n{text}");
    assert!(!text.contains("solo"), "{text}");

    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.starts_with("earlier step\n## mirror: 2 passed, 4 failed, 1 skipped"),
        "appended: {md}"
    );
    assert!(
        md.contains("| lesson | pairs | passed | failed | time | page |"),
        "{md}"
    );
    assert!(md.contains("| ❌ 01 A | 4 | 1 | 3 |"), "{md}");
    assert!(md.contains("**1 of 1 blocks wrong**"), "{md}");
    let table_at = md.find("| lesson |").unwrap();
    let failures_at = md.find("### Failures").unwrap();
    assert!(table_at < failures_at, "table first, then failures: {md}");
    assert!(md.contains("#### ❌ `01-a/division`: mismatch"), "{md}");
    assert!(
        md.contains("```diff\n--- C# stdout\n+++ Python stdout"),
        "{md}"
    );
    assert!(md.contains("ValueError: boom"), "{md}");
    assert!(md.contains("#### ❌ page `lessons/02-b.md:8`"), "{md}");
}

#[test]
fn format_github_works_off_actions_and_json_stays_clean_on_actions() {
    let c = Course::new()
        .py("01-a/division.py", "print(-7 // 2)\n")
        .cs("01-a/Division.cs", "Console.WriteLine(-7 / 2);\n");
    let out = c.run(&["run", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with("::error file=examples-py/01-a/division.py,line=1,"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("0 passed, 1 failed"),
        "{}",
        stderr(&out)
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
    assert!(
        stderr(&out).contains("::error file=examples-py/01-a/division.py"),
        "{}",
        stderr(&out)
    );
}

// ---------- HTML ----------

fn chromium(args: &[&str]) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .output()
        .expect("chromium runs (Debian package chromium; .ci/run installs it)")
}

#[test]
fn html_report_is_self_contained_and_renders_every_card_in_chromium() {
    let c = mixed_course();
    let file = temp_file(&c, "report.html");
    let out = c.run(&[
        "run",
        "--html",
        file.to_str().unwrap(),
        "--junit",
        temp_file(&c, "j.xml").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(temp_file(&c, "j.xml").exists(), "several reports at once");
    let html = std::fs::read_to_string(&file).unwrap();
    for external in ["<script", "<link", "src=", "url(", "@import", "<iframe"] {
        assert!(!html.contains(external), "{external} in the page");
    }
    assert!(
        html.contains("@media (max-width:760px)"),
        "stacks on a phone"
    );

    let url = format!("file://{}", file.display());
    let dom = chromium(&["--dump-dom", &url]);
    assert!(dom.status.success(), "{}", stderr(&dom));
    let dom = stdout(&dom);
    let cards = dom.matches("<article class=\"card ").count();
    assert_eq!(cards, 7, "one card per pair:\n{dom}");
    for (id, verdict) in [
        ("01-a/hello", "PASS"),
        ("01-a/division", "MISMATCH"),
        ("01-a/broken", "ERROR"),
        ("01-a/crash", "ERROR"),
        ("02-b/echo", "PASS"),
        ("02-b/lonely", "ORPHAN"),
        ("02-b/solo", "SKIPPED"),
    ] {
        let at = dom
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("no card {id}"));
        let card = &dom[at..];
        let card = &card[..card.find("</article>").unwrap()];
        assert!(
            card.contains(&format!("<span class=\"verdict\">{verdict}</span>")),
            "{id} shows {verdict}: {card}"
        );
        if verdict == "MISMATCH" {
            assert!(card.contains("<pre class=\"diff\">"), "{card}");
            assert!(card.contains("<span class=\"del\">--3</span>"), "{card}");
            assert!(card.contains("<span class=\"add\">+-4</span>"), "{card}");
        }
        if id == "02-b/echo" {
            // The page's card text, and sources and outputs escaped (no stray elements).
            assert!(
                card.contains("<code>Console.WriteLine(\"&lt;b&gt;\")</code>"),
                "{card}"
            );
            assert!(card.contains("print('a &lt; b &amp; \"c\"')"), "{card}");
            assert!(card.contains("a &lt; b &amp; \"c\"\n</pre>"), "{card}");
            assert!(!card.contains("<b>"), "{card}");
        }
    }
    assert!(
        dom.contains("lessons/02-b.md:8</code> output block differs"),
        "page findings shown"
    );

    // Renders at phone width too (the screenshot is what CSS made of it).
    let shot = temp_file(&c, "phone.png");
    let out = chromium(&[
        &format!("--screenshot={}", shot.display()),
        "--window-size=390,1200",
        &url,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    assert_eq!(width, 390);
}

// ---------- mirror show ----------

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
