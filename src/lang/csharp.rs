//! The C# side: find the SDK's own Roslyn and reference pack (no process needed), build the
//! compile host once per SDK, and compile snippets through it, each to its own dll, into a
//! content-addressed cache. An unchanged snippet is never compiled twice.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::sync::oneshot;

use super::{cache_dir, digest, make_entry, which};
use crate::error::{Error, Result};

/// The compile host's source, built with the SDK's csc on first use.
const HOST_SOURCE: &str = include_str!("../../harness/csharp/CompileHost.cs");
const INSTALL_HINT: &str = "install the .NET SDK 8 or newer (Debian: see https://learn.microsoft.com/dotnet/core/install/linux-debian), or pass --dotnet PATH / set MIRROR_DOTNET";

/// A resolved .NET SDK.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Dotnet {
    pub executable: PathBuf,
    pub root: PathBuf,
    pub sdk_version: String,
    pub runtime_version: String,
    /// `net10.0`.
    pub tfm: String,
    pub roslyn_dir: PathBuf,
    pub ref_dir: PathBuf,
}

fn version_key(v: &str) -> Vec<u64> {
    v.split(['.', '-'])
        .map(|p| p.parse().unwrap_or(0))
        .collect()
}

/// Highest-versioned subfolder of `dir` that satisfies `ok`.
fn newest(dir: &Path, ok: impl Fn(&Path) -> bool) -> Option<(String, PathBuf)> {
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(n, p)| n.starts_with(|c: char| c.is_ascii_digit()) && ok(p))
        .collect();
    found.sort_by_key(|(n, _)| version_key(n));
    found.pop()
}

/// Finds the SDK from the `dotnet` executable's folder, starting no process.
pub fn resolve(requested: &str) -> Result<Dotnet> {
    let missing = |detail: String| Error::MissingTool {
        tool: "dotnet",
        detail,
        hint: INSTALL_HINT,
    };
    let exe = which(requested).ok_or_else(|| missing(format!("`{requested}` is not on PATH")))?;
    let exe = std::fs::canonicalize(&exe).unwrap_or(exe);
    let root = exe.parent().map(Path::to_path_buf).unwrap_or_default();
    let (sdk_version, sdk_dir) = newest(&root.join("sdk"), |p| {
        p.join("Roslyn/bincore/csc.dll").is_file()
    })
    .ok_or_else(|| {
        missing(format!(
            "no SDK with Roslyn under {} (a runtime alone cannot compile)",
            root.join("sdk").display()
        ))
    })?;
    let (runtime_version, _) = newest(&root.join("shared/Microsoft.NETCore.App"), |_| true)
        .ok_or_else(|| missing(format!("no .NET runtime under {}", root.display())))?;
    let (_, pack) = newest(&root.join("packs/Microsoft.NETCore.App.Ref"), |p| {
        p.join("ref").is_dir()
    })
    .ok_or_else(|| {
        missing(format!(
            "no reference pack under {}",
            root.join("packs").display()
        ))
    })?;
    let (tfm, ref_dir) = std::fs::read_dir(pack.join("ref"))
        .ok()
        .and_then(|d| {
            d.flatten()
                .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
                .filter(|(n, _)| n.starts_with("net"))
                .max_by_key(|(n, _)| version_key(n.trim_start_matches("net")))
        })
        .ok_or_else(|| missing(format!("no reference assemblies in {}", pack.display())))?;
    Ok(Dotnet {
        executable: exe,
        sdk_version,
        runtime_version,
        tfm,
        roslyn_dir: sdk_dir.join("Roslyn/bincore"),
        ref_dir,
        root,
    })
}

impl Dotnet {
    /// Key parts that make a compiled snippet valid only for this SDK and host.
    fn fingerprint(&self) -> String {
        digest([
            b"mirror-cs-v1".as_slice(),
            self.sdk_version.as_bytes(),
            self.runtime_version.as_bytes(),
            self.tfm.as_bytes(),
            HOST_SOURCE.as_bytes(),
        ])
    }

