//! Containment: hostile snippets try to reach the host (socket files, the terminal,
//! signals, /proc, inherited descriptors, the disk) or to outlive mirror. Each attack only
//! touches a harmless canary made by the test, is bounded, and stays on loopback; each test
//! fails if the promise in the README's Sandbox section breaks.
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{cache_dir, pair, processes_with, timing_sensitive, token, Course};

/// The C# side of an attack pair: prints what a contained Python side must print.
fn cs_printing(lines: &[&str]) -> String {
    lines
        .iter()
        .map(|l| format!("Console.WriteLine(\"{l}\");\n"))
        .collect()
}

/// Runs a one-pair attack course (`01-x/probe`) and checks that nothing of it is left
/// running or on disk. Returns the pair's JSON.
fn run_attack(py: &str, cs: &str, extra: &[&str], env: &[(&str, &str)]) -> serde_json::Value {
    crate::support::judge(py, cs, &token("attack"), extra, env)
}

/// Where mirror (pid `pid`, a child of this test, so in its cgroups) makes its run's
/// cgroups: `mirror-<pid>` in each hierarchy this process belongs to.
fn run_cgroups(pid: u32) -> Vec<std::path::PathBuf> {
    let own = std::fs::read_to_string("/proc/self/cgroup").unwrap();
    let mut found = Vec::new();
    for dir in cgroup_folders(&own) {
        // `mirror-<pid>-<n>`, one per sandbox of that mirror.
        found.push(dir.join(format!("mirror-{pid}-0")));
        if let Ok(entries) = std::fs::read_dir(&dir) {
            let prefix = format!("mirror-{pid}-");
            found.extend(
                entries
                    .flatten()
                    .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                    .map(|e| e.path()),
            );
        }
    }
    found
}

/// The folders a `/proc/<pid>/cgroup` text names, one or more per hierarchy line (a v2 line
/// under `/sys/fs/cgroup` or, beside v1 hierarchies, `/sys/fs/cgroup/unified`).
fn cgroup_folders(text: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for line in text.lines() {
        let mut parts = line.splitn(3, ':');
        let (_, controllers, path) = (parts.next(), parts.next().unwrap_or(""), parts.next());
        let rel = path.unwrap_or("/").trim_start_matches('/');
        let bases: Vec<String> = if controllers.is_empty() {
            vec!["/sys/fs/cgroup".into(), "/sys/fs/cgroup/unified".into()]
        } else {
            controllers
                .split(',')
                .map(|c| format!("/sys/fs/cgroup/{c}"))
                .collect()
        };
        found.extend(bases.into_iter().map(|b| Path::new(&b).join(rel)));
    }
    found
}

/// Starts `mirror -C <course> ARGS` with the tests' cache and `tmp` as its TMPDIR, quiet,
/// for tests that watch a run from outside while it goes on.
fn spawn_mirror(c: &Course, tmp: &Path, args: &[&str]) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("mirror"))
        .arg("-C")
        .arg(c.path())
        .args(args)
        .env("MIRROR_CACHE_DIR", cache_dir())
        .env("TMPDIR", tmp)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn assert_pass(p: &serde_json::Value) {
    assert_eq!(
        p["verdict"],
        "pass",
        "python printed:\n{}\nstderr:\n{}\n{p:#}",
        p["python"]["stdout"].as_str().unwrap_or(""),
        p["python"]["stderr"].as_str().unwrap_or("")
    );
}

#[test]
fn host_socket_files_are_not_there() {
    // A unix socket of the host's (as tmux, docker, ssh-agent and D-Bus have), in /tmp.
    let dir = tempfile::Builder::new()
        .prefix("mirror-canary-")
        .tempdir_in("/tmp")
        .unwrap();
    let path = dir.path().join("host.sock");
    let listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
    listener.set_nonblocking(true).unwrap();
    // And an abstract one (no file; it belongs to the host's network namespace).
    let abstract_name = token("abstract");
    let abstract_listener = {
        use std::os::linux::net::SocketAddrExt;
        let addr =
            std::os::unix::net::SocketAddr::from_abstract_name(abstract_name.as_bytes()).unwrap();
        std::os::unix::net::UnixListener::bind_addr(&addr).unwrap()
    };
    abstract_listener.set_nonblocking(true).unwrap();
    let py = format!(
        "import socket\n\
         s = socket.socket(socket.AF_UNIX)\n\
         try:\n    s.connect({path:?})\n    print('REACHED the host socket')\n\
         except OSError as e:\n    print('unreachable')\n\
         a = socket.socket(socket.AF_UNIX)\n\
         try:\n    a.connect('\\0{abstract_name}')\n    print('REACHED the abstract socket')\n\
         except OSError as e:\n    print('unreachable')\n\
         for p in ['/run', '/var/run', '/run/user', '/tmp/.X11-unix']:\n    \
             import os\n    print(p, os.path.exists(p))\n",
        path = path.display().to_string()
    );
    let cs = cs_printing(&[
        "unreachable",
        "unreachable",
        "/run False",
        "/var/run False",
        "/run/user False",
        "/tmp/.X11-unix False",
    ]);
    let p = run_attack(&py, &cs, &[], &[]);
    assert_pass(&p);
    assert!(
        listener.accept().is_err(),
        "the host socket received a connection"
    );
    assert!(
        abstract_listener.accept().is_err(),
        "the abstract socket received a connection"
    );
}

