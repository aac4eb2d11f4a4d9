//! What a run produces, shared by the engine that fills it and the reporters that show it.
pub mod report;

pub use report::{Header, LessonReport, MatrixEntry, PairReport, RunReport, Timings};
