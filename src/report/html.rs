//! `--html FILE`: one self-contained page (inline CSS, no scripts, nothing fetched). Per
//! lesson, each pair is a mirror card: the page's card text, the C# and Python sources side
//! by side (stacked on a narrow screen), both outputs, the verdict and the diff.
use std::fmt::Write as _;
use std::path::Path;

use super::difference::FirstDifference;
use super::location::{error_at, stderr_tail};
use super::{closing_line, count, duration, escape, page_state, pages_line, relative};
use crate::compare::{SideResult, Verdict};
use crate::course::{pair_key, Side};
use crate::runner::{LessonReport, PairReport, RunReport};

/// The page's style sheet, inlined (the page fetches nothing).
const STYLE: &str = include_str!("html.css");

/// Escapes text for HTML element content and attribute values, its control characters
/// made visible first (`report::escape`; line breaks kept).
pub fn esc(text: &str) -> String {
    let shown = escape::text(text);
    let mut out = String::with_capacity(shown.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, &shown);
    out
}

/// Card text from Markdown: escaped, with code spans (`` `x` ``, ``` ``a`b`` ```) kept as code.
fn inline(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        out.push_str(&esc(&rest[..open]));
        let after = &rest[open..];
        let n = after.len() - after.trim_start_matches('`').len();
        let fence = &after[..n];
        let body = &after[n..];
        // The span closes at the next run of exactly n backticks.
        let close = body
            .match_indices(fence)
            .map(|(i, _)| i)
            .find(|&i| !body[..i].ends_with('`') && !body[i + n..].starts_with('`'));
        match close {
            Some(i) => {
                let code = &body[..i];
                let code = match code.strip_prefix(' ').and_then(|c| c.strip_suffix(' ')) {
                    Some(inner) if !inner.trim().is_empty() => inner,
                    _ => code,
                };
                let _ = write!(out, "<code>{}</code>", esc(code));
                rest = &body[i + n..];
            }
            None => {
                out.push_str(fence);
                rest = body;
            }
        }
    }
    out.push_str(&esc(rest));
    out.replace('\n', "<br>")
}

/// The whole page.
pub fn render(r: &RunReport) -> String {
    let mut h = String::new();
    let title = format!("mirror report: {}", closing_line(r));
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<div class=\"wrap\">\n<header>\n<h1>C# &#8646; Python: mirror report</h1>\n",
        esc(&title)
    );
    let bad = r.page_problems();
    let _ = write!(
        h,
        "<p class=\"totals\"><span class=\"{}\">{} passed</span> &middot; <span class=\"{}\">{} failed</span> &middot; <span class=\"{}\">{} skipped</span>",
        if r.passed() > 0 { "n-pass" } else { "" },
        r.passed(),
        if r.failed() > 0 { "n-fail" } else { "" },
        r.failed(),
        if r.skipped() > 0 { "n-skip" } else { "" },
        r.skipped()
    );
    if let Some(line) = pages_line(r) {
        let class = if bad > 0 { "n-fail" } else { "" };
        let _ = write!(h, " &middot; <span class=\"{class}\">{}</span>", esc(&line));
    }
    h.push_str("</p>\n");
    for line in [&r.header.python, &r.header.dotnet].into_iter().flatten() {
        let _ = writeln!(h, "<p class=\"env\">{}</p>", esc(line));
    }
    failures(&mut h, r);
    h.push_str("<div class=\"table\"><table class=\"lessons\"><thead><tr><th>lesson</th><th class=\"num\">pairs</th><th class=\"num\">passed</th><th class=\"num\">failed</th><th class=\"num hide-narrow\">pair time</th><th class=\"hide-narrow\">page</th></tr></thead><tbody>\n");
    for l in &r.lessons {
        let page = match l.page.as_ref().map(page_state) {
            None => "-".to_string(),
            Some((true, text)) => text,
            Some((false, text)) => format!("<span class=\"n-fail\">{text}</span>"),
        };
        let failed = if l.failed() > 0 {
            format!("<span class=\"n-fail\">{}</span>", l.failed())
        } else {
            "0".into()
        };
        let _ = writeln!(
            h,
            "<tr><td><a href=\"#{}\">{}</a></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{failed}</td><td class=\"num hide-narrow\">{}</td><td class=\"hide-narrow\">{page}</td></tr>",
            esc(&l.id),
            esc(&lesson_name(l)),
            l.pairs.len(),
            l.passed(),
            duration(l.duration())
        );
    }
    h.push_str("</tbody></table></div>\n</header>\n<main>\n");
    for l in &r.lessons {
        lesson(&mut h, &r.header.course, l);
    }
    let _ = write!(
        h,
        "</main>\n<footer>Made by <code>mirror run --html</code> in {}.</footer>\n</div>\n</body>\n</html>\n",
        duration(r.timings.total)
    );
    h
}

