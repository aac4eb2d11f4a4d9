//! NuGet packages a course's C# cards use, declared once in `course.toml` (`[csharp]
//! packages`), restored once per package set with the SDK (never per snippet), and handed
//! to the compile host as references and to every snippet as app-local dlls.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use super::dotnet::Dotnet;
use super::{cache_dir, digest, make_entry};
use crate::error::{Error, Result};

/// A restored package set.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Packages {
    /// Identifies the set (part of every compiled snippet's cache key).
    pub key: String,
    /// Reference assemblies the compiler needs.
    pub compile: Vec<PathBuf>,
    /// Implementation assemblies placed beside every snippet dll.
    pub runtime: Vec<PathBuf>,
}

/// The project `dotnet restore` reads. `course.toml` allows only NuGet ids and versions
/// (checked as the manifest is read); they are escaped for XML here as well, so
/// that nothing of the course can become MSBuild of its own.
fn project(packages: &BTreeMap<String, String>, tfm: &str) -> String {
    let attr = |s: &str| {
        let mut out = String::new();
        let _ = pulldown_cmark_escape::escape_html(&mut out, s);
        out
    };
    let refs: String = packages
        .iter()
        .map(|(id, version)| {
            format!(
                "    <PackageReference Include=\"{}\" Version=\"{}\" />\n",
                attr(id),
                attr(version)
            )
        })
        .collect();
    format!(
        "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>{tfm}</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n{refs}  </ItemGroup>\n</Project>\n"
    )
}

/// Restores `packages` (once per set and SDK; cached) and lists their assemblies.
pub fn restore(
    dotnet: &Dotnet,
    packages: &BTreeMap<String, String>,
    say: &dyn Fn(&str),
) -> Result<Packages> {
    let text = project(packages, &dotnet.tfm);
    let key = digest([
        b"mirror-nuget-v1".as_slice(),
        dotnet.sdk_version.as_bytes(),
        text.as_bytes(),
    ]);
    let dir = cache_dir().join("nuget").join(&key[..16]);
    let resolved = dir.join("resolved.json");
    if let Some(p) = std::fs::read(&resolved)
        .ok()
        .and_then(|b| serde_json::from_slice::<Packages>(&b).ok())
    {
        if p.runtime.iter().chain(&p.compile).all(|f| f.is_file()) {
            return Ok(p);
        }
    }
    let names: Vec<String> = packages.iter().map(|(i, v)| format!("{i} {v}")).collect();
    say(&format!(
        "restoring NuGet packages for the course: {} (once per package set)",
        names.join(", ")
    ));
    let mut restored = Packages::default();
    make_entry(&dir, "the NuGet restore", |tmp| {
        std::fs::write(tmp.join("restore.csproj"), &text)
            .map_err(|e| Error::io("writing restore.csproj", e))?;
        let mut restore = std::process::Command::new(&dotnet.executable);
        restore
            .args(["restore", "restore.csproj", "-nodeReuse:false", "--nologo"])
            .current_dir(tmp)
            .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
            .env("DOTNET_NOLOGO", "1")
            .stdin(Stdio::null());
        let out = super::tool::output(&mut restore)
            .map_err(|e| Error::io("running dotnet restore", e))?;
        if !out.status.success() {
            let all = String::from_utf8_lossy(&out.stdout);
            let errors: Vec<&str> = all.lines().filter(|l| l.contains("error")).collect();
            return Err(Error::Toolchain(format!(
                "restoring the course's NuGet packages ({}) failed:\n    {}\n  check [csharp] packages in harness/course.toml (name and version must exist on your NuGet source)",
                names.join(", "),
                if errors.is_empty() { all.trim().to_string() } else { errors.join("\n    ") }
            )));
        }
        let assets = tmp.join("obj/project.assets.json");
        let mut resolved_set = read_assets(&assets, &dotnet.tfm)?;
        resolved_set.key = key;
        std::fs::write(
            tmp.join("resolved.json"),
            serde_json::to_vec_pretty(&resolved_set).expect("json"),
        )
        .map_err(|e| Error::io("writing resolved.json", e))?;
        restored = resolved_set;
        Ok(())
    })?;
    Ok(restored)
}