#[test]
fn the_terminal_cannot_be_opened_even_when_mirror_has_one() {
    // mirror runs under `script`, so it has a controlling terminal (a pty) of its own.
    let c = Course::new()
        .py(
            "01-x/probe.py",
            "import os\n\
             try:\n    open('/dev/tty', 'wb').write(b'INJECTED\\n'); print('OPENED /dev/tty')\n\
             except OSError:\n    print('no tty')\n\
             print(sorted(os.listdir('/dev')))\n\
             print(os.path.exists('/dev/pts'), os.isatty(0), os.isatty(1))\n",
        )
        .cs(
            "01-x/Probe.cs",
            &cs_printing(&[
                "no tty",
                "['fd', 'full', 'null', 'random', 'shm', 'stderr', 'stdin', 'stdout', 'urandom', 'zero']",
                "False False False",
            ]),
        );
    let bin = assert_cmd::cargo::cargo_bin("mirror");
    let report = c.path().join("report.json");
    let inner = format!(
        "{} -C {} run --format json > {}",
        bin.display(),
        c.path().display(),
        report.display()
    );
    let status = std::process::Command::new("script")
        .args(["-qec", &inner, "/dev/null"])
        .env("MIRROR_CACHE_DIR", cache_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .expect("`script` (util-linux) is needed to give mirror a terminal");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_pass(pair(&json, "01-x/probe"));
    assert_eq!(status.code(), Some(0));
}

#[test]
fn signals_reach_nothing_outside_the_snippet() {
    let canary_mark = token("sigcanary");
    let mut canary = std::process::Command::new("sh")
        .args(["-c", &format!("sleep 60; echo {canary_mark}")])
        .spawn()
        .unwrap();
    let py = format!(
        "import os, signal\n\
         hits = []\n\
         for pid in [{canary}, {me}]:\n    \
             for sig in [signal.SIGSTOP, signal.SIGKILL]:\n        \
                 try:\n            os.kill(pid, sig); hits.append(pid)\n        \
                 except OSError:\n            pass\n\
         for pid in [os.getppid(), 1]:\n    \
             for sig in [signal.SIGSTOP, signal.SIGKILL]:\n        \
                 try:\n            os.kill(pid, sig)\n        \
                 except OSError:\n            pass\n\
         try:\n    os.kill(-1, signal.SIGKILL)\nexcept OSError:\n    pass\n\
         print('visible', sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))\n\
         print('signalled', hits)\n",
        canary = canary.id(),
        me = std::process::id(),
    );
    // A second pair runs beside the attacker: it must not be touched.
    let c = Course::new()
        .py("01-x/probe.py", &py)
        .cs(
            "01-x/Probe.cs",
            &cs_printing(&["visible [1, 2]", "signalled []"]),
        )
        .py(
            "01-x/bystander.py",
            "import time\ntime.sleep(2)\nprint('alive')\n",
        )
        .cs(
            "01-x/Bystander.cs",
            "Thread.Sleep(2000);\nConsole.WriteLine(\"alive\");\n",
        );
    let started = Instant::now();
    let (code, json) = c.run_json(&["--timeout", "20s"]);
    assert_pass(pair(&json, "01-x/probe"));
    assert_pass(pair(&json, "01-x/bystander"));
    assert_eq!(code, 0);
    assert!(started.elapsed() < Duration::from_secs(60));
    assert!(
        canary.try_wait().unwrap().is_none(),
        "the host canary process was killed"
    );
    let _ = canary.kill();
    let _ = canary.wait();
}

#[test]
fn proc_and_etc_hold_no_host_secrets() {
    let secret = token("secret");
    let mut canary = std::process::Command::new("sleep")
        .arg("60")
        .env("CANARY_SECRET", &secret)
        .spawn()
        .unwrap();
    let py = format!(
        "import os\n\
         found = []\n\
         for pid in os.listdir('/proc'):\n    \
             for f in ['environ', 'cmdline']:\n        \
                 try:\n            \
                     if {secret:?} in open(f'/proc/{{pid}}/{{f}}', 'rb').read().decode('latin-1'):\n                \
                         found.append((pid, f))\n        \
                 except OSError:\n            pass\n\
         if {secret:?} in os.environ.get('MIRROR_PARENT_SECRET', ''):\n    found.append('env')\n\
         print('found', found)\n\
         for p in ['/etc/shadow', '/etc/gshadow', '/proc/{canary}/environ', '/root/.bash_history']:\n    \
             print(p, os.path.exists(p))\n",
        canary = canary.id()
    );
    let cs = cs_printing(&[
        "found []",
        "/etc/shadow False",
        "/etc/gshadow False",
        &format!("/proc/{}/environ False", canary.id()),
        "/root/.bash_history False",
    ]);
    // mirror's own environment holds the secret too, as a CI runner's holds its tokens.
    let p = run_attack(&py, &cs, &[], &[("MIRROR_PARENT_SECRET", &secret)]);
    assert_pass(&p);
    let _ = canary.kill();
    let _ = canary.wait();
}

#[test]
fn descriptors_mirror_inherited_do_not_reach_snippets() {
    let canary = tempfile::NamedTempFile::new().unwrap();
    let c = Course::new()
        .py(
            "01-x/probe.py",
            "import os\n\
             open_fds = []\n\
             for fd in range(3, 256):\n    \
                 try:\n        os.fstat(fd); open_fds.append(fd); os.write(fd, b'LEAK')\n    \
                 except OSError:\n        pass\n\
             print('fds', open_fds)\n",
        )
        .cs("01-x/Probe.cs", &cs_printing(&["fds []"]));
    let file = std::fs::OpenOptions::new()
        .append(true)
        .open(canary.path())
        .unwrap();
    let raw = std::os::fd::AsRawFd::as_raw_fd(&file);
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("mirror"));
    cmd.arg("-C")
        .arg(c.path())
        .args(["run", "--format", "json"])
        .env("MIRROR_CACHE_DIR", cache_dir())
        .stderr(Stdio::null());
    // As `exec 7>>file` in a shell: fd 7 open, not close-on-exec, in mirror's parent.
    unsafe {
        cmd.pre_exec(move || {
            if libc::dup2(raw, 7) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_pass(pair(&json, "01-x/probe"));
    assert_eq!(std::fs::read(canary.path()).unwrap(), b"", "canary written");
}

#[test]
fn the_disk_quota_stops_a_snippet_that_fills_it() {
    // Five 40 MB files: each under the per-file cap, together past a 100 MB quota.
    let py = "for i in range(5):\n    with open(f'fill{i}', 'wb') as f:\n        f.write(b'x' * (40 << 20))\nprint('wrote 200 MB')\n";
    let p = run_attack(
        py,
        &cs_printing(&["wrote 200 MB"]),
        &["--disk", "100M"],
        &[],
    );
    assert_eq!(p["verdict"], "error", "{p:#}");
    assert_eq!(p["python"]["limit"], "disk", "{p:#}");
    assert!(
        p["reason"].as_str().unwrap().contains("disk limit"),
        "{p:#}"
    );
    assert!(
        p["python"]["stderr"]
            .as_str()
            .unwrap()
            .contains("No space left on device"),
        "{p:#}"
    );
}

#[test]
fn limit_verdicts_come_from_evidence_not_from_words() {
    let py = "import sys\nprint('same')\nprint('MemoryError: out of memory', file=sys.stderr)\n";
    let cs = "Console.WriteLine(\"same\");\nConsole.Error.WriteLine(\"Unhandled exception. System.OutOfMemoryException: fake\");\nConsole.Error.WriteLine(\"Out of memory.\");\n";
    let p = run_attack(py, cs, &[], &[]);
    assert_pass(&p);
    assert!(p["python"]["limit"].is_null() && p["csharp"]["limit"].is_null());
}

#[test]
fn nothing_outlives_mirror_whatever_signal_ends_it() {
    for (signal, code) in [
        (libc::SIGINT, Some(130)),
        (libc::SIGTERM, Some(143)),
        (libc::SIGKILL, None),
        (libc::SIGHUP, Some(129)),
        (libc::SIGQUIT, Some(131)),
    ] {
        let m = token(&format!("outlive{signal}"));
        let c = Course::new()
            .py(
                "01-x/slow.py",
                &format!("import subprocess, time\nsubprocess.Popen(['sh', '-c', 'sleep 300; echo {m}'], start_new_session=True)\ntime.sleep(60)\n"),
            )
            .cs("01-x/Slow.cs", "Thread.Sleep(60000);\n");
        let tmp = tempfile::tempdir().unwrap();
        let mut child = spawn_mirror(&c, tmp.path(), &["run", "--timeout", "60s"]);
        let deadline = Instant::now() + Duration::from_secs(60);
        while processes_with(&m).is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
        assert!(!processes_with(&m).is_empty(), "the snippet never started");
        // The run's helpers (its jail servers, and the inits and monitors they make) name
        // the run's folder, which is under this TMPDIR, on their command lines.
        let run_dir = tmp.path().to_string_lossy().into_owned();
        assert!(
            !processes_with(&run_dir).is_empty(),
            "no jail server of the run was seen"
        );
        unsafe {
            libc::kill(child.id() as i32, signal);
        }
        let status = child.wait().unwrap();
        assert_eq!(status.code(), code, "signal {signal}");
        let deadline = Instant::now() + Duration::from_secs(5);
        while (!processes_with(&m).is_empty() || !processes_with(&run_dir).is_empty())
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(
            processes_with(&m).is_empty(),
            "signal {signal}: left running: {:?}",
            processes_with(&m)
        );
        assert!(
            processes_with(&run_dir).is_empty(),
            "signal {signal}: the run's jail servers or jails left running: {:?}",
            processes_with(&run_dir)
        );
        if signal == libc::SIGKILL {
            // mirror could not clean up; the next run sweeps the dead run's folder.
            assert!(std::fs::read_dir(tmp.path()).unwrap().next().is_some());
            let ok = Course::new()
                .py("01-x/ok.py", "print(1)\n")
                .cs("01-x/Ok.cs", "Console.WriteLine(1);\n");
            let out = ok
                .cmd(&["run", "--no-pages"])
                .env("TMPDIR", tmp.path())
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(0));
        }
        crate::support::assert_empty(tmp.path(), &format!("signal {signal}"));
        // The run's cgroups are gone too (after SIGKILL: swept by the next run).
        for leftover in run_cgroups(child.id()) {
            assert!(!leftover.exists(), "cgroup left: {}", leftover.display());
        }
    }
}

#[test]
fn an_immutable_file_cannot_pin_the_temp_folder() {
    // FS_IOC_SETFLAGS with FS_IMMUTABLE_FL: refused inside the jail, and the folder goes.
    let py = "import fcntl, struct\nopen('pin', 'w').write('x')\ntry:\n    with open('pin') as f:\n        fcntl.ioctl(f, 0x40086602, struct.pack('l', 0x10))\n    print('IMMUTABLE')\nexcept OSError:\n    print('refused')\n";
    let p = run_attack(py, &cs_printing(&["refused"]), &[], &[]);
    assert_pass(&p);
}

/// Runs mirror as `nobody` (no root, no cgroups): the jail must still hold.
#[test]
fn the_jail_holds_for_an_unprivileged_user() {
    use std::os::unix::fs::PermissionsExt;
    // A server on the host's loopback: each unprivileged jail has a network of its own.
    let server = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    server.set_nonblocking(true).unwrap();
    let port = server.local_addr().unwrap().port();
    let py = &format!(
        "import os, socket\n\
              try:\n    socket.create_connection(('127.0.0.1', {port}), timeout=2); print('REACHED')\n\
              except OSError:\n    print('unreachable')\n\
              print('uid', os.getuid())\n\
              print('visible', sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))\n\
              print('tty', os.path.exists('/dev/tty'), 'tmp', os.listdir('/tmp') != [])\n\
              print('shadow', os.path.exists('/etc/shadow'))\n"
    );
    // A pair that uses the fixture server: each jail has a network of its own, into which
    // the server's one port is forwarded (and nothing else of the host's loopback).
    let fetch_py = "import os, urllib.request\n\
                    print(urllib.request.urlopen(os.environ['MIRROR_HTTP_BASE'] + '/hello.txt', timeout=5).read().decode())\n";
    let fetch_cs = "using var http = new HttpClient();\n\
                    Console.WriteLine(await http.GetStringAsync(Environment.GetEnvironmentVariable(\"MIRROR_HTTP_BASE\") + \"/hello.txt\"));\n";
    let c = Course::new()
        .py("01-x/probe.py", py)
        .cs(
            "01-x/Probe.cs",
            &cs_printing(&[
                "unreachable",
                "uid 1000",
                "visible [1, 2]",
                "tty False tmp True",
                "shadow False",
            ]),
        )
        .py("01-x/fetch.py", fetch_py)
        .cs("01-x/Fetch.cs", fetch_cs)
        .file("harness/fixtures/http/hello.txt", "hello from the fixture")
        .manifest("[lessons.01-x.pairs.fetch]\nfixtures = [\"http\"]\n");
    let cache = tempfile::tempdir().unwrap();
    for dir in [
        c.path().to_path_buf(),
        c.path().join("examples-py"),
        c.path().join("examples-py/01-x"),
        c.path().join("examples-cs"),
        c.path().join("examples-cs/01-x"),
        c.path().join("harness"),
        c.path().join("harness/fixtures"),
        c.path().join("harness/fixtures/http"),
        cache.path().to_path_buf(),
    ] {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    }
    let bin = c.path().join("mirror");
    std::fs::copy(assert_cmd::cargo::cargo_bin("mirror"), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    // The system python: nobody cannot enter root's pyenv.
    let python = ["/usr/bin/python3", "/usr/local/bin/python3"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("a system python3 that nobody can run");
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&bin)
        .arg("-C")
        .arg(c.path())
        .args(["run", "--format", "json", "--python", python])
        .env("HOME", "/tmp")
        .env("MIRROR_CACHE_DIR", cache.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {err}"));
    assert_pass(pair(&json, "01-x/probe"));
    let fetch = pair(&json, "01-x/fetch");
    assert_pass(fetch);
    assert_eq!(
        fetch["python"]["stdout"], "hello from the fixture\n",
        "{fetch:#}"
    );
    let active = json["environment"]["sandbox"]["active"].to_string();
    assert!(active.contains("namespaces"), "{active}");
    assert!(active.contains("network"), "{active}");
    assert!(server.accept().is_err(), "the host server was reached");
}

#[test]
fn no_privileges_and_nothing_bound_in_is_writable() {
    // No capabilities, no_new_privs, uid 1000 mapped to nobody (mirror runs as root here),
    // and the toolchain and system folders are read-only. (The C# side runs from a copy of
    // its build in its own folder: the cache entry stays as it was, see poisoned_cache.)
    let py = "import os, sys\n\
              status = dict(l.split(':\\t', 1) for l in open('/proc/self/status').read().splitlines() if ':\\t' in l)\n\
              print('caps', status['CapEff'].strip(), status['CapBnd'].strip(), 'nnp', status['NoNewPrivs'].strip())\n\
              print('map', open('/proc/self/uid_map').read().split())\n\
              for p in [sys.prefix, '/usr', '/etc', '/']:\n    \
                  try:\n        open(os.path.join(p, 'mirror-canary'), 'w'); print('WROTE', p)\n    \
                  except OSError:\n        print('denied')\n";
    let cs = "try { File.WriteAllText(typeof(object).Assembly.Location, \"x\"); Console.WriteLine(\"WROTE runtime\"); }\n\
              catch (Exception e) when (e is UnauthorizedAccessException or IOException) { Console.WriteLine(\"denied\"); }\n";
    let c = Course::new()
        .py("01-x/probe.py", py)
        .cs("01-x/Probe.cs", cs);
    let (_, json) = c.run_json(&["--no-pages"]);
    let p = pair(&json, "01-x/probe");
    // As root, the namespace's root is mapped too, for the init that builds the jail; the
    // snippet can never become it (no capabilities, no_new_privs, nosuid mounts).
    let map = match unsafe { libc::geteuid() } {
        0 => "'0', '0', '1', '1000', '65534', '1'".to_string(),
        uid => format!("'1000', '{uid}', '1'"),
    };
    assert_eq!(
        p["python"]["stdout"],
        format!(
            "caps 0000000000000000 0000000000000000 nnp 1\nmap [{map}]\ndenied\ndenied\ndenied\ndenied\n"
        ),
        "{p:#}"
    );
    assert_eq!(p["csharp"]["stdout"], "denied\n", "{p:#}");
    assert!(!Path::new("/usr/mirror-canary").exists());
}

/// Runs mirror where no user namespace can be made (as on Ubuntu 24.04 with
/// `apparmor_restrict_unprivileged_userns=1`): inside a user namespace of the test's own,
/// whose limit of nested ones is set to 0. Returns mirror's output.
fn run_without_user_namespaces(c: &Course, args: &[&str]) -> std::process::Output {
    std::process::Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c"])
        .arg("echo 0 > /proc/sys/user/max_user_namespaces && exec \"$@\"")
        .arg("sh")
        .arg(assert_cmd::cargo::cargo_bin("mirror"))
        .arg("-C")
        .arg(c.path())
        .args(args)
        .env("MIRROR_CACHE_DIR", cache_dir())
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap()
}

#[test]
fn where_user_namespaces_are_refused_the_jail_says_why_landlock_holds_and_strict_refuses() {
    // A canary outside the course, the cache and the toolchains: Landlock alone must
    // keep it from a snippet.
    let canary_dir = tempfile::tempdir().unwrap();
    let canary = canary_dir.path().join("secret.txt");
    std::fs::write(&canary, "host secret").unwrap();
    let py = format!(
        "try:\n    open({:?}).read(); print('READ')\nexcept OSError:\n    print('denied')\n",
        canary.display().to_string()
    );
    let c = Course::new()
        .py("01-x/probe.py", &py)
        .cs("01-x/Probe.cs", &cs_printing(&["denied"]));
    // A run with the jail first: the probe jail's success is remembered in the cache, and
    // must not count where user namespaces are refused (the key differs there).
    assert_eq!(c.run(&["run"]).status.code(), Some(0));
    let remembered = std::fs::read_to_string(cache_dir().join("jail-probe")).unwrap();
    assert!(remembered.contains("max_user_namespaces"), "{remembered}");
    let out = run_without_user_namespaces(&c, &["run", "--format", "json"]);
    let err = String::from_utf8_lossy(&out.stderr);
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {err}"));
    assert_pass(pair(&json, "01-x/probe"));
    let sandbox = &json["environment"]["sandbox"];
    let unavailable = sandbox["unavailable"].to_string();
    assert!(
        unavailable.contains("namespaces") && unavailable.contains("Landlock only"),
        "the jail is reported unavailable, with the reason: {sandbox:#}"
    );
    assert!(
        sandbox["active"].to_string().contains("filesystem"),
        "{sandbox:#}"
    );

    let strict = run_without_user_namespaces(&c, &["run", "--sandbox", "strict"]);
    let err = String::from_utf8_lossy(&strict.stderr);
    assert_eq!(strict.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--sandbox strict") && err.contains("namespaces"),
        "{err}"
    );
}

/// How many probe jails `cmd` built: each makes a `mirror-probe-*` folder in TMPDIR, which
/// is a folder of this test's own, watched while `cmd` runs. `cmd` must succeed; returns
/// the count and what it said (stdout, then stderr).
fn probes_built(mut cmd: assert_cmd::Command) -> (usize, String) {
    use notify::Watcher as _;
    let tmp = tempfile::tempdir().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            let _ = tx.send(event);
        }
    })
    .unwrap();
    watcher
        .watch(tmp.path(), notify::RecursiveMode::NonRecursive)
        .unwrap();
    let out = cmd.env("TMPDIR", tmp.path()).output().unwrap();
    // inotify's events for what happened before the command ended.
    std::thread::sleep(Duration::from_millis(300));
    drop(watcher);
    let probes = rx
        .try_iter()
        .filter(|e| e.kind.is_create())
        .flat_map(|e| e.paths)
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("mirror-probe-"))
        })
        .collect::<std::collections::HashSet<_>>()
        .len();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0), "{said}");
    (probes, said)
}

