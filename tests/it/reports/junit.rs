//! `--junit`: the file validates against the Jenkins/Ant JUnit schema and every count and
//! message is right when read back.
use std::path::Path;
use std::process::Command;

use super::{mixed_course, temp_file};
use snapbox::str;

use crate::support::{assert_snapshot, redactions, stderr, stdout, Shown};

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
    if !crate::support::tool(
        "xmllint",
        "Debian package libxml2-utils",
        "junit_report_validates_against_the_schema_and_counts_every_case",
    ) {
        return;
    }
    let c = mixed_course();
    let file = temp_file(&c, "reports/junit.xml"); // its folder is made
    let out = c.run(&["run", "--junit", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // The human report still prints, exactly as without --junit (its text is the
    // snapshot of the GitHub test, which runs the same course).
    assert_eq!(Shown::of(&out, c.path()).stderr, c.shown(&["run"]).stderr);
    let xml = std::fs::read_to_string(&file).unwrap();
    // Every suite, case, message and text, paths relative to the course.
    assert_snapshot(
        redactions(c.path()).redact(&xml),
        str![[r#"
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="mirror" tests="8" failures="3" errors="2" time="[TIME]">
    <testsuite name="01-a" tests="4" disabled="0" errors="2" failures="1" time="[TIME]" skipped="0">
        <testcase name="broken" classname="01-a" time="[TIME]">
            <error message="C# side does not compile" type="error">01-a/broken: C# side does not compile
  C#      examples-cs/01-a/Broken.cs
  Python  examples-py/01-a/broken.py
  at      examples-cs/01-a/Broken.cs:2
C# compiler:
  examples-cs/01-a/Broken.cs(2,19): error CS0103: The name &apos;undefinedName&apos; does not exist in the current context
</error>
            <system-out>--- Python ---
1

</system-out>
            <system-err>--- Python ---

</system-err>
        </testcase>
        <testcase name="crash" classname="01-a" time="[TIME]">
            <error message="Python side exited with 1 (expected exit 0)" type="error">01-a/crash: Python side exited with 1 (expected exit 0)
  C#      examples-cs/01-a/Crash.cs
  Python  examples-py/01-a/crash.py
  at      examples-py/01-a/crash.py:2
Python stderr (last lines):
Traceback (most recent call last):
  File &quot;examples-py/01-a/crash.py&quot;, line 5, in &lt;module&gt;
    f()
  File &quot;examples-py/01-a/crash.py&quot;, line 2, in f
    raise ValueError(&apos;boom&apos;)
ValueError: boom
</error>
            <system-out>--- C# ---
start

--- Python ---
start

</system-out>
            <system-err>--- C# ---

--- Python ---
Traceback (most recent call last):
  File &quot;examples-py/01-a/crash.py&quot;, line 5, in &lt;module&gt;
    f()
  File &quot;examples-py/01-a/crash.py&quot;, line 2, in f
    raise ValueError(&apos;boom&apos;)
ValueError: boom

</system-err>
        </testcase>
        <testcase name="division" classname="01-a" time="[TIME]">
            <failure message="outputs differ from line 1" type="mismatch">01-a/division: outputs differ from line 1
  C#      examples-cs/01-a/Division.cs
  Python  examples-py/01-a/division.py
first difference at line 1, column 2:
  C#:     -3
  Python: -4
           ^
--- C#
+++ Python
@@ -1 +1 @@
--3
+-4

</failure>
            <system-out>--- C# ---
-3

--- Python ---
-4

</system-out>
            <system-err>--- C# ---

--- Python ---

</system-err>
        </testcase>
        <testcase name="hello" classname="01-a" time="[TIME]">
        </testcase>
    </testsuite>
    <testsuite name="02-b" tests="4" disabled="1" errors="0" failures="2" time="[TIME]" skipped="1">
        <testcase name="echo" classname="02-b" time="[TIME]">
        </testcase>
        <testcase name="lonely" classname="02-b" time="[TIME]">
            <failure message="Python snippet has no C# partner: expected examples-cs/02-b/Lonely.cs (same stem, ignoring case, _ and -); if it is one-sided on purpose, set `one-sided = true` under [lessons.02-b.pairs.lonely] in harness/course.toml" type="orphan">02-b/lonely: Python snippet has no C# partner: expected examples-cs/02-b/Lonely.cs (same stem, ignoring case, _ and -); if it is one-sided on purpose, set `one-sided = true` under [lessons.02-b.pairs.lonely] in harness/course.toml
  Python  examples-py/02-b/lonely.py
</failure>
        </testcase>
        <testcase name="solo" classname="02-b" time="[TIME]">
            <skipped message="one-sided on purpose (Python only)"/>
        </testcase>
        <testcase name="page" classname="02-b" time="[TIME]">
            <failure message="lessons/02-b.md: 1 problem (1 tied block checked)" type="page">lessons/02-b.md:8: output block differs from what `echo` really prints
--- page
+++ expected
@@ -1 +1 @@
-wrong
+a &lt; b &amp; &quot;c&quot;
</failure>
        </testcase>
    </testsuite>
</testsuites>

"#]],
    );

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
    // Read back (unescaped) the texts are the snapshot's.
    assert_eq!(case(a, "division").2, "failure");
    assert_eq!(case(a, "broken").2, "error");
    assert_eq!(case(a, "crash").2, "error");
    assert_eq!(case(b, "lonely").2, "failure");
    assert_eq!(case(b, "solo").2, "skipped");
    let (_, class, kind, text) = case(b, "page");
    assert_eq!((class.as_str(), kind.as_str()), ("02-b", "failure"));
    assert_snapshot(
        text,
        str![[r#"
lessons/02-b.md: 1 problem (1 tied block checked)
lessons/02-b.md:8: output block differs from what `echo` really prints
--- page
+++ expected
@@ -1 +1 @@
-wrong
+a < b & "c"

"#]],
    );
}

#[test]
fn the_schema_rejects_what_ci_would_reject() {
    if !crate::support::tool(
        "xmllint",
        "Debian package libxml2-utils",
        "the_schema_rejects_what_ci_would_reject",
    ) {
        return;
    }
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
