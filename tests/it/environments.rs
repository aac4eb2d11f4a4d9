//! Hermetic environments: the managed venv (made once, reused, remade on change), the
//! loopback HTTP fixture server, and clear errors when packages cannot be installed.
use std::time::{Duration, Instant};

use crate::support::{pair, stderr, token, Course};

#[test]
fn managed_venv_is_made_once_reused_and_remade_on_change() {
    // A requirements text no other test uses, so this test sees the venv being made.
    let reqs = format!("aiohttp\n# {}\n", token("venv"));
    let c = Course::new()
        .file("harness/requirements.txt", &reqs)
        .py(
            "01-a/import_it.py",
            "import sys, aiohttp\nprint(sys.prefix != sys.base_prefix, aiohttp.__name__)\n",
        )
        .cs("01-a/ImportIt.cs", "Console.WriteLine(\"True aiohttp\");\n");
    let out = c.run(&["run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("creating the course's Python environment"),
        "{}",
        stderr(&out)
    );

    // Second run: the same venv, no pip call (nothing is made; the marker is untouched).
    let venv_line = |text: &str| {
        text.lines()
            .find(|l| l.starts_with("python "))
            .map(str::to_string)
    };
    let first_python = venv_line(&stderr(&out)).unwrap();
    assert!(first_python.contains("course venv"), "{first_python}");
    let venv_dir = first_python
        .split_whitespace()
        .nth(1)
        .unwrap()
        .trim_end_matches("/bin/python")
        .to_string();
    let marker = std::path::Path::new(&venv_dir).join(".mirror-ready");
    let made = std::fs::metadata(&marker).unwrap().modified().unwrap();
    let started = Instant::now();
    let out = c.run(&["run"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!stderr(&out).contains("creating the course's Python environment"));
    assert_eq!(venv_line(&stderr(&out)).unwrap(), first_python);
    assert_eq!(
        std::fs::metadata(&marker).unwrap().modified().unwrap(),
        made
    );
    assert!(started.elapsed() < Duration::from_secs(20));

    // A changed requirements file makes a new one.
    let c = c.file("harness/requirements.txt", &format!("{reqs}requests\n"));
    let out = c.run(&["run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("creating the course's Python environment"));
    assert_ne!(venv_line(&stderr(&out)).unwrap(), first_python);
}

#[test]
fn an_uninstallable_package_is_a_clear_error() {
    let c = Course::new()
        .file(
            "harness/requirements.txt",
            &format!("no-such-package-{}\n", std::process::id()),
        )
        .py("01-a/x.py", "print(1)\n")
        .cs("01-a/X.cs", "Console.WriteLine(1);\n");
    let out = c.run(&["run"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("installing")
            && err.contains(&format!("no-such-package-{}", std::process::id())),
        "{err}"
    );
}

const FETCH_PY: &str = r#"import asyncio, os
import aiohttp

async def main() -> None:
    base = os.environ["MIRROR_HTTP_BASE"]
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{base}/hello.txt") as r:
            print(r.status, await r.text())
        async with session.get(f"{base}/status/418") as r:
            print(r.status)

asyncio.run(main())
"#;

const FETCH_CS: &str = r#"var base_ = Environment.GetEnvironmentVariable("MIRROR_HTTP_BASE");
using var client = new HttpClient();
var r = await client.GetAsync($"{base_}/hello.txt");
Console.WriteLine($"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
var t = await client.GetAsync($"{base_}/status/418");
Console.WriteLine((int)t.StatusCode);
"#;

const GATHER_PY: &str = r#"import asyncio, os, time
import aiohttp

async def main() -> None:
    base = os.environ["MIRROR_HTTP_BASE"]
    async with aiohttp.ClientSession() as s:
        async def get(ms: int) -> str:
            async with s.get(f"{base}/delay", params={"ms": ms, "body": f"slept {ms}"}) as r:
                return await r.text()
        await get(1)
        start = time.perf_counter()
        results = await asyncio.gather(get(600), get(200), get(400))
        elapsed = time.perf_counter() - start
    print(results)
    print("concurrent:", elapsed < 1.1)

asyncio.run(main())
"#;

const GATHER_CS: &str = r#"var base_ = Environment.GetEnvironmentVariable("MIRROR_HTTP_BASE");
using var client = new HttpClient();
Task<string> Get(int ms) => client.GetStringAsync($"{base_}/delay?ms={ms}&body=slept%20{ms}");
await Get(1);
var sw = System.Diagnostics.Stopwatch.StartNew();
var results = await Task.WhenAll(Get(600), Get(200), Get(400));
Console.WriteLine("[" + string.Join(", ", results.Select(r => $"'{r}'")) + "]");
Console.WriteLine($"concurrent: {(sw.Elapsed.TotalSeconds < 1.1 ? "True" : "False")}");
"#;

fn http_course() -> Course {
    Course::new()
        .file("harness/requirements.txt", "aiohttp\nrequests\naiosqlite\n")
        .file("harness/fixtures/http/hello.txt", "hello from the fixture")
        .py("07-async/fetch.py", FETCH_PY)
        .cs("07-async/Fetch.cs", FETCH_CS)
        .py("07-async/gather.py", GATHER_PY)
        .cs("07-async/Gather.cs", GATHER_CS)
        .manifest("[lessons.07-async.pairs.fetch]\nfixtures = [\"http\"]\n[lessons.07-async.pairs.gather]\nfixtures = [\"http\"]\n")
}

#[test]
fn fixture_server_serves_files_and_statuses_to_both_sides() {
    let (code, json) = http_course().run_json(&["7/fetch"]);
    assert_eq!(code, 0, "{json:#}");
    let p = pair(&json, "07-async/fetch");
    assert_eq!(p["python"]["stdout"], "200 hello from the fixture\n418\n");
    assert!(json["environment"]["fixture_http"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:"));
}

#[test]
fn delayed_route_shows_gathered_requests_finish_concurrently() {
    let _serial = crate::support::timing_sensitive();
    let (code, json) = http_course().run_json(&["7/gather"]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(
        pair(&json, "07-async/gather")["python"]["stdout"],
        "['slept 600', 'slept 200', 'slept 400']\nconcurrent: True\n"
    );
}

#[test]
fn pairs_without_the_fixture_do_not_get_a_server() {
    let c = Course::new()
        .py("01-a/env.py", "import os\nprint(os.environ.get('MIRROR_HTTP_BASE', 'none'))\n")
        .cs("01-a/Env.cs", "Console.WriteLine(Environment.GetEnvironmentVariable(\"MIRROR_HTTP_BASE\") ?? \"none\");\n");
    let (code, json) = c.run_json(&[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(pair(&json, "01-a/env")["python"]["stdout"], "none\n");
    assert!(json["environment"]["fixture_http"].is_null());
}

const NEWTONSOFT_CS: &str = r#"using Newtonsoft.Json;
var data = JsonConvert.DeserializeObject<Dictionary<string, int>>("{\"b\": 2, \"a\": 1}")!;
Console.WriteLine(JsonConvert.SerializeObject(data.OrderBy(kv => kv.Key).ToDictionary(kv => kv.Key, kv => kv.Value)));
"#;

#[test]
fn nuget_packages_are_restored_once_and_used_by_cards() {
    let c = Course::new()
        .manifest("[csharp]\npackages = { \"Newtonsoft.Json\" = \"13.0.3\" }\n")
        .py("08-eco/third_party.py", "import json\ndata = json.loads('{\"b\": 2, \"a\": 1}')\nprint(json.dumps(dict(sorted(data.items())), separators=(',', ':')))\n")
        .cs("08-eco/ThirdParty.cs", NEWTONSOFT_CS);
    let (code, json) = c.run_json(&[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(
        pair(&json, "08-eco/third_party")["csharp"]["stdout"],
        "{\"a\":1,\"b\":2}\n"
    );
    // The second run restores nothing.
    let out = c.run(&["run"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        !stderr(&out).contains("restoring NuGet packages"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_package_that_cannot_be_restored_is_a_clear_error() {
    let name = format!("No.Such.Package.Mirror{}", std::process::id());
    let c = Course::new()
        .manifest(&format!(
            "[csharp]\npackages = {{ \"{name}\" = \"1.0.0\" }}\n"
        ))
        .py("01-a/x.py", "print(1)\n")
        .cs("01-a/X.cs", "Console.WriteLine(1);\n");
    // -v: every pair's verdict is said as it finishes.
    let out = c.run(&["run", "-v"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("restoring the course's NuGet packages") && err.contains(&name),
        "{err}"
    );
    // The Python side ran while the restore went on, but a harness fault is never
    // reported as pairs.
    assert!(
        !err.contains("01-a/x") && !err.contains("passed") && !err.contains("failed,"),
        "{err}"
    );
}

#[test]
fn python_sides_run_while_the_csharp_toolchain_is_still_being_prepared() {
    // The restore of a package that does not exist takes a second or more, then fails.
    // The Python side does not wait for it: it has run (and left its file in the kept
    // temp folder) by the time the run ends as the harness's error.
    let name = format!("No.Such.Package.Waiting{}", std::process::id());
    let c = Course::new()
        .manifest(&format!(
            "[csharp]\npackages = {{ \"{name}\" = \"1.0.0\" }}\n"
        ))
        .py("01-a/x.py", "open('ran.txt', 'w').write('yes')\nprint(1)\n")
        .cs("01-a/X.cs", "Console.WriteLine(1);\n");
    let (out, kept) = c.run_kept(&["run"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let ran = kept.sides.iter().any(|side| side.join("ran.txt").is_file());
    assert!(ran, "the Python side waited for the NuGet restore");
}