#[test]
fn runs_reuse_the_remembered_probe_jail_and_doctor_always_builds_one() {
    let c = Course::new()
        .py("01-x/hello.py", "print('hi')\n")
        .cs("01-x/Hello.cs", &cs_printing(&["hi"]));
    // The first run remembers the probe's success (if no earlier test did).
    assert_eq!(c.run(&["run"]).status.code(), Some(0));
    assert!(cache_dir().join("jail-probe").is_file());

    let (probes, _) = probes_built(c.cmd(&["run"]));
    assert_eq!(
        probes, 0,
        "a run built a probe jail though its success was remembered"
    );
    let (probes, said) = probes_built(c.cmd(&["doctor"]));
    assert_eq!(probes, 1, "doctor must build a probe jail every time");
    assert!(said.contains("namespaces     active"), "{said}");
}

#[test]
fn a_csharp_snippet_sees_its_own_build_and_no_other() {
    // Course A's build holds a secret; course B's C# side, later, with the same cache,
    // looks for every compiled snippet beside its own.
    let cache = tempfile::tempdir().unwrap();
    let secret = token("build-secret");
    let a = Course::new().py("01-a/keep.py", "print('x')\n").cs(
        "01-a/Keep.cs",
        &format!("var s = \"{secret}\";\nConsole.WriteLine(s.Length > 0 ? \"x\" : \"y\");\n"),
    );
    let (code, _, err) = crate::support::run_in(&a, cache.path(), &[]);
    assert_eq!(code, 0, "{err}");
    // The UTF-16 text of course A's secret, as its dll stores the literal.
    let needle: String = secret
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .map(|b| format!("{b:02x}"))
        .collect();
    let b = Course::new().py("01-b/look.py", "print('others 0, secret False')\n").cs(
        "01-b/Look.cs",
        &format!(
            r#"var own = Path.GetDirectoryName(System.Reflection.Assembly.GetEntryAssembly()!.Location)!;
var snippets = Path.GetFullPath(Path.Combine(own, "..", ".."));
int others = 0; bool seen = false;
var needle = Convert.FromHexString("{needle}");
try {{
    foreach (var f in Directory.EnumerateFiles(snippets, "*.dll", SearchOption.AllDirectories)) {{
        if (Path.GetDirectoryName(f) == own) continue;
        try {{
            var bytes = File.ReadAllBytes(f);
            others++;
            if (bytes.AsSpan().IndexOf(needle) >= 0) seen = true;
        }} catch (Exception) {{ }}
    }}
}} catch (Exception) {{ }}
Console.WriteLine($"others {{others}}, secret {{seen}}");
"#
        ),
    );
    let (_, json, err) = crate::support::run_in(&b, cache.path(), &[]);
    let p = pair(&json, "01-b/look");
    assert_eq!(
        p["csharp"]["stdout"], "others 0, secret False\n",
        "{err}\n{p:#}"
    );
}

