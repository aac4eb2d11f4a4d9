//! Lesson pages show code and output from the example pairs; this module reads what a page
//! claims (fenced blocks tagged `pair=`/`region=`/`output=`, mirror cards) with pulldown-cmark,
//! so a block is checked exactly when a reader sees it: in nested lists and blockquotes too,
//! never inside an HTML comment (issue: a hand-written scanner missed or invented blocks).
//!
//! Pure text in, plain values out. The rules are those of "Lesson pages" in the course
//! conventions:
//!
//! * ```` ```python pair=gather region=core ```` must equal the region `core` of the Python file
//!   of pair `gather` ([`super::regions::extract_region`]).
//! * ```` ```csharp pair=gather ```` (no `region=`) must equal the whole file without its region
//!   marker lines ([`super::regions::strip_region_markers`]).
//! * ```` ```text output=gather ```` must equal what both sides print.
//! * every `csharp`/`python` block names a pair or is marked `illustrative`.
//!
//! Blocks keep their byte ranges from pulldown-cmark's offset iterator, so `sync-pages`
//! rewrites a block's lines in place and leaves every other byte of the page alone.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// Which language a code block or example file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Python,
    CSharp,
}

impl Lang {
    /// The language a fence's first word names: `python`/`py` or `csharp`/`cs`/`c#`
    /// (ASCII case-insensitive); `None` for anything else.
    pub fn from_fence_word(word: &str) -> Option<Lang> {
        let is = |aliases: &[&str]| aliases.iter().any(|a| a.eq_ignore_ascii_case(word));
        if is(&["python", "py"]) {
            Some(Lang::Python)
        } else if is(&["csharp", "cs", "c#"]) {
            Some(Lang::CSharp)
        } else {
            None
        }
    }

    /// The canonical fence word: `python` or `csharp`.
    pub fn fence_word(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::CSharp => "csharp",
        }
    }
}

/// What a fenced block on a page claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// ```` ```python pair=gather region=core ```` / ```` ```csharp pair=gather ````
    /// (pair required unless illustrative; an untagged block has `pair: None` and
    /// `illustrative: false`, for the caller to report).
    Code {
        lang: Lang,
        pair: Option<String>,
        region: Option<String>,
        illustrative: bool,
    },
    /// ```` ```text output=gather ````
    Output { pair: String },
    /// Any other fence (```` ```toml ````, ```` ```text ```` without `output=`, no language...):
    /// ignored by checks.
    Other,
}

/// One fenced block of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// 1-based line number of the opening fence.
    pub line: usize,
    /// The lines between the fences exactly as on the page, containers' markers and
    /// indentation included (`> `, list indent); use [`Block::code`] for the rendered text.
    pub content: String,
    /// Byte range of `content` within the page text (so a block can be rewritten in place).
    pub content_range: Range<usize>,
    /// What each new content line starts with: the opening fence line's prefix with list
    /// markers turned into spaces (`""` at top level, `"  "` in a `- ` item, `"> "` in a quote).
    pub prefix: String,
    /// The code as rendered (pulldown-cmark's text of the block; CRLF read as LF).
    code: String,
}

impl Block {
    /// The code as Markdown renders it: containers' markers and the fence's indentation
    /// removed from each line.
    pub fn code(&self) -> String {
        self.code.clone()
    }

    /// The inverse of [`Block::code`]: `code` with [`Block::prefix`] before each line, ready for
    /// [`rewrite`] at `content_range`. Empty lines get no trailing spaces.
    pub fn content_for(&self, code: &str) -> String {
        let bare = self.prefix.trim_end();
        code.split_inclusive('\n')
            .flat_map(|line| {
                let empty = line.trim_end_matches(['\r', '\n']).is_empty();
                [if empty { bare } else { &self.prefix }, line]
            })
            .collect()
    }
}

/// A problem on a page, with the 1-based line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageError {
    pub line: usize,
    pub message: String,
}

