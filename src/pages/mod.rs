//! Lesson pages: the course text in Markdown, every code block and shown output tied to a
//! real pair (issue: pages never show code or output the examples no longer produce).
pub mod markdown;
