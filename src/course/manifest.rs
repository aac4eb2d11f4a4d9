//! `harness/course.toml`: the optional, strict overrides of a course (titles, summaries,
//! per-pair settings). Unknown keys and bad values are errors with file, line and column.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Deserializer};
use toml::Spanned;

use crate::compare::normalize::Filter;
use crate::error::{Error, Result};

/// The whole `course.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Manifest {
    #[serde(default)]
    pub course: CourseSection,
    #[serde(default)]
    pub csharp: CsharpSection,
    #[serde(default)]
    pub python: PythonSection,
    #[serde(default)]
    pub lessons: BTreeMap<Spanned<String>, LessonSection>,
}

/// `[csharp]`: what the C# side of every card may use.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CsharpSection {
    /// NuGet packages (`"Newtonsoft.Json" = "13.0.3"`), restored once per set.
    #[serde(default, deserialize_with = "nuget_packages")]
    pub packages: BTreeMap<String, String>,
}

/// `[python]`: what the Python side needs.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PythonSection {
    /// The oldest Python the course runs on: `requires = ">=3.11"` (the default).
    #[serde(default, deserialize_with = "min_version")]
    pub requires: Option<MinVersion>,
}

/// A lowest version, `>=3.11` in `course.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MinVersion(pub [u32; 3]);

impl MinVersion {
    /// What a course needs when its manifest does not say: Python 3.11.
    pub const PYTHON_DEFAULT: MinVersion = MinVersion([3, 11, 0]);

    /// `>=3.11`, `>= 3.11.2` (the `>=` is required: only a lowest version is supported).
    pub fn parse(text: &str) -> Result<MinVersion, String> {
        let bad = || {
            format!("bad version requirement `{text}`: expected a lowest version, as in \">=3.11\"")
        };
        let v = text.trim().strip_prefix(">=").ok_or_else(bad)?;
        Self::of(v.trim()).ok_or_else(bad)
    }

    /// Reads `3.11`, `3.11.7`, `2.7.18`, `10.0.401` (extra parts and suffixes ignored).
    pub fn of(version: &str) -> Option<MinVersion> {
        let mut parts = [0u32; 3];
        let mut n = 0;
        for (i, p) in version.split('.').take(3).enumerate() {
            let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
            parts[i] = digits.parse().ok()?;
            n += 1;
        }
        (n >= 1).then_some(MinVersion(parts))
    }
}

impl std::fmt::Display for MinVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let [a, b, c] = self.0;
        if c == 0 {
            write!(f, "{a}.{b}")
        } else {
            write!(f, "{a}.{b}.{c}")
        }
    }
}

fn min_version<'de, D: Deserializer<'de>>(d: D) -> Result<Option<MinVersion>, D::Error> {
    let text = String::deserialize(d)?;
    MinVersion::parse(&text)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

/// `[csharp] packages`: each id as NuGet allows it (letters, digits, `_`, `.`, `-`, at most
/// 100 characters) and each version a NuGet version or range (`13.0.3`, `1.*`,
/// `[1.0,2.0)`). They go into the project `dotnet restore` reads, which runs on the host:
/// nothing else may reach it (a `"` in a version would end the attribute and let the course
/// add its own MSBuild targets).
fn nuget_packages<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    let packages = BTreeMap::<String, String>::deserialize(d)?;
    for (id, version) in &packages {
        check_nuget_package(id, version).map_err(serde::de::Error::custom)?;
    }
    Ok(packages)
}

/// Checks one `[csharp] packages` entry: a NuGet id and version, nothing that could
/// become XML of its own in the restore project.
fn check_nuget_package(id: &str, version: &str) -> Result<(), String> {
    let id_ok = !id.is_empty()
        && id.len() <= 100
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        && !id.starts_with(['.', '-'])
        && !id.ends_with(['.', '-']);
    if !id_ok {
        return Err(format!(
            "`{}` is not a NuGet package id (letters, digits, `_`, `.` and `-`, as in \"Newtonsoft.Json\")",
            id.escape_debug()
        ));
    }
    let version_ok = !version.trim().is_empty()
        && version.len() <= 64
        && version.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '*' | '[' | ']' | '(' | ')' | ',' | ' ')
        });
    if !version_ok {
        return Err(format!(
            "`{}` is not a NuGet version for {id} (a version such as \"13.0.3\", or a range such as \"[1.0,2.0)\")",
            version.escape_debug()
        ));
    }
    Ok(())
}

