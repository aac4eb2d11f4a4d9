//! `--format jsonl`: one JSON event a line on stdout while the run goes.
use crate::support::{stderr, Course};

#[test]
fn jsonl_streams_started_each_pair_and_finished() {
    let c = Course::new()
        .py("01-a/hello.py", "print('hi')\n")
        .cs("01-a/Hello.cs", "Console.WriteLine(\"hi\");\n")
        .py("01-a/division.py", "print(-7 // 2)\n")
        .cs("01-a/Division.cs", "Console.WriteLine(-7 / 2);\n")
        .py("02-b/lonely.py", "print(1)\n");
    let out = c.run(&["run", "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    let events: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["started", "pair", "pair", "pair", "finished"],
        "{text}"
    );
    assert_eq!(events[0]["pairs"], 3);
    let mut ids: Vec<&str> = events[1..4]
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, ["01-a/division", "01-a/hello", "02-b/lonely"]);
    let division = events.iter().find(|e| e["id"] == "01-a/division").unwrap();
    assert_eq!(division["verdict"], "mismatch");
    assert_eq!(division["lesson"], "01-a");
    let last = &events[4];
    assert_eq!(last["passed"], false);
    assert_eq!(last["summary"]["failed"], 2);
    assert!(
        !stderr(&out).contains("passed, "),
        "no human report beside it: {}",
        stderr(&out)
    );
}
