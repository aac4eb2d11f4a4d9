//! `--format jsonl`: one JSON object a line on stdout while the run goes, for editors and
//! tools (as nextest's libtest-json): `started` with the number of pairs and what the run
//! uses, `pair` as each pair finishes (in the order they finish, each the same object as in
//! the `--format json` document, with its lesson), and `finished` with the counts.
//! Each line is flushed as it is written.
use std::io::Write;

use serde::Serialize;

use super::json::{self, Environment, LessonSummary, Summary, Timings};
use super::Reporter;
use crate::runner::{Header, PairReport, RunReport};

/// One line of the stream.
#[derive(Serialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
enum Event<'a> {
    Started {
        schema: u32,
        pairs: usize,
        course: &'a str,
        environment: Environment<'a>,
    },
    Pair {
        lesson: &'a str,
        #[serde(flatten)]
        pair: Box<json::Pair<'a>>,
    },
    Finished {
        /// The same rule as the exit code: a pair failed or a page has a problem.
        passed: bool,
        summary: Summary,
        lessons: Vec<LessonSummary<'a>>,
        timings: Timings,
    },
}

/// Writes the events to `out` (stdout) as they come.
pub struct JsonlReporter<W: Write> {
    out: W,
    course: String,
}

impl<W: Write> JsonlReporter<W> {
    pub fn new(out: W) -> Self {
        JsonlReporter {
            out,
            course: String::new(),
        }
    }

    fn emit(&mut self, event: &Event) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.out, event)?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}

impl<W: Write> Reporter for JsonlReporter<W> {
    fn start(&mut self, header: &Header, pairs: usize) {
        self.course = header.course.clone();
        let _ = self.emit(&Event::Started {
            schema: json::SCHEMA,
            pairs,
            course: &header.course,
            environment: json::environment(header),
        });
    }

    fn pair_finished(&mut self, p: &PairReport) {
        let root = self.course.clone();
        let _ = self.emit(&Event::Pair {
            lesson: &p.pair.lesson,
            pair: Box::new(json::pair(&root, p)),
        });
    }

    fn finish(&mut self, r: &RunReport) -> std::io::Result<()> {
        self.emit(&Event::Finished {
            passed: !r.is_failure(),
            summary: json::summary(r),
            lessons: r.lessons.iter().map(json::lesson_summary).collect(),
            timings: json::timings(r),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample;

    #[test]
    fn one_event_a_line_in_order() {
        let r = sample::run();
        let mut out = Vec::new();
        let mut j = JsonlReporter::new(&mut out);
        j.start(&r.header, 7);
        for p in r.lessons.iter().flat_map(|l| &l.pairs) {
            j.pair_finished(p);
        }
        j.finish(&r).unwrap();
        let text = String::from_utf8(out).unwrap();
        let events: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(events.len(), 9);
        assert_eq!(events[0]["event"], "started");
        assert_eq!(events[0]["pairs"], 7);
        assert_eq!(events[2]["event"], "pair");
        assert_eq!(events[2]["id"], "01-a/bye");
        assert_eq!(events[2]["lesson"], "01-a");
        assert_eq!(events[2]["first_difference"]["column"], 16);
        assert_eq!(events[5]["error_at"]["file"], "examples-py/02-b/crash.py");
        let last = &events[8];
        assert_eq!(last["event"], "finished");
        assert_eq!(last["passed"], false);
        assert_eq!(last["summary"]["page_problems"], 3);
        assert_eq!(last["lessons"][1]["page"]["problems"], 3);
    }
}