/// `[course]`: settings for every pair.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CourseSection {
    pub title: Option<String>,
    /// Default wall-clock limit for one side of a pair.
    #[serde(default, deserialize_with = "duration")]
    pub timeout: Option<Duration>,
    /// Disk quota for one side (the jail's private tmpfs), e.g. `"256M"`.
    #[serde(default, deserialize_with = "size")]
    pub disk: Option<u64>,
}

/// `[lessons.NN-slug]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LessonSection {
    pub title: Option<String>,
    #[serde(default)]
    pub pairs: BTreeMap<Spanned<String>, PairSection>,
}

/// `[lessons.NN-slug.pairs.name]`: everything a pair may override.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PairSection {
    /// The card's sentence, shown by `mirror list`.
    pub summary: Option<String>,
    /// A hint for a learner whose version differs (practice mode).
    pub trap: Option<String>,
    #[serde(default, deserialize_with = "duration")]
    pub timeout: Option<Duration>,
    /// Text fed to both sides on stdin.
    pub stdin: Option<String>,
    /// Course-relative files copied beside the snippet, with their place in the manifest
    /// (discovery refuses any that leaves the course).
    #[serde(default)]
    pub data: Vec<Spanned<PathBuf>>,
    #[serde(default)]
    pub expect_exit: ExpectExit,
    /// Opt-in normalisations, applied in order after CRLF -> LF.
    #[serde(default)]
    pub normalize: Vec<NormalizeName>,
    /// Regex replacements applied to both outputs (after `normalize`).
    #[serde(default)]
    pub replace: Vec<Replace>,
    /// Services the pair needs (`"http"`: the loopback fixture server).
    #[serde(default)]
    pub fixtures: Vec<Fixture>,
    /// A snippet with no partner on purpose: run, but not compared.
    #[serde(default)]
    pub one_sided: bool,
}

/// What exit code counts as success for both sides.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExpectExit {
    #[default]
    Zero,
    Nonzero,
}

/// Named normalisations a pair can opt into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NormalizeName {
    TrailingWhitespace,
    UnorderedLines,
}

/// Services `mirror` starts for the pairs that ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fixture {
    Http,
}

/// `{ pattern = "...", with = "..." }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replace {
    #[serde(deserialize_with = "regex")]
    pub pattern: regex::bytes::Regex,
    pub with: String,
}

impl PairSection {
    /// The ordered list of filters this pair's outputs go through.
    pub fn filters(&self) -> Vec<Filter> {
        let mut filters: Vec<Filter> = self
            .normalize
            .iter()
            .map(|n| match n {
                NormalizeName::TrailingWhitespace => Filter::TrailingWhitespace,
                NormalizeName::UnorderedLines => Filter::UnorderedLines,
            })
            .collect();
        filters.extend(
            self.replace
                .iter()
                .map(|r| Filter::Replace(r.pattern.clone(), r.with.clone())),
        );
        filters
    }
}

fn duration<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    let text = String::deserialize(d)?;
    parse_duration(&text)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

fn size<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let text = String::deserialize(d)?;
    parse_size(&text)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

fn regex<'de, D: Deserializer<'de>>(d: D) -> Result<regex::bytes::Regex, D::Error> {
    let text = String::deserialize(d)?;
    regex::bytes::Regex::new(&text).map_err(|e| serde::de::Error::custom(format!("bad regex: {e}")))
}

/// Parses `512M`, `1G`, `1048576`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (num, mult) = match t.char_indices().last() {
        Some((i, 'k' | 'K')) => (&t[..i], 1u64 << 10),
        Some((i, 'm' | 'M')) => (&t[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&t[..i], 1 << 30),
        _ => (t, 1),
    };
    let n: u64 = num
        .parse()
        .map_err(|_| format!("bad size `{text}`: expected a number with K, M or G, as in 512M"))?;
    n.checked_mul(mult)
        .filter(|v| *v > 0)
        .ok_or_else(|| format!("bad size `{text}`"))
}

