//! The adversarial suite: hostile or broken snippets. Each test checks the verdict, that no
//! process of the snippet survives, and that the run's temp folder is gone.
use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::{token, Course};

/// Runs a one-pair course and checks the aftermath. Returns the pair's JSON.
fn judge(py: &str, cs: &str, marker: &str, extra: &[&str]) -> serde_json::Value {
    crate::support::judge(py, cs, marker, extra, &[])
}

const OK_CS: &str = "Console.WriteLine(\"ok\");\n";
const OK_PY: &str = "print('ok')\n";

#[test]
fn infinite_loop_on_the_csharp_side_times_out() {
    let m = token("csloop");
    let p = judge(
        OK_PY,
        &format!("// {m}\nwhile (true) {{ }}\n"),
        &m,
        &["--timeout", "2s"],
    );
    assert_eq!(p["verdict"], "timeout");
    assert_eq!(p["csharp"]["timed_out"], true);
    assert!(
        p["reason"]
            .as_str()
            .unwrap()
            .starts_with("C# side timed out"),
        "{p:#}"
    );
}

#[test]
fn endless_printer_is_cut_off_at_the_cap() {
    let m = token("printer");
    let started = Instant::now();
    let p = judge(
        &format!("# {m}\nwhile True:\n    print('x' * 100)\n"),
        OK_CS,
        &m,
        &["--timeout", "20s"],
    );
    assert_eq!(p["verdict"], "error");
    assert_eq!(p["python"]["limit"], "output");
    assert_eq!(p["python"]["stdout_truncated"], true);
    assert_eq!(p["python"]["stdout"].as_str().unwrap().len(), 1 << 20);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "not cut off quickly: {:?}",
        started.elapsed()
    );
}

#[test]
fn a_single_100_mb_line_is_cut_off() {
    let m = token("longline");
    let p = judge(
        OK_PY,
        &format!("// {m}\nConsole.Out.Write(new string('y', 100_000_000));\n"),
        &m,
        &[],
    );
    assert_eq!(p["verdict"], "error");
    assert_eq!(p["csharp"]["limit"], "output");
    assert!(
        p["reason"]
            .as_str()
            .unwrap()
            .contains("C# side: error: output limit"),
        "{p:#}"
    );
}

