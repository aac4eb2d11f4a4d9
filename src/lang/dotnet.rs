//! Finding the .NET SDK: from the `dotnet` executable's folder, its newest SDK with Roslyn,
//! runtime and reference pack, without starting a process. Both the C# build and the NuGet
//! restore read it.
use std::path::{Path, PathBuf};

use super::which;
use crate::error::{Error, Result};

const INSTALL_HINT: &str = "install the .NET SDK 10 or newer (Debian: see https://learn.microsoft.com/dotnet/core/install/linux-debian), or pass --dotnet PATH / set MIRROR_DOTNET";

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
    find(requested).map_err(|e| e.naming_env_var("MIRROR_DOTNET", requested))
}

fn find(requested: &str) -> Result<Dotnet> {
    let missing = |detail: String| Error::MissingTool {
        tool: "dotnet",
        detail,
        hint: INSTALL_HINT,
    };
    let exe = which(requested).ok_or_else(|| {
        missing(if requested.contains('/') {
            format!("`{requested}` does not exist or is not executable")
        } else {
            format!("`{requested}` is not on PATH")
        })
    })?;
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