#[test]
fn the_kernel_keyring_and_io_uring_are_refused() {
    // The keyring is not namespaced: a key's name a snippet adds shows in /proc/keys of
    // other snippets and of the host's `nobody` processes (a red-team review passed
    // messages that way). io_uring is kernel surface no runtime here needs.
    let py = "import ctypes, os\n\
              libc = ctypes.CDLL(None, use_errno=True)\n\
              def call(nr, *args):\n    \
                  r = libc.syscall(nr, *args)\n    \
                  return 'ok' if r >= 0 else os.strerror(ctypes.get_errno())\n\
              payload = b'canary'\n\
              print('add_key', call(248, b'user', b'mirror:canary', payload, len(payload), -2))\n\
              print('keyctl', call(250, 0, -2, 0, 0, 0))\n\
              params = ctypes.create_string_buffer(120)\n\
              print('io_uring_setup', call(425, 1, params))\n";
    let cs = cs_printing(&[
        "add_key Operation not permitted",
        "keyctl Operation not permitted",
        "io_uring_setup Operation not permitted",
    ]);
    if !cfg!(target_arch = "x86_64") {
        eprintln!("the_kernel_keyring_and_io_uring_are_refused: x86_64 syscall numbers; not run");
        return;
    }
    let p = run_attack(py, &cs, &[], &[]);
    assert_pass(&p);
}

