//! The C# side: find the SDK's own Roslyn and reference pack (no process needed), build the
//! compile host once per SDK, and compile snippets through it, each to its own dll, into a
//! content-addressed cache. An unchanged snippet is never compiled twice.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use super::{cache_dir, compile, digest, make_entry};
use crate::error::{Error, Result};

/// The compile host's source, built with the SDK's csc on first use.
const HOST_SOURCE: &str = include_str!("../../harness/csharp/CompileHost.cs");

pub use super::dotnet::{resolve, Dotnet};

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

    /// The shared runtimeconfig every snippet dll runs with (written again whenever its
    /// text is not exactly this one's).
    pub fn runtime_config(&self) -> Result<PathBuf> {
        let path = cache_dir()
            .join("cs")
            .join(format!("runtimeconfig-{}.json", self.runtime_version));
        let text = format!(
            "{{\"runtimeOptions\":{{\"tfm\":\"{}\",\"framework\":{{\"name\":\"Microsoft.NETCore.App\",\"version\":\"{}\"}}}}}}\n",
            self.tfm, self.runtime_version
        );
        if std::fs::read(&path).ok().as_deref() != Some(text.as_bytes()) {
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
        if dir.exists() {
            // It runs outside any sandbox: never run one that changed since it was built.
            match super::cache::verify(&dir) {
                Ok(_) => return Ok(dll),
                Err(why) => {
                    eprintln!(
                        "mirror: cached compile host {} was modified; building it again ({why})",
                        dir.display()
                    );
                    let _ = std::fs::remove_dir_all(&dir);
                }
            }
        }
        make_entry(&dir, "the compile host", |tmp| {
            self.build_host(tmp)?;
            super::cache::seal(tmp).map_err(|e| Error::io("sealing the compile host", e))
        })?;
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
        cmd.arg(&src)
            .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
            .stdin(Stdio::null());
        let out = super::tool::output(&mut cmd)
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

pub use super::compile::kill_hosts;

/// The file name of every compiled snippet in its cache entry.
pub const DLL: &str = "snippet.dll";

/// A snippet's dll and what it cost.
#[derive(Debug, Clone)]
pub struct Built {
    pub dll: PathBuf,
    /// Every file of its cache entry (the dll and the package dlls beside it), checked
    /// against the entry's seal in this run.
    pub files: Vec<PathBuf>,
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

/// Starts compiling `sources` (course-relative to `root`, each with its compile time limit)
/// on the warm `host`; cached ones whose seal holds resolve at once, changed ones are
/// compiled again. `out_dir` is the cache (or a per-run folder with `--no-cache`).
pub fn build(
    dotnet: &Dotnet,
    host: &compile::Host,
    root: &Path,
    sources: &[(PathBuf, Duration)],
    out_dir: &Path,
    packages: &super::nuget::Packages,
) -> Result<Batch> {
    let fingerprint = digest([dotnet.fingerprint().as_bytes(), packages.key.as_bytes()]);
    let mut results = HashMap::new();
    let mut misses = Vec::new();
    for (src, limit) in sources {
        let (tx, rx) = oneshot::channel();
        results.insert(src.clone(), rx);
        let text = std::fs::read(root.join(src))
            .map_err(|e| Error::io(format!("reading {}", src.display()), e))?;
        let key = digest([fingerprint.as_bytes(), text.as_slice()]);
        let entry = out_dir.join(&key[..2]).join(&key);
        if entry.exists() {
            match super::cache::verify(&entry) {
                Ok(files) => {
                    let dll = entry.join(DLL);
                    super::cache::touch(&dll);
                    let _ = tx.send(Ok(Built {
                        dll,
                        files,
                        cached: true,
                    }));
                    continue;
                }
                Err(why) => {
                    eprintln!(
                        "mirror: cached build of {} was modified; compiled it again ({why})",
                        src.display()
                    );
                    let _ = std::fs::remove_dir_all(&entry);
                }
            }
        }
        misses.push((src.clone(), *limit, entry, tx));
    }
    let (done_tx, done) = oneshot::channel();
    if misses.is_empty() {
        let _ = done_tx.send((0, Duration::ZERO));
        return Ok(Batch { results, done });
    }
    let count = misses.len();
    let started = Instant::now();
    // The batch is done when its last snippet is answered.
    let left = std::sync::Arc::new(std::sync::Mutex::new((count, Some(done_tx))));
    for (src, limit, entry, tx) in misses {
        // Each snippet is built in a temp folder beside its entry, sealed, then moved in.
        let tmp = super::staging_beside(&entry, &src.display().to_string())?.keep();
        let packages = packages.clone();
        let left = left.clone();
        host.submit(compile::Request {
            src,
            out: tmp.join(DLL),
            limit,
            done: Box::new(move |answer| {
                let _ = tx.send(finish(answer, &tmp, &entry, &packages));
                if let Ok(mut left) = left.lock() {
                    left.0 -= 1;
                    if left.0 == 0 {
                        if let Some(done) = left.1.take() {
                            let _ = done.send((count, started.elapsed()));
                        }
                    }
                }
            }),
        });
    }
    Ok(Batch { results, done })
}

impl Dotnet {
    /// How to start this SDK's compile host (building its dll first if needed), for
    /// snippets under `root` compiled against `packages`.
    pub fn host_command(
        &self,
        root: &Path,
        packages: &super::nuget::Packages,
    ) -> Result<compile::HostCommand> {
        let mut args: Vec<std::ffi::OsString> = vec!["exec".into(), self.compile_host()?.into()];
        args.push(self.roslyn_dir.clone().into());
        args.push(self.ref_dir.clone().into());
        args.extend(packages.compile.iter().map(|p| p.clone().into()));
        Ok(compile::HostCommand {
            program: self.executable.clone(),
            args,
            cwd: root.to_path_buf(),
            env: vec![
                ("DOTNET_CLI_TELEMETRY_OPTOUT", "1"),
                ("DOTNET_TieredPGO", "0"),
                // No diagnostic IPC pipes in TMPDIR: a killed host would leave them behind.
                ("DOTNET_EnableDiagnostics", "0"),
            ],
        })
    }
}

/// Turns the host's answer for one snippet into its cache entry: the package dlls beside
/// the dll, the seal, then the folder moved into place (if another process's entry won the
/// race, that one is used). The temp folder is gone afterwards either way.
fn finish(
    answer: compile::Answer,
    tmp: &Path,
    entry: &Path,
    packages: &super::nuget::Packages,
) -> BuildResult {
    let result = answer.and_then(|_warnings| {
        // A host killed mid-write leaves its partial output (`snippet.dll.tmp...`) behind.
        for stray in std::fs::read_dir(tmp).into_iter().flatten().flatten() {
            if stray.file_name() != DLL {
                let _ = std::fs::remove_file(stray.path());
            }
        }
        let dll = tmp.join(DLL);
        super::nuget::place_beside(packages, &dll)
            .map_err(|e| format!("placing NuGet package dlls beside {}: {e}", dll.display()))?;
        super::cache::seal(tmp).map_err(|e| format!("sealing {}: {e}", tmp.display()))?;
        super::publish_dir(tmp, entry)
            .map_err(|e| format!("moving the build to {}: {e}", entry.display()))?;
        let files = super::cache::verify(entry)
            .map_err(|why| format!("the build in {} is not whole: {why}", entry.display()))?;
        Ok(Built {
            dll: entry.join(DLL),
            files,
            cached: false,
        })
    });
    let _ = std::fs::remove_dir_all(tmp);
    result
}
