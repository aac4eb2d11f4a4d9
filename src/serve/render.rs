//! Why pages look like a course and not like a report: a lesson page (GitHub-flavoured
//! Markdown through pulldown-cmark) becomes the lesson text with each tied C#/Python block
//! labelled and runnable, adjacent C# and Python blocks side by side, mirror cards as cards,
//! one Run/Practise panel per pair, and the page's own problems shown where they are. The
//! body is rendered once per change; the frame around it (lesson list, progress, prev/next)
//! is cheap and made per request, because progress changes with every check.
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::course::{pair_key, Course, Lesson, Pair};
use crate::pages::check::Finding;

/// Escapes text for HTML content and attribute values (`&<>"'`, as pulldown-cmark's own
/// HTML writer does).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// `Comparing to C#` -> `comparing-to-c`.
fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

/// A fenced block's info string: language and `key=value` attributes.
struct Info {
    lang: String,
    pair: Option<String>,
    region: Option<String>,
    output: Option<String>,
}

fn parse_info(info: &str) -> Info {
    let mut words = info.split_whitespace();
    let lang = words.next().unwrap_or("").to_ascii_lowercase();
    let mut out = Info {
        lang,
        pair: None,
        region: None,
        output: None,
    };
    for w in words {
        match w.split_once('=') {
            Some(("pair", v)) => out.pair = Some(v.to_string()),
            Some(("region", v)) => out.region = Some(v.to_string()),
            Some(("output", v)) => out.output = Some(v.to_string()),
            _ => {}
        }
    }
    out
}

/// `python`/`csharp` for the languages mirror ties, else None.
fn tied_lang(lang: &str) -> Option<&'static str> {
    match lang {
        "python" | "py" => Some("python"),
        "csharp" | "cs" | "c#" => Some("csharp"),
        _ => None,
    }
}

fn lang_label(lang: &str) -> &'static str {
    if lang == "csharp" {
        "C#"
    } else {
        "Python"
    }
}

/// The Run / Practise controls and result areas of one pair.
fn controls(pair: &Pair) -> String {
    let name = esc(&pair.name);
    let mut out = format!(
        "<div class=\"controls\"><button type=\"button\" class=\"run\" data-pair=\"{name}\" aria-label=\"Run the pair {name}\">Run</button>"
    );
    if !pair.is_orphan() {
        let _ = write!(
            out,
            "<button type=\"button\" class=\"practise\" data-pair=\"{name}\" aria-expanded=\"false\" aria-label=\"Practise {name}\">Practise</button>"
        );
    }
    let _ = write!(
        out,
        "<span class=\"state\" data-pair=\"{name}\"></span></div><div class=\"results\" aria-live=\"polite\"></div><div class=\"practice\" hidden></div>"
    );
    out
}

/// A pair's panel when the page has no card for it.
fn panel(pair: &Pair, heading: bool) -> String {
    let name = esc(&pair.name);
    let mut out = format!(
        "<section class=\"panel\" id=\"pair-{name}\" data-pair=\"{name}\" aria-label=\"Example {name}\">"
    );
    if heading {
        let _ = write!(out, "<h3 class=\"panel-title\"><code>{name}</code></h3>");
        if let Some(s) = &pair.settings.summary {
            let _ = write!(out, "<p class=\"summary\">{}</p>", esc(s));
        }
    }
    out.push_str(&controls(pair));
    out.push_str("</section>");
    out
}

fn findings_html(findings: &[&Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = write!(
            out,
            "<div class=\"problem\" role=\"note\"><strong>Page problem (line {}):</strong> {}",
            f.line,
            esc(&f.message)
        );
        if let Some(d) = &f.diff {
            let _ = write!(out, "<pre class=\"diff\">{}</pre>", esc(d));
        }
        out.push_str("</div>");
    }
    out
}

/// The rendered middle of a lesson page (no frame), and what it found wrong.
#[derive(Debug, Clone)]
pub struct Body {
    pub html: String,
    pub problems: usize,
}