    /// The shared runtimeconfig every snippet dll runs with (written once).
    pub fn runtime_config(&self) -> Result<PathBuf> {
        let path = cache_dir()
            .join("cs")
            .join(format!("runtimeconfig-{}.json", self.runtime_version));
        if !path.exists() {
            let text = format!(
                "{{\"runtimeOptions\":{{\"tfm\":\"{}\",\"framework\":{{\"name\":\"Microsoft.NETCore.App\",\"version\":\"{}\"}}}}}}\n",
                self.tfm, self.runtime_version
            );
            write_atomic(&path, text.as_bytes())?;
        }
        Ok(path)
    }

    /// Builds (once per SDK and host source) and returns the compile host dll.
    pub fn compile_host(&self) -> Result<PathBuf> {
        let dir = cache_dir().join("compile-host").join(format!(
            "{}-{}",
            self.sdk_version,
            &self.fingerprint()[..12]
        ));
        let dll = dir.join("CompileHost.dll");
        if dll.is_file() {
            return Ok(dll);
        }
        make_entry(&dir, "the compile host", |tmp| self.build_host(tmp))?;
        Ok(dll)
    }

    /// Compiles the compile host with the SDK's csc into `tmp`.
    fn build_host(&self, tmp: &Path) -> Result<()> {
        let src = tmp.join("CompileHost.cs");
        std::fs::write(&src, HOST_SOURCE)
            .map_err(|e| Error::io("writing the compile host source", e))?;
        let mut cmd = std::process::Command::new(&self.executable);
        cmd.arg("exec")
            .arg(self.roslyn_dir.join("csc.dll"))
            .args([
                "-nologo",
                "-noconfig",
                "-nullable:enable",
                "-langversion:latest",
                "-target:exe",
                "-optimize+",
            ])
            .arg(format!("-out:{}", tmp.join("CompileHost.dll").display()))
            .arg(format!(
                "-r:{}",
                self.roslyn_dir.join("Microsoft.CodeAnalysis.dll").display()
            ))
            .arg(format!(
                "-r:{}",
                self.roslyn_dir
                    .join("Microsoft.CodeAnalysis.CSharp.dll")
                    .display()
            ));
        for r in self.reference_dlls()? {
            cmd.arg(format!("-r:{}", r.display()));
        }
        let out = cmd
            .arg(&src)
            .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| Error::io("running csc for the compile host", e))?;
        if !out.status.success() {
            return Err(Error::Toolchain(format!(
                "building mirror's C# compile host with {} failed:\n{}",
                self.roslyn_dir.join("csc.dll").display(),
                String::from_utf8_lossy(&out.stdout)
            )));
        }
        let rc = self.runtime_config()?;
        std::fs::copy(&rc, tmp.join("CompileHost.runtimeconfig.json"))
            .map_err(|e| Error::io("writing the compile host's runtimeconfig", e))?;
        Ok(())
    }

    fn reference_dlls(&self) -> Result<Vec<PathBuf>> {
        let mut refs: Vec<PathBuf> = std::fs::read_dir(&self.ref_dir)
            .map_err(|e| Error::io(format!("reading {}", self.ref_dir.display()), e))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "dll"))
            .collect();
        refs.sort();
        Ok(refs)
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = path.parent().expect("has parent");
    std::fs::create_dir_all(parent)
        .map_err(|e| Error::io(format!("creating {}", parent.display()), e))?;
    let tmp = parent.join(format!(
        ".tmp-{}-{}",
        std::process::id(),
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(format!("writing {}", tmp.display()), e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(format!("writing {}", path.display()), e))
}

/// A compiled snippet, or the compiler's diagnostics.
pub type BuildResult = std::result::Result<Built, String>;

/// Compile hosts alive now, killed on Ctrl-C.
static HOSTS: std::sync::Mutex<Vec<u32>> = std::sync::Mutex::new(Vec::new());

/// Kills every running compile host (interrupt path).
pub fn kill_hosts() {
    for pid in HOSTS.lock().map(|h| h.clone()).unwrap_or_default() {
        // SAFETY: plain syscall on a child we started.
        unsafe {
            libc::kill(pid as i32, libc::SIGKILL);
        }
    }
}

/// A snippet's dll and what it cost.
#[derive(Debug, Clone)]
pub struct Built {
    pub dll: PathBuf,
    /// True when the dll came from the cache.
    pub cached: bool,
}

/// What a batch build hands out: one receiver per source, resolved as soon as that
/// snippet's dll exists.
pub struct Batch {
    pub results: HashMap<PathBuf, oneshot::Receiver<BuildResult>>,
    /// Resolves when the whole batch is done: (snippets compiled, host time).
    pub done: oneshot::Receiver<(usize, Duration)>,
}

/// Starts compiling `sources` (course-relative to `root`); cached ones resolve at once.
/// `out_dir` is the cache (or a per-run folder with `--no-cache`).
pub fn build(
    dotnet: &Dotnet,
    root: &Path,
    sources: &[PathBuf],
    out_dir: &Path,
    packages: &super::nuget::Packages,
) -> Result<Batch> {
    let fingerprint = digest([dotnet.fingerprint().as_bytes(), packages.key.as_bytes()]);
    let mut results = HashMap::new();
    let mut misses = Vec::new();
    for src in sources {
        let (tx, rx) = oneshot::channel();
        results.insert(src.clone(), rx);
        let text = std::fs::read(root.join(src))
            .map_err(|e| Error::io(format!("reading {}", src.display()), e))?;
        let key = digest([fingerprint.as_bytes(), text.as_slice()]);
        let dll = out_dir.join(&key[..2]).join(&key).join("snippet.dll");
        if dll.is_file() {
            super::cache::touch(&dll);
            let _ = tx.send(Ok(Built { dll, cached: true }));
        } else {
            misses.push((src.clone(), dll, tx));
        }
    }
    let (done_tx, done) = oneshot::channel();
    if misses.is_empty() {
        let _ = done_tx.send((0, Duration::ZERO));
        return Ok(Batch { results, done });
    }
    let host = dotnet.compile_host()?;
    let mut child = tokio::process::Command::new(&dotnet.executable)
        .arg("exec")
        .arg(&host)
        .arg(&dotnet.roslyn_dir)
        .arg(&dotnet.ref_dir)
        .args(&packages.compile)
        .current_dir(root)
        .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
        .env("DOTNET_TieredPGO", "0")
        // No diagnostic IPC pipes in TMPDIR: a killed host would leave them behind.
        .env("DOTNET_EnableDiagnostics", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| Error::io("starting the C# compile host", e))?;
    let started = Instant::now();
    let host_pid = child.id().unwrap_or(0);
    HOSTS.lock().unwrap().push(host_pid);
    let mut stdin = child.stdin.take().expect("piped");
    let stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let mut requests = String::new();
    let mut waiting: HashMap<String, (PathBuf, oneshot::Sender<BuildResult>)> = HashMap::new();
    for (i, (src, dll, tx)) in misses.into_iter().enumerate() {
        let id = i.to_string();
        requests.push_str(&serde_json::json!({"id": id, "src": src, "out": dll}).to_string());
        requests.push('\n');
        waiting.insert(id, (dll, tx));
    }
    let count = waiting.len();
    tokio::spawn(async move {
        let _ = stdin.write_all(requests.as_bytes()).await;
        // Closing stdin tells the host to finish and exit.
        drop(stdin);
    });
    let packages = packages.clone();
    tokio::spawn(async move {
        let mut lines = BufReader::new(stdout).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            let Ok(answer) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            let id = answer["id"].as_str().unwrap_or_default();
            if let Some((dll, tx)) = waiting.remove(id) {
                let diagnostics = answer["diagnostics"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                let result = if answer["ok"].as_bool() != Some(true) {
                    Err(diagnostics)
                } else if let Err(e) = super::nuget::place_beside(&packages, &dll) {
                    Err(format!(
                        "placing NuGet package dlls beside {}: {e}",
                        dll.display()
                    ))
                } else {
                    Ok(Built { dll, cached: false })
                };
                let _ = tx.send(result);
            }
        }
        let mut err = String::new();
        let _ = tokio::io::AsyncReadExt::read_to_string(&mut stderr, &mut err).await;
        let _ = child.wait().await;
        HOSTS.lock().unwrap().retain(|p| *p != host_pid);
        for (_, (_, tx)) in waiting.drain() {
            let _ = tx.send(Err(format!(
                "the C# compile host stopped before answering:\n{err}"
            )));
        }
        let _ = done_tx.send((count, started.elapsed()));
    });
    Ok(Batch { results, done })
}