/// Parses `"500ms"`, `"10s"`, `"2m"`.
pub fn parse_duration(text: &str) -> std::result::Result<Duration, String> {
    let text = text.trim();
    // humantime reads "10s", "500ms", "1m 30s"; it refuses decimals ("1.5s"), which
    // course files use, so a plain number with one unit is read here as well.
    let parsed = humantime::parse_duration(text).ok().or_else(|| {
        let split = text.find(|c: char| !c.is_ascii_digit() && c != '.')?;
        let (number, unit) = text.split_at(split);
        let value: f64 = number.parse().ok()?;
        let seconds = match unit {
            "ms" => value / 1000.0,
            "s" => value,
            "m" => value * 60.0,
            _ => return None,
        };
        Duration::try_from_secs_f64(seconds).ok()
    });
    let Some(duration) = parsed else {
        return Err(format!(
            "bad duration `{text}`: expected a number and a unit, as in \"10s\", \"1.5s\" or \"500ms\""
        ));
    };
    if duration.is_zero() || duration >= Duration::from_secs(86_400) {
        return Err(format!(
            "bad duration `{text}`: must be above zero and under a day"
        ));
    }
    Ok(duration)
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

/// Reads and checks a manifest file.
pub fn load(path: &Path) -> Result<Manifest> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
    parse(path, &text)
}

/// Parses manifest text; `path` is only used in error messages.
pub fn parse(path: &Path, text: &str) -> Result<Manifest> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        Error::Manifest {
            path: path.to_path_buf(),
            line,
            column,
            message: with_suggestion(e.message().trim()),
        }
    })
}

/// serde's "unknown field `sumary`, expected one of `summary`, ..." with the nearest key
/// named: "...; did you mean `summary`?".
fn with_suggestion(message: &str) -> String {
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message.to_string();
    };
    let Some((typed, expected)) = rest.split_once('`') else {
        return message.to_string();
    };
    let candidates = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(String::from)
        .collect::<Vec<_>>();
    match crate::course::filter::nearest(typed, candidates) {
        Some(key) => format!("{message}; did you mean `{key}`?"),
        None => message.to_string(),
    }
}

