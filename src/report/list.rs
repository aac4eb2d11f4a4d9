//! `mirror list`: for a terminal, per lesson a heading, then one aligned line per pair
//! (`7/gather`, its state, whether its page shows it, its summary) that fits the width;
//! or one JSON document (`--format json`).
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::{count, escape, relative};
use crate::course::{Course, Pair};

/// Narrowest room worth giving a summary; less, and the summary is left out.
const MIN_SUMMARY: usize = 12;

/// The listing, each line at most `width` columns (`on_page(lesson, key)`: whether the
/// lesson's page shows the pair in a tied block).
pub fn human(course: &Course, on_page: &dyn Fn(&str, &str) -> bool, width: usize) -> String {
    let root = course.root.display().to_string();
    let id = |l: u32, p: &Pair| escape::line(format!("{l}/{}", p.name));
    let id_width = course
        .lessons
        .iter()
        .flat_map(|l| l.pairs.iter().map(move |p| id(l.number, p).width()))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for l in &course.lessons {
        out.push_str(&fit(
            &escape::line(format!(
                "{} {} ({})",
                l.id,
                l.title,
                count(l.pairs.len(), "pair", "pairs")
            )),
            width,
        ));
        out.push('\n');
        for p in &l.pairs {
            let state = match (p.is_orphan(), p.settings.one_sided) {
                (false, _) => "pair",
                (true, true) => "one-sided",
                (true, false) => "ORPHAN",
            };
            let page = if on_page(&l.id, &p.key) { "page" } else { "" };
            let pid = id(l.number, p);
            // The state right-aligned, as cargo aligns its verbs.
            let head = format!(
                "  {state:>9} {pid}{} {page:<4}",
                " ".repeat(id_width - pid.width())
            );
            // An orphan says which file it has; a pair its summary.
            let tail = if p.is_orphan() {
                let file = p.python.as_ref().or(p.csharp.as_ref());
                file.map(|f| escape::line(relative(&root, f)))
            } else {
                p.settings.summary.as_deref().map(escape::line)
            };
            let room = width.saturating_sub(head.width() + 2);
            let line = match tail {
                Some(t) if room >= MIN_SUMMARY => format!("{head}  {}", fit(&t, room)),
                _ => head,
            };
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out
}

#[derive(Serialize)]
struct ListDocument<'a> {
    lessons: Vec<ListLesson<'a>>,
}

#[derive(Serialize)]
struct ListLesson<'a> {
    id: &'a str,
    number: u32,
    title: &'a str,
    pairs: Vec<ListPair<'a>>,
}

#[derive(Serialize)]
struct ListPair<'a> {
    id: String,
    name: &'a str,
    python: Option<String>,
    csharp: Option<String>,
    orphan: bool,
    one_sided: bool,
    summary: Option<&'a str>,
    on_page: bool,
}

/// The listing as one JSON document (paths relative to the course folder).
pub fn json(course: &Course, on_page: &dyn Fn(&str, &str) -> bool) -> String {
    let root = course.root.display().to_string();
    let rel = |p: &Option<std::path::PathBuf>| p.as_ref().map(|p| relative(&root, p));
    let doc = ListDocument {
        lessons: course
            .lessons
            .iter()
            .map(|l| ListLesson {
                id: &l.id,
                number: l.number,
                title: &l.title,
                pairs: l
                    .pairs
                    .iter()
                    .map(|p| ListPair {
                        id: p.id(),
                        name: &p.name,
                        python: rel(&p.python),
                        csharp: rel(&p.csharp),
                        orphan: p.is_orphan(),
                        one_sided: p.settings.one_sided,
                        summary: p.settings.summary.as_deref(),
                        on_page: on_page(&l.id, &p.key),
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&doc).expect("a listing serializes");
    text.push('\n');
    text
}

/// `text` cut to `width` columns, ending in `…` when cut.
fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut kept = String::new();
    for c in text.chars() {
        if kept.width() + c.to_string().width() + 1 > width {
            break;
        }
        kept.push(c);
    }
    kept.push('…');
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::Lesson;
    use std::path::PathBuf;

    fn pair(name: &str, py: bool, cs: bool, summary: Option<&str>) -> Pair {
        let mut p = Pair {
            name: name.into(),
            key: name.into(),
            lesson: "01-a".into(),
            python: py.then(|| PathBuf::from(format!("/c/examples-py/01-a/{name}.py"))),
            csharp: cs.then(|| PathBuf::from(format!("/c/examples-cs/01-a/{name}.cs"))),
            settings: Default::default(),
        };
        p.settings.summary = summary.map(String::from);
        p
    }

    #[test]
    fn lines_are_aligned_and_fit_the_width() {
        let long = "print() is Console.WriteLine that joins its arguments with spaces; sep= and end= replace string.Join and Console.Write".to_string();
        let course = Course::of(
            "/c",
            vec![Lesson {
                id: "01-a".into(),
                number: 1,
                title: "A".into(),
                pairs: vec![
                    pair("hello_world", true, true, Some(&long)),
                    pair("x", true, true, Some("short")),
                    pair("lonely", true, false, None),
                ],
            }],
        );
        let text = human(&course, &|_, k| k == "x", 80);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "01-a A (3 pairs)");
        assert_eq!(lines[2], "       pair 1/x           page  short");
        assert_eq!(
            lines[3],
            "     ORPHAN 1/lonely            examples-py/01-a/lonely.py"
        );
        assert!(
            lines[1].starts_with("       pair 1/hello_world       print() is"),
            "{text}"
        );
        assert!(lines[1].ends_with('…'), "{text}");
        assert!(text.lines().all(|l| l.width() <= 80), "{text}");
        let narrow = human(&course, &|_, _| false, 30);
        assert!(narrow.lines().all(|l| l.width() <= 30), "{narrow}");
    }

    #[test]
    fn one_pair_is_one_pair() {
        let course = Course::of(
            "/c",
            vec![Lesson {
                id: "01-a".into(),
                number: 1,
                title: "A".into(),
                pairs: vec![pair("x", true, true, None)],
            }],
        );
        assert!(human(&course, &|_, _| false, 80).starts_with("01-a A (1 pair)\n"));
    }
}
