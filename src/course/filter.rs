//! Command-line filters and the pairs they select. A filter is a lesson (`7`,
//! `07-async-programming`, `async-programming`), a lesson and pair (`7/gather`), a bare pair
//! name (`gather`), a course file (`examples-py/07-async-programming/gather.py`) or a glob of
//! either part (`7/*`, `*/gather`). A [`Selector`] adds `-k SUBSTRING` and `--skip FILTER`.
//! A filter that selects nothing is an error, with the nearest name when one is close.
use super::{pair_key, Course, Lesson, Pair};
use crate::error::{Error, Result};

/// One parsed filter argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// None: a bare word that names a lesson or, failing that, a pair in any lesson.
    lesson: Option<LessonRef>,
    pair: Option<PairRef>,
    text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum LessonRef {
    Number(u32),
    Folder(String),
    Glob(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum PairRef {
    /// Normalised by the pairing rule ([`pair_key`]).
    Key(String),
    Glob(String),
}

fn is_glob(text: &str) -> bool {
    text.contains(['*', '?'])
}

/// `*` (any run of characters) and `?` (one character), over the whole text.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

fn strip_source_ext(p: &str) -> &str {
    p.strip_suffix(".py").or(p.strip_suffix(".cs")).unwrap_or(p)
}

impl Filter {
    pub fn parse(text: &str) -> Result<Filter> {
        let bad = || {
            Error::Usage(format!(
                "bad filter `{text}`: expected a lesson (`7`, `07-async-programming`), lesson/pair (`7/gather`), a pair (`gather`), a course file or a glob (`7/*`)"
            ))
        };
        // A course file: what follows `examples-py/` or `examples-cs/` is lesson/file.
        let path = text.replace('\\', "/");
        let parts: Vec<&str> = path
            .split('/')
            .filter(|s| !s.is_empty() && *s != ".")
            .collect();
        let rel: Vec<&str> = match parts
            .iter()
            .position(|s| *s == super::discover::PY_DIR || *s == super::discover::CS_DIR)
        {
            Some(i) => parts[i + 1..].to_vec(),
            None => parts,
        };
        let (lesson, pair) = match rel.as_slice() {
            [one] => (*one, None),
            [lesson, pair] => (*lesson, Some(*pair)),
            _ => return Err(bad()),
        };
        let pair = pair.map(strip_source_ext).map(|p| {
            if is_glob(p) {
                PairRef::Glob(p.to_string())
            } else {
                PairRef::Key(pair_key(p))
            }
        });
        let lesson = if is_glob(lesson) {
            Some(LessonRef::Glob(lesson.to_string()))
        } else if let Ok(n) = lesson.parse::<u32>() {
            Some(LessonRef::Number(n))
        } else if pair.is_none() {
            // `gather` or `async-programming`: decided against the course in `select`.
            None
        } else {
            Some(LessonRef::Folder(lesson.to_string()))
        };
        Ok(Filter {
            lesson,
            pair,
            text: text.to_string(),
        })
    }

    /// The text as typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    fn matches_lesson_ref(r: &LessonRef, l: &Lesson) -> bool {
        match r {
            LessonRef::Number(n) => *n == l.number,
            LessonRef::Folder(f) => {
                *f == l.id || l.id.split_once('-').is_some_and(|(_, slug)| slug == f)
            }
            LessonRef::Glob(g) => {
                glob_match(g, &l.id)
                    || l.id
                        .split_once('-')
                        .is_some_and(|(_, slug)| glob_match(g, slug))
                    || glob_match(g, &l.number.to_string())
            }
        }
    }

    fn matches_pair_ref(r: &PairRef, p: &Pair) -> bool {
        match r {
            PairRef::Key(k) => *k == p.key,
            PairRef::Glob(g) => glob_match(g, &p.name) || glob_match(g, &p.key),
        }
    }

    /// The bare word, when the filter is one (`gather`, `async-programming`).
    fn bare(&self) -> Option<&str> {
        match (&self.lesson, &self.pair) {
            (None, None) => Some(self.text.trim_matches('/')),
            _ => None,
        }
    }

    /// Whether a bare word names a lesson of this course (else it names pairs).
    fn bare_is_lesson(&self, course: &Course) -> bool {
        self.bare().is_some_and(|w| {
            let r = LessonRef::Folder(w.to_string());
            course
                .lessons
                .iter()
                .any(|l| Self::matches_lesson_ref(&r, l))
        })
    }

    fn matches(&self, course_has_lesson: bool, l: &Lesson, p: &Pair) -> bool {
        if let Some(word) = self.bare() {
            return if course_has_lesson {
                Self::matches_lesson_ref(&LessonRef::Folder(word.to_string()), l)
            } else {
                p.key == pair_key(strip_source_ext(word))
            };
        }
        self.lesson
            .as_ref()
            .is_none_or(|r| Self::matches_lesson_ref(r, l))
            && self
                .pair
                .as_ref()
                .is_none_or(|r| Self::matches_pair_ref(r, p))
    }

    /// The nearest thing the course has to what this filter names, as a filter to type.
    fn suggestion(&self, course: &Course) -> Option<String> {
        let lessons = || course.lessons.iter();
        let (typed, candidates): (String, Vec<String>) = match (&self.lesson, &self.pair) {
            (None, _) => {
                let word = self.bare().unwrap_or_default().to_string();
                let mut c: Vec<String> = lessons()
                    .filter_map(|l| l.id.split_once('-').map(|(_, s)| s.to_string()))
                    .collect();
                c.extend(lessons().flat_map(|l| l.pairs.iter().map(|p| p.name.clone())));
                (word, c)
            }
            (Some(r), Some(PairRef::Key(_)))
                if lessons().any(|l| Self::matches_lesson_ref(r, l)) =>
            {
                let in_lesson: Vec<&Lesson> = lessons()
                    .filter(|l| Self::matches_lesson_ref(r, l))
                    .collect();
                let (lesson_text, pair_text) = self.text.rsplit_once('/')?;
                let best = nearest(
                    strip_source_ext(pair_text),
                    in_lesson
                        .iter()
                        .flat_map(|l| l.pairs.iter().map(|p| p.name.clone())),
                )?;
                return Some(format!("{lesson_text}/{best}"));
            }
            (Some(LessonRef::Folder(f)), _) => (
                f.clone(),
                lessons()
                    .flat_map(|l| {
                        [l.id.clone()]
                            .into_iter()
                            .chain(l.id.split_once('-').map(|(_, s)| s.to_string()))
                    })
                    .collect(),
            ),
            _ => return None,
        };
        nearest(&typed, candidates)
    }
}

/// The candidate closest to `typed` (Jaro-Winkler, as cargo and clap suggest), if close.
pub fn nearest(typed: &str, candidates: impl IntoIterator<Item = String>) -> Option<String> {
    let typed_key = pair_key(typed);
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&typed_key, &pair_key(&c)), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Every way a command selects pairs: filters (any), `-k` substrings (any), `--skip` filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selector {
    filters: Vec<Filter>,
    keywords: Vec<String>,
    skip: Vec<Filter>,
}

impl Selector {
    /// Parses filter arguments, `-k` substrings and `--skip` filters.
    pub fn parse(filters: &[String], keywords: &[String], skip: &[String]) -> Result<Selector> {
        let parse = |v: &[String]| {
            v.iter()
                .map(|f| Filter::parse(f))
                .collect::<Result<Vec<_>>>()
        };
        Ok(Selector {
            filters: parse(filters)?,
            keywords: keywords.to_vec(),
            skip: parse(skip)?,
        })
    }

    /// True when no filter was given (`-k` and `--skip` aside).
    pub fn is_empty(&self) -> bool {
        self.filters.is_empty()
    }
}

impl From<Vec<Filter>> for Selector {
    fn from(filters: Vec<Filter>) -> Self {
        Selector {
            filters,
            ..Default::default()
        }
    }
}

/// The pairs a run works on, in course order.
#[derive(Debug)]
pub struct Selection<'c> {
    pub pairs: Vec<&'c Pair>,
}