/// An error at the place `span` covers in a manifest.
pub fn error_at(path: &Path, text: &str, span: std::ops::Range<usize>, message: String) -> Error {
    let (line, column) = line_col(text, span.start);
    Error::Manifest {
        path: path.to_path_buf(),
        line,
        column,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse(Path::new("course.toml"), text)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn nuget_packages_are_ids_and_versions_only() {
        let ok = parse(
            Path::new("c.toml"),
            "[csharp]\npackages = { \"Newtonsoft.Json\" = \"13.0.3\", \"xunit.v3.core.mtp-off\" = \"4.0.2\", \"A_b\" = \"[1.0,2.0)\", \"C\" = \"1.*\", \"D\" = \"1.0.0-beta.2+sha\" }\n",
        )
        .unwrap();
        assert_eq!(ok.csharp.packages.len(), 5);
        // A version that would close the XML attribute and add a target to the project.
        let e = err("[csharp]\npackages = { \"X\" = '1.0.0\" /><Target Name=\"T\" BeforeTargets=\"Restore\"><Exec Command=\"id\" /></Target><X Y=\"' }\n");
        assert!(e.starts_with("course.toml:2:"), "{e}");
        assert!(e.contains("is not a NuGet version for X"), "{e}");
        for id in ["A\\\"B", "A<B", "A B", ".A", "A-", "", "A&amp;"] {
            let text = format!("[csharp]\npackages = {{ \"{id}\" = \"1.0\" }}\n");
            let e = err(&text);
            assert!(e.contains("is not a NuGet package id"), "{id}: {e}");
        }
        for version in ["1.0<", "1.0&", "", " ", "1.0'"] {
            let text = format!("[csharp]\npackages = {{ \"A\" = \"{version}\" }}\n");
            assert!(err(&text).contains("is not a NuGet version"), "{version}");
        }
    }

    #[test]
    fn empty_manifest_is_fine() {
        let m = parse(Path::new("c.toml"), "").unwrap();
        assert!(m.lessons.is_empty());
    }

    #[test]
    fn full_pair_parses() {
        let m = parse(
            Path::new("c.toml"),
            r#"
[course]
title = "C# to Python"
timeout = "5s"

[lessons.07-async-programming]
title = "Async Programming"

[lessons.07-async-programming.pairs.gather]
summary = "gather keeps order"
trap = "results are in argument order"
timeout = "500ms"
stdin = "hi\n"
data = ["harness/fixtures/data/x.csv"]
expect-exit = "nonzero"
normalize = ["trailing-whitespace", "unordered-lines"]
replace = [{ pattern = "0x[0-9a-f]+", with = "ADDR" }]
fixtures = ["http"]
"#,
        )
        .unwrap();
        assert_eq!(m.course.timeout, Some(Duration::from_secs(5)));
        let lesson = m.lessons.values().next().unwrap();
        let pair = lesson.pairs.values().next().unwrap();
        assert_eq!(pair.timeout, Some(Duration::from_millis(500)));
        assert_eq!(pair.expect_exit, ExpectExit::Nonzero);
        assert_eq!(pair.filters().len(), 3);
        assert_eq!(pair.fixtures, vec![Fixture::Http]);
    }

    #[test]
    fn unknown_key_names_line_and_key() {
        let e = err("[lessons.01-intro.pairs.hello]\nsummary = \"x\"\ntimout = \"1s\"\n");
        assert!(e.starts_with("course.toml:3:1:"), "{e}");
        assert!(e.contains("timout"), "{e}");
    }

    #[test]
    fn unknown_keys_get_the_nearest_name() {
        let e = err("[lessons.01-intro.pairs.hello]\nsumary = \"x\"\n");
        assert!(e.contains("did you mean `summary`?"), "{e}");
        let e = err("[corse]\ntitle = \"x\"\n");
        assert!(e.contains("did you mean `course`?"), "{e}");
        let e = err("[lessons.01-intro.pairs.hello]\nzzzz = \"x\"\n");
        assert!(!e.contains("did you mean"), "{e}");
    }

    #[test]
    fn python_requirement() {
        let m = parse(Path::new("c.toml"), "[python]\nrequires = \">=3.12\"\n").unwrap();
        assert_eq!(m.python.requires, Some(MinVersion([3, 12, 0])));
        assert!(MinVersion::of("2.7.18").unwrap() < MinVersion::PYTHON_DEFAULT);
        assert!(MinVersion::of("3.11.7").unwrap() >= MinVersion::PYTHON_DEFAULT);
        assert!(MinVersion::of("3.13.0rc1").unwrap() >= MinVersion::PYTHON_DEFAULT);
        assert_eq!(MinVersion::PYTHON_DEFAULT.to_string(), "3.11");
        let e = err("[python]\nrequires = \"3.11\"\n");
        assert!(
            e.starts_with("course.toml:2:") && e.contains("lowest version"),
            "{e}"
        );
    }

    #[test]
    fn bad_values_name_their_line() {
        let e = err("[course]\ntimeout = \"ten seconds\"\n");
        assert!(e.starts_with("course.toml:2:"), "{e}");
        assert!(e.contains("bad duration"), "{e}");
        let e = err("[lessons.01-a.pairs.b]\nexpect-exit = \"sometimes\"\n");
        assert!(e.starts_with("course.toml:2:"), "{e}");
        let e = err("[lessons.01-a.pairs.b]\nreplace = [{ pattern = \"(\", with = \"\" }]\n");
        assert!(e.contains("bad regex"), "{e}");
        let e = err("[lessons.01-a.pairs.b]\nnormalize = [\"sort\"]\n");
        assert!(e.starts_with("course.toml:2:"), "{e}");
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let e = err("[course]\ntitle = \n");
        assert!(e.starts_with("course.toml:2:"), "{e}");
    }

    #[test]
    fn readme_example_parses() {
        let readme = include_str!("../../README.md");
        let start = readme
            .find("<!-- course-toml-example -->")
            .expect("marker in README");
        let block = &readme[start..];
        let body = &block[block.find("```toml\n").expect("toml block") + 8..];
        let body = &body[..body.find("```").expect("closing fence")];
        let m = parse(Path::new("README.md"), body).unwrap();
        let pair = m
            .lessons
            .values()
            .next()
            .unwrap()
            .pairs
            .values()
            .next()
            .unwrap();
        assert_eq!(pair.fixtures, vec![Fixture::Http]);
        assert_eq!(pair.filters().len(), 3);
    }

    #[test]
    fn course_disk_quota_is_a_size() {
        let m = parse(Path::new("course.toml"), "[course]\ndisk = \"100M\"\n").unwrap();
        assert_eq!(m.course.disk, Some(100 << 20));
        let e = err("[course]\ndisk = \"a lot\"\n");
        assert!(e.contains("course.toml:2:"), "{e}");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("1m 30s"), Ok(Duration::from_secs(90)));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("10").is_err());
        assert!(parse_duration("s").is_err());
    }
}
