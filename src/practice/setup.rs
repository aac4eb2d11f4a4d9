//! `mirror practice 7/gather`: write a practice file for each selected pair. The file opens
//! with the other side's source as a comment block, the card's summary and what the
//! program must print (from that side's real run, so it is always true), then room to write.
use std::io::Write;
use std::path::Path;

use super::{check, show, Direction, Options, PracticeFile};
use crate::compare::SideResult;
use crate::course::{filter, Course, ExpectExit, Fixture, Pair};
use crate::error::{Error, Result};
use crate::exit;
use crate::sandbox::{Outcome, Status};

/// The line after which the learner writes; `--reveal` shows what follows it.
pub fn marker(direction: Direction) -> String {
    let lang = direction.learner().label();
    format!(
        "{} ---- your {lang} below this line ----",
        direction.comment()
    )
}

/// Sets up practice files; existing ones are never touched (exit 2 when any was asked for).
pub fn command(course: &Course, options: &Options) -> Result<u8> {
    if options.filters.is_empty() {
        return Err(Error::Usage(
            "name what to practise, e.g. `mirror practice 7/gather` (or a lesson: `mirror practice 7`); `mirror list` shows the pairs".into(),
        ));
    }
    let direction = options.direction.unwrap_or(Direction::ToPython);
    let selection = filter::select(course, &options.filters)?;
    let mut refused = 0;
    let mut todo: Vec<PracticeFile> = Vec::new();
    for pair in selection.pairs {
        let number = course
            .lessons
            .iter()
            .find(|l| l.id == pair.lesson)
            .map_or(0, |l| l.number);
        if pair.is_orphan() {
            eprintln!(
                "skipped {number}/{}: it has only one side, so nothing can judge a practice file",
                pair.name
            );
            continue;
        }
        let path = options.workspace.file_for(pair, direction);
        let file = PracticeFile {
            path,
            direction,
            pair: pair.clone(),
            lesson_number: number,
        };
        if file.path.exists() {
            refused += 1;
            eprintln!(
                "refused: {} already exists; your work is never overwritten (check it with `mirror practice --check {}{}`, or delete it to start again)",
                show(&file.path),
                file.short_id(),
                options.workspace.flag()
            );
            continue;
        }
        todo.push(file);
    }
    if todo.is_empty() {
        if refused == 0 {
            return Err(Error::Usage(
                "nothing to practise in that selection (every pair there is one-sided)".into(),
            ));
        }
        return Ok(exit::HARNESS);
    }

    // The oracle's real output: run the course's own pairs.
    let pairs: Vec<Pair> = todo.iter().map(|f| f.pair.clone()).collect();
    let reports = check::run_pairs(None, course, pairs, &options.run)?;
    let mut failed = 0;
    for file in &todo {
        let Some(report) = reports.iter().find(|r| r.pair.id() == file.pair.id()) else {
            return Err(Error::Course("the runner lost a pair's result".into()));
        };
        let oracle = direction.oracle();
        let side = match oracle {
            crate::course::Side::Python => &report.python,
            crate::course::Side::CSharp => &report.csharp,
        };
        let outcome = match side {
            SideResult::Ran(o) if ran_as_expected(o, file.pair.settings.expect_exit) => o,
            _ => {
                failed += 1;
                eprintln!(
                    "error: {}: the course's {} side does not run cleanly ({}), so it cannot judge a practice file; `mirror run {}` shows why",
                    file.short_id(),
                    oracle.label(),
                    report.reason.as_deref().unwrap_or("not run"),
                    file.short_id()
                );
                continue;
            }
        };
        let source = std::fs::read_to_string(file.oracle_source())
            .map_err(|e| Error::io(format!("reading {}", file.oracle_source().display()), e))?;
        let text = template(
            file,
            &course.root,
            &source,
            &outcome.stdout,
            &options.workspace.flag(),
        );
        options.workspace.prepare_dir(&file.path)?;
        let mut f = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&file.path)
        {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                refused += 1;
                eprintln!(
                    "refused: {} appeared meanwhile; not overwritten",
                    show(&file.path)
                );
                continue;
            }
            Err(e) => return Err(Error::io(format!("creating {}", show(&file.path)), e)),
        };
        f.write_all(text.as_bytes())
            .map_err(|e| Error::io(format!("writing {}", show(&file.path)), e))?;
        eprintln!(
            "wrote {}\n  write your {} under the last comment line, then: mirror practice --check {}{}",
            show(&file.path),
            direction.learner().label(),
            file.short_id(),
            options.workspace.flag()
        );
    }
    Ok(if refused + failed > 0 {
        exit::HARNESS
    } else {
        exit::OK
    })
}

/// Whether the oracle side ended the way the pair expects (so its output is the truth).
fn ran_as_expected(o: &Outcome, expect: ExpectExit) -> bool {
    if o.timed_out() || o.limit.is_some() {
        return false;
    }
    match (expect, &o.status) {
        (ExpectExit::Zero, Status::Exited(0)) => true,
        (ExpectExit::Nonzero, Status::Exited(c)) => *c != 0,
        (ExpectExit::Nonzero, Status::Signaled(_)) => true,
        _ => false,
    }
}