/// Every process of a snippet (here the child each side starts) lives in every cgroup
/// folder the run made (memory, pids and kill are only as good as that), below the run's
/// own: jail servers come into their cgroups by themselves and have their jails born in
/// the v2 folder (`CLONE_INTO_CGROUP`), so this is what shows that both ways hold.
#[test]
fn every_process_of_a_snippet_is_in_each_of_the_runs_cgroups() {
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("did not run: needs root to write cgroups here");
        return;
    }
    let m = token("incgroup");
    let c = Course::new()
        .py(
            "01-x/held.py",
            &format!("import subprocess, time\nsubprocess.Popen(['sh', '-c', 'sleep 30; echo {m}'])\ntime.sleep(30)\n"),
        )
        .cs(
            "01-x/Held.cs",
            &format!("System.Diagnostics.Process.Start(\"sh\", new[] {{ \"-c\", \"sleep 30; echo {m}\" }});\nThread.Sleep(30000);\n"),
        );
    let tmp = tempfile::tempdir().unwrap();
    let mut child = spawn_mirror(&c, tmp.path(), &["run", "--timeout", "60s", "--jobs", "2"]);
    let deadline = Instant::now() + Duration::from_secs(60);
    while processes_with(&m).len() < 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    // Read while the run goes on (its processes go with it).
    let held: Vec<(String, String)> = processes_with(&m)
        .into_iter()
        .filter_map(|p| {
            let pid = p.split(':').next()?.to_string();
            Some((
                p,
                std::fs::read_to_string(format!("/proc/{pid}/cgroup")).ok()?,
            ))
        })
        .collect();
    let run_dirs: Vec<_> = run_cgroups(child.id())
        .into_iter()
        .filter(|d| d.is_dir())
        .collect();
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    child.wait().unwrap();
    assert_eq!(held.len(), 2, "both sides' children should run: {held:?}");
    assert!(!run_dirs.is_empty(), "the run made no cgroup");
    for (process, own) in &held {
        let dirs = cgroup_folders(own);
        for run_dir in &run_dirs {
            assert!(
                dirs.iter().any(|d| d.starts_with(run_dir) && d != run_dir),
                "{process}\nis not below {} (its cgroups: {own})",
                run_dir.display()
            );
        }
    }
}