impl PageError {
    fn new(line: usize, message: impl Into<String>) -> PageError {
        PageError {
            line,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for PageError {}

/// A mirror card: an HTML comment `<!-- mirror-card pair=NAME -->` followed by a Markdown
/// table whose header is `| From C# | In Python |` (any header text) and at least one body row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub pair: String,
    /// 1-based line of the `<!-- mirror-card ... -->` comment.
    pub line: usize,
    /// The first cell of the body rows as written (joined with "\n" when several rows), spaces
    /// around it trimmed and `\|` unescaped.
    pub csharp: String,
    /// The second cell of the body rows, like `csharp`.
    pub python: String,
}

/// Parses every fenced block of a page (see [`parse_blocks_all`]) and stops at the first error.
///
/// An untagged csharp/python block (no `pair=`, not `illustrative`) is NOT a parse error: it is
/// returned as `Code { pair: None, illustrative: false, .. }` so the caller can report it.
pub fn parse_blocks(page: &str) -> Result<Vec<Block>, PageError> {
    let (blocks, mut errors) = parse_blocks_all(page);
    if errors.is_empty() {
        Ok(blocks)
    } else {
        Err(errors.swap_remove(0))
    }
}

/// Every fenced block a reader sees (CommonMark, as pulldown-cmark reads it) and every error,
/// sorted by line; a block with a bad info string or no closing fence is left out of the blocks.
///
/// The info string is the language (first word) then space-separated `key=value` attributes and
/// bare words. `python|py` and `csharp|cs|c#` give [`BlockKind::Code`], `text` with `output=`
/// gives [`BlockKind::Output`], anything else [`BlockKind::Other`] (attributes not checked).
/// On a csharp/python/text block these are errors: a key other than `pair`/`region`/`output`,
/// a bare word other than `illustrative`, a key given twice or with an empty value, `region=`
/// without `pair=`, `output=` on a code block, `illustrative` together with `pair=`, and on a
/// text block `pair=`/`region=`/`illustrative` (it takes `output=` only). A fence that is never
/// closed (it runs to the end of the page or of its list item or quote) is an error at its line.
pub fn parse_blocks_all(page: &str) -> (Vec<Block>, Vec<PageError>) {
    let scan = scan(page);
    (scan.blocks, scan.block_errors)
}

/// Every well-formed mirror card of a page, in page order; malformed ones are skipped (see
/// [`parse_cards_all`] to report them).
pub fn parse_cards(page: &str) -> Vec<Card> {
    parse_cards_all(page).0
}

/// Every mirror card of a page, plus an error for each malformed one: a `mirror-card` comment
/// without exactly one `pair=NAME`, or whose next block is not a two-column table (GFM) with at
/// least one body row, each of exactly two cells. Cells are split at unescaped `|` (even inside
/// code spans, as GitHub does); `\|` becomes `|`. A comment inside a code block or inside
/// another HTML comment is not a card.
pub fn parse_cards_all(page: &str) -> (Vec<Card>, Vec<PageError>) {
    let scan = scan(page);
    (scan.cards, scan.card_errors)
}

/// Rewrites block contents: given the page and (`content_range`, new content) pairs
/// (non-overlapping, any order), returns the new page text, leaving every other byte unchanged.
///
/// # Panics
///
/// If two ranges overlap, or a range is reversed, out of bounds or not on a char boundary
/// (ranges from [`parse_blocks`] on the same page never are).
pub fn rewrite(page: &str, edits: &[(Range<usize>, String)]) -> String {
    let mut sorted: Vec<&(Range<usize>, String)> = edits.iter().collect();
    sorted.sort_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(page.len());
    let mut done = 0;
    for (range, text) in sorted {
        assert!(
            done <= range.start && range.start <= range.end,
            "rewrite: overlapping or reversed range {range:?}"
        );
        out.push_str(&page[done..range.start]);
        out.push_str(text);
        done = range.end;
    }
    out.push_str(&page[done..]);
    out
}

// ---------------------------------------------------------------------------------------------
// One pass of pulldown-cmark over the page

/// What a page holds.
#[derive(Default)]
struct Scan {
    blocks: Vec<Block>,
    block_errors: Vec<PageError>,
    cards: Vec<Card>,
    card_errors: Vec<PageError>,
}

/// Reads the page as GitHub renders it (GFM tables, footnotes, strikethrough, task lists).
fn scan(page: &str) -> Scan {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut events = Parser::new_ext(page, options).into_offset_iter().peekable();
    let mut scan = Scan::default();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let (mut code, mut text_end) = (String::new(), None);
                for (event, range) in events.by_ref() {
                    match event {
                        Event::Text(text) => {
                            code.push_str(&text);
                            text_end = Some(range.end);
                        }
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                match fenced_block(page, &info, range, code, text_end) {
                    Ok(block) => scan.blocks.push(block),
                    Err(error) => scan.block_errors.push(error),
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                let mut html = String::new();
                for (event, _) in events.by_ref() {
                    match event {
                        Event::Html(text) => html.push_str(&text),
                        Event::End(TagEnd::HtmlBlock) => break,
                        _ => {}
                    }
                }
                let line = line_of(page, range.start);
                let pair = match card_marker(&html) {
                    None => continue,
                    Some(Ok(pair)) => pair,
                    Some(Err(message)) => {
                        scan.card_errors.push(PageError::new(line, message));
                        continue;
                    }
                };
                let columns = match events.peek() {
                    Some((Event::Start(Tag::Table(columns)), _)) => Some(columns.len()),
                    _ => None,
                };
                let table = match columns {
                    Some(columns) => card_table(page, columns, &mut events),
                    None => Err("no two-column table (header, `|---|---|` row, body rows) \
                                 follows the comment"
                        .into()),
                };
                match table {
                    Ok((csharp, python)) => scan.cards.push(Card {
                        pair: pair.to_owned(),
                        line,
                        csharp,
                        python,
                    }),
                    Err(message) => scan.card_errors.push(PageError::new(
                        line,
                        format!("mirror card `{pair}`: {message}"),
                    )),
                }
            }
            _ => {}
        }
    }
    scan.block_errors.sort_by_key(|error| error.line);
    scan
}

/// 1-based line of a byte offset.
fn line_of(page: &str, offset: usize) -> usize {
    page[..offset].matches('\n').count() + 1
}

/// A fenced block from its event range (opening fence up to the end of the closing fence) and
/// rendered text; `text_end` is where its last text event ends.
fn fenced_block(
    page: &str,
    info: &str,
    range: Range<usize>,
    code: String,
    text_end: Option<usize>,
) -> Result<Block, PageError> {
    let line = line_of(page, range.start);
    let opening_end = page[range.start..]
        .find('\n')
        .map_or(page.len(), |i| range.start + i + 1);
    // A closed block ends with a fence line that is not text; an unclosed one ends with text.
    if text_end.unwrap_or(opening_end).max(opening_end) >= range.end {
        return Err(PageError::new(line, "code fence is never closed"));
    }
    let closing_start = page[..range.end]
        .trim_end_matches(['\n', '\r'])
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let content_range = opening_end..closing_start;
    let line_start = page[..range.start].rfind('\n').map_or(0, |i| i + 1);
    Ok(Block {
        kind: classify(info, line)?,
        line,
        content: page[content_range.clone()].to_owned(),
        content_range,
        // List markers become spaces; quote markers stay.
        prefix: page[line_start..range.start]
            .replace(|c: char| c != '>' && !c.is_whitespace(), " "),
        code,
    })
}

// ---------------------------------------------------------------------------------------------
// Info strings

/// Interprets a fence's info string (see [`parse_blocks_all`] for the rules).
fn classify(info: &str, line: usize) -> Result<BlockKind, PageError> {
    const KEYS: [&str; 3] = ["pair", "region", "output"];
    const ALLOWED: &str = "(allowed: pair=, region=, output=, illustrative)";
    let mut words = info.split_whitespace();
    let first = words.next().unwrap_or_default();
    let lang = Lang::from_fence_word(first);
    if lang.is_none() && !first.eq_ignore_ascii_case("text") {
        return Ok(BlockKind::Other);
    }
    let fail = |message: String| -> Result<BlockKind, PageError> {
        Err(PageError::new(line, format!("```{first} block: {message}")))
    };
    let (mut values, mut illustrative) = ([None; 3], false);
    for word in words {
        let Some((key, value)) = word.split_once('=') else {
            if word != "illustrative" {
                return fail(format!("unknown attribute `{word}` {ALLOWED}"));
            }
            illustrative = true;
            continue;
        };
        let Some(slot) = KEYS.iter().position(|k| *k == key) else {
            return fail(format!("unknown attribute key `{key}` {ALLOWED}"));
        };
        if value.is_empty() {
            return fail(format!("attribute `{key}=` has no value"));
        }
        if values[slot].replace(value).is_some() {
            return fail(format!("attribute `{key}=` given twice"));
        }
    }
    let [pair, region, output] = values.map(|value| value.map(str::to_owned));
    let problem = match lang {
        Some(_) if output.is_some() => "`output=` belongs on a ```text block",
        Some(_) if region.is_some() && pair.is_none() => "`region=` needs `pair=`",
        Some(_) if illustrative && pair.is_some() => {
            "a block is either `illustrative` or shows a `pair=`, not both"
        }
        Some(lang) => {
            return Ok(BlockKind::Code {
                lang,
                pair,
                region,
                illustrative,
            })
        }
        None if pair.is_some() || region.is_some() => {
            "shown output is tagged `output=NAME`, not `pair=`/`region=`"
        }
        None if illustrative => {
            "`illustrative` is for csharp/python blocks; an untagged ```text is not checked"
        }
        None => return Ok(output.map_or(BlockKind::Other, |pair| BlockKind::Output { pair })),
    };
    fail(problem.into())
}

// ---------------------------------------------------------------------------------------------
// Mirror cards

/// `None` if an HTML block is not a `mirror-card` comment; otherwise its pair name or what is
/// wrong.
fn card_marker(html: &str) -> Option<Result<&str, String>> {
    let inner = html.trim().strip_prefix("<!--")?.strip_suffix("-->")?;
    let mut words = inner.split_whitespace();
    if words.next() != Some("mirror-card") {
        return None;
    }
    let attrs: Vec<&str> = words.collect();
    Some(match attrs.as_slice() {
        [attr] => match attr.strip_prefix("pair=") {
            Some(pair) if !pair.is_empty() => Ok(pair),
            _ => Err(format!("mirror card: expected `pair=NAME`, found `{attr}`")),
        },
        _ => Err("mirror card: expected exactly `<!-- mirror-card pair=NAME -->`".into()),
    })
}

/// The two columns of the table whose `Start(Table)` is the next event (reads up to its end).
/// A cell's text is its source, so the card keeps its Markdown (`code`, links) as written.
fn card_table<'a>(
    page: &str,
    columns: usize,
    events: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>,
) -> Result<(String, String), String> {
    // Each body row's range and its cells' ranges.
    let mut rows: Vec<(Range<usize>, Vec<Range<usize>>)> = Vec::new();
    let mut in_head = false;
    for (event, range) in events {
        match event {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => rows.push((range, Vec::new())),
            Event::Start(Tag::TableCell) if !in_head => {
                if let Some((_, cells)) = rows.last_mut() {
                    cells.push(range);
                }
            }
            Event::End(TagEnd::Table) => break,
            _ => {}
        }
    }
    if columns != 2 {
        return Err("the table header must have two columns".into());
    }
    if rows.is_empty() {
        return Err("the table has no body row".into());
    }
    let (mut csharp, mut python) = (Vec::new(), Vec::new());
    let cell = |range: &Range<usize>| page[range.clone()].trim().replace("\\|", "|");
    for (row, cells) in rows {
        // pulldown-cmark pads a short row with empty cells at its end and drops extra cells.
        let two = match cells.as_slice() {
            [left, right] if !(right.is_empty() && right.start == row.end) => {
                let rest = page[right.end..row.end].trim();
                (rest.is_empty() || rest == "|").then_some((left, right))
            }
            _ => None,
        };
        let Some((left, right)) = two else {
            return Err(format!("row `{}` must have two cells", page[row].trim()));
        };
        csharp.push(cell(left));
        python.push(cell(right));
    }
    Ok((csharp.join("\n"), python.join("\n")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::regions::tests::{GATHER_CS, GATHER_PY};
    use crate::pages::regions::{extract_region, normalize_text};

    /// Shaped like lesson 7: a card, a region block per side, output, an illustrative block.
    const PAGE: &str = "# Lesson 7: Async Programming

<!-- mirror-card pair=gather -->
| From C# | In Python |
|---|---|
| `await Task.WhenAll(a, b)` returns a `T[]` | `await asyncio.gather(a, b)` returns a `list` |

```csharp pair=gather region=core
var results = await Task.WhenAll(
    FetchAsync(url1),
    FetchAsync(url2)
);
```

```python pair=gather region=core
results = await asyncio.gather(
    fetch_async(session, url1),
    fetch_async(session, url2),
)
```

```text output=gather
completed: url2-100ms
```

```python illustrative
result = await compute_async()
```
";

    fn code(lang: Lang, pair: Option<&str>, region: Option<&str>, illustrative: bool) -> BlockKind {
        BlockKind::Code {
            lang,
            pair: pair.map(str::to_owned),
            region: region.map(str::to_owned),
            illustrative,
        }
    }

    fn kinds(page: &str) -> Vec<BlockKind> {
        parse_blocks(page)
            .expect("page parses")
            .into_iter()
            .map(|block| block.kind)
            .collect()
    }

    fn error_of(page: &str) -> PageError {
        parse_blocks(page).expect_err("page is rejected")
    }

    #[test]
    fn lesson_shaped_page_gives_kinds_lines_and_content() {
        let blocks = parse_blocks(PAGE).unwrap();
        let found: Vec<(BlockKind, usize)> =
            blocks.iter().map(|b| (b.kind.clone(), b.line)).collect();
        assert_eq!(
            found,
            [
                (code(Lang::CSharp, Some("gather"), Some("core"), false), 8),
                (code(Lang::Python, Some("gather"), Some("core"), false), 15),
                (
                    BlockKind::Output {
                        pair: "gather".into()
                    },
                    22
                ),
                (code(Lang::Python, None, None, true), 26),
            ]
        );
        assert_eq!(blocks[2].content, "completed: url2-100ms\n");
        assert_eq!(blocks[3].content, "result = await compute_async()\n");
        for block in &blocks {
            assert_eq!(PAGE[block.content_range.clone()], block.content);
            assert_eq!(block.prefix, "");
        }
    }

    #[test]
    fn page_blocks_match_the_example_regions() {
        let blocks = parse_blocks(PAGE).unwrap();
        let (python, line) = extract_region(GATHER_PY, "core", Lang::Python).unwrap();
        assert_eq!(line, 7);
        assert_eq!(normalize_text(&blocks[1].code()), python);
        let (csharp, line) = extract_region(GATHER_CS, "core", Lang::CSharp).unwrap();
        assert_eq!(line, 4);
        assert_eq!(normalize_text(&blocks[0].code()), csharp);
    }

    #[test]
    fn language_aliases_are_case_insensitive() {
        let page =
            "```py pair=a\n```\n```CS pair=a\n```\n```c# pair=a\n```\n```Python pair=a\n```\n";
        let langs: Vec<Lang> = kinds(page)
            .into_iter()
            .map(|kind| match kind {
                BlockKind::Code { lang, .. } => lang,
                other => panic!("not code: {other:?}"),
            })
            .collect();
        assert_eq!(
            langs,
            [Lang::Python, Lang::CSharp, Lang::CSharp, Lang::Python]
        );
    }

    #[test]
    fn untagged_code_block_is_returned_for_the_caller_to_report() {
        assert_eq!(
            kinds("```csharp\nConsole.WriteLine(1);\n```\n"),
            [code(Lang::CSharp, None, None, false)]
        );
    }

    #[test]
    fn other_fences_are_ignored_whatever_their_attributes() {
        let page = "```toml\n[a]\n```\n```bash title=x\nls\n```\n```\nplain\n```\n\
                    ```text\nsome output\n```\n```json pair=x\n{}\n```\n";
        assert_eq!(kinds(page), vec![BlockKind::Other; 5]);
    }

    #[test]
    fn empty_block_has_empty_content_and_range() {
        let page = "intro\n```python pair=a\n```\nafter\n";
        let block = &parse_blocks(page).unwrap()[0];
        assert_eq!(block.content, "");
        assert_eq!(block.content_range, 23..23);
        assert_eq!(block.line, 2);
    }

    #[test]
    fn longer_and_tilde_fences_contain_shorter_ones() {
        let page = "````markdown\n```python pair=inner\n```\n````\n\
                    ~~~python pair=a\nx = '```'\n```\n~~~\n";
        let blocks = parse_blocks(page).unwrap();
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].kind, BlockKind::Other);
        assert_eq!(blocks[0].content, "```python pair=inner\n```\n");
        assert_eq!(blocks[1].content, "x = '```'\n```\n");
        assert_eq!(blocks[1].line, 5);
    }

    #[test]
    fn closing_fence_needs_same_char_enough_length_and_nothing_after() {
        let page = "````python pair=a\n```\n~~~~\n```` trailing\n   `````  \n";
        let blocks = parse_blocks(page).unwrap();
        assert_eq!(blocks[0].content, "```\n~~~~\n```` trailing\n");
    }

    #[test]
    fn backticks_in_info_string_make_inline_code_not_a_fence() {
        let page = "```python pair=a``` is how you tag a block\n";
        assert_eq!(parse_blocks(page).unwrap(), []);
    }

    #[test]
    fn unclosed_fence_is_an_error_at_its_opening_line() {
        let error = error_of("text\n\n```python pair=a\nx = 1\n``\n");
        assert_eq!(error.line, 3);
        assert!(error.message.contains("never closed"), "{error}");
    }

    #[test]
    fn unknown_attributes_are_errors() {
        let error = error_of("a\n```python pair=a lines=3\n```\n");
        assert_eq!(error.line, 2);
        assert!(error.message.contains("`lines`"), "{error}");
        let error = error_of("```csharp pair=a hidden\n```\n");
        assert!(error.message.contains("`hidden`"), "{error}");
        let error = error_of("```text output=a title=x\n```\n");
        assert!(error.message.contains("`title`"), "{error}");
    }

    #[test]
    fn attribute_combinations_that_make_no_sense_are_errors() {
        let cases = [
            ("```python region=core\n```\n", "needs `pair=`"),
            (
                "```csharp pair=a output=a\n```\n",
                "`output=` belongs on a ```text",
            ),
            ("```python pair=a illustrative\n```\n", "not both"),
            ("```python pair=a pair=b\n```\n", "given twice"),
            ("```python pair=\n```\n", "no value"),
            ("```text pair=a\n```\n", "`output=NAME`"),
            ("```text illustrative\n```\n", "`illustrative` is for"),
        ];
        for (page, expected) in cases {
            let error = error_of(page);
            assert_eq!(error.line, 1, "{page}");
            assert!(error.message.contains(expected), "{page}: {error}");
        }
    }

    #[test]
    fn all_errors_are_collected_in_line_order() {
        let page = "```python pair=a\nok\n```\n```python region=x\n```\n```cs bad=1\n```\n```py\n";
        let (blocks, errors) = parse_blocks_all(page);
        assert_eq!(blocks.len(), 1);
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [4, 6, 8]);
        assert_eq!(parse_blocks(page).unwrap_err().line, 4);
    }

