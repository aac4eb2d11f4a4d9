//! GitHub Actions: annotations at the snippet's file and line, the step summary appended,
//! and clean JSON on stdout under `--format json`.
use super::{mixed_course, temp_file};
use crate::support::{stderr, stdout, Course};

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
        md.contains("| lesson | pairs | passed | failed | skipped | pair time | page |"),
        "{md}"
    );
    assert!(md.contains("| ❌ 01 A | 4 | 1 | 3 | 0 |"), "{md}");
    assert!(md.contains("| 3 | 1 | 1 | 1 |"), "02-b: one skipped: {md}");
    assert!(md.contains("**1 problem (1 block checked)**"), "{md}");
    let table_at = md.find("| lesson |").unwrap();
    let failures_at = md.find("### Failures").unwrap();
    assert!(table_at < failures_at, "table first, then failures: {md}");
    assert!(md.contains("#### ❌ `01-a/division`: mismatch"), "{md}");
    assert!(md.contains("```diff\n--- C#\n+++ Python"), "{md}");
    assert!(md.contains("ValueError: boom"), "{md}");
    assert!(
        md.contains("File \"examples-py/01-a/crash.py\", line 2"),
        "course path in the traceback: {md}"
    );
    assert!(md.contains("- at: `examples-py/01-a/crash.py:2`"), "{md}");
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
