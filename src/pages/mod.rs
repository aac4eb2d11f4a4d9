//! Lesson pages: the course text in Markdown, every code block and shown output tied to a
//! real pair (issue: pages never show code or output the examples no longer produce).
pub mod check;
pub mod markdown;
pub mod regions;

use std::collections::HashMap;
use std::path::PathBuf;

use crate::compare::normalize::normalize;
use crate::compare::Verdict;
use crate::course::Course;
use crate::runner::RunReport;
use check::{Examination, Output};

/// A lesson page as checked in a run.
#[derive(Debug, Clone)]
pub struct PageCheck {
    pub path: PathBuf,
    pub page: String,
    pub examination: Examination,
}

impl PageCheck {
    pub fn failed(&self) -> usize {
        self.examination.findings.len()
    }
}

/// What each pair of the run printed, by lesson and pair key.
fn outputs(report: &RunReport) -> HashMap<String, HashMap<String, Output>> {
    report
        .lessons
        .iter()
        .map(|l| {
            let by_pair = l
                .pairs
                .iter()
                .filter_map(|p| {
                    let out = match p.verdict {
                        Verdict::Pass => {
                            let raw = p.csharp.outcome()?.stdout.as_slice();
                            Output::Passed(
                                String::from_utf8_lossy(&normalize(
                                    raw,
                                    &p.pair.settings.filters(),
                                ))
                                .into_owned(),
                            )
                        }
                        Verdict::Skipped => return None,
                        _ => Output::Failed,
                    };
                    Some((p.pair.key.clone(), out))
                })
                .collect();
            (l.id.clone(), by_pair)
        })
        .collect()
}

/// Checks the page of every lesson in the run (only the blocks of the pairs it ran) and
/// attaches the result to the lesson.
pub fn check_run(course: &Course, report: &mut RunReport) {
    check_lessons(course, report, |_| true);
}

/// As [`check_run`], for the lessons `wanted` accepts only (`watch`: the pages a save can
/// have changed); the others keep the check they had.
pub fn check_lessons(course: &Course, report: &mut RunReport, wanted: impl Fn(&str) -> bool) {
    let outputs = outputs(report);
    for lesson_report in report.lessons.iter_mut().filter(|l| wanted(&l.id)) {
        let Some(lesson) = course.lessons.iter().find(|l| l.id == lesson_report.id) else {
            continue;
        };
        let path = check::page_path(&course.root, &lesson.id);
        let Ok(page) = std::fs::read_to_string(&path) else {
            continue;
        };
        let selected: Vec<String> = lesson_report
            .pairs
            .iter()
            .map(|p| p.pair.key.clone())
            .collect();
        let empty = HashMap::new();
        let examination = check::examine(
            &page,
            lesson,
            Some(&selected),
            outputs.get(&lesson.id).unwrap_or(&empty),
        );
        lesson_report.page = Some(PageCheck {
            path,
            page,
            examination,
        });
    }
}

/// One change `sync-pages` made or refused.
#[derive(Debug, Clone)]
pub struct SyncOutcome {
    pub path: PathBuf,
    /// Blocks rewritten.
    pub rewritten: usize,
    /// Problems it cannot mend (untagged blocks, missing pairs, failing pairs' output).
    pub remaining: Vec<check::Finding>,
}

/// Rewrites every tied block of the run's pages from the current examples and real output.
pub fn sync(report: &RunReport) -> std::io::Result<Vec<SyncOutcome>> {
    let mut done = Vec::new();
    for lesson in &report.lessons {
        let Some(page) = &lesson.page else { continue };
        let ex = &page.examination;
        if !ex.edits.is_empty() {
            let text = markdown::rewrite(&page.page, &ex.edits);
            let tmp = page.path.with_extension("md.mirror-tmp");
            std::fs::write(&tmp, text)?;
            std::fs::rename(&tmp, &page.path)?;
        }
        done.push(SyncOutcome {
            path: page.path.clone(),
            rewritten: ex.edits.len(),
            remaining: ex.findings.iter().filter(|f| !f.fixable).cloned().collect(),
        });
    }
    Ok(done)
}