/// One slot (`--jobs 1`) serves snippet after snippet: emptying it after one must never
/// harm the next (a v2 folder killed through `cgroup.kill` makes the kernel kill every
/// child later born in it with `CLONE_INTO_CGROUP`).
#[test]
fn one_slot_serves_snippet_after_snippet() {
    let mut c = Course::new();
    for i in 0..4 {
        c = c.py(&format!("01-x/p{i}.py"), &format!("print({i})\n")).cs(
            &format!("01-x/P{i}.cs"),
            &format!("Console.WriteLine({i});\n"),
        );
    }
    let (code, json) = c.run_json(&["--jobs", "1"]);
    assert_eq!(code, 0, "{json:#}");
    for i in 0..4 {
        let p = pair(&json, &format!("01-x/p{i}"));
        assert_eq!(p["verdict"], "pass", "{p:#}");
    }
}

/// A snippet leaves what it can behind in its jail: files in `/tmp`, `/dev/shm` and its
/// folder, a SysV shared memory segment, a daemon in a session of its own. The snippet
/// after it in the same slot (`--jobs 1`: the same jail server, which keeps a jail per
/// kind of snippet for snippet after snippet) must find none of it. Then a snippet that
/// runs out of time has its jail killed, and the next one in that slot still runs.
#[test]
fn a_snippet_finds_nothing_the_one_before_it_in_its_slot_left() {
    let _quiet = timing_sensitive();
    let leave = "import ctypes, os, time\n\
                 open('/tmp/left.txt', 'w').write('x')\n\
                 open('/dev/shm/left', 'w').write('x')\n\
                 open('left_in_folder', 'w').write('x')\n\
                 libc = ctypes.CDLL(None, use_errno=True)\n\
                 print('shm', libc.shmget(0x6d6972, 4096, 0o1666) >= 0)\n\
                 if os.fork() == 0:\n    \
                     os.setsid()\n    \
                     if os.fork() == 0:\n        \
                         time.sleep(60)\n    \
                     os._exit(0)\n\
                 os.wait()\n\
                 print('left')\n";
    let look = "import os\n\
                 found = []\n\
                 if os.path.exists('/tmp/left.txt'): found.append('/tmp/left.txt')\n\
                 found += ['/dev/shm/' + n for n in os.listdir('/dev/shm')]\n\
                 here = os.getcwd()\n\
                 found += [n for n in os.listdir(os.path.dirname(here)) if n != os.path.basename(here)]\n\
                 found += [n for n in os.listdir('.') if n != 'b_look.py']\n\
                 found += open('/proc/sysvipc/shm').read().splitlines()[1:]\n\
                 found += [p for p in os.listdir('/proc') if p.isdigit() and p not in ('1', str(os.getpid()))]\n\
                 print('found', found)\n";
    let c = Course::new()
        .py("01-x/a_leave.py", leave)
        .cs("01-x/ALeave.cs", &cs_printing(&["shm True", "left"]))
        .py("01-x/b_look.py", look)
        .cs("01-x/BLook.cs", &cs_printing(&["found []"]))
        .py("01-x/c_slow.py", "import time\ntime.sleep(60)\n")
        .cs("01-x/CSlow.cs", &cs_printing(&["slow"]))
        .py("01-x/d_after.py", "print('after')\n")
        .cs("01-x/DAfter.cs", &cs_printing(&["after"]));
    let (_, json) = c.run_json(&["--jobs", "1", "--timeout", "3s"]);
    let leave = pair(&json, "01-x/a_leave");
    assert_eq!(leave["python"]["stdout"], "shm True\nleft\n", "{leave:#}");
    assert_eq!(leave["python"]["leaked_processes"], true, "{leave:#}");
    let look = pair(&json, "01-x/b_look");
    assert_eq!(look["python"]["stdout"], "found []\n", "{look:#}");
    assert_eq!(look["verdict"], "pass", "{look:#}");
    let slow = pair(&json, "01-x/c_slow");
    assert_eq!(slow["python"]["timed_out"], true, "{slow:#}");
    assert_pass(pair(&json, "01-x/d_after"));
    assert!(processes_with("a_leave.py").is_empty());
}