/// At the top: a link to every failing card and every page with problems.
fn failures(h: &mut String, r: &RunReport) {
    let failed = r.failures();
    let pages: Vec<&LessonReport> = r.lessons.iter().filter(|l| l.page_failed() > 0).collect();
    if failed.is_empty() && pages.is_empty() {
        return;
    }
    h.push_str("<nav class=\"failures\"><h2>Failures</h2>\n<ul>\n");
    for p in failed {
        let _ = writeln!(
            h,
            "<li><a href=\"#{}\">{}</a> <span class=\"n-fail\">{}</span> {}</li>",
            esc(&p.pair.id()),
            esc(&p.pair.id()),
            p.verdict.name(),
            esc(p.reason.as_deref().unwrap_or(""))
        );
    }
    for l in pages {
        let _ = writeln!(
            h,
            "<li><a href=\"#{}\">{} page</a> <span class=\"n-fail\">{}</span></li>",
            esc(&l.id),
            esc(&l.id),
            count(l.page_failed(), "problem", "problems")
        );
    }
    h.push_str("</ul>\n</nav>\n");
}

fn lesson_name(l: &LessonReport) -> String {
    let n = l.id.split('-').next().unwrap_or("").trim_start_matches('0');
    format!("{n}. {}", l.title)
}

fn lesson(h: &mut String, root: &str, l: &LessonReport) {
    let _ = writeln!(
        h,
        "<section class=\"lesson\" id=\"{}\">\n<h2>{}</h2>",
        esc(&l.id),
        esc(&lesson_name(l))
    );
    let cards = cards(root, l);
    if let Some(page) = l.page.as_ref().filter(|p| p.failed() > 0) {
        let rel = relative(root, &page.path);
        h.push_str("<ul class=\"findings\">\n");
        for f in &page.examination.findings {
            let _ = write!(
                h,
                "<li class=\"finding\"><code>{}:{}</code> {}",
                esc(&rel),
                f.line,
                esc(&super::without_root(root, &f.message))
            );
            if let Some(d) = &f.diff {
                h.push_str(&diff_block(d));
            }
            h.push_str("</li>\n");
        }
        h.push_str("</ul>\n");
    }
    for p in &l.pairs {
        card(h, root, p, cards.get(&p.pair.key));
    }
    h.push_str("</section>\n");
}

/// The page's mirror cards by pair key: from the run's page check, else read from the page.
fn cards(root: &str, l: &LessonReport) -> std::collections::HashMap<String, (String, String)> {
    if let Some(p) = &l.page {
        return p.examination.cards.clone();
    }
    let path = crate::pages::check::page_path(Path::new(root), &l.id);
    let text = std::fs::read_to_string(path).unwrap_or_default();
    crate::pages::markdown::parse_cards(&text)
        .into_iter()
        .map(|c| (pair_key(&c.pair), (c.csharp, c.python)))
        .collect()
}