#[test]
fn fork_bomb_is_contained() {
    let m = token("forkbomb");
    let py = format!("# {m}\nimport os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n");
    let started = Instant::now();
    let p = judge(&py, OK_CS, &m, &["--timeout", "3s"]);
    assert!(
        p["verdict"] == "timeout" || p["verdict"] == "error",
        "{p:#}"
    );
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn a_3_gb_allocation_hits_the_memory_limit() {
    let m = token("alloc");
    let py = format!("# {m}\nblock = bytearray(3 * 1024 ** 3)\nprint(len(block))\n");
    let cs = format!("// {m}\nvar keep = new List<byte[]>();\nfor (var i = 0; i < 30; i++) {{ var b = new byte[100_000_000]; Array.Fill(b, (byte)1); keep.Add(b); }}\nConsole.WriteLine(keep.Count);\n");
    let p = judge(&py, &cs, &m, &[]);
    assert_eq!(p["verdict"], "error");
    assert_eq!(p["python"]["limit"], "memory", "{p:#}");
    assert_eq!(p["csharp"]["limit"], "memory", "{p:#}");
    assert!(p["reason"]
        .as_str()
        .unwrap()
        .contains("error: memory limit"));
}

#[test]
fn the_snippets_after_an_oom_kill_are_judged_by_their_own_evidence() {
    // Cgroups are handed from one snippet to the next: the OOM count a killed snippet left
    // in one must not make a later snippet's verdict a memory limit.
    let m = token("oom-reuse");
    let mut c = Course::new()
        .py(
            "01-x/a_hog.py",
            &format!("# {m}\nblock = bytearray(3 * 1024 ** 3)\nprint(len(block))\n"),
        )
        .cs(
            "01-x/AHog.cs",
            &format!("// {m}\nConsole.WriteLine(\"ok\");\n"),
        );
    for i in 0..4 {
        c = c
            .py(&format!("01-x/b{i}.py"), &format!("# {m}\nprint('ok')\n"))
            .cs(
                &format!("01-x/B{i}.cs"),
                &format!("// {m}\nConsole.WriteLine(\"ok\");\n"),
            );
    }
    let (code, json) = c.run_json(&["--jobs", "1", "--memory", "256M"]);
    assert_eq!(code, 1, "{json:#}");
    let pairs = json["lessons"][0]["pairs"].as_array().unwrap();
    let hog = pairs.iter().find(|p| p["name"] == "a_hog").unwrap();
    assert_eq!(hog["python"]["limit"], "memory", "{hog:#}");
    for p in pairs.iter().filter(|p| p["name"] != "a_hog") {
        assert_eq!(p["verdict"], "pass", "{p:#}");
    }
}

#[test]
fn background_children_are_killed_after_a_clean_exit() {
    let m = token("bg");
    let py = format!(
        "import subprocess\nsubprocess.Popen(['sh', '-c', 'sleep 300; echo {m}'])\nprint('ok')\n"
    );
    let cs = format!("System.Diagnostics.Process.Start(\"sh\", \"-c \\\"sleep 301; echo {m}\\\"\");\nConsole.WriteLine(\"ok\");\n");
    let p = judge(&py, &cs, &m, &[]);
    assert_eq!(p["verdict"], "pass", "{p:#}");
    assert_eq!(p["python"]["leaked_processes"], true);
    assert_eq!(p["csharp"]["leaked_processes"], true);
}

#[test]
fn double_forked_daemon_is_killed() {
    let m = token("daemon");
    let py = format!(
        "import os, sys\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        os.execvp('sh', ['sh', '-c', 'sleep 300; echo {m}'])\n    os._exit(0)\nos.wait()\nprint('ok')\n"
    );
    let p = judge(&py, OK_CS, &m, &[]);
    assert_eq!(p["verdict"], "pass", "{p:#}");
}

#[test]
fn writes_outside_the_temp_folder_are_denied() {
    let m = token("escape");
    let tmp_target = format!("/tmp/{m}");
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let home_target = format!("{home}/{m}");
    let py = format!(
        "import os\nfor p in ['{tmp_target}', '{home_target}', os.path.expanduser('~/inside.txt')]:\n    try:\n        open(p, 'w').write('x')\n        print('wrote', 'inside' if p.endswith('inside.txt') else 'outside')\n    except OSError:\n        print('denied')\n"
    );
    let cs = format!(
        "foreach (var p in new[] {{ \"{tmp_target}\", \"{home_target}\", Path.Combine(Environment.GetEnvironmentVariable(\"HOME\")!, \"inside.txt\") }}) {{\n    try {{ File.WriteAllText(p, \"x\"); Console.WriteLine(p.EndsWith(\"inside.txt\") ? \"wrote inside\" : \"wrote outside\"); }}\n    catch (Exception e) when (e is UnauthorizedAccessException or IOException) {{ Console.WriteLine(\"denied\"); }}\n}}\n"
    );
    let p = judge(&py, &cs, &m, &[]);
    assert_eq!(p["verdict"], "pass", "{p:#}");
    // /tmp inside the jail is the snippet's own tmpfs: the write lands there, never on the
    // host's /tmp; home is not writable at all.
    assert_eq!(
        p["python"]["stdout"],
        "wrote outside\ndenied\nwrote inside\n"
    );
    assert!(!Path::new(&tmp_target).exists());
    assert!(!Path::new(&home_target).exists());
}

#[test]
fn reading_the_users_home_is_denied() {
    let m = token("readhome");
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let secret = Path::new(&home).join(format!(".{m}"));
    std::fs::write(&secret, "secret").unwrap();
    let py = format!(
        "try:\n    print(open('{}').read())\nexcept OSError:\n    print('denied')\n",
        secret.display()
    );
    let cs = format!("try {{ Console.WriteLine(File.ReadAllText(\"{}\")); }} catch (Exception e) when (e is UnauthorizedAccessException or IOException) {{ Console.WriteLine(\"denied\"); }}\n", secret.display());
    let p = judge(&py, &cs, &m, &[]);
    std::fs::remove_file(&secret).unwrap();
    assert_eq!(p["python"]["stdout"], "denied\n", "{p:#}");
    assert_eq!(p["verdict"], "pass", "{p:#}");
}

#[test]
fn a_server_on_the_host_loopback_is_unreachable() {
    // The proof of isolation: listen on the host's loopback, and show the sandboxed
    // snippet cannot reach it. No address outside 127.0.0.0/8 is ever dialled.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let m = token("net");
    let py = format!(
        "# {m}\nimport socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), timeout=5).close()\n    print('reached')\nexcept OSError:\n    print('unreachable')\n"
    );
    let cs = format!(
        "using var c = new System.Net.Sockets.TcpClient();\ntry {{ c.Connect(\"127.0.0.1\", {port}); Console.WriteLine(\"reached\"); }}\ncatch (System.Net.Sockets.SocketException) {{ Console.WriteLine(\"unreachable\"); }}\n"
    );
    let started = Instant::now();
    let p = judge(&py, &cs, &m, &[]);
    assert_eq!(p["python"]["stdout"], "unreachable\n", "{p:#}");
    assert_eq!(p["csharp"]["stdout"], "unreachable\n", "{p:#}");
    // Refused at once, not a hang until a timeout.
    assert!(p["python"]["duration_ms"].as_u64().unwrap() < 3000, "{p:#}");
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(
        listener.accept().is_err(),
        "a snippet connected to the host"
    );
}

#[test]
fn stdin_is_empty_and_never_blocks() {
    let m = token("stdin");
    let p = judge(
        &format!("# {m}\nimport sys\nprint(repr(sys.stdin.read()))\n"),
        "Console.WriteLine(Console.In.ReadToEnd() == \"\" ? \"''\" : \"data\");\n",
        &m,
        &["--timeout", "5s"],
    );
    assert_eq!(p["verdict"], "pass", "{p:#}");
}

#[test]
fn stdin_larger_than_a_pipe_buffer_reaches_the_snippet_whole() {
    // 300,000 bytes: the snippet reads before mirror has written them all, so a stdin that
    // did not block would end early (or fail) instead of waiting for the rest.
    let m = token("big-stdin");
    let c = Course::new()
        .py(
            "01-x/read_all.py",
            &format!("# {m}\nimport sys\ndata = sys.stdin.read()\nprint(len(data), data[-3:])\n"),
        )
        .cs(
            "01-x/ReadAll.cs",
            &format!("// {m}\nvar data = Console.In.ReadToEnd();\nConsole.WriteLine($\"{{data.Length}} {{data[^3..]}}\");\n"),
        )
        .manifest(&format!(
            "[lessons.01-x.pairs.read_all]\nstdin = \"{}end\"\n",
            "x".repeat(299_997)
        ));
    let (code, json) = c.run_json(&[]);
    let pair = &json["lessons"][0]["pairs"][0];
    assert_eq!(code, 0, "{pair:#}");
    assert_eq!(pair["verdict"], "pass", "{pair:#}");
    assert!(
        pair["python"]["stdout"]
            .as_str()
            .is_some_and(|s| s.starts_with("300000 end")),
        "{pair:#}"
    );
}

#[test]
fn non_utf8_stdout_is_compared_as_bytes() {
    let m = token("bytes");
    let py = format!("# {m}\nimport sys\nsys.stdout.buffer.write(b'\\xff\\xfe ok\\n')\n");
    let cs = "using var o = Console.OpenStandardOutput();\no.Write(new byte[] { 0xff, 0xfe, 0x20, 0x6f, 0x6b, 0x0a });\n";
    let p = judge(&py, cs, &m, &[]);
    assert_eq!(p["verdict"], "pass", "{p:#}");
    let cs_diff = "using var o = Console.OpenStandardOutput();\no.Write(new byte[] { 0xff, 0xfd, 0x20, 0x6f, 0x6b, 0x0a });\n";
    let p = judge(&py, cs_diff, &m, &[]);
    assert_eq!(p["verdict"], "mismatch", "{p:#}");
}

#[test]
fn stack_overflow_on_both_sides_is_an_error() {
    let m = token("stack");
    let py = format!("# {m}\nimport sys\nsys.setrecursionlimit(10**6)\ndef f(n):\n    return f(n + 1) + 1\nf(0)\n");
    let cs = "static int F(int n) => F(n + 1) + 1;\nConsole.WriteLine(F(0));\n";
    // .NET prints the whole overflowing stack: give it time on a loaded machine.
    let p = judge(&py, cs, &m, &["--timeout", "30s"]);
    assert_eq!(p["verdict"], "error", "{p:#}");
    assert!(
        p["csharp"]["signal"].is_number() || p["csharp"]["exit_code"] != 0,
        "{p:#}"
    );
    let reason = p["reason"].as_str().unwrap();
    assert!(
        reason.contains("C# side") && reason.contains("Python side"),
        "{reason}"
    );
}

#[test]
fn python_recursion_error_is_reported_with_its_traceback() {
    let m = token("recursion");
    let p = judge(
        &format!("# {m}\ndef f(n):\n    return f(n + 1)\nf(0)\n"),
        OK_CS,
        &m,
        &[],
    );
    assert_eq!(p["verdict"], "error");
    assert!(p["python"]["stderr"]
        .as_str()
        .unwrap()
        .contains("RecursionError"));
}

#[test]
fn hard_exits_mid_output_keep_what_was_flushed() {
    let m = token("exit");
    let py = format!("# {m}\nimport os\nprint('a', flush=True)\nos._exit(0)\nprint('b')\n");
    let cs = "Console.WriteLine(\"a\");\nEnvironment.Exit(0);\nConsole.WriteLine(\"b\");\n";
    let p = judge(&py, cs, &m, &[]);
    assert_eq!(p["verdict"], "pass", "{p:#}");
    assert_eq!(p["python"]["stdout"], "a\n");
}

#[test]
fn sigsegv_is_an_error_naming_the_signal() {
    let m = token("segv");
    let p = judge(
        &format!("# {m}\nimport ctypes\nctypes.string_at(0)\n"),
        OK_CS,
        &m,
        &[],
    );
    assert_eq!(p["verdict"], "error");
    assert_eq!(p["python"]["signal"], 11, "{p:#}");
    assert!(p["reason"].as_str().unwrap().contains("SIGSEGV"));
}

#[test]
fn a_9_second_snippet_passes_under_a_10_second_limit() {
    let _serial = crate::support::timing_sensitive();
    let m = token("nine");
    let p = judge(
        &format!("# {m}\nimport time\ntime.sleep(9)\nprint('done')\n"),
        "Thread.Sleep(9000);\nConsole.WriteLine(\"done\");\n",
        &m,
        &["--timeout", "10s", "--no-cache"],
    );
    assert_eq!(p["verdict"], "pass", "{p:#}");
}

#[test]
fn strict_sandbox_reports_every_layer_as_active_here() {
    let m = token("strict");
    let p = judge(OK_PY, OK_CS, &m, &["--sandbox", "strict"]);
    assert_eq!(p["verdict"], "pass", "{p:#}");
}

#[test]
fn writing_a_file_past_the_size_limit_fails() {
    let m = token("fsize");
    let py = format!(
        "# {m}\ntry:\n    with open('big.bin', 'wb') as f:\n        for _ in range(100):\n            f.write(b'x' * 1024 * 1024)\n    print('wrote 100 MiB')\nexcept OSError:\n    print('too large')\n"
    );
    let cs = "try {\n    using var f = File.Create(\"big.bin\");\n    var mb = new byte[1024 * 1024];\n    for (var i = 0; i < 100; i++) f.Write(mb);\n    f.Flush();\n    Console.WriteLine(\"wrote 100 MiB\");\n} catch (IOException) { Console.WriteLine(\"too large\"); }\n";
    let p = judge(&py, cs, &m, &[]);
    // Python ignores SIGXFSZ and gets EFBIG; .NET is killed by the signal.
    assert_eq!(p["python"]["stdout"], "too large\n", "{p:#}");
    assert_eq!(p["csharp"]["limit"], "file-size", "{p:#}");
    assert_eq!(p["verdict"], "error");
    assert!(
        p["reason"]
            .as_str()
            .unwrap()
            .contains("C# side: error: file size limit"),
        "{p:#}"
    );
}

#[test]
fn strict_sandbox_refuses_where_layers_are_missing() {
    // A real unprivileged user (nobody) cannot write cgroups here: exactly the machine
    // `--sandbox strict` must refuse to run on.
    let c = Course::new()
        .py("01-x/probe.py", OK_PY)
        .cs("01-x/Probe.cs", OK_CS);
    use std::os::unix::fs::PermissionsExt;
    for dir in [
        c.path().to_path_buf(),
        c.path().join("examples-py"),
        c.path().join("examples-cs"),
    ] {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    // A copy of the binary nobody can run wherever the checkout lives.
    let bin = c.path().join("mirror");
    std::fs::copy(assert_cmd::cargo::cargo_bin("mirror"), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&bin)
        .arg("-C")
        .arg(c.path())
        .args(["run", "--sandbox", "strict"])
        .env("HOME", "/tmp")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--sandbox strict: these layers are unavailable here"),
        "{err}"
    );
    // The jail works without root (user namespaces), so only the cgroup layers are missing.
    assert!(err.contains("memory cap:"), "{err}");
    assert!(err.contains("process cap:"), "{err}");
    assert!(!err.contains("namespaces:"), "{err}");
}
