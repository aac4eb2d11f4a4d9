//! Paths out of the course: data entries that are absolute or climb out with `..`, example
//! files and pages symlinked elsewhere, and fixture files symlinked out of their folder.
use crate::support::{pair, stderr, Course};

const HELLO_PY: &str = "print('hello')\n";
const HELLO_CS: &str = "Console.WriteLine(\"hello\");\n";

/// A folder beside the course holding a secret file, and the course's way up to it.
fn outside() -> (tempfile::TempDir, String) {
    let dir = tempfile::Builder::new()
        .prefix("mirror-test-outside-")
        .tempdir()
        .unwrap();
    std::fs::write(dir.path().join("secret.txt"), "TOP SECRET\n").unwrap();
    let name = dir
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    (dir, name)
}

fn hello() -> Course {
    Course::new()
        .py("01-a/hello.py", HELLO_PY)
        .cs("01-a/Hello.cs", HELLO_CS)
}

/// Runs and expects exit 2 with `wanted` in the message; returns the message.
fn refused(c: &Course, wanted: &[&str]) -> String {
    let out = c.run(&["run"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for w in wanted {
        assert!(err.contains(w), "no `{w}` in: {err}");
    }
    assert!(!err.contains("TOP SECRET"), "{err}");
    err
}

#[test]
fn an_absolute_data_path_is_refused_with_its_line() {
    let (_dir, _) = outside();
    let c = hello()
        .manifest("[lessons.01-a.pairs.hello]\nsummary = \"s\"\ndata = [\"/etc/hostname\"]\n");
    refused(&c, &["course.toml:3:9:", "/etc/hostname", "absolute"]);
}

#[test]
fn a_data_path_climbing_out_of_the_course_is_refused_with_its_line() {
    let (_dir, name) = outside();
    let c = hello().manifest(&format!(
        "[lessons.01-a.pairs.hello]\ndata = [\"harness/x.csv\", \"../{name}/secret.txt\"]\n"
    ));
    let c = c.file("harness/x.csv", "x\n");
    refused(&c, &["course.toml:2:26:", "outside the course"]);
    // The same climb that stays inside is fine.
    let c = c.manifest("[lessons.01-a.pairs.hello]\ndata = [\"harness/../harness/x.csv\"]\n");
    let (code, json) = c.run_json(&[]);
    assert_eq!(code, 0, "{json:#}");
}

#[test]
fn example_files_and_pages_symlinked_out_of_the_course_are_refused() {
    let (dir, _) = outside();
    let secret = dir.path().join("secret.txt");
    let c = Course::new().cs("01-a/Hello.cs", HELLO_CS);
    std::fs::create_dir_all(c.path().join("examples-py/01-a")).unwrap();
    let link = c.path().join("examples-py/01-a/hello.py");
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    refused(&c, &["examples-py/01-a/hello.py", "outside the course"]);

    std::fs::remove_file(&link).unwrap();
    let c = c.py("01-a/hello.py", HELLO_PY);
    std::fs::create_dir_all(c.path().join("lessons")).unwrap();
    std::os::unix::fs::symlink(&secret, c.path().join("lessons/01-a.md")).unwrap();
    refused(&c, &["lessons/01-a.md", "outside the course"]);
}

const FETCH_PY: &str = r#"import os, urllib.error, urllib.request
base = os.environ["MIRROR_HTTP_BASE"]
for name in ["ok.txt", "leak.txt", "out/secret.txt", "inner.txt"]:
    try:
        with urllib.request.urlopen(f"{base}/{name}") as r:
            print(name, r.status, r.read().decode().strip())
    except urllib.error.HTTPError as e:
        print(name, e.code)
"#;

#[test]
fn the_fixture_server_refuses_symlinks_out_of_its_folder() {
    let (dir, _) = outside();
    let c = Course::new()
        .file("harness/fixtures/http/ok.txt", "fine\n")
        .file("harness/fixtures/other.txt", "not served\n")
        .py("01-a/fetch.py", FETCH_PY)
        .cs(
            "01-a/Fetch.cs",
            "Console.Write(\"ok.txt 200 fine\\nleak.txt 404\\nout/secret.txt 404\\ninner.txt 404\\n\");\n",
        )
        .manifest("[lessons.01-a.pairs.fetch]\nfixtures = [\"http\"]\n");
    let http = c.path().join("harness/fixtures/http");
    std::os::unix::fs::symlink(dir.path().join("secret.txt"), http.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(dir.path(), http.join("out")).unwrap();
    // Inside the course, but out of the served folder: refused as well.
    std::os::unix::fs::symlink(
        c.path().join("harness/fixtures/other.txt"),
        http.join("inner.txt"),
    )
    .unwrap();
    let (code, json) = c.run_json(&[]);
    let p = pair(&json, "01-a/fetch");
    assert_eq!(p["verdict"], "pass", "{p:#}");
    assert_eq!(code, 0);
}
