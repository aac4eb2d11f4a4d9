//! The build cache: an unchanged course compiles nothing, `--no-cache` leaves it alone, two
//! processes filling it at once both succeed, `mirror clean` empties it.
use crate::support::{run_in, stderr, Course};

fn course(n: usize) -> Course {
    let mut c = Course::new();
    for i in 0..n {
        c = c
            .py(
                &format!("01-a/p{i}.py"),
                &format!("print(sum(range({i})))\n"),
            )
            .cs(
                &format!("01-a/P{i}.cs"),
                &format!("Console.WriteLine(Enumerable.Range(0, {i}).Sum());\n"),
            );
    }
    c
}

#[test]
fn unchanged_course_compiles_nothing_and_no_cache_leaves_the_cache_alone() {
    let cache = tempfile::tempdir().unwrap();
    let c = course(3);
    let (code, json, _) = run_in(&c, cache.path(), &["--no-cache"]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["timings"]["compiled"], 3);
    assert!(
        !cache.path().join("cs/snippets").exists(),
        "--no-cache wrote to the cache"
    );

    let (_, json, _) = run_in(&c, cache.path(), &[]);
    assert_eq!(json["timings"]["compiled"], 3);
    let (_, json, _) = run_in(&c, cache.path(), &[]);
    assert_eq!(json["timings"]["compiled"], 0);
    assert_eq!(json["timings"]["cached"], 3);
    // The compile host was built once for this SDK.
    assert_eq!(
        std::fs::read_dir(cache.path().join("compile-host"))
            .unwrap()
            .count(),
        1
    );

    // Editing one snippet recompiles that one only.
    let c = c.cs("01-a/P1.cs", "Console.WriteLine(0);\n");
    let (_, json, _) = run_in(&c, cache.path(), &[]);
    assert_eq!(json["timings"]["compiled"], 1);
    assert_eq!(json["timings"]["cached"], 2);

    let out = c
        .cmd(&["clean"])
        .env("MIRROR_CACHE_DIR", cache.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!cache.path().exists() || std::fs::read_dir(cache.path()).unwrap().count() == 0);
}

#[test]
fn two_processes_filling_one_cache_both_succeed() {
    let cache = tempfile::tempdir().unwrap();
    let c = course(6);
    let spawn = || {
        c.cmd(&["run", "--format", "json"])
            .env("MIRROR_CACHE_DIR", cache.path())
            .output()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
    });
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert_eq!(b.status.code(), Some(0), "{}", stderr(&b));
    let (code, json, _) = run_in(&c, cache.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(
        json["timings"]["compiled"], 0,
        "the cache holds every dll, intact"
    );
}

#[test]
fn cache_bound_evicts_old_entries_but_never_this_runs() {
    let cache = tempfile::tempdir().unwrap();
    let count = || {
        std::fs::read_dir(cache.path().join("cs/snippets"))
            .unwrap()
            .flatten()
            .flat_map(|shard| std::fs::read_dir(shard.path()).unwrap().flatten())
            .count()
    };
    let (code, _, _) = run_in(&course(4), cache.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(count(), 4);
    // A 1 KiB bound: the next run (two other snippets) keeps its own and evicts the rest.
    let other = Course::new()
        .py("01-b/x.py", "print('x')\n")
        .cs("01-b/X.cs", "Console.WriteLine(\"x\");\n")
        .py("01-b/y.py", "print('y')\n")
        .cs("01-b/Y.cs", "Console.WriteLine(\"y\");\n");
    let out = other
        .cmd(&["run"])
        .env("MIRROR_CACHE_DIR", cache.path())
        .env("MIRROR_CACHE_MAX", "1K")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(count(), 2);
}

/// The compile host skips the nullable warnings' flow analysis (mirror shows no warnings)
/// but keeps the annotations: a snippet still sees its nullability by reflection, as under
/// `dotnet run`. And it compiles deterministically: the same source gives the same dll.
#[test]
fn compiled_snippets_keep_nullable_annotations_and_are_byte_for_byte_reproducible() {
    let cache = tempfile::tempdir().unwrap();
    let c = Course::new()
        .py("02-t/nullable.py", "print('Nullable NotNull')\nprint(-1)\n")
        .cs(
            "02-t/Nullable.cs",
            r#"using System.Reflection;
var context = new NullabilityInfoContext();
string State(string name) => context.Create(typeof(Person).GetProperty(name)!).ReadState.ToString();
Console.WriteLine($"{State(nameof(Person.Nickname))} {State(nameof(Person.Name))}");
string? maybe = null;
Console.WriteLine(maybe?.Length ?? -1);

class Person
{
    public string? Nickname { get; set; }
    public string Name { get; set; } = "";
}
"#,
        );
    let (code, json, err) = run_in(&c, cache.path(), &[]);
    assert_eq!(code, 0, "{json:#}\n{err}");
    assert_eq!(json["timings"]["compiled"], 1);

    let dlls = |root: &std::path::Path| -> Vec<std::path::PathBuf> {
        let mut found = Vec::new();
        for dir in std::fs::read_dir(root.join("cs/snippets"))
            .unwrap()
            .flatten()
        {
            for entry in std::fs::read_dir(dir.path()).unwrap().flatten() {
                found.push(entry.path().join("snippet.dll"));
            }
        }
        found
    };
    let first = dlls(cache.path());
    assert_eq!(first.len(), 1, "{first:?}");
    let bytes = std::fs::read(&first[0]).unwrap();
    std::fs::remove_dir_all(cache.path().join("cs/snippets")).unwrap();
    let (code, json, err) = run_in(&c, cache.path(), &[]);
    assert_eq!(code, 0, "{json:#}\n{err}");
    assert_eq!(json["timings"]["compiled"], 1);
    let again = dlls(cache.path());
    assert_eq!(again, first);
    assert!(
        std::fs::read(&again[0]).unwrap() == bytes,
        "compiling the same source twice gave two different dlls"
    );
}