fn no_match(course: &Course, f: &Filter) -> Error {
    match f.suggestion(course) {
        Some(s) => Error::Usage(format!(
            "filter `{}` matches no lesson or pair; did you mean `{s}`? (see `mirror list`)",
            f.text
        )),
        None => Error::NoMatch(f.text.clone()),
    }
}

/// Applies a selector; no filter selects everything. A filter (or `--skip`) that matches
/// nothing is an error, and so is a `-k` that leaves nothing.
pub fn select<'c>(course: &'c Course, selector: &Selector) -> Result<Selection<'c>> {
    let resolved = |fs: &[Filter]| -> Result<Vec<(bool, Filter)>> {
        fs.iter()
            .map(|f| {
                let lesson = f.bare_is_lesson(course);
                let hit = course
                    .lessons
                    .iter()
                    .any(|l| l.pairs.iter().any(|p| f.matches(lesson, l, p)));
                if hit {
                    Ok((lesson, f.clone()))
                } else {
                    Err(no_match(course, f))
                }
            })
            .collect()
    };
    let filters = resolved(&selector.filters)?;
    let skip = resolved(&selector.skip)?;
    let pairs: Vec<&Pair> = course
        .lessons
        .iter()
        .flat_map(|l| l.pairs.iter().map(move |p| (l, p)))
        .filter(|(l, p)| filters.is_empty() || filters.iter().any(|(b, f)| f.matches(*b, l, p)))
        .filter(|(l, p)| !skip.iter().any(|(b, f)| f.matches(*b, l, p)))
        .filter(|(_, p)| {
            selector.keywords.is_empty()
                || selector
                    .keywords
                    .iter()
                    .any(|k| p.id().contains(k.as_str()))
        })
        .map(|(_, p)| p)
        .collect();
    if pairs.is_empty() && !selector.keywords.is_empty() {
        let ks: Vec<String> = selector
            .keywords
            .iter()
            .map(|k| format!("`-k {k}`"))
            .collect();
        return Err(Error::Usage(format!(
            "{}: no pair id of this selection contains it (see `mirror list`)",
            ks.join(", ")
        )));
    }
    Ok(Selection { pairs })
}