    #[test]
    fn fence_in_list_item_keeps_indent_and_code_removes_it() {
        let page = "- **Forgetting `await`.** Text.\n\n  ```python illustrative\n  async def \
                    main() -> None:\n      result = compute_async()\n\n  ```\n";
        let block = &parse_blocks(page).unwrap()[0];
        assert_eq!(block.prefix, "  ");
        assert_eq!(block.line, 3);
        assert_eq!(
            block.content,
            "  async def main() -> None:\n      result = compute_async()\n\n"
        );
        let code = block.code();
        assert_eq!(
            code,
            "async def main() -> None:\n    result = compute_async()\n\n"
        );
        assert_eq!(block.content_for(&code), block.content);
    }

    #[test]
    fn fence_indented_four_spaces_is_indented_code_not_a_fence() {
        assert_eq!(parse_blocks("    ```python\n    x\n    ```\n").unwrap(), []);
    }

    #[test]
    fn crlf_page_keeps_crlf_in_content() {
        let page = "```python pair=a\r\nx = 1\r\n```\r\n";
        let block = &parse_blocks(page).unwrap()[0];
        assert_eq!(block.content, "x = 1\r\n");
        assert_eq!(normalize_text(&block.content), "x = 1\n");
    }

    #[test]
    fn rewrite_replaces_blocks_in_place_in_any_order() {
        let blocks = parse_blocks(PAGE).unwrap();
        let edits = [
            (blocks[2].content_range.clone(), "new output\n".to_owned()),
            (blocks[0].content_range.clone(), String::new()),
        ];
        let page = rewrite(PAGE, &edits);
        let rewritten = parse_blocks(&page).unwrap();
        assert_eq!(rewritten[0].content, "");
        assert_eq!(rewritten[1].content, blocks[1].content);
        assert_eq!(rewritten[2].content, "new output\n");
        assert_eq!(rewrite(&page, &[]), page);
        let restored = rewrite(
            &page,
            &[
                (
                    rewritten[0].content_range.clone(),
                    blocks[0].content.clone(),
                ),
                (
                    rewritten[2].content_range.clone(),
                    blocks[2].content.clone(),
                ),
            ],
        );
        assert_eq!(restored, PAGE);
    }

