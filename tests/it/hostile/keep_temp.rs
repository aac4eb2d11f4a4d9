//! `--keep-temp`: the jail's init (root on the host) copies a snippet's folder back. Nothing
//! of the snippet may be running then, and what comes back is bounded by the disk quota
//! (a red-team review read a 0700 host folder through a swapped symlink, and filled the
//! host disk with sparse files).
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::support::{stderr, Course};

const CS: &str = "Console.WriteLine(\"done\");\n";

/// Every file under `dir`, symlinks not followed.
fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            out.extend(files(&entry.path()));
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    out
}

#[test]
fn a_leftover_cannot_swap_a_kept_folder_for_a_symlink_into_the_host() {
    let secret = tempfile::Builder::new()
        .prefix("mirror-test-secret-")
        .tempdir()
        .unwrap();
    std::fs::set_permissions(secret.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::write(secret.path().join("secret.txt"), "TOP SECRET\n").unwrap();
    // Empty folders d0..d2, and a daemon that swaps each for a symlink through the init's
    // handle on the host folder (/proc/self/fd/N, resolved by the init) the moment the init
    // starts copying (it reads the big sparse files first: tmpfs lists newest first). The
    // handle's number is the init's business: one pair per candidate (a wrong one only
    // makes that copy fail).
    let mut c = Course::new();
    for fd in 3..=10 {
        let py = format!(
            r#"import os, time, ctypes
libc = ctypes.CDLL(None, use_errno=True)
os.makedirs("/tmp/stash", exist_ok=True)
pairs = []
for j in range(3):
    os.mkdir(f"d{{j}}")
    os.symlink("/proc/self/fd/{fd}/" + "../" * 24 + {secret:?}.lstrip("/"), f"/tmp/stash/d{{j}}")
    pairs.append((f"d{{j}}", f"/tmp/stash/d{{j}}"))
for name in ("bigA", "bigB"):
    with open(name, "wb") as f:
        f.truncate(20 << 20)
a0 = os.stat("bigB").st_atime_ns
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        t0 = time.time()
        while os.stat("bigB").st_atime_ns == a0 and time.time() - t0 < 3:
            pass
        for a, b in pairs:  # renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)
            libc.syscall(316, -100, a.encode(), -100, b.encode(), 2)
        time.sleep(2)
        os._exit(0)
    os._exit(0)
print("done")
"#,
            secret = secret.path().display().to_string()
        );
        c = c
            .py(&format!("01-a/probe_fd{fd}.py"), &py)
            .cs(&format!("01-a/ProbeFd{fd}.cs"), CS);
    }
    let (out, kept) = c.run_kept(&["run", "-v"]);
    let err = stderr(&out);
    assert!(!kept.sides.is_empty(), "nothing kept: {err}");
    for side in &kept.sides {
        for f in files(side) {
            let text = std::fs::read(&f).unwrap_or_default();
            assert!(
                !String::from_utf8_lossy(&text).contains("TOP SECRET"),
                "{} holds the host's secret: {err}",
                f.display()
            );
        }
    }
    let py_side = kept
        .sides
        .iter()
        .find(|s| s.to_string_lossy().contains("-py"))
        .expect("the Python side was kept");
    assert!(py_side.join("bigA").is_file(), "{err}");
    // The run's folder is the owner's only.
    let run = py_side.parent().unwrap();
    let mode = std::fs::metadata(run).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "{}", run.display());
}

#[test]
fn kept_folders_hold_no_more_than_the_disk_quota() {
    // Sparse files take no room in the jail's tmpfs; copied back they would take 480 MiB.
    let py = "for i in range(8):\n    with open(f'sparse{i}', 'wb') as f:\n        f.truncate(60 << 20)\nopen('small.txt', 'w').write('kept')\nprint('done')\n";
    let c = Course::new()
        .py("01-a/probe.py", py)
        .cs("01-a/Probe.cs", CS);
    let (out, kept) = c.run_kept(&["run", "--disk", "8M"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let py_side = kept
        .sides
        .iter()
        .find(|s| s.to_string_lossy().contains("-py"))
        .expect("the Python side was kept");
    let total: u64 = files(py_side)
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    assert!(total <= 8 << 20, "{total} bytes kept: {err}");
    assert_eq!(
        std::fs::read_to_string(py_side.join("small.txt")).unwrap(),
        "kept"
    );
    assert!(
        err.contains("8 file(s) not kept: together they were larger than the disk quota"),
        "{err}"
    );
}