/// Renders `page` (the lesson's Markdown) with `findings` (from `pages::check::examine`).
pub fn lesson_body(lesson: &Lesson, page: Option<&str>, findings: &[Finding]) -> Body {
    let Some(page) = page else {
        let mut html = format!(
            "<h1>Lesson {}: {}</h1><p class=\"nopage\">This lesson has no page yet (lessons/{}.md); its examples:</p>",
            lesson.number,
            esc(&lesson.title),
            esc(&lesson.id)
        );
        for p in &lesson.pairs {
            html.push_str(&panel(p, true));
        }
        return Body { html, problems: 0 };
    };
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM;
    let mut page_html = PageHtml::new(lesson, page, findings);
    let mut code: Option<(Info, usize, String)> = None;
    for (event, range) in Parser::new_ext(page, opts).into_offset_iter() {
        match (&mut code, event) {
            (Some((_, _, text)), Event::Text(t)) => text.push_str(&t),
            (Some(_), Event::End(TagEnd::CodeBlock)) => {
                let (info, line, text) = code.take().expect("in a block");
                page_html.code_block(&info, line, &text);
            }
            (Some(_), _) => {}
            (None, Event::Start(Tag::CodeBlock(kind))) => {
                let info = match kind {
                    CodeBlockKind::Fenced(i) => parse_info(&i),
                    CodeBlockKind::Indented => parse_info(""),
                };
                code = Some((info, page_html.line_of(range.start), String::new()));
            }
            (None, event) => page_html.event(event),
        }
    }
    page_html.finish()
}

/// The state of one lesson page's rendering: pulldown-cmark's events with mirror's blocks,
/// cards and panels put in, and what is left to show at the end.
struct PageHtml<'a> {
    lesson: &'a Lesson,
    page: &'a str,
    findings: &'a [Finding],
    /// Pairs with a card on the page (their controls go in the card).
    carded: HashSet<String>,
    /// Per pair, its tied blocks not yet rendered (a pair without a card gets its panel
    /// after the last one).
    remaining: HashMap<String, usize>,
    events: Vec<Event<'a>>,
    /// Adjacent tied blocks of one pair in different languages: (pair key, lang, html).
    group: Vec<(String, &'static str, String)>,
    /// Panels that follow the current group.
    after_group: Vec<String>,
    /// Lines whose findings are shown at their block.
    inline_lines: HashSet<usize>,
    /// The pair of a `<!-- mirror-card pair=... -->` comment waiting for its table.
    pending_card: Option<String>,
    open_card: Option<String>,
    /// Pairs shown by a block or a card (the rest go under "More examples").
    shown: HashSet<String>,
    /// Where the open heading's start event is.
    heading: Option<usize>,
    /// Heading ids in use (`pair-NAME` is taken by the panels).
    slugs: HashSet<String>,
}

