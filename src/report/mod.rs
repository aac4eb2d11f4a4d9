//! Phase 5, report: reporters consume the runner's events; one output format per file.
pub mod escape;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;

use crate::runner::{Header, PairReport, RunReport};

/// Receives a run's events in order: start, each finished pair, the final report.
pub trait Reporter {
    fn start(&mut self, header: &Header, pairs: usize);
    fn pair_finished(&mut self, pair: &PairReport);
    fn finish(&mut self, report: &RunReport) -> std::io::Result<()>;
}

/// Human-readable time: `850ms`, `1.2s`.
pub fn duration(d: std::time::Duration) -> String {
    if d.as_millis() < 1000 {
        format!("{}ms", d.as_millis())
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

/// A reporter that shows nothing (the caller reports the result itself).
pub struct NullReporter;

impl Reporter for NullReporter {
    fn start(&mut self, _header: &Header, _pairs: usize) {}
    fn pair_finished(&mut self, _pair: &PairReport) {}
    fn finish(&mut self, _report: &RunReport) -> std::io::Result<()> {
        Ok(())
    }
}

/// Several reporters at once (human + `--junit` + `--html`): every event goes to each, in
/// order; `finish` runs them all and returns the first error.
pub struct Fanout(pub Vec<Box<dyn Reporter>>);

impl Reporter for Fanout {
    fn start(&mut self, header: &Header, pairs: usize) {
        self.0.iter_mut().for_each(|r| r.start(header, pairs));
    }
    fn pair_finished(&mut self, pair: &PairReport) {
        self.0.iter_mut().for_each(|r| r.pair_finished(pair));
    }
    fn finish(&mut self, report: &RunReport) -> std::io::Result<()> {
        let results: Vec<_> = self.0.iter_mut().map(|r| r.finish(report)).collect();
        results.into_iter().collect()
    }
}

/// A report written to a file when the run ends (`--junit`, `--html`): the format's
/// `render` function and the flag it came from (named in write errors).
pub struct FileReporter {
    path: std::path::PathBuf,
    flag: &'static str,
    render: fn(&RunReport) -> String,
}

impl FileReporter {
    pub fn new(
        path: std::path::PathBuf,
        flag: &'static str,
        render: fn(&RunReport) -> String,
    ) -> Self {
        FileReporter { path, flag, render }
    }
}

impl Reporter for FileReporter {
    fn start(&mut self, _header: &Header, _pairs: usize) {}
    fn pair_finished(&mut self, _pair: &PairReport) {}
    fn finish(&mut self, report: &RunReport) -> std::io::Result<()> {
        write_file(&self.path, &(self.render)(report)).map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("{} {}: {e}", self.flag, self.path.display()),
            )
        })
    }
}

/// Writes a report file, making its folder first (`--junit target/reports/mirror.xml`).
pub fn write_file(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, text)
}

/// A path as the user knows it: relative to the course root when inside it.
pub fn relative(root: &str, path: &std::path::Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// A message with the course root's prefix removed from the paths in it.
pub fn without_root(root: &str, message: &str) -> String {
    message.replace(&format!("{}/", root.trim_end_matches('/')), "")
}

/// Seconds with millisecond precision, as JUnit and the HTML page show them: `1.234`.
pub fn seconds(d: std::time::Duration) -> String {
    format!("{:.3}", d.as_secs_f64())
}
