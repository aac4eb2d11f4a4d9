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
    pub lessons: BTreeMap<Spanned<String>, LessonSection>,
}

/// `[csharp]`: what the C# side of every card may use.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CsharpSection {
    /// NuGet packages (`"Newtonsoft.Json" = "13.0.3"`), restored once per set.
    #[serde(default)]
    pub packages: BTreeMap<String, String>,
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
            message: e.message().trim().to_string(),
        }
    })
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
