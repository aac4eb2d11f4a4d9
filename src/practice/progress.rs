//! `progress.toml` in the workspace (human-readable, safe to commit) and `mirror progress`.
//!
//! Every `--check` records, per practice file, its verdict and the SHA-256 of the content
//! judged and of the course file that judged it. A pair is *done* only while one of its
//! practice files still has the content that passed against the current course file: an
//! edit (or a changed course) makes it `changed` until the next check. `mirror progress`
//! runs nothing, so it is instant.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::check::{Checked, State};
use super::{show, Direction, PracticeFile, Workspace};
use crate::config::Format;
use crate::course::Course;
use crate::error::{Error, Result};
use crate::exit;

/// The progress file's name, in the workspace root.
pub const FILE: &str = "progress.toml";

const HEADER: &str = "# mirror practice progress: written by `mirror practice --check`, read by `mirror progress`.\n# A pair is done while its practice file still has the content that passed (sha256).\n# Safe to commit; delete it to forget every check.\n\n";

/// The whole file: one entry per practice file, keyed by its path in the workspace.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    #[serde(default)]
    pub files: BTreeMap<String, Entry>,
}

/// The last check of one practice file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// `03-functions/mutable_default`.
    pub pair: String,
    /// pass, mismatch, error, timeout or todo.
    pub verdict: String,
    /// UTC, `2026-11-25T17:40:00Z`.
    pub checked: String,
    /// SHA-256 of the practice file as checked.
    pub sha256: String,
    /// SHA-256 of the course file whose run judged it.
    pub judge_sha256: String,
    /// Whether any check of this file judged an attempt (not `todo`): the answer can be
    /// revealed from then on, even if the file is reset to its template.
    #[serde(default)]
    pub attempted: bool,
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn key(ws: &Workspace, path: &Path) -> String {
    path.strip_prefix(&ws.root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn path(ws: &Workspace) -> PathBuf {
    ws.root.join(FILE)
}

/// Reads the workspace's progress file (empty when there is none).
pub fn load(ws: &Workspace) -> Result<Progress> {
    let p = path(ws);
    match std::fs::read_to_string(&p) {
        Ok(text) => toml::from_str(&text).map_err(|e| {
            let (line, column) = e.span().map_or((1, 1), |s| {
                crate::course::manifest::line_col(&text, s.start)
            });
            Error::Manifest {
                path: p.clone(),
                line,
                column,
                message: format!("{} (fix or delete the progress file)", e.message().trim()),
            }
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Progress::default()),
        Err(e) => Err(Error::io(format!("reading {}", show(&p)), e)),
    }
}

/// Records a check round, keeping every other file's entry.
pub fn record(ws: &Workspace, checked: &[Checked]) -> Result<()> {
    // A workspace deleted while its files were checked stays deleted: no progress.toml
    // is made again for files that are gone.
    if !ws.root.is_dir() {
        return Ok(());
    }
    let mut progress = load(ws)?;
    let now = now_utc();
    for c in checked.iter().filter(|c| c.file.path.is_file()) {
        let judge = std::fs::read(c.file.oracle_source()).unwrap_or_default();
        let k = key(ws, &c.file.path);
        let attempted = c.state != super::check::State::Todo
            || progress.files.get(&k).is_some_and(|e| e.attempted);
        progress.files.insert(
            k,
            Entry {
                pair: c.file.pair.id(),
                verdict: c.state.name().into(),
                checked: now.clone(),
                sha256: sha256(&c.content),
                judge_sha256: sha256(&judge),
                attempted,
            },
        );
    }
    let text = format!(
        "{HEADER}{}",
        toml::to_string(&progress).map_err(|e| Error::Course(format!("writing progress: {e}")))?
    );
    let p = path(ws);
    std::fs::create_dir_all(&ws.root)
        .map_err(|e| Error::io(format!("creating {}", show(&ws.root)), e))?;
    let tmp = ws.root.join(format!(".{FILE}.{}", std::process::id()));
    std::fs::write(&tmp, text).map_err(|e| Error::io(format!("writing {}", show(&tmp)), e))?;
    std::fs::rename(&tmp, &p).map_err(|e| Error::io(format!("writing {}", show(&p)), e))
}

/// Where a practice file stands now.
pub fn state_of(ws: &Workspace, progress: &Progress, file: &PracticeFile) -> String {
    let Some(entry) = progress.files.get(&key(ws, &file.path)) else {
        return "unchecked".into();
    };
    let content = std::fs::read(&file.path).unwrap_or_default();
    if entry.sha256 != sha256(&content) {
        return "changed".into();
    }
    let judge = std::fs::read(file.oracle_source()).unwrap_or_default();
    if entry.judge_sha256 != sha256(&judge) {
        // The learner's file is as it was checked; the course's side is not.
        return "stale".into();
    }
    entry.verdict.clone()
}

/// Whether an attempt in the file has been checked at least once (what `--reveal` asks
/// for): a check that found only the template (`todo`) does not count.
pub fn was_checked(ws: &Workspace, file: &Path) -> Result<bool> {
    Ok(load(ws)?
        .files
        .get(&key(ws, file))
        .is_some_and(|e| e.attempted || e.verdict != super::check::State::Todo.name()))
}

/// `mirror progress`: per lesson, pairs practised and passed, and the course percentage.
pub fn command(course: &Course, workspace: Option<&Path>, format: Format) -> Result<u8> {
    let ws = Workspace::resolve(course, workspace)?;
    let progress = load(&ws)?;
    let (files, _) = ws.files(course);
    let mut lessons = Vec::new();
    let (mut total, mut practised_all, mut passed_all) = (0, 0, 0);
    for l in &course.lessons {
        let pairs = l.pairs.iter().filter(|p| !p.is_orphan()).count();
        let mine: Vec<(&PracticeFile, String)> = files
            .iter()
            .filter(|f| f.pair.lesson == l.id)
            .map(|f| (f, state_of(&ws, &progress, f)))
            .collect();
        let mut practised: Vec<&str> = mine.iter().map(|(f, _)| f.pair.key.as_str()).collect();
        practised.dedup();
        let mut passed: Vec<&str> = mine
            .iter()
            .filter(|(_, s)| s == State::Pass.name())
            .map(|(f, _)| f.pair.key.as_str())
            .collect();
        passed.dedup();
        total += pairs;
        practised_all += practised.len();
        passed_all += passed.len();
        lessons.push((l, pairs, practised.len(), passed.len(), mine));
    }
    let percent = (passed_all * 100).checked_div(total).unwrap_or(0);
    let mut out = String::new();
    match format {
        Format::Json | Format::Jsonl => {
            let doc = serde_json::json!({
                "workspace": ws.root,
                "lessons": lessons.iter().map(|(l, pairs, practised, passed, mine)| serde_json::json!({
                    "id": l.id,
                    "number": l.number,
                    "title": l.title,
                    "pairs": pairs,
                    "practised": practised,
                    "passed": passed,
                    "files": mine.iter().map(|(f, s)| serde_json::json!({
                        "file": f.path,
                        "pair": f.pair.id(),
                        "language": f.direction.learner().name(),
                        "state": s,
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "total": {"pairs": total, "practised": practised_all, "passed": passed_all, "percent": percent},
            });
            out.push_str(&serde_json::to_string_pretty(&doc).expect("json"));
            out.push('\n');
        }
        Format::Human => {
            out.push_str(&format!(
                "{:<44} {:>5} {:>9} {:>6}\n",
                "lesson", "pairs", "practised", "passed"
            ));
            for (l, pairs, practised, passed, _) in &lessons {
                let name = format!("{} {}", l.id.split('-').next().unwrap_or(""), l.title);
                out.push_str(&format!(
                    "{name:<44} {pairs:>5} {practised:>9} {passed:>6}\n"
                ));
            }
            out.push_str(&format!(
                "{:<44} {total:>5} {practised_all:>9} {passed_all:>6}\n",
                "total"
            ));
            let practised: Vec<_> = lessons.iter().flat_map(|l| &l.4).collect();
            if !practised.is_empty() {
                out.push('\n');
                for (f, s) in practised {
                    let note = match s.as_str() {
                        "changed" => "  (edited since its last check)",
                        "stale" => "  (the course's side changed since its last check: check again)",
                        "unchecked" => "  (never checked)",
                        _ => "",
                    };
                    let lang = match f.direction {
                        Direction::ToPython => "py",
                        Direction::ToCsharp => "cs",
                    };
                    out.push_str(&format!(
                        "  {s:<9} {lang} {:<32} {}{note}\n",
                        f.short_id(),
                        show(&f.path)
                    ));
                }
            }
            out.push_str(&format!(
                "\n{passed_all} of {total} pairs done ({percent}%)\n"
            ));
            // Nothing practised yet: where to begin, as a command that works as printed.
            let first = || course.lessons.iter().flat_map(|l| &l.pairs).find(|p| !p.is_orphan());
            if let Some(p) = first().filter(|_| practised_all == 0) {
                out.push_str(&format!(
                    "start with `{}` (`mirror list` shows every card)\n",
                    ws.start_command(p, Direction::ToPython)
                ));
            }
        }
    }
    use std::io::Write;
    match std::io::stdout().lock().write_all(out.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::io("writing to stdout", e))
        }
        _ => Ok(exit::OK),
    }
}

/// Now, as `YYYY-MM-DDTHH:MM:SSZ`.
fn now_utc() -> String {
    format_utc(jiff::Timestamp::now())
}

/// A time as RFC 3339 UTC, to the second.
fn format_utc(at: jiff::Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_times() {
        let at = |s| jiff::Timestamp::from_second(s).unwrap();
        assert_eq!(format_utc(at(0)), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(at(1_795_000_000)), "2026-11-18T11:06:40Z");
        assert_eq!(format_utc(at(951_782_400)), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn entries_round_trip_as_toml() {
        let mut p = Progress::default();
        p.files.insert(
            "03-functions/md.py".into(),
            Entry {
                pair: "03-functions/md".into(),
                verdict: "pass".into(),
                checked: "2026-01-01T00:00:00Z".into(),
                sha256: "ab".into(),
                judge_sha256: "cd".into(),
                attempted: true,
            },
        );
        let text = toml::to_string(&p).unwrap();
        assert!(text.contains("[files.\"03-functions/md.py\"]"), "{text}");
        let back: Progress = toml::from_str(&text).unwrap();
        assert_eq!(back.files["03-functions/md.py"].verdict, "pass");
    }
}
