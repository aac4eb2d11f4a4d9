//! Command-line filters (`7`, `07-async-programming`, `7/gather`) and the pairs they select.
use super::{pair_key, Course, Pair};
use crate::error::{Error, Result};

/// One parsed filter argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    lesson: LessonRef,
    /// Pair key (normalised), if the filter names a pair.
    pair: Option<String>,
    text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum LessonRef {
    Number(u32),
    Folder(String),
}

impl Filter {
    pub fn parse(text: &str) -> Result<Filter> {
        let (lesson, pair) = match text.split_once('/') {
            Some((l, p)) => (l, Some(p)),
            None => (text, None),
        };
        let lesson = lesson.trim_end_matches('/');
        if lesson.is_empty() || pair.is_some_and(|p| p.is_empty()) {
            return Err(Error::Usage(format!(
                "bad filter `{text}`: expected a lesson (`7`, `07-async-programming`) or lesson/pair (`7/gather`)"
            )));
        }
        let lesson = match lesson.parse::<u32>() {
            Ok(n) => LessonRef::Number(n),
            Err(_) => LessonRef::Folder(lesson.to_string()),
        };
        Ok(Filter {
            lesson,
            pair: pair
                .map(|p| pair_key(p.strip_suffix(".py").or(p.strip_suffix(".cs")).unwrap_or(p))),
            text: text.to_string(),
        })
    }

    fn matches_lesson(&self, id: &str, number: u32) -> bool {
        match &self.lesson {
            LessonRef::Number(n) => *n == number,
            LessonRef::Folder(f) => {
                f == id || id.split_once('-').is_some_and(|(_, slug)| slug == f)
            }
        }
    }
}

/// The pairs a run works on, in course order.
#[derive(Debug)]
pub struct Selection<'c> {
    pub pairs: Vec<&'c Pair>,
}

/// Applies filters; no filter selects everything. A filter that matches nothing is an error.
pub fn select<'c>(course: &'c Course, filters: &[Filter]) -> Result<Selection<'c>> {
    for f in filters {
        let hit = course.lessons.iter().any(|l| {
            f.matches_lesson(&l.id, l.number)
                && f.pair
                    .as_ref()
                    .is_none_or(|k| l.pairs.iter().any(|p| &p.key == k))
        });
        if !hit {
            return Err(Error::NoMatch(f.text.clone()));
        }
    }
    let pairs = course
        .lessons
        .iter()
        .flat_map(|l| l.pairs.iter().map(move |p| (l, p)))
        .filter(|(l, p)| {
            filters.is_empty()
                || filters.iter().any(|f| {
                    f.matches_lesson(&l.id, l.number) && f.pair.as_ref().is_none_or(|k| *k == p.key)
                })
        })
        .map(|(_, p)| p)
        .collect();
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
        Course {
            root: ".".into(),
            title: None,
            timeout: None,
            disk: None,
            packages: Default::default(),
            lessons: vec![
                lesson("01-introduction", 1, &["hello", "f_strings"]),
                lesson("07-async-programming", 7, &["gather", "to_thread"]),
            ],
        }
    }

    fn ids(filters: &[&str]) -> Vec<String> {
        let c = course();
        let f: Vec<_> = filters.iter().map(|t| Filter::parse(t).unwrap()).collect();
        select(&c, &f)
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
        let all = select(&c, &[]).unwrap().pairs;
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
        let f = [Filter::parse("9").unwrap()];
        assert!(matches!(select(&c, &f), Err(Error::NoMatch(_))));
        let f = [Filter::parse("7/nope").unwrap()];
        assert!(matches!(select(&c, &f), Err(Error::NoMatch(_))));
        assert!(Filter::parse("7/").is_err());
        assert!(Filter::parse("/x").is_err());
    }
}