impl<'a> PageHtml<'a> {
    fn new(lesson: &'a Lesson, page: &'a str, findings: &'a [Finding]) -> PageHtml<'a> {
        let carded = crate::pages::markdown::parse_cards(page)
            .iter()
            .map(|card| pair_key(&card.pair))
            .collect();
        let mut remaining: HashMap<String, usize> = HashMap::new();
        for b in crate::pages::markdown::parse_blocks(page).unwrap_or_default() {
            if let crate::pages::markdown::BlockKind::Code {
                pair: Some(name), ..
            } = &b.kind
            {
                *remaining.entry(pair_key(name)).or_default() += 1;
            }
        }
        PageHtml {
            lesson,
            page,
            findings,
            carded,
            remaining,
            events: Vec::new(),
            group: Vec::new(),
            after_group: Vec::new(),
            inline_lines: HashSet::new(),
            pending_card: None,
            open_card: None,
            shown: HashSet::new(),
            heading: None,
            slugs: lesson
                .pairs
                .iter()
                .map(|p| format!("pair-{}", p.name))
                .collect(),
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.page[..offset.min(self.page.len())].matches('\n').count() + 1
    }

    fn find(&self, name: &str) -> Option<&'a Pair> {
        let key = pair_key(name);
        self.lesson.pairs.iter().find(|p| p.key == key)
    }

    /// Puts the pending group of tied blocks (side by side when more than one) and the
    /// panels that follow it into the page.
    fn flush(&mut self) {
        if self.group.is_empty() {
            return;
        }
        let side_by_side = self.group.len() > 1;
        let mut html = String::new();
        if side_by_side {
            html.push_str("<div class=\"side-by-side\">");
        }
        for (_, _, h) in self.group.drain(..) {
            html.push_str(&h);
        }
        if side_by_side {
            html.push_str("</div>");
        }
        for a in self.after_group.drain(..) {
            html.push_str(&a);
        }
        self.events.push(Event::Html(html.into()));
    }

    /// A fenced block, once its text is read: a tied block of a known pair joins the group
    /// of blocks shown side by side; anything else is shown as it is.
    fn code_block(&mut self, info: &Info, line: usize, text: &str) {
        let findings = self.findings;
        let mine: Vec<&Finding> = findings.iter().filter(|f| f.line == line).collect();
        if !mine.is_empty() {
            self.inline_lines.insert(line);
        }
        let lang = tied_lang(&info.lang);
        match (lang, info.pair.as_deref().and_then(|p| self.find(p))) {
            (Some(lang), Some(pair)) => self.tied_block(pair, lang, info, text, &mine),
            _ => {
                self.flush();
                let html = other_block(info, lang, text, &mine);
                self.events.push(Event::Html(html.into()));
            }
        }
    }

    fn tied_block(
        &mut self,
        pair: &'a Pair,
        lang: &'static str,
        info: &Info,
        text: &str,
        mine: &[&Finding],
    ) {
        self.shown.insert(pair.key.clone());
        let name = esc(&pair.name);
        let region = info
            .region
            .as_deref()
            .map(|r| format!(" · {}", esc(r)))
            .unwrap_or_default();
        let flagged = if mine.is_empty() { "" } else { " flagged" };
        let html = format!(
            "<figure class=\"block {lang}{flagged}\" data-pair=\"{name}\" data-lang=\"{lang}\"><figcaption><span class=\"lang\">{}</span> <span class=\"name\">{name}{region}</span><button type=\"button\" class=\"run small\" data-pair=\"{name}\" aria-label=\"Run the pair {name}\">Run</button></figcaption><pre><code class=\"language-{lang}\">{}</code></pre>{}</figure>",
            lang_label(lang),
            esc(text),
            findings_html(mine)
        );
        let joins = self.group.last().is_some_and(|(k, _, _)| *k == pair.key)
            && self.group.iter().all(|(_, l, _)| *l != lang);
        if !joins {
            self.flush();
        }
        self.group.push((pair.key.clone(), lang, html));
        let left = self.remaining.entry(pair.key.clone()).or_insert(1);
        *left = left.saturating_sub(1);
        if *left == 0 && !self.carded.contains(&pair.key) {
            self.after_group.push(panel(pair, false));
        }
    }

    /// Any event outside a fenced block: cards (a `mirror-card` comment, then its table),
    /// headings (given ids), the rest as pulldown-cmark gives it.
    fn event(&mut self, event: Event<'a>) {
        match event {
            Event::Html(ref h) | Event::InlineHtml(ref h) if h.contains("mirror-card") => {
                self.flush();
                self.pending_card = h
                    .split_whitespace()
                    .find_map(|w| w.strip_prefix("pair="))
                    .map(|p| p.trim_end_matches("-->").to_string());
            }
            Event::Start(Tag::Table(_)) if self.pending_card.is_some() => {
                self.flush();
                let name = self.pending_card.take().expect("checked");
                self.events.push(Event::Html(self.card_start(&name).into()));
                self.events.push(event);
                self.open_card = Some(name);
            }
            Event::End(TagEnd::Table) if self.open_card.is_some() => {
                self.events.push(event);
                let name = self.open_card.take().expect("checked");
                let html = match self.find(&name) {
                    Some(pair) => {
                        self.shown.insert(pair.key.clone());
                        format!("</div>{}</section>", controls(pair))
                    }
                    None => "</div></section>".to_string(),
                };
                self.events.push(Event::Html(html.into()));
            }
            Event::Start(Tag::Heading { .. }) => {
                self.flush();
                self.heading = Some(self.events.len());
                self.events.push(event);
            }
            Event::End(TagEnd::Heading(_)) => {
                self.name_heading();
                self.events.push(event);
            }
            other => {
                self.flush();
                self.events.push(other);
            }
        }
    }

    /// A card's opening: its title and the pair's summary, before the card's table.
    fn card_start(&self, name: &str) -> String {
        let pair = self.find(name);
        let shown_name = esc(pair.map_or(name, |p| p.name.as_str()));
        let mut html = format!(
            "<section class=\"card\" id=\"pair-{shown_name}\" data-pair=\"{shown_name}\" aria-label=\"Mirror card {shown_name}\"><h3 class=\"card-title\">Mirror card <code>{shown_name}</code></h3>"
        );
        if let Some(s) = pair.and_then(|p| p.settings.summary.as_ref()) {
            let _ = write!(html, "<p class=\"summary\">{}</p>", esc(s));
        }
        html.push_str("<div class=\"table-wrap\">");
        html
    }

    /// Gives the heading that just ended an id from its text, so a section can be linked to.
    fn name_heading(&mut self) {
        let Some(at) = self.heading.take() else {
            return;
        };
        let text: String = self.events[at + 1..]
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let mut slug = slugify(&text);
        let mut n = 1;
        while !self.slugs.insert(slug.clone()) {
            n += 1;
            slug = format!("{}-{n}", slugify(&text));
        }
        if let Event::Start(Tag::Heading {
            level,
            id: None,
            classes,
            attrs,
        }) = &self.events[at]
        {
            self.events[at] = Event::Start(Tag::Heading {
                level: *level,
                id: Some(slug.into()),
                classes: classes.clone(),
                attrs: attrs.clone(),
            });
        }
    }

    /// The page's HTML: the findings not shown at a block on top, the pairs no block or
    /// card showed at the end.
    fn finish(mut self) -> Body {
        self.flush();
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, self.events.into_iter());
        let elsewhere: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|f| !self.inline_lines.contains(&f.line))
            .collect();
        let mut top = String::new();
        if !elsewhere.is_empty() {
            top.push_str("<div class=\"problems\" role=\"note\"><h2>Problems on this page</h2>");
            top.push_str(&findings_html(&elsewhere));
            top.push_str("</div>");
        }
        let rest: Vec<&Pair> = self
            .lesson
            .pairs
            .iter()
            .filter(|p| !self.shown.contains(&p.key))
            .collect();
        if !rest.is_empty() {
            html.push_str("<section class=\"more\"><h2>More examples in this lesson</h2>");
            for p in rest {
                html.push_str(&panel(p, true));
            }
            html.push_str("</section>");
        }
        Body {
            html: format!("{top}{html}"),
            problems: self.findings.len(),
        }
    }
}