    #[test]
    #[should_panic(expected = "overlapping")]
    fn rewrite_rejects_overlapping_edits() {
        rewrite("abcdef", &[(1..4, String::new()), (3..5, String::new())]);
    }

    #[test]
    fn card_is_parsed_from_lesson_shaped_page() {
        assert_eq!(
            parse_cards(PAGE),
            [Card {
                pair: "gather".into(),
                line: 3,
                csharp: "`await Task.WhenAll(a, b)` returns a `T[]`".into(),
                python: "`await asyncio.gather(a, b)` returns a `list`".into(),
            }]
        );
    }

    #[test]
    fn card_rows_are_joined_and_escaped_pipes_unescaped() {
        let page = "<!-- mirror-card pair=or_else -->\n\n| C# | Python |\n| :-- | --: |\n\
                    | `a \\|\\| b` | `a or b` |\n|`x ?? y`|`x if x is not None else y`|\n\nAfter.\n";
        let (cards, errors) = parse_cards_all(page);
        assert_eq!(errors, []);
        assert_eq!(cards[0].csharp, "`a || b`\n`x ?? y`");
        assert_eq!(cards[0].python, "`a or b`\n`x if x is not None else y`");
    }

    #[test]
    fn malformed_cards_are_reported_and_skipped() {
        let page = "<!-- mirror-card pair=a -->\nNo table here.\n\n\
                    <!-- mirror-card -->\n| a | b |\n|---|---|\n| c | d |\n\n\
                    <!-- mirror-card pair=b -->\n| a | b |\n|---|---|\n\n\
                    <!-- mirror-card pair=c -->\n| a | b |\n|---|---|\n| c | d | e |\n";
        let (cards, errors) = parse_cards_all(page);
        assert_eq!(cards, []);
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 4, 9, 13]);
        assert!(errors[0].message.contains("`a`"), "{}", errors[0]);
        assert!(errors[3].message.contains("two cells"), "{}", errors[3]);
        assert_eq!(parse_cards(page), []);
    }

    #[test]
    fn cards_inside_fenced_blocks_are_examples_not_cards() {
        let page = "```\n<!-- mirror-card pair=gather -->\n| a | b |\n|---|---|\n| c | d |\n```\n\
                    <!-- other comment -->\n";
        assert_eq!(parse_cards_all(page), (vec![], vec![]));
    }

    #[test]
    fn fence_in_nested_list_item_is_found_with_its_five_space_prefix() {
        let page =
            "1. Step\n   - nested\n\n     ```python pair=a\n     x = 1\n\n         y\n     ```\n";
        let block = &parse_blocks(page).unwrap()[0];
        assert_eq!(block.line, 4);
        assert_eq!(block.prefix, "     ");
        assert_eq!(block.code(), "x = 1\n\n    y\n");
        assert_eq!(block.content_for(&block.code()), block.content);
        let edited = rewrite(
            page,
            &[(block.content_range.clone(), block.content_for("z\n"))],
        );
        assert_eq!(edited, page.replace("x = 1\n\n         y\n", "z\n"));
    }

    #[test]
    fn fence_in_blockquote_is_found_and_rewritten_with_its_markers() {
        let page = "> Note:\n>\n> ```python pair=a\n> x = 1\n>\n>     y\n> ```\n\nAfter.\n";
        let block = &parse_blocks(page).unwrap()[0];
        assert_eq!(block.line, 3);
        assert_eq!(block.prefix, "> ");
        assert_eq!(block.code(), "x = 1\n\n    y\n");
        assert_eq!(block.content_for(&block.code()), block.content);
        let edited = rewrite(
            page,
            &[(block.content_range.clone(), block.content_for("a\n\nb\n"))],
        );
        assert_eq!(
            edited,
            "> Note:\n>\n> ```python pair=a\n> a\n>\n> b\n> ```\n\nAfter.\n"
        );
    }

    #[test]
    fn fence_on_a_list_marker_line_gets_spaces_for_the_marker() {
        let page = "10. ```python pair=a\n    x\n    ```\n";
        let block = &parse_blocks(page).unwrap()[0];
        assert_eq!(
            (block.prefix.as_str(), block.code().as_str()),
            ("    ", "x\n")
        );
        assert_eq!(block.content_for("y\n"), "    y\n");
    }

    #[test]
    fn fences_and_cards_inside_html_comments_are_not_seen() {
        let page = "<!--\n```python pair=a\nstale\n```\n\n<!-- mirror-card pair=a -->\n\
                    | a | b |\n|---|---|\n| c | d |\n-->\n\n```python\n```\n";
        let (blocks, errors) = parse_blocks_all(page);
        assert_eq!(errors, []);
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        assert_eq!(blocks[0].line, 12);
        assert_eq!(parse_cards_all(page), (vec![], vec![]));
    }

    #[test]
    fn unclosed_fence_in_a_list_item_is_an_error() {
        let (blocks, errors) = parse_blocks_all("- ```python pair=a\n  x\n\nnext\n");
        assert_eq!(blocks, []);
        assert_eq!(errors, [PageError::new(1, "code fence is never closed")]);
    }

    #[test]
    fn card_in_blockquote_and_line_right_after_the_table_is_a_row() {
        let page = "> <!-- mirror-card pair=a -->\n> | C# | Py |\n> |---|---|\n> | x | y |\n";
        let cards = parse_cards(page);
        assert_eq!(
            (cards[0].csharp.as_str(), cards[0].python.as_str()),
            ("x", "y")
        );
        // GFM (and GitHub) read a line with no pipe right after a table as one more row.
        let page = "<!-- mirror-card pair=a -->\n| C# | Py |\n|---|---|\n| x | y |\nAfter.\n";
        let (cards, errors) = parse_cards_all(page);
        assert_eq!(cards, []);
        assert!(
            errors[0].message.contains("`After.` must have two cells"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn every_block_of_the_shipped_lessons_rewritten_with_its_own_code_changes_no_byte() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let page = std::fs::read_to_string(&path).unwrap();
            let (blocks, errors) = parse_blocks_all(&page);
            assert_eq!(errors, [], "{}", path.display());
            assert!(!blocks.is_empty(), "{}", path.display());
            let edits: Vec<(Range<usize>, String)> = blocks
                .iter()
                .map(|b| (b.content_range.clone(), b.content_for(&b.code())))
                .collect();
            assert!(rewrite(&page, &edits) == page, "{}", path.display());
        }
    }

    #[test]
    fn card_marker_reads_only_a_whole_mirror_card_comment() {
        assert_eq!(card_marker("<!-- mirror-card pair=a -->\n"), Some(Ok("a")));
        assert_eq!(card_marker("<!--mirror-card pair=a-->"), Some(Ok("a")));
        for not_a_card in [
            "<!-- other -->",
            "<!-- mirror-cards pair=a -->",
            "<div>mirror-card pair=a</div>",
            "<!-- mirror-card pair=a --> trailing",
        ] {
            assert_eq!(card_marker(not_a_card), None, "{not_a_card}");
        }
        for bad in [
            "<!-- mirror-card -->",
            "<!-- mirror-card pair= -->",
            "<!-- mirror-card name=a -->",
            "<!-- mirror-card pair=a pair=b -->",
        ] {
            assert!(matches!(card_marker(bad), Some(Err(_))), "{bad}");
        }
    }
}