/// The practice file's text: a comment header, then the marker line and an empty body.
/// `flag` is what the suggested commands add (`--workspace DIR`, or nothing).
pub fn template(
    file: &PracticeFile,
    root: &Path,
    oracle_source: &str,
    stdout: &[u8],
    flag: &str,
) -> String {
    let d = file.direction;
    let (mine, theirs) = (d.learner().label(), d.oracle().label());
    let c = d.comment();
    let mut out = Vec::new();
    let mut line = |s: &str| {
        if s.is_empty() {
            out.push(c.to_string());
        } else {
            out.push(format!("{c} {s}"));
        }
    };
    let id = file.short_id();
    line(&format!(
        "Practice {id}: write the {mine} that prints exactly what this {theirs} prints."
    ));
    line("");
    if let Some(summary) = &file.pair.settings.summary {
        for (i, l) in wrap(summary, 84).iter().enumerate() {
            line(&format!("{}{l}", if i == 0 { "Card: " } else { "      " }));
        }
        line("");
    }
    line(&format!("Check it:        mirror practice --check {id}{flag}"));
    line(&format!("Check on save:   mirror practice --watch {id}{flag}"));
    line("");
    let rel = file
        .oracle_source()
        .strip_prefix(root)
        .unwrap_or(file.oracle_source());
    line(&format!("---- the {theirs} ({}) ----", rel.display()));
    for l in oracle_source.lines() {
        line(&l.replace('\t', "    "));
    }
    line("");
    line("---- it prints (its real run) ----");
    let text = String::from_utf8_lossy(stdout).replace("\r\n", "\n");
    if text.is_empty() {
        line("(nothing)");
    }
    for l in text.lines() {
        line(l);
    }
    if !text.is_empty() && !text.ends_with('\n') {
        line("(no newline after the last line)");
    }
    let notes = notes(&file.pair);
    if !notes.is_empty() {
        line("");
        for n in notes {
            for (i, l) in wrap(&n, 84).iter().enumerate() {
                line(&format!("{}{l}", if i == 0 { "- " } else { "  " }));
            }
        }
    }
    line("");
    let mut text = out.join("\n");
    text.push('\n');
    text.push_str(&marker(d));
    text.push_str("\n\n");
    text
}

/// What else the judge applies: stdin, data files, fixtures, exit, normalisations.
fn notes(pair: &Pair) -> Vec<String> {
    let s = &pair.settings;
    let mut notes = Vec::new();
    if let Some(stdin) = &s.stdin {
        notes.push(format!("It reads stdin, which holds {stdin:?}."));
    }
    if !s.data.is_empty() {
        let names: Vec<String> = s
            .data
            .iter()
            .map(|d| {
                d.get_ref()
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        notes.push(format!(
            "These files are beside it (in its working folder): {}.",
            names.join(", ")
        ));
    }
    if s.fixtures.contains(&Fixture::Http) {
        notes.push(
            "MIRROR_HTTP_BASE holds the URL of mirror's HTTP fixture server (no trailing slash)."
                .into(),
        );
    }
    if s.expect_exit == ExpectExit::Nonzero {
        notes.push("It must end with an error (a non-zero exit), as the other side does.".into());
    }
    let filters = s.filters();
    if !filters.is_empty() {
        let names: Vec<String> = filters.iter().map(|f| f.name()).collect();
        notes.push(format!(
            "Both outputs are compared after: {}.",
            names.join(", ")
        ));
    }
    notes
}

/// Greedy word wrap.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let cur = lines.last_mut().expect("one line");
        if !cur.is_empty() && cur.len() + 1 + word.len() > width {
            lines.push(word.to_string());
        } else {
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(word);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::untouched;

    fn file(direction: Direction) -> PracticeFile {
        PracticeFile {
            path: "/ws/03-fn/md.py".into(),
            direction,
            pair: Pair {
                name: "md".into(),
                key: "md".into(),
                lesson: "03-fn".into(),
                python: Some("/c/examples-py/03-fn/md.py".into()),
                csharp: Some("/c/examples-cs/03-fn/Md.cs".into()),
                settings: toml::from_str("summary = \"a default is evaluated once\"\nstdin = \"x\\n\"\nnormalize = [\"unordered-lines\"]").unwrap(),
            },
            lesson_number: 3,
        }
    }

    #[test]
    fn template_is_all_comments_and_shows_source_output_and_notes() {
        let f = file(Direction::ToPython);
        let t = template(
            &f,
            Path::new("/c"),
            "Console.WriteLine(1);\n\n",
            b"1\n  two\n",
            "",
        );
        assert!(untouched(&t, Direction::ToPython), "{t}");
        assert!(
            t.contains(
                "# ---- the C# (examples-cs/03-fn/Md.cs) ----\n# Console.WriteLine(1);\n#\n"
            ),
            "{t}"
        );
        assert!(
            t.contains("# ---- it prints (its real run) ----\n# 1\n#   two\n"),
            "{t}"
        );
        assert!(t.contains("# Card: a default is evaluated once"), "{t}");
        assert!(t.contains("stdin, which holds \"x\\n\""), "{t}");
        assert!(t.contains("after: unordered-lines."), "{t}");
        assert!(
            t.ends_with("# ---- your Python below this line ----\n\n"),
            "{t}"
        );

        let f = file(Direction::ToCsharp);
        let t = template(&f, Path::new("/c"), "print(1)\n", b"1", "");
        assert!(untouched(&t, Direction::ToCsharp), "{t}");
        assert!(
            t.contains("// ---- the Python (examples-py/03-fn/md.py) ----"),
            "{t}"
        );
        assert!(t.contains("(no newline after the last line)"), "{t}");
    }

    #[test]
    fn wraps_words() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
    }
}