/// A fenced block mirror does not tie to a pair: an output block, an illustration in one of
/// the two languages, or any other code.
fn other_block(info: &Info, lang: Option<&str>, text: &str, mine: &[&Finding]) -> String {
    let (class, caption) = match (&info.output, lang) {
        (Some(o), _) => (
            "block output".to_string(),
            format!(
                "<figcaption><span class=\"lang\">Output</span> <span class=\"name\">{}</span></figcaption>",
                esc(o)
            ),
        ),
        (None, Some(lang)) => (
            format!("block {lang} illustrative"),
            format!(
                "<figcaption><span class=\"lang\">{}</span> <span class=\"name\">{}</span></figcaption>",
                lang_label(lang),
                info.pair
                    .as_deref()
                    .map_or("illustration".to_string(), |p| format!("{} (no such pair)", esc(p)))
            ),
        ),
        (None, None) => ("block other".to_string(), String::new()),
    };
    let lang_class = if info.lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", esc(&info.lang))
    };
    let flagged = if mine.is_empty() { "" } else { " flagged" };
    format!(
        "<figure class=\"{class}{flagged}\">{caption}<pre><code{lang_class}>{}</code></pre>{}</figure>",
        esc(text),
        findings_html(mine)
    )
}

/// Where practice stands: per pair (`lesson/name`) its state, per lesson and overall the
/// pairs passed out of those that can be practised.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct ProgressView {
    pub done: usize,
    pub total: usize,
    /// Lesson id -> (done, total).
    pub lessons: HashMap<String, (usize, usize)>,
    /// `lesson/name` -> pass, mismatch, error, timeout, todo, changed, stale, unchecked.
    pub pairs: HashMap<String, String>,
}

