//! Poisoned caches: a cached build changed after it was made is compiled again (with a
//! warning), and a snippet cannot write its own cache entry, with or without a sandbox.
use std::path::{Path, PathBuf};

use crate::support::{pair, run_in, Course};

const HELLO_PY: &str = "print('hello')\n";
const HELLO_CS: &str = "Console.WriteLine(\"hello\");\n";

/// Every compiled snippet dll in the cache.
fn cached_dlls(cache: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(cache.join("cs/snippets"))
        .unwrap()
        .flatten()
        .flat_map(|shard| std::fs::read_dir(shard.path()).unwrap().flatten())
        .map(|entry| entry.path().join("snippet.dll"))
        .collect();
    found.sort();
    found
}

#[test]
fn a_modified_cached_build_is_compiled_again_with_a_warning() {
    let cache = tempfile::tempdir().unwrap();
    let c = Course::new()
        .py("01-a/hello.py", HELLO_PY)
        .cs("01-a/Hello.cs", HELLO_CS);
    let (code, json, err) = run_in(&c, cache.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json["timings"]["compiled"], 1);
    let good = cached_dlls(cache.path());
    assert_eq!(good.len(), 1);
    let good = good[0].clone();

    // A working dll that prints something else, put in place of the cached one.
    let evil = Course::new()
        .py("01-a/evil.py", "print('poisoned')\n")
        .cs("01-a/Evil.cs", "Console.WriteLine(\"poisoned\");\n");
    let (code, _, err) = run_in(&evil, cache.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let evil_dll = cached_dlls(cache.path())
        .into_iter()
        .find(|d| *d != good)
        .unwrap();
    std::fs::copy(&evil_dll, &good).unwrap();

    let (code, json, err) = run_in(&c, cache.path(), &[]);
    assert_eq!(
        err.matches(
            "mirror: cached build of examples-cs/01-a/Hello.cs was modified; compiled it again"
        )
        .count(),
        1,
        "{err}"
    );
    assert_eq!(json["timings"]["compiled"], 1, "{json:#}");
    let p = pair(&json, "01-a/hello");
    assert_eq!(p["csharp"]["stdout"], "hello\n", "{p:#}");
    assert_eq!(code, 0);

    // A truncated entry is compiled again as well; an intact one is not.
    std::fs::write(&good, b"").unwrap();
    let (code, json, err) = run_in(&c, cache.path(), &[]);
    assert!(err.contains("was modified; compiled it again"), "{err}");
    assert_eq!(json["timings"]["compiled"], 1);
    assert_eq!(code, 0);
    let (code, json, err) = run_in(&c, cache.path(), &[]);
    assert!(!err.contains("was modified"), "{err}");
    assert_eq!(json["timings"]["compiled"], 0);
    assert_eq!(code, 0);
}

const OVERWRITE_SELF_CS: &str = r#"foreach (var path in new[] {
    System.Reflection.Assembly.GetEntryAssembly()!.Location,
    Path.Combine(AppContext.BaseDirectory, "snippet.dll") })
{
    try { File.WriteAllText(path, "poisoned"); } catch (Exception) { }
}
Console.WriteLine("done");
"#;

#[test]
fn a_snippet_cannot_write_its_cache_entry_with_or_without_a_sandbox() {
    let cache = tempfile::tempdir().unwrap();
    let c = Course::new()
        .py("01-a/overwrite_self.py", "print('done')\n")
        .cs("01-a/OverwriteSelf.cs", OVERWRITE_SELF_CS);
    let (code, json, err) = run_in(&c, cache.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json["timings"]["compiled"], 1);
    let dll = cached_dlls(cache.path()).remove(0);
    let before = std::fs::read(&dll).unwrap();

    let (code, json, err) = run_in(&c, cache.path(), &["--sandbox", "off"]);
    assert_eq!(code, 0, "{err}\n{json:#}");
    assert_eq!(json["timings"]["cached"], 1);
    assert_eq!(
        std::fs::read(&dll).unwrap(),
        before,
        "the cache entry changed"
    );

    // In the jail too: the snippet ran from a copy of its build, and the entry is intact.
    let (code, json, err) = run_in(&c, cache.path(), &[]);
    assert!(!err.contains("was modified"), "{err}");
    assert_eq!(json["timings"]["compiled"], 0);
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read(&dll).unwrap(),
        before,
        "the cache entry changed"
    );
}

const OVERWRITE_PACKAGE_CS: &str = r#"using Newtonsoft.Json;
var path = Path.Combine(AppContext.BaseDirectory, "Newtonsoft.Json.dll");
try { File.WriteAllText(path, "poisoned"); Console.WriteLine("WROTE"); }
catch (Exception e) when (e is UnauthorizedAccessException or IOException) { Console.WriteLine("denied"); }
Console.WriteLine(JsonConvert.SerializeObject(new[] { 1, 2 }));
"#;

/// In the jail a C# side's package dlls are links into one read-only folder of the run
/// (not copies): writing one through its link is refused, and the next C# side of the
/// same slot (`--jobs 1`) still loads the package whole.
#[test]
fn a_package_dll_cannot_be_written_through_its_link() {
    let c = Course::new()
        .manifest("[csharp]\npackages = { \"Newtonsoft.Json\" = \"13.0.3\" }\n")
        .py("08-eco/a_overwrite.py", "print('denied')\nprint('[1,2]')\n")
        .cs("08-eco/AOverwrite.cs", OVERWRITE_PACKAGE_CS)
        .py("08-eco/b_after.py", "print('denied')\nprint('[1,2]')\n")
        .cs("08-eco/BAfter.cs", OVERWRITE_PACKAGE_CS);
    let cache = tempfile::tempdir().unwrap();
    let (code, json, err) = run_in(&c, cache.path(), &["--jobs", "1"]);
    for id in ["08-eco/a_overwrite", "08-eco/b_after"] {
        let p = pair(&json, id);
        assert_eq!(p["csharp"]["stdout"], "denied\n[1,2]\n", "{p:#}");
    }
    assert_eq!(code, 0, "{err}");
    let (code, json, err) = run_in(&c, cache.path(), &[]);
    assert!(!err.contains("was modified"), "{err}");
    assert_eq!(json["timings"]["compiled"], 0);
    assert_eq!(code, 0, "{err}");
}
