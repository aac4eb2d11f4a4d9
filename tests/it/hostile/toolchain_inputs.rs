//! What a course hands to the toolchains that run on the host, outside any jail: the NuGet
//! restore's project and pip's requirements. Neither may become code of the course's
//! choosing (a red-team review ran `id` as root through both).
use crate::support::{stderr, Course};

const HELLO_PY: &str = "print('hello')\n";
const HELLO_CS: &str = "Console.WriteLine(\"hello\");\n";

fn hello() -> Course {
    Course::new()
        .py("01-a/hello.py", HELLO_PY)
        .cs("01-a/Hello.cs", HELLO_CS)
}

#[test]
fn a_nuget_version_cannot_add_msbuild_to_the_restore() {
    let c = hello();
    let canary = c.path().join("PWNED");
    // Closes the Version attribute, adds a target that runs before the restore, and stops
    // it (an empty local source: nothing is fetched even if it ran).
    let evil = format!(
        "1.0.0\" Condition=\"false\" /></ItemGroup><PropertyGroup><RestoreSources>{empty}</RestoreSources></PropertyGroup><Target Name=\"Pwn\" BeforeTargets=\"Restore\"><Exec Command=\"id &gt; {canary}\" /><Error Text=\"stop\" /></Target><ItemGroup><PackageReference Include=\"B\" Version=\"1.0.0",
        empty = c.path().join("empty-feed").display(),
        canary = canary.display(),
    );
    std::fs::create_dir_all(c.path().join("empty-feed")).unwrap();
    let c = c.manifest(&format!("[csharp]\npackages = {{ \"A\" = '{evil}' }}\n"));
    let out = c.run(&["run"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("course.toml:2:"), "{err}");
    assert!(err.contains("is not a NuGet version for A"), "{err}");
    assert!(!canary.exists(), "the course's MSBuild ran: {err}");
}

#[test]
fn requirements_may_not_carry_pip_options() {
    let c = hello().file(
        "harness/requirements.txt",
        "# packages\n--no-index\n--find-links ./wheels\nrtevil==1.0\n",
    );
    let out = c.run(&["run"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("requirements.txt:2:1:"), "{err}");
    assert!(
        err.contains("`--no-index`: pip options are not allowed"),
        "{err}"
    );
}

#[test]
fn a_source_distribution_never_builds_on_the_host() {
    // A package found only as an sdist whose in-tree build backend writes a canary: pip
    // would run it, as the user, while making the course's venv.
    let c = hello().file("harness/requirements.txt", "rtevil==1.0\n");
    let canary = c.path().join("PWNED");
    let src = c.path().join("sdist/rtevil-1.0");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(
        src.join("PKG-INFO"),
        "Metadata-Version: 2.1\nName: rtevil\nVersion: 1.0\n",
    )
    .unwrap();
    std::fs::write(
        src.join("pyproject.toml"),
        "[build-system]\nrequires = []\nbuild-backend = \"rtbackend\"\nbackend-path = [\".\"]\n[project]\nname = \"rtevil\"\nversion = \"1.0\"\n",
    )
    .unwrap();
    std::fs::write(
        src.join("rtbackend.py"),
        format!(
            "open({:?}, 'w').write('built')\ndef build_wheel(*a, **k):\n    raise SystemExit('stop')\ndef get_requires_for_build_wheel(*a, **k):\n    return []\n",
            canary.display().to_string()
        ),
    )
    .unwrap();
    let feed = c.path().join("feed");
    std::fs::create_dir_all(&feed).unwrap();
    let tar = std::process::Command::new("tar")
        .arg("-czf")
        .arg(feed.join("rtevil-1.0.tar.gz"))
        .arg("-C")
        .arg(c.path().join("sdist"))
        .arg("rtevil-1.0")
        .status()
        .unwrap();
    assert!(tar.success());
    let out = c
        .cmd(&["run"])
        .env("PIP_NO_INDEX", "1")
        .env("PIP_FIND_LINKS", &feed)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("wheels only"), "{err}");
    assert!(!canary.exists(), "the sdist's build backend ran: {err}");
}