impl ProgressView {
    pub fn percent(&self) -> usize {
        (self.done * 100).checked_div(self.total).unwrap_or(0)
    }
}

/// The frame around a body: lesson list, "Lesson N of M", progress bar, Previous/Next.
pub fn frame(
    course: &Course,
    index: usize,
    body: &str,
    progress: &ProgressView,
    direction: &str,
) -> String {
    let lesson = &course.lessons[index];
    let title = course.title.as_deref().unwrap_or("Course");
    let count = course.lessons.len();
    let pct = progress.percent();
    let mut nav = String::new();
    for (i, l) in course.lessons.iter().enumerate() {
        let (done, total) = progress.lessons.get(&l.id).copied().unwrap_or((0, 0));
        let current = if i == index {
            " aria-current=\"page\""
        } else {
            ""
        };
        let complete = if total > 0 && done == total {
            " complete"
        } else {
            ""
        };
        let _ = write!(
            nav,
            "<li><a href=\"/lesson/{id}\"{current} class=\"lesson-link{complete}\"><span class=\"num\">{n}</span> <span class=\"t\">{t}</span> <span class=\"lp\" data-lesson=\"{id}\" aria-label=\"{done} of {total} practised\">{done}/{total}</span></a></li>",
            id = esc(&l.id),
            n = l.number,
            t = esc(&l.title),
        );
    }
    let link = |i: Option<usize>, rel: &str, label: &str| {
        match i.and_then(|i| course.lessons.get(i))
    {
        Some(l) => format!(
            "<a class=\"{rel}\" rel=\"{rel}\" href=\"/lesson/{}\"><span class=\"dir\">{label}</span> <span class=\"t\">{}. {}</span></a>",
            esc(&l.id),
            l.number,
            esc(&l.title)
        ),
        None => "<span></span>".to_string(),
    }
    };
    let prev = link(index.checked_sub(1), "prev", "Previous");
    let next = link(Some(index + 1), "next", "Next");
    format!(
        "<!doctype html>
<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<title>Lesson {num}: {ltitle} · {ctitle}</title><link rel=\"stylesheet\" href=\"/assets/style.css\"></head>
<body data-lesson=\"{id}\" data-direction=\"{direction}\">
<a class=\"skip\" href=\"#main\">Skip to the lesson</a>
<header class=\"top\">
<button type=\"button\" class=\"menu\" aria-controls=\"nav\" aria-expanded=\"false\">Lessons</button>
<a class=\"brand\" href=\"/lesson/{first}\">{ctitle}</a>
<span class=\"where\">Lesson {pos} of {count}</span>
<div class=\"progress\"><div class=\"progress-bar\" role=\"progressbar\" aria-label=\"Cards practised\" aria-valuemin=\"0\" aria-valuemax=\"100\" aria-valuenow=\"{pct}\"><div class=\"fill\" style=\"width:{pct}%\"></div></div><span class=\"progress-text\">{done} of {total} cards practised</span></div>
<span class=\"live\" aria-live=\"polite\"></span>
</header>
<div class=\"layout\">
<nav id=\"nav\" class=\"lessons\" aria-label=\"Lessons\"><ol>{nav}</ol></nav>
<main id=\"main\">
<div class=\"lesson-tools\"><button type=\"button\" class=\"run-all\" aria-label=\"Run every example of this lesson\">Run all</button><span class=\"run-all-state\" aria-live=\"polite\"></span></div>
<article class=\"lesson\">{body}</article>
<nav class=\"prevnext\" aria-label=\"Previous and next lesson\">{prev}{next}</nav>
</main></div>
<script src=\"/assets/codemirror.min.js\" defer></script><script src=\"/assets/app.js\" defer></script>
</body></html>
",
        num = lesson.number,
        ltitle = esc(&lesson.title),
        ctitle = esc(title),
        id = esc(&lesson.id),
        first = esc(&course.lessons[0].id),
        pos = index + 1,
        done = progress.done,
        total = progress.total,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson() -> Lesson {
        let pair = |name: &str, summary: Option<&str>| Pair {
            name: name.into(),
            key: pair_key(name),
            lesson: "03-fn".into(),
            python: Some(format!("/c/examples-py/03-fn/{name}.py").into()),
            csharp: Some(format!("/c/examples-cs/03-fn/{name}.cs").into()),
            settings: match summary {
                Some(s) => toml::from_str(&format!("summary = {s:?}")).unwrap(),
                None => Default::default(),
            },
        };
        Lesson {
            id: "03-fn".into(),
            number: 3,
            title: "Functions".into(),
            pairs: vec![
                pair("md", Some("a default is evaluated once")),
                pair("other", None),
                pair("unshown", None),
            ],
        }
    }

    const PAGE: &str = "# Lesson 3: Functions\n\nText with `code` & <b>html</b>.\n\n```csharp pair=md\nConsole.WriteLine(1 < 2);\n```\n\n```python pair=md\nprint(1 < 2)\n```\n\n<!-- mirror-card pair=md -->\n| From C# | In Python |\n|---|---|\n| `a` | `b` |\n\n```python pair=other\nprint(2)\n```\n\n```text output=other\n2\n```\n";

    #[test]
    fn tied_blocks_sit_side_by_side_with_a_card_and_panels() {
        let body = lesson_body(&lesson(), Some(PAGE), &[]);
        let h = &body.html;
        assert!(
            h.contains(
                "<div class=\"side-by-side\"><figure class=\"block csharp\" data-pair=\"md\""
            ),
            "{h}"
        );
        assert!(h.contains("Console.WriteLine(1 &lt; 2);"), "{h}");
        assert!(h.contains("<section class=\"card\" id=\"pair-md\""), "{h}");
        assert!(h.contains("<th>From C#</th>"), "{h}");
        assert!(h.contains("a default is evaluated once"), "{h}");
        // `other` has no card: its panel follows its last block.
        assert!(
            h.contains("<section class=\"panel\" id=\"pair-other\""),
            "{h}"
        );
        // `unshown` is not on the page: listed at the end with its own panel.
        assert!(h.contains("More examples in this lesson"), "{h}");
        assert!(h.contains("id=\"pair-unshown\""), "{h}");
        assert!(h.contains("<span class=\"lang\">Output</span>"), "{h}");
        // Markdown's own HTML passes through (the page is the course's own text).
        assert!(h.contains("<b>html</b>"), "{h}");
        assert_eq!(h.matches("class=\"run\"").count(), 3, "{h}");
        assert!(h.contains("<h1 id=\"lesson-3-functions\">"), "{h}");
    }

    #[test]
    fn findings_show_at_their_block_or_on_top() {
        let f = |line, m: &str| Finding {
            line,
            pair: None,
            message: m.into(),
            example: None,
            diff: Some("-a\n+b\n".into()),
            fixable: true,
        };
        let body = lesson_body(&lesson(), Some(PAGE), &[f(9, "drifted"), f(1, "elsewhere")]);
        let h = &body.html;
        let at = h.find("drifted").unwrap();
        let block = h.find("print(1 &lt; 2)").unwrap();
        assert!(at > block, "{h}");
        assert!(h.contains("block python flagged"), "{h}");
        assert!(h.starts_with("<div class=\"problems\""), "{h}");
        assert_eq!(body.problems, 2);
    }

    #[test]
    fn frame_has_list_progress_and_prev_next() {
        let course = Course {
            title: Some("C# to Python".into()),
            ..Course::of(
                "/c",
                vec![
                Lesson {
                    id: "01-a".into(),
                    number: 1,
                    title: "A".into(),
                    pairs: vec![],
                },
                lesson(),
            ],
            )
        };
        let mut p = ProgressView {
            done: 1,
            total: 4,
            ..Default::default()
        };
        p.lessons.insert("03-fn".into(), (1, 3));
        let h = frame(&course, 1, "<p>x</p>", &p, "python");
        assert!(h.contains("Lesson 2 of 2"), "{h}");
        assert!(h.contains("aria-valuenow=\"25\""), "{h}");
        assert!(
            h.contains("href=\"/lesson/03-fn\" aria-current=\"page\""),
            "{h}"
        );
        assert!(h.contains("rel=\"prev\" href=\"/lesson/01-a\""), "{h}");
        assert!(!h.contains("rel=\"next\""), "{h}");
        assert!(h.contains(">1/3</span>"), "{h}");
    }
}
