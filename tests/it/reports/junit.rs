//! `--junit`: the file validates against the Jenkins/Ant JUnit schema and every count and
//! message is right when read back.
use std::path::Path;
use std::process::Command;

use super::{mixed_course, temp_file};
use crate::support::{stderr, stdout};

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
