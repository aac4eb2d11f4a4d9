//! The Python side: which interpreter runs snippets (resolved once per run, never through
//! the pyenv shim per snippet), and the course's managed virtual environment.
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{cache_dir, digest, make_entry, which};
use crate::error::{Error, Result};

/// A resolved interpreter.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Python {
    /// What the user asked for (`python3`, a path).
    pub requested: String,
    /// The real executable (not a shim) that runs snippets.
    pub executable: PathBuf,
    pub version: String,
    /// `sys.base_prefix`: the standard library lives under it.
    pub base_prefix: PathBuf,
    /// The managed environment in use, if the course has requirements.
    pub venv: Option<PathBuf>,
}

const INSTALL_HINT: &str = "install Python 3.11+ (Debian: apt-get install python3; or pyenv install 3.11), or pass --python PATH / set MIRROR_PYTHON";

/// pyenv's shims are bash scripts that cost 60 ms to seconds per start; pyenv's own rule
/// (PYENV_VERSION, else the nearest `.python-version`, else `$PYENV_ROOT/version`) names the
/// real interpreter, which is asked instead. None when that rule does not give a file.
fn through_pyenv_shim(found: &Path, requested: &str) -> Option<PathBuf> {
    let shims = found.parent()?;
    if shims.file_name()? != "shims" {
        return None;
    }
    let root = std::env::var_os("PYENV_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| shims.parent().unwrap_or(shims).to_path_buf());
    let from_file = |p: &Path| {
        std::fs::read_to_string(p)
            .ok()
            .and_then(|t| t.split_whitespace().next().map(str::to_string))
    };
    let version = std::env::var("PYENV_VERSION")
        .ok()
        .and_then(|v| v.split(':').next().map(str::to_string))
        .or_else(|| {
            let cwd = std::env::current_dir().ok()?;
            cwd.ancestors()
                .find_map(|d| from_file(&d.join(".python-version")))
        })
        .or_else(|| from_file(&root.join("version")))?;
    let name = Path::new(requested).file_name()?;
    let exe = root.join("versions").join(version).join("bin").join(name);
    if exe.is_file() {
        return Some(exe);
    }
    // `python3.13` while 3.11 is selected: pyenv itself would refuse and list the versions
    // that have it; when exactly one does, that is the interpreter the user means.
    let mut found: Vec<PathBuf> = std::fs::read_dir(root.join("versions"))
        .ok()?
        .flatten()
        .map(|v| v.path().join("bin").join(name))
        .filter(|p| p.is_file())
        .collect();
    (found.len() == 1).then(|| found.remove(0))
}

/// Where the answer of an interpreter file is remembered: keyed by its real path, size and
/// modification time, so a reinstalled or upgraded interpreter is asked again. A shim
/// (whose answer depends on the environment) is never remembered.
fn remembered(found: &Path) -> Option<PathBuf> {
    let real = std::fs::canonicalize(found).ok()?;
    if real.parent()?.file_name()? == "shims" {
        return None;
    }
    let meta = real.metadata().ok()?;
    let stamp = format!("{}:{:?}", meta.len(), meta.modified().ok()?);
    let key = digest([
        b"mirror-python-v1".as_slice(),
        real.as_os_str().as_encoded_bytes(),
        stamp.as_bytes(),
    ]);
    Some(
        cache_dir()
            .join("python")
            .join(format!("{}.json", &key[..16])),
    )
}

/// Finds the interpreter and learns its real executable, version and prefix: by asking it
/// once (~60-140 ms), then from the cache until the interpreter file changes.
pub fn resolve(requested: &str) -> Result<Python> {
    find(requested).map_err(|e| e.naming_env_var("MIRROR_PYTHON", requested))
}

fn find(requested: &str) -> Result<Python> {
    let found = which(requested).map(|f| through_pyenv_shim(&f, requested).unwrap_or(f));
    let Some(found) = found else {
        // A path is looked up as given, not on PATH: say what is wrong with it.
        let detail = if requested.contains('/') {
            match std::fs::metadata(requested) {
                Err(_) => format!("`{requested}` does not exist"),
                Ok(_) => format!("`{requested}` is not an executable file"),
            }
        } else {
            format!("`{requested}` is not on PATH")
        };
        return Err(Error::MissingTool {
            tool: "python",
            detail,
            hint: INSTALL_HINT,
        });
    };
    let memo = remembered(&found);
    if let Some(known) = memo.as_ref().and_then(|m| std::fs::read(m).ok()) {
        if let Ok(python) = serde_json::from_slice::<Python>(&known) {
            return Ok(Python {
                requested: requested.to_string(),
                ..python
            });
        }
    }
    let python = ask(&found, requested)?;
    if let Some(m) = memo {
        if let Some(dir) = m.parent() {
            let _ = std::fs::create_dir_all(dir);
            let tmp = m.with_extension(format!("tmp{}", std::process::id()));
            if std::fs::write(&tmp, serde_json::to_vec(&python).expect("json")).is_ok() {
                let _ = std::fs::rename(&tmp, &m);
            }
        }
    }
    Ok(python)
}

/// Starts the interpreter once to learn where it really lives.
fn ask(found: &Path, requested: &str) -> Result<Python> {
    let out = Command::new(found)
        .args(["-c", "import sys; print(sys.executable); print('%d.%d.%d' % sys.version_info[:3]); print(getattr(sys, 'base_prefix', sys.prefix))"])
        .output()
        .map_err(|e| Error::MissingTool {
            tool: "python",
            detail: format!("{} cannot be started: {e}", found.display()),
            hint: INSTALL_HINT,
        })?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    match (
        out.status.success(),
        lines.next(),
        lines.next(),
        lines.next(),
    ) {
        (true, Some(exe), Some(version), Some(prefix)) if !exe.is_empty() => Ok(Python {
            requested: requested.to_string(),
            executable: PathBuf::from(exe),
            version: version.to_string(),
            base_prefix: PathBuf::from(prefix),
            venv: None,
        }),
        _ => Err(Error::MissingTool {
            tool: "python",
            detail: format!(
                "{} did not answer as a Python interpreter: {}",
                found.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            ),
            hint: INSTALL_HINT,
        }),
    }
}

/// Where the environment for this interpreter and requirements text lives.
pub fn venv_dir(python: &Python, requirements: &[u8]) -> PathBuf {
    let key = digest([
        b"mirror-venv-v1".as_slice(),
        python.executable.as_os_str().as_encoded_bytes(),
        python.version.as_bytes(),
        requirements,
    ]);
    cache_dir()
        .join("venvs")
        .join(format!("py{}-{}", python.version, &key[..16]))
}

/// Returns the interpreter to run snippets with: the base one when the course has no
/// `harness/requirements.txt`, else a cached venv with them installed (made on first use).
pub fn with_requirements(
    python: Python,
    requirements: &Path,
    progress: &dyn Fn(&str),
) -> Result<Python> {
    let Ok(text) = std::fs::read(requirements) else {
        return Ok(python);
    };
    // pip runs on the host: the file may name packages and versions and nothing else.
    super::requirements::check(&String::from_utf8_lossy(&text)).map_err(
        |(line, column, message)| Error::Manifest {
            path: requirements.to_path_buf(),
            line,
            column,
            message,
        },
    )?;
    let dir = venv_dir(&python, &text);
    let ready = dir.join(".mirror-ready");
    if ready.exists() && !runnable(&dir.join("bin").join("python")) {
        // Its interpreter is gone (a pyenv version uninstalled, a link removed): make the
        // venv again rather than fail every Python side.
        progress(&format!(
            "the course's Python environment in {} no longer has a working interpreter; making it again",
            dir.display()
        ));
        std::fs::remove_dir_all(&dir)
            .map_err(|e| Error::io(format!("removing the broken venv {}", dir.display()), e))?;
    }
    if !ready.exists() {
        progress(&format!(
            "creating the course's Python environment in {} (once per interpreter and requirements)",
            dir.display()
        ));
        make_entry(&dir, "the venv", |tmp| {
            build_venv(&python, requirements, tmp)
        })?;
    }
    Ok(Python {
        executable: dir.join("bin").join("python"),
        venv: Some(dir),
        ..python
    })
}

/// Whether `exe` (a venv's interpreter, usually a link to the base one) leads to a file
/// that can be executed. A check of the file, not a process: it costs microseconds.
fn runnable(exe: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(exe).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Makes the venv in `venv` (a temp folder, published by the caller).
fn build_venv(python: &Python, requirements: &Path, venv: &Path) -> Result<()> {
    run_step(
        Command::new(&python.executable)
            .args(["-m", "venv", "--without-pip"])
            .arg(venv),
        "python -m venv",
    )?;
    // The base interpreter's pip installs into the venv (`pip --python`), so the venv
    // needs no pip of its own (saves seconds of ensurepip). Wheels only: installing a wheel
    // runs none of its code, where building a source distribution runs its build backend,
    // as the user, outside any jail (the requirements are checked the same way, above).
    let mut pip = Command::new(&python.executable);
    pip.args(["-m", "pip", "--python"])
        .arg(venv.join("bin").join("python"))
        .args([
            "install",
            "--disable-pip-version-check",
            "--no-input",
            "--quiet",
            "--only-binary=:all:",
            "-r",
        ])
        .arg(requirements);
    let out = super::tool::output(&mut pip).map_err(|e| Error::io("running pip", e))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let culprit = err
            .lines()
            .find(|l| {
                l.contains("No matching distribution found for")
                    || l.contains("Could not find a version")
            })
            .unwrap_or_else(|| err.lines().last().unwrap_or("pip failed"));
        return Err(Error::Toolchain(format!(
            "installing {} failed: {}\n  pip said:\n{}\n  fix the requirement, or make the package reachable (PIP_FIND_LINKS / PIP_INDEX_URL); mirror installs wheels only, never building a source distribution",
            requirements.display(),
            culprit.trim(),
            indent(&err)
        )));
    }
    std::fs::write(venv.join(".mirror-ready"), b"")
        .map_err(|e| Error::io("marking the venv ready", e))?;
    Ok(())
}

fn run_step(cmd: &mut Command, what: &str) -> Result<()> {
    let out = super::tool::output(cmd).map_err(|e| Error::io(format!("running {what}"), e))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(Error::Toolchain(format!(
            "{what} failed:\n{}",
            indent(&String::from_utf8_lossy(&out.stderr))
        )))
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_remembered_per_interpreter_file_but_never_for_shims() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("shims")).unwrap();
        let shim = dir.path().join("shims/python3");
        std::fs::write(&shim, "#!/bin/sh\n").unwrap();
        assert_eq!(remembered(&shim), None);

        let real = dir.path().join("python3");
        std::fs::write(&real, "v1").unwrap();
        let first = remembered(&real).unwrap();
        assert_eq!(remembered(&real).unwrap(), first);
        std::fs::write(&real, "version 2").unwrap();
        assert_ne!(
            remembered(&real).unwrap(),
            first,
            "a changed interpreter is asked again"
        );
    }
}