fn card(h: &mut String, root: &str, p: &PairReport, text: Option<&(String, String)>) {
    let class = match p.verdict {
        Verdict::Pass => "pass",
        Verdict::Skipped => "skipped",
        _ => "fail",
    };
    let _ = write!(
        h,
        "<article class=\"card {class}\" id=\"{}\">\n<header><h3>{}</h3><span class=\"verdict\">{}</span></header>\n",
        esc(&p.pair.id()),
        esc(&p.pair.name),
        p.verdict.name().to_uppercase()
    );
    if let Some(s) = &p.pair.settings.summary {
        let _ = writeln!(h, "<p class=\"summary\">{}</p>", inline(s));
    }
    if let Some(t) = &p.pair.settings.trap {
        let _ = writeln!(
            h,
            "<p class=\"trap\"><strong>Trap:</strong> {}</p>",
            inline(t)
        );
    }
    if let Some((cs, py)) = text {
        let _ = writeln!(
            h,
            "<div class=\"two mirror\"><div class=\"cs\"><h4><span class=\"lang\">From C#</span></h4><p>{}</p></div><div class=\"py\"><h4><span class=\"lang\">In Python</span></h4><p>{}</p></div></div>",
            inline(cs),
            inline(py)
        );
    }
    if let Some(reason) = &p.reason {
        let _ = writeln!(h, "<p class=\"reason\">{}</p>", esc(reason));
    }
    if let Some(at) = error_at(root, p) {
        let _ = writeln!(
            h,
            "<p class=\"at\">at <code>{}</code></p>",
            esc(&at.to_string())
        );
    }
    h.push_str("<div class=\"two sources\">\n");
    for side in [Side::CSharp, Side::Python] {
        source(h, root, side, p.pair.source(side));
    }
    h.push_str("</div>\n");
    if p.csharp.outcome().is_some() || p.python.outcome().is_some() {
        h.push_str("<div class=\"two outputs\">\n");
        for (side, result) in [(Side::CSharp, &p.csharp), (Side::Python, &p.python)] {
            output(h, side, result);
        }
        h.push_str("</div>\n");
    }
    if let SideResult::CompileError(d) = &p.csharp {
        let _ = writeln!(
            h,
            "<figure class=\"cs\"><figcaption><span class=\"lang\">C#</span> compiler</figcaption><pre class=\"out\">{}</pre></figure>",
            esc(d)
        );
    }
    if let Some(d) = &p.diff {
        let first = FirstDifference::of(d);
        let _ = writeln!(
            h,
            "<figure class=\"diff\"><figcaption>{} (- {}, + {})</figcaption><pre class=\"first\">{}</pre>{}</figure>",
            first.heading(),
            esc(&first.left.label),
            esc(&first.right.label),
            esc(&first.render("").join("\n")),
            diff_block(&escape::text(&d.unified))
        );
    }
    if p.verdict.is_failure() {
        for side in [Side::CSharp, Side::Python] {
            if let Some(tail) = stderr_tail(root, p, side, 20) {
                let _ = writeln!(
                    h,
                    "<details open><summary>{} stderr (last lines)</summary><pre class=\"out\">{}</pre></details>",
                    side.label(),
                    esc(&escape::text(tail))
                );
            }
        }
    }
    h.push_str("</article>\n");
}

fn side_class(side: Side) -> &'static str {
    match side {
        Side::CSharp => "cs",
        Side::Python => "py",
    }
}

fn source(h: &mut String, root: &str, side: Side, path: Option<&Path>) {
    let class = side_class(side);
    let Some(path) = path else {
        let _ = writeln!(
            h,
            "<figure class=\"{class}\"><figcaption><span class=\"lang\">{}</span></figcaption><pre class=\"empty\">no {} file</pre></figure>",
            side.label(),
            side.label()
        );
        return;
    };
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| format!("(cannot read: {e})"));
    let lines: String = text
        .lines()
        .map(|l| format!("<span class=\"l\">{}</span>\n", esc(l)))
        .collect();
    let _ = writeln!(
        h,
        "<figure class=\"{class}\"><figcaption><span class=\"lang\">{}</span> {}</figcaption><pre class=\"src\"><code>{lines}</code></pre></figure>",
        side.label(),
        esc(&relative(root, path))
    );
}

fn output(h: &mut String, side: Side, result: &SideResult) {
    let (body, note) = match result.outcome() {
        None => (
            "<span class=\"empty\">not run</span>".to_string(),
            String::new(),
        ),
        Some(o) => {
            let text = escape::text(&o.stdout);
            let body = if text.is_empty() {
                "<span class=\"empty\">(no output)</span>".to_string()
            } else {
                esc(&text)
            };
            let code = o
                .exit_code()
                .map_or(String::new(), |c| format!(", exit {c}"));
            (body, format!(" ({}{code})", duration(o.duration)))
        }
    };
    let _ = writeln!(
        h,
        "<figure class=\"{}\"><figcaption><span class=\"lang\">{}</span> output{}</figcaption><pre class=\"out\">{body}</pre></figure>",
        side_class(side),
        side.label(),
        esc(&note)
    );
}

/// A unified diff with added, removed and hunk lines marked.
fn diff_block(unified: &str) -> String {
    let lines: String = unified
        .lines()
        .map(|l| {
            let class = match l.chars().next() {
                Some('+') if !l.starts_with("+++") => "add",
                Some('-') if !l.starts_with("---") => "del",
                Some('@') => "hunk",
                _ => "ctx",
            };
            format!("<span class=\"{class}\">{}</span>\n", esc(l))
        })
        .collect();
    format!("<pre class=\"diff\">{lines}</pre>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_keeps_code_spans() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(
            inline("`List<int>` vs `list[int]` & more"),
            "<code>List&lt;int&gt;</code> vs <code>list[int]</code> &amp; more"
        );
        assert_eq!(
            inline("prints ``List`1[Int32]`` and `x`"),
            "prints <code>List`1[Int32]</code> and <code>x</code>"
        );
        assert_eq!(inline("a ` lone"), "a ` lone");
        assert_eq!(esc("a\x1b[2J\rb\n"), "a\\x1b[2J\\rb\n");
    }
}