/// A folder tree deeper than a path can name cannot be emptied by path: the jail that ran
/// it is not used again (mirror says so), and the next snippet of the slot runs in a new
/// one, unharmed.
#[test]
fn a_tree_too_deep_to_empty_retires_its_jail_and_the_next_snippet_runs() {
    let deep = "import os\n\
                for _ in range(3000):\n    \
                    os.mkdir('d'); os.chdir('d')\n\
                print('deep')\n";
    let c = Course::new()
        .py("01-x/a_deep.py", deep)
        .cs("01-x/ADeep.cs", &cs_printing(&["deep"]))
        .py(
            "01-x/b_after.py",
            "import os\nprint(sorted(os.listdir('.')))\n",
        )
        .cs("01-x/BAfter.cs", &cs_printing(&["['b_after.py']"]));
    let out = c.run(&["run", "--jobs", "1", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_pass(pair(&json, "01-x/a_deep"));
    assert_pass(pair(&json, "01-x/b_after"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("could not be emptied after the snippet"),
        "{err}"
    );
    assert_eq!(out.status.code(), Some(0), "{err}");
}

/// The disk quota is per snippet also where one jail serves snippet after snippet: a
/// snippet that filled most of its tmpfs leaves the next one of the slot the whole quota.
/// And with a temp folder outside `/tmp` (where no jail is kept: the snippet's folder gets
/// a tmpfs of its own) every snippet still runs, finding nothing of the one before.
#[test]
fn each_snippet_of_a_slot_gets_the_whole_disk_quota_and_a_tmpdir_outside_tmp_works() {
    let fill = "import os\n\
                data = b'x' * (6 << 20)\n\
                open('/tmp/fill-' + os.path.basename(__file__), 'wb').write(data)\n\
                open('fill_here', 'wb').write(b'x')\n\
                print(sorted(n for n in os.listdir('.') if n != os.path.basename(__file__)))\n";
    let c = Course::new()
        .py("01-x/a_fill.py", fill)
        .cs("01-x/AFill.cs", &cs_printing(&["['fill_here']"]))
        .py("01-x/b_fill.py", fill)
        .cs("01-x/BFill.cs", &cs_printing(&["['fill_here']"]));
    let (code, json) = c.run_json(&["--jobs", "1", "--disk", "10M"]);
    assert_eq!(code, 0, "{json:#}");
    assert_pass(pair(&json, "01-x/a_fill"));
    assert_pass(pair(&json, "01-x/b_fill"));

    // A TMPDIR outside /tmp (/var/tmp, on the same machine).
    let outside = tempfile::Builder::new()
        .prefix("mirror-test-")
        .tempdir_in("/var/tmp")
        .unwrap();
    let out = c
        .cmd(&["run", "--jobs", "1", "--format", "json", "--disk", "10M"])
        .env("TMPDIR", outside.path())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(out.status.code(), Some(0), "{json:#}");
    assert_pass(pair(&json, "01-x/a_fill"));
    assert_pass(pair(&json, "01-x/b_fill"));
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}
