//! The shipped course itself: every pair of all ten lessons passes on this machine, and no
//! pair passes by accident (a mutated side is caught in every lesson).
use std::path::{Path, PathBuf};

use crate::support::{cache_dir, pair};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn mirror(course: &Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    let out = assert_cmd::Command::cargo_bin("mirror")
        .unwrap()
        .arg("-C")
        .arg(course)
        .args(["run", "--format", "json"])
        .args(args)
        .env("MIRROR_CACHE_DIR", cache_dir())
        .timeout(std::time::Duration::from_secs(600))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}); stderr:\n{stderr}"));
    (out.status.code().unwrap_or(-1), json, stderr)
}

#[test]
fn the_whole_shipped_course_passes() {
    let _serial = crate::support::timing_sensitive();
    let (code, json, stderr) = mirror(&repo(), &[]);
    let failures: Vec<String> = json["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["pairs"].as_array().unwrap())
        .filter(|p| p["verdict"] != "pass")
        .map(|p| {
            format!(
                "{} {}: {} {}",
                p["id"], p["verdict"], p["reason"], p["diff"]
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "failing pairs:\n{}\n{stderr}",
        failures.join("\n")
    );
    assert_eq!(code, 0);
    let lessons = json["lessons"].as_array().unwrap();
    assert_eq!(lessons.len(), 10, "ten lessons");
    let mut total = 0;
    for l in lessons {
        let pairs = l["pairs"].as_array().unwrap();
        assert!(
            pairs.len() >= 6,
            "{} has only {} pairs",
            l["id"],
            pairs.len()
        );
        total += pairs.len();
        for p in pairs {
            // Every card prints enough to prove something, not just "hello".
            let out = p["python"]["stdout"].as_str().unwrap();
            assert!(!out.trim().is_empty(), "{} prints nothing", p["id"]);
            assert!(
                p["summary"].is_string(),
                "{} has no summary in course.toml",
                p["id"]
            );
        }
    }
    assert!(total >= 60, "only {total} pairs");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// In a copy of the course, for every lesson: one pair's Python side prints one line more,
/// and another pair's C# side is replaced by a different card's C#. Both must be caught,
/// and the untouched pairs of those lessons must still pass.
#[test]
fn a_mutated_side_is_caught_in_every_lesson() {
    let _serial = crate::support::timing_sensitive();
    let tmp = tempfile::tempdir().unwrap();
    for dir in ["examples-py", "examples-cs", "harness"] {
        copy_dir(&repo().join(dir), &tmp.path().join(dir));
    }
    let list = assert_cmd::Command::cargo_bin("mirror")
        .unwrap()
        .arg("-C")
        .arg(tmp.path())
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let mut mutated = Vec::new();
    let mut filters = Vec::new();
    for lesson in list["lessons"].as_array().unwrap() {
        let pairs: Vec<&serde_json::Value> = lesson["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| !p["orphan"].as_bool().unwrap())
            .collect();
        assert!(
            pairs.len() >= 3,
            "{} needs 3 pairs for this test",
            lesson["id"]
        );
        // Pick pairs without a deliberate nonzero exit or fixtures, to keep the mutation about output.
        let (a, b, c) = (pairs[0], pairs[1], pairs[2]);
        let py = tmp.path().join(a["python"].as_str().unwrap());
        let mut text = std::fs::read_to_string(&py).unwrap();
        text.push_str("\nprint(\"a line the C# side does not print\")\n");
        std::fs::write(&py, text).unwrap();
        let cs_b = tmp.path().join(b["csharp"].as_str().unwrap());
        let cs_c = tmp.path().join(c["csharp"].as_str().unwrap());
        std::fs::copy(&cs_c, &cs_b).unwrap();
        mutated.push(a["id"].as_str().unwrap().to_string());
        mutated.push(b["id"].as_str().unwrap().to_string());
        let n = lesson["number"].as_u64().unwrap();
        for p in [a, b, c] {
            filters.push(format!("{n}/{}", p["name"].as_str().unwrap()));
        }
    }
    let args: Vec<&str> = filters.iter().map(String::as_str).collect();
    let (code, json, stderr) = mirror(tmp.path(), &args);
    assert_eq!(code, 1, "{stderr}");
    for id in &mutated {
        let v = &pair(&json, id)["verdict"];
        assert!(
            v == "mismatch" || v == "error",
            "mutated {id} was not caught: {v}"
        );
    }
    for l in json["lessons"].as_array().unwrap() {
        for p in l["pairs"].as_array().unwrap() {
            if !mutated.iter().any(|m| m == p["id"].as_str().unwrap()) {
                assert_eq!(
                    p["verdict"], "pass",
                    "untouched {} should pass: {}",
                    p["id"], p["reason"]
                );
            }
        }
    }
}