/// Reads compile and runtime assemblies of every package from `project.assets.json`.
fn read_assets(path: &Path, tfm: &str) -> Result<Packages> {
    let text =
        std::fs::read(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
    let doc: serde_json::Value = serde_json::from_slice(&text)
        .map_err(|e| Error::Toolchain(format!("{}: {e}", path.display())))?;
    let folder = doc["packageFolders"]
        .as_object()
        .and_then(|f| f.keys().next())
        .map(PathBuf::from)
        .ok_or_else(|| Error::Toolchain(format!("{}: no package folder", path.display())))?;
    let mut packages = Packages::default();
    let Some(targets) = doc["targets"][tfm].as_object() else {
        return Ok(packages);
    };
    for (name, target) in targets {
        let Some(lib_path) = doc["libraries"][name]["path"].as_str() else {
            continue;
        };
        let base = folder.join(lib_path);
        let files = |kind: &str| -> Vec<PathBuf> {
            target[kind]
                .as_object()
                .map(|m| {
                    m.keys()
                        .filter(|k| k.ends_with(".dll"))
                        .map(|k| base.join(k))
                        .collect()
                })
                .unwrap_or_default()
        };
        packages.compile.extend(files("compile"));
        packages.runtime.extend(files("runtime"));
    }
    packages.compile.sort();
    packages.runtime.sort();
    Ok(packages)
}

/// Puts the package dlls beside a compiled snippet (hard links where possible).
pub fn place_beside(packages: &Packages, dll: &Path) -> std::io::Result<()> {
    gather(&packages.runtime, dll.parent().expect("dll has a folder"))
}

/// Puts the dlls `runtime` in the folder `dir` (made if need be), hard links where
/// possible.
pub fn gather(runtime: &[PathBuf], dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for src in runtime {
        let dest = dir.join(src.file_name().expect("file name"));
        if !dest.exists() && std::fs::hard_link(src, &dest).is_err() {
            std::fs::copy(src, &dest)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_lists_every_package() {
        let mut p = BTreeMap::new();
        p.insert("Newtonsoft.Json".to_string(), "13.0.3".to_string());
        let text = project(&p, "net10.0");
        assert!(text.contains("<TargetFramework>net10.0</TargetFramework>"));
        assert!(
            text.contains("<PackageReference Include=\"Newtonsoft.Json\" Version=\"13.0.3\" />")
        );
    }

    #[test]
    fn project_escapes_what_it_is_given() {
        let mut p = BTreeMap::new();
        p.insert("A".to_string(), "1.0\" /><Target Name=\"T\" />".to_string());
        let text = project(&p, "net10.0");
        assert!(!text.contains("<Target Name"), "{text}");
        assert!(text.contains("Version=\"1.0&quot; /&gt;&lt;Target"), "{text}");
    }

    #[test]
    fn assets_give_compile_and_runtime_dlls() {
        let dir = tempfile::tempdir().unwrap();
        let assets = dir.path().join("a.json");
        std::fs::write(
            &assets,
            r#"{"packageFolders": {"/pkgs/": {}},
                "libraries": {"Newtonsoft.Json/13.0.3": {"path": "newtonsoft.json/13.0.3"}},
                "targets": {"net10.0": {"Newtonsoft.Json/13.0.3": {
                    "compile": {"lib/net6.0/Newtonsoft.Json.dll": {}},
                    "runtime": {"lib/net6.0/Newtonsoft.Json.dll": {}, "lib/_._": {}}}}}}"#,
        )
        .unwrap();
        let p = read_assets(&assets, "net10.0").unwrap();
        assert_eq!(
            p.compile,
            [PathBuf::from(
                "/pkgs/newtonsoft.json/13.0.3/lib/net6.0/Newtonsoft.Json.dll"
            )]
        );
        assert_eq!(p.runtime.len(), 1);
    }
}