/// A stable 1/N slice of pairs for CI sharding (`--partition K/N`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    /// 1-based shard number.
    pub k: u64,
    pub n: u64,
}

impl Partition {
    pub fn parse(text: &str) -> Result<Partition> {
        let bad = || {
            Error::Usage(format!(
                "bad --partition `{text}`: expected K/N with 1 <= K <= N, as in 2/4"
            ))
        };
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let (k, n): (u64, u64) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if k == 0 || n == 0 || k > n {
            return Err(bad());
        }
        Ok(Partition { k, n })
    }

    /// Whether a pair belongs to this shard. Decided by a hash of the pair's id, so the
    /// slice is the same on every machine, and adding a pair moves no other pair.
    pub fn contains(&self, pair: &Pair) -> bool {
        let digest = crate::digest::digest([pair.id().as_bytes()]);
        let bucket = u64::from_str_radix(&digest[..15], 16).unwrap_or(0) % self.n;
        bucket == self.k - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::Lesson;

    fn pair(lesson: &str, name: &str) -> Pair {
        Pair {
            name: name.into(),
            key: pair_key(name),
            lesson: lesson.into(),
            python: None,
            csharp: None,
            settings: Default::default(),
        }
    }

    fn course() -> Course {
        let lesson = |id: &str, n, names: &[&str]| Lesson {
            id: id.into(),
            number: n,
            title: String::new(),
            pairs: names.iter().map(|p| pair(id, p)).collect(),
        };
        Course::of(
            ".",
            vec![
                lesson("01-introduction", 1, &["hello", "f_strings"]),
                lesson("07-async-programming", 7, &["gather", "to_thread"]),
            ],
        )
    }

    fn ids(filters: &[&str]) -> Vec<String> {
        let c = course();
        let f: Vec<_> = filters.iter().map(|t| Filter::parse(t).unwrap()).collect();
        select(&c, &f.into())
            .unwrap()
            .pairs
            .iter()
            .map(|p| p.id())
            .collect()
    }

    #[test]
    fn no_filter_selects_all() {
        assert_eq!(ids(&[]).len(), 4);
    }

    #[test]
    fn lesson_by_number_folder_or_slug() {
        assert_eq!(
            ids(&["7"]),
            [
                "07-async-programming/gather",
                "07-async-programming/to_thread"
            ]
        );
        assert_eq!(ids(&["07"]), ids(&["7"]));
        assert_eq!(ids(&["07-async-programming"]), ids(&["7"]));
        assert_eq!(ids(&["async-programming"]), ids(&["7"]));
    }

    #[test]
    fn pair_filters_use_the_pairing_rule() {
        assert_eq!(ids(&["7/gather"]), ["07-async-programming/gather"]);
        assert_eq!(ids(&["7/ToThread"]), ["07-async-programming/to_thread"]);
        assert_eq!(ids(&["1/FStrings.cs", "7/gather"]).len(), 2);
    }

    #[test]
    fn partitions_cover_every_pair_exactly_once() {
        let c = course();
        let all = select(&c, &Selector::default()).unwrap().pairs;
        for n in 1..=4 {
            let mut seen = Vec::new();
            for k in 1..=n {
                let part = Partition::parse(&format!("{k}/{n}")).unwrap();
                seen.extend(all.iter().filter(|p| part.contains(p)).map(|p| p.id()));
            }
            seen.sort();
            let mut want: Vec<_> = all.iter().map(|p| p.id()).collect();
            want.sort();
            assert_eq!(seen, want, "n = {n}");
        }
        assert!(Partition::parse("0/2").is_err());
        assert!(Partition::parse("3/2").is_err());
        assert!(Partition::parse("1-2").is_err());
    }

    #[test]
    fn unmatched_and_malformed_filters_fail() {
        let c = course();
        let sel = |t: &str| Selector::from(vec![Filter::parse(t).unwrap()]);
        assert!(matches!(select(&c, &sel("9")), Err(Error::NoMatch(_))));
        assert!(matches!(select(&c, &sel("7/nope")), Err(Error::NoMatch(_))));
        assert!(matches!(select(&c, &sel("zzz")), Err(Error::NoMatch(_))));
        assert!(Filter::parse("").is_err());
        assert!(Filter::parse("a/b/c").is_err());
    }

    fn error(filters: &[&str]) -> String {
        let f: Vec<_> = filters.iter().map(|t| Filter::parse(t).unwrap()).collect();
        select(&course(), &f.into()).unwrap_err().to_string()
    }

    #[test]
    fn near_misses_suggest_the_nearest_name() {
        let e = error(&["7/gaher"]);
        assert!(e.contains("did you mean `7/gather`?"), "{e}");
        let e = error(&["1/helo"]);
        assert!(e.contains("did you mean `1/hello`?"), "{e}");
        let e = error(&["gahter"]);
        assert!(e.contains("did you mean `gather`?"), "{e}");
        let e = error(&["07-async-programing/gather"]);
        assert!(e.contains("did you mean `07-async-programming`?"), "{e}");
        let e = error(&["7/zzzzzz"]);
        assert!(!e.contains("did you mean"), "{e}");
    }

    #[test]
    fn bare_pair_names_paths_and_globs() {
        assert_eq!(ids(&["gather"]), ["07-async-programming/gather"]);
        assert_eq!(ids(&["FStrings"]), ["01-introduction/f_strings"]);
        assert_eq!(
            ids(&["examples-py/07-async-programming/gather.py"]),
            ["07-async-programming/gather"]
        );
        assert_eq!(
            ids(&["/home/me/course/examples-cs/01-introduction/FStrings.cs"]),
            ["01-introduction/f_strings"]
        );
        assert_eq!(ids(&["7/*"]), ids(&["7"]));
        assert_eq!(ids(&["*/gather"]), ["07-async-programming/gather"]);
        assert_eq!(ids(&["1/f_*"]), ["01-introduction/f_strings"]);
        assert_eq!(ids(&["0*"]).len(), 4);
        assert!(glob_match("a*b?", "axxbc"));
        assert!(!glob_match("a*b", "axxbc"));
    }

    #[test]
    fn keywords_and_skips() {
        let c = course();
        let s = Selector::parse(&[], &["thread".into()], &[]).unwrap();
        let got: Vec<_> = select(&c, &s)
            .unwrap()
            .pairs
            .iter()
            .map(|p| p.id())
            .collect();
        assert_eq!(got, ["07-async-programming/to_thread"]);
        let s = Selector::parse(&[], &[], &["7".into(), "1/hello".into()]).unwrap();
        let got: Vec<_> = select(&c, &s)
            .unwrap()
            .pairs
            .iter()
            .map(|p| p.id())
            .collect();
        assert_eq!(got, ["01-introduction/f_strings"]);
        let s = Selector::parse(&[], &["nothing".into()], &[]).unwrap();
        assert!(select(&c, &s).is_err());
        let s = Selector::parse(&[], &[], &["7/gaher".into()]).unwrap();
        assert!(select(&c, &s).is_err());
    }
}
