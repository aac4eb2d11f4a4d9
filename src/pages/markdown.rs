//! Lesson pages show code and output from the example pairs; this module parses what a page
//! claims (fenced blocks tagged `pair=`/`region=`/`output=`, mirror cards) and what an example
//! file contains (`#region` markers), so a checker can prove that every page shows the real code.
//!
//! Pure text in, plain values out: no file system, no processes. The rules are those of
//! "Lesson pages" in the course conventions:
//!
//! * ```` ```python pair=gather region=core ```` must equal the region `core` of the Python file
//!   of pair `gather`, with the region's common indentation removed ([`extract_region`]).
//! * ```` ```csharp pair=gather ```` (no `region=`) must equal the whole file *with its region
//!   marker lines removed* ([`strip_region_markers`]): readers should not see folding markers.
//! * ```` ```text output=gather ```` must equal what both sides print.
//! * every `csharp`/`python` block names a pair or is marked `illustrative`.
//!
//! [`expected_block_text`] combines the two file rules; compare its text with
//! `normalize_text(&block.code())`.

use std::ops::Range;

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
        const PYTHON: [&str; 2] = ["python", "py"];
        const CSHARP: [&str; 3] = ["csharp", "cs", "c#"];
        if PYTHON.iter().any(|alias| alias.eq_ignore_ascii_case(word)) {
            Some(Lang::Python)
        } else if CSHARP.iter().any(|alias| alias.eq_ignore_ascii_case(word)) {
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
    /// Any other fence (```` ```toml ````, ```` ```bash ````, ```` ```text ```` without
    /// `output=`, ```` ```json ````, no language...): ignored by checks.
    Other,
}

/// One fenced block of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// 1-based line number of the opening fence.
    pub line: usize,
    /// The block's text exactly as on the page between the fences (each line ending in '\n';
    /// empty block = ""). A fence indented inside a list item keeps that indentation here:
    /// use [`Block::code`] for the text as rendered.
    pub content: String,
    /// Byte range of `content` within the page text (so a block can be rewritten in place).
    pub content_range: Range<usize>,
    /// Spaces before the opening fence (0 to 3; e.g. 2 inside a `- ` list item).
    pub indent: usize,
}

impl Block {
    /// The code as Markdown renders it: up to [`Block::indent`] leading spaces removed from each
    /// line, as CommonMark does for an indented fence. Equals `content` when `indent` is 0.
    pub fn code(&self) -> String {
        if self.indent == 0 {
            return self.content.clone();
        }
        self.content
            .split_inclusive('\n')
            .map(|line| remove_spaces(line, self.indent))
            .collect()
    }

    /// The inverse of [`Block::code`]: `code` indented to sit between this block's fences, ready
    /// for [`rewrite`] at `content_range`. Empty lines stay empty (no trailing spaces).
    pub fn content_for(&self, code: &str) -> String {
        if self.indent == 0 {
            return code.to_owned();
        }
        let pad = " ".repeat(self.indent);
        let mut out = String::with_capacity(code.len());
        for line in code.split_inclusive('\n') {
            if !line.trim_end_matches(['\r', '\n']).is_empty() {
                out.push_str(&pad);
            }
            out.push_str(line);
        }
        out
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

/// Parses every fenced block of a page (see [`parse_blocks_all`] for the rules) and stops at the
/// first error (the one with the lowest line).
///
/// Errors (with line): unknown attribute key on a csharp/python/text block (allowed keys: `pair`,
/// `region`, `output`; bare word: `illustrative`), `region=` without `pair=`, an unclosed fence,
/// `output=` on a non-text block, and the other mistakes listed at [`parse_blocks_all`].
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

/// Parses every fenced block and collects every error instead of stopping at the first (errors
/// are sorted by line; a block with a bad info string is left out of the blocks).
///
/// Fences: ```` ``` ```` or `~~~`, three or more, indented by at most 3 spaces; the closing fence
/// is the same character, at least as long, indented by at most 3 spaces, with nothing but
/// spaces after it. A backtick fence whose info string contains a backtick is not a fence (it is
/// inline code), as in CommonMark. The info string is the language (first word) then
/// space-separated `key=value` attributes and bare words.
///
/// Languages `python|py` and `csharp|cs|c#` give [`BlockKind::Code`], `text` with `output=`
/// gives [`BlockKind::Output`], anything else [`BlockKind::Other`] (attributes not checked).
/// On a csharp/python/text block these are errors: a key other than `pair`/`region`/`output`,
/// a bare word other than `illustrative`, a key given twice or with an empty value, `region=`
/// without `pair=`, `output=` on a code block, `illustrative` together with `pair=`, and on a
/// text block `pair=`/`region=`/`illustrative` (it takes `output=` only). An unclosed fence is
/// an error at its opening line.
pub fn parse_blocks_all(page: &str) -> (Vec<Block>, Vec<PageError>) {
    let (fences, unclosed) = scan_fences(page);
    let mut blocks = Vec::with_capacity(fences.len());
    let mut errors = Vec::new();
    for fence in fences {
        match classify(fence.info, fence.line) {
            Ok(kind) => blocks.push(Block {
                kind,
                line: fence.line,
                content: page[fence.content_range.clone()].to_owned(),
                content_range: fence.content_range,
                indent: fence.indent,
            }),
            Err(error) => errors.push(error),
        }
    }
    if let Some(line) = unclosed {
        errors.push(PageError::new(line, "code fence is never closed"));
    }
    errors.sort_by_key(|error| error.line);
    (blocks, errors)
}

/// A mirror card: an HTML comment line `<!-- mirror-card pair=NAME -->` followed by a Markdown
/// table whose header is `| From C# | In Python |` (any header text) and at least one body row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub pair: String,
    /// 1-based line of the `<!-- mirror-card ... -->` comment.
    pub line: usize,
    /// The first cell of the body rows (joined with "\n" when several rows), spaces around it
    /// trimmed and `\|` unescaped.
    pub csharp: String,
    /// The second cell of the body rows, like `csharp`.
    pub python: String,
}

/// Every well-formed mirror card of a page, in page order; malformed ones are skipped (see
/// [`parse_cards_all`] to report them).
pub fn parse_cards(page: &str) -> Vec<Card> {
    parse_cards_all(page).0
}

/// Every mirror card of a page, plus an error for each malformed one: a `mirror-card` comment
/// without exactly one `pair=NAME`, or not followed (blank lines allowed in between) by a
/// two-column table with a delimiter row and at least one body row of two cells.
///
/// The table's body ends at the first blank line or line without a `|`. Cells are split at
/// unescaped `|` (GitHub splits cells even inside code spans); `\|` becomes `|`. Comments inside
/// fenced blocks are not cards.
pub fn parse_cards_all(page: &str) -> (Vec<Card>, Vec<PageError>) {
    let lines: Vec<&str> = page.lines().collect();
    let fenced = fenced_line_mask(page, lines.len());
    let mut cards = Vec::new();
    let mut errors = Vec::new();
    for (index, text) in lines.iter().enumerate() {
        if fenced[index] {
            continue;
        }
        let line = index + 1;
        let pair = match card_marker(text) {
            None => continue,
            Some(Ok(pair)) => pair,
            Some(Err(message)) => {
                errors.push(PageError::new(line, message));
                continue;
            }
        };
        match card_table(&lines[index + 1..]) {
            Ok((csharp, python)) => cards.push(Card {
                pair: pair.to_owned(),
                line,
                csharp,
                python,
            }),
            Err(message) => errors.push(PageError::new(
                line,
                format!("mirror card `{pair}`: {message}"),
            )),
        }
    }
    (cards, errors)
}

/// The part of an example file a region names, as a page must show it.
///
/// Markers are lines of their own (compared trimmed). Python: `# region NAME` and
/// `# endregion` (also `#region NAME`, `# endregion NAME`); a comment with more words, such as
/// `# region of interest`, is an ordinary comment. C#: `#region NAME` and `#endregion` (also
/// `# region`; any text may follow either directive, the name is the first word after
/// `region`).
///
/// Returns the region's lines (markers excluded, including those of nested regions) with their
/// common leading indentation removed by [`dedent`] (so every line ends in '\n'), and the
/// 1-based line number in the file of the first line inside the region.
///
/// Errors: region not found (the message lists the regions that exist), a region that is never
/// closed, an `endregion` without a region, a region name defined twice. The whole file's
/// markers are checked, not only the requested region's.
pub fn extract_region(source: &str, name: &str, lang: Lang) -> Result<(String, usize), String> {
    let regions = find_regions(source, lang)?;
    let region = regions
        .iter()
        .find(|region| region.name == Some(name))
        .ok_or_else(|| region_not_found(name, &regions))?;
    let body: String = source
        .lines()
        .skip(region.start_line)
        .take(region.end_line - region.start_line - 1)
        .filter(|line| region_marker(line, lang).is_none())
        .flat_map(|line| [line, "\n"])
        .collect();
    Ok((dedent(&body), region.start_line + 1))
}

/// The names of the regions of an example file, in file order (checks the markers like
/// [`extract_region`]; unnamed regions are left out).
pub fn region_names(source: &str, lang: Lang) -> Result<Vec<String>, String> {
    Ok(find_regions(source, lang)?
        .into_iter()
        .filter_map(|region| region.name.map(str::to_owned))
        .collect())
}

/// The whole file as a page shows it: region marker lines removed, nothing else changed (line
/// ends included). Unbalanced markers are removed too; [`extract_region`] reports them.
pub fn strip_region_markers(source: &str, lang: Lang) -> String {
    source
        .split_inclusive('\n')
        .filter(|line| region_marker(line, lang).is_none())
        .collect()
}

/// The text a `pair=` block must show from an example file, normalised by [`normalize_text`],
/// with the 1-based file line it starts at: the region when `region` is given (see
/// [`extract_region`]), otherwise the whole file without region markers (see
/// [`strip_region_markers`]; readers should not see folding markers).
pub fn expected_block_text(
    source: &str,
    region: Option<&str>,
    lang: Lang,
) -> Result<(String, usize), String> {
    match region {
        Some(name) => extract_region(source, name, lang),
        None => Ok((normalize_text(&strip_region_markers(source, lang)), 1)),
    }
}

/// Removes the longest common leading whitespace (spaces and tabs, compared literally) of all
/// non-blank lines; blank lines become empty; every line of the result ends in '\n' (also the
/// last one, and CRLF becomes LF). `""` stays `""`.
pub fn dedent(text: &str) -> String {
    let prefix = text
        .lines()
        .filter(|line| !is_blank(line))
        .map(leading_whitespace)
        .reduce(common_prefix)
        .unwrap_or("");
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if !is_blank(line) {
            out.push_str(&line[prefix.len()..]);
        }
        out.push('\n');
    }
    out
}

/// Normalises a text for comparison: CRLF -> LF, and a final '\n' if the text is non-empty.
pub fn normalize_text(text: &str) -> String {
    let mut out = text.replace("\r\n", "\n");
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
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

/// A line-oriented first difference, for error messages: returns (1-based line within the
/// texts, expected line, actual line) or `None` if the texts are equal. Lines are compared with
/// their '\n' and returned without it; `None` means that text has no such line. Compare
/// [`normalize_text`]ed texts: a difference only in the final '\n' gives equal-looking lines.
pub fn first_difference(
    expected: &str,
    actual: &str,
) -> Option<(usize, Option<String>, Option<String>)> {
    let mut expected_lines = expected.split_inclusive('\n');
    let mut actual_lines = actual.split_inclusive('\n');
    let mut number = 0;
    loop {
        number += 1;
        let (want, got) = (expected_lines.next(), actual_lines.next());
        if want.is_none() && got.is_none() {
            return None;
        }
        if want != got {
            return Some((number, want.map(without_newline), got.map(without_newline)));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fences

/// An opening fence: its character, length, indentation and info string.
struct OpenFence<'a> {
    marker: char,
    len: usize,
    indent: usize,
    info: &'a str,
}

/// A closed fenced block before its info string is interpreted.
struct Fence<'a> {
    line: usize,
    indent: usize,
    info: &'a str,
    content_range: Range<usize>,
}

/// Every closed fence of a page, and the line of the fence left open at the end, if any.
fn scan_fences(page: &str) -> (Vec<Fence<'_>>, Option<usize>) {
    let mut fences = Vec::new();
    // The open fence, its line and where its content starts.
    let mut open: Option<(OpenFence<'_>, usize, usize)> = None;
    let mut start = 0;
    for (index, raw) in page.split_inclusive('\n').enumerate() {
        let text = raw.trim_end_matches(['\n', '\r']);
        let end = start + raw.len();
        match open.take() {
            None => open = opening_fence(text).map(|fence| (fence, index + 1, end)),
            Some((fence, line, content_start)) if is_closing_fence(text, &fence) => {
                fences.push(Fence {
                    line,
                    indent: fence.indent,
                    info: fence.info,
                    content_range: content_start..start,
                });
            }
            still_open => open = still_open,
        }
        start = end;
    }
    (fences, open.map(|(_, line, _)| line))
}

/// Which lines (0-based) are fence lines or inside a fence (an unclosed fence runs to the end).
fn fenced_line_mask(page: &str, line_count: usize) -> Vec<bool> {
    let (fences, unclosed) = scan_fences(page);
    let mut mask = vec![false; line_count];
    for fence in &fences {
        let content_lines = page[fence.content_range.clone()].matches('\n').count();
        let last = (fence.line + content_lines + 1).min(line_count);
        mask[fence.line - 1..last]
            .iter_mut()
            .for_each(|fenced| *fenced = true);
    }
    if let Some(line) = unclosed {
        mask[line - 1..]
            .iter_mut()
            .for_each(|fenced| *fenced = true);
    }
    mask
}

/// Counts the leading spaces of a line; `None` if more than 3 (an indented code line).
fn fence_indent(text: &str) -> Option<usize> {
    let indent = text.len() - text.trim_start_matches(' ').len();
    (indent <= 3).then_some(indent)
}

fn opening_fence(text: &str) -> Option<OpenFence<'_>> {
    let indent = fence_indent(text)?;
    let rest = &text[indent..];
    let marker = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let after = rest.trim_start_matches(marker);
    let len = rest.len() - after.len();
    let info = after.trim();
    if len < 3 || (marker == '`' && info.contains('`')) {
        return None;
    }
    Some(OpenFence {
        marker,
        len,
        indent,
        info,
    })
}

fn is_closing_fence(text: &str, open: &OpenFence<'_>) -> bool {
    let Some(indent) = fence_indent(text) else {
        return false;
    };
    let rest = &text[indent..];
    let after = rest.trim_start_matches(open.marker);
    rest.len() - after.len() >= open.len && after.trim().is_empty()
}

/// Removes up to `count` leading spaces.
fn remove_spaces(line: &str, count: usize) -> &str {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    &line[spaces.min(count)..]
}

// ---------------------------------------------------------------------------------------------
// Info strings

/// The attributes of a csharp/python/text fence.
#[derive(Default, Clone, Copy)]
struct Attrs<'a> {
    pair: Option<&'a str>,
    region: Option<&'a str>,
    output: Option<&'a str>,
    illustrative: bool,
}

/// Interprets a fence's info string.
fn classify(info: &str, line: usize) -> Result<BlockKind, PageError> {
    let mut words = info.split_whitespace();
    let Some(first) = words.next() else {
        return Ok(BlockKind::Other);
    };
    let is_text = first.eq_ignore_ascii_case("text");
    let lang = Lang::from_fence_word(first);
    if !is_text && lang.is_none() {
        return Ok(BlockKind::Other);
    }
    let attrs = parse_attrs(words).map_err(|message| PageError::new(line, message))?;
    let kind = match lang {
        Some(lang) => code_kind(lang, attrs),
        None => text_kind(attrs),
    };
    kind.map_err(|message| PageError::new(line, format!("```{first} block: {message}")))
}

fn parse_attrs<'a>(words: impl Iterator<Item = &'a str>) -> Result<Attrs<'a>, String> {
    let mut attrs = Attrs::default();
    for word in words {
        let Some((key, value)) = word.split_once('=') else {
            if word == "illustrative" {
                attrs.illustrative = true;
                continue;
            }
            return Err(format!(
                "unknown attribute `{word}` (allowed: pair=, region=, output=, illustrative)"
            ));
        };
        let slot = match key {
            "pair" => &mut attrs.pair,
            "region" => &mut attrs.region,
            "output" => &mut attrs.output,
            _ => {
                return Err(format!(
                    "unknown attribute key `{key}` (allowed: pair=, region=, output=, \
                     illustrative)"
                ))
            }
        };
        if value.is_empty() {
            return Err(format!("attribute `{key}=` has no value"));
        }
        if slot.replace(value).is_some() {
            return Err(format!("attribute `{key}=` given twice"));
        }
    }
    Ok(attrs)
}

fn code_kind(lang: Lang, attrs: Attrs<'_>) -> Result<BlockKind, String> {
    if attrs.output.is_some() {
        return Err("`output=` belongs on a ```text block".into());
    }
    if attrs.region.is_some() && attrs.pair.is_none() {
        return Err("`region=` needs `pair=`".into());
    }
    if attrs.illustrative && attrs.pair.is_some() {
        return Err("a block is either `illustrative` or shows a `pair=`, not both".into());
    }
    Ok(BlockKind::Code {
        lang,
        pair: attrs.pair.map(str::to_owned),
        region: attrs.region.map(str::to_owned),
        illustrative: attrs.illustrative,
    })
}

fn text_kind(attrs: Attrs<'_>) -> Result<BlockKind, String> {
    if attrs.pair.is_some() || attrs.region.is_some() {
        return Err("shown output is tagged `output=NAME`, not `pair=`/`region=`".into());
    }
    if attrs.illustrative {
        return Err(
            "`illustrative` is for csharp/python blocks; an untagged ```text is \
                    not checked"
                .into(),
        );
    }
    Ok(match attrs.output {
        Some(pair) => BlockKind::Output {
            pair: pair.to_owned(),
        },
        None => BlockKind::Other,
    })
}

// ---------------------------------------------------------------------------------------------
// Mirror cards

/// `None` if the line is not a `mirror-card` comment; otherwise its pair name or what is wrong.
fn card_marker(text: &str) -> Option<Result<&str, String>> {
    let inner = text
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
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

/// The two columns of the table that starts at the first non-blank of `lines`.
fn card_table(lines: &[&str]) -> Result<(String, String), String> {
    let mut rows = lines
        .iter()
        .skip_while(|line| is_blank(line))
        .take_while(|line| !is_blank(line) && line.contains('|'));
    let header = rows.next().ok_or("no table follows the comment")?;
    if split_row(header).len() != 2 {
        return Err("the table header must have two columns".into());
    }
    let delimiter = rows.next().map(|line| split_row(line));
    if !delimiter.is_some_and(|cells| cells.len() == 2 && cells.iter().all(|c| is_delimiter(c))) {
        return Err("the table header must be followed by a `|---|---|` row".into());
    }
    let (mut csharp, mut python) = (Vec::new(), Vec::new());
    for row in rows {
        let [left, right]: [String; 2] = split_row(row)
            .try_into()
            .map_err(|_| format!("row `{}` must have two cells", row.trim()))?;
        csharp.push(left);
        python.push(right);
    }
    if csharp.is_empty() {
        return Err("the table has no body row".into());
    }
    Ok((csharp.join("\n"), python.join("\n")))
}

/// The cells of a table row: outer pipes dropped, split at unescaped `|`, `\|` unescaped,
/// spaces trimmed.
fn split_row(row: &str) -> Vec<String> {
    let mut row = row.trim();
    row = row.strip_prefix('|').unwrap_or(row);
    if row.ends_with('|') && !row.ends_with("\\|") {
        row = &row[..row.len() - 1];
    }
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    cells.push(cell);
    cells.iter().map(|cell| cell.trim().to_owned()).collect()
}

/// A delimiter-row cell: `---`, `:--`, `--:`, `:-:`.
fn is_delimiter(cell: &str) -> bool {
    let dashes = cell.strip_prefix(':').unwrap_or(cell);
    let dashes = dashes.strip_suffix(':').unwrap_or(dashes);
    !dashes.is_empty() && dashes.chars().all(|c| c == '-')
}

// ---------------------------------------------------------------------------------------------
// Regions

/// A region marker line.
#[derive(Debug, PartialEq, Eq)]
enum Marker<'a> {
    /// `#region NAME` (the name is absent for a bare C# `#region`).
    Start(Option<&'a str>),
    /// `#endregion`.
    End,
}

/// A closed region: its name and the 1-based lines of its two markers.
struct Region<'a> {
    name: Option<&'a str>,
    start_line: usize,
    end_line: usize,
}

/// Recognises a region marker line (see [`extract_region`] for the syntax).
fn region_marker(line: &str, lang: Lang) -> Option<Marker<'_>> {
    let directive = line.trim().strip_prefix('#')?.trim_start();
    if let Some(rest) = after_keyword(directive, "endregion") {
        let plain_comment = lang == Lang::Python && rest.split_whitespace().count() > 1;
        return (!plain_comment).then_some(Marker::End);
    }
    let rest = after_keyword(directive, "region")?;
    let mut words = rest.split_whitespace();
    let name = words.next();
    let plain_comment = lang == Lang::Python && words.next().is_some();
    (!plain_comment).then_some(Marker::Start(name))
}

/// What follows `keyword` at the start of `text`, if `keyword` is a whole word there.
fn after_keyword<'a>(text: &'a str, keyword: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(keyword)?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some(rest)
}

/// Every region of a file, in the order they start; checks that markers balance and that no
/// name is used twice.
fn find_regions(source: &str, lang: Lang) -> Result<Vec<Region<'_>>, String> {
    let mut open: Vec<(Option<&str>, usize)> = Vec::new();
    let mut regions = Vec::new();
    for (index, line) in source.lines().enumerate() {
        match region_marker(line, lang) {
            Some(Marker::Start(name)) => open.push((name, index + 1)),
            Some(Marker::End) => {
                let (name, start_line) = open
                    .pop()
                    .ok_or_else(|| format!("line {}: endregion without a region", index + 1))?;
                regions.push(Region {
                    name,
                    start_line,
                    end_line: index + 1,
                });
            }
            None => {}
        }
    }
    if let Some((name, line)) = open.pop() {
        return Err(format!(
            "line {line}: region {} is never closed",
            display_name(name)
        ));
    }
    regions.sort_by_key(|region| region.start_line);
    check_unique_names(&regions)?;
    Ok(regions)
}

fn check_unique_names(regions: &[Region<'_>]) -> Result<(), String> {
    for (index, region) in regions.iter().enumerate() {
        let Some(name) = region.name else { continue };
        if let Some(first) = regions[..index].iter().find(|r| r.name == Some(name)) {
            return Err(format!(
                "region `{name}` is defined twice (lines {} and {})",
                first.start_line, region.start_line
            ));
        }
    }
    Ok(())
}

fn region_not_found(name: &str, regions: &[Region<'_>]) -> String {
    let names: Vec<&str> = regions.iter().filter_map(|region| region.name).collect();
    if names.is_empty() {
        format!("region `{name}` not found: the file has no regions")
    } else {
        format!(
            "region `{name}` not found: the file has {}",
            names
                .iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

fn display_name(name: Option<&str>) -> String {
    name.map_or_else(|| "(unnamed)".to_owned(), |name| format!("`{name}`"))
}

// ---------------------------------------------------------------------------------------------
// Small text helpers

fn without_newline(line: &str) -> String {
    line.strip_suffix('\n').unwrap_or(line).to_owned()
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

fn leading_whitespace(line: &str) -> &str {
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// The longest common prefix of two ASCII-whitespace strings.
fn common_prefix<'a>(a: &'a str, b: &str) -> &'a str {
    let len = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    &a[..len]
}

#[cfg(test)]
mod tests {
    use super::*;

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

    const GATHER_PY: &str = "# Card: asyncio.gather vs Task.WhenAll
import asyncio

async def main() -> None:
    async with aiohttp.ClientSession() as session:
        # region core
        results = await asyncio.gather(
            fetch_async(session, url1),
            fetch_async(session, url2),
        )
        # endregion
    print(results)

asyncio.run(main())
";

    const GATHER_CS: &str = "// Card: asyncio.gather vs Task.WhenAll
var stopwatch = Stopwatch.StartNew();
#region core
var results = await Task.WhenAll(
    FetchAsync(url1),
    FetchAsync(url2)
);
#endregion
Console.WriteLine(string.Join(\", \", results));
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
            assert_eq!(block.indent, 0);
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
        assert_eq!(block.indent, 2);
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
    fn region_in_indented_python_is_dedented_with_blank_lines_emptied() {
        let source = "def main():\n    # region core\n    x = 1\n    \n    if x:\n        \
                      print(x)\n    # endregion core\n";
        let (text, line) = extract_region(source, "core", Lang::Python).unwrap();
        assert_eq!(text, "x = 1\n\nif x:\n    print(x)\n");
        assert_eq!(line, 3);
    }

    #[test]
    fn marker_spellings_per_language() {
        let python = "#region a\nx\n# endregion\n  #  region b\ny\n#endregion b\n";
        assert_eq!(
            extract_region(python, "b", Lang::Python).unwrap(),
            ("y\n".into(), 5)
        );
        let csharp = "#region Helper methods\nx();\n#endregion Helper methods\n\
                      # region b\ny();\n  #endregion\n";
        assert_eq!(
            extract_region(csharp, "Helper", Lang::CSharp).unwrap().0,
            "x();\n"
        );
        assert_eq!(
            extract_region(csharp, "b", Lang::CSharp).unwrap().0,
            "y();\n"
        );
    }

    #[test]
    fn python_prose_comments_are_not_markers() {
        let source = "# region of interest starts here\nx = 1\n# endregion of the map\n\
                      #regional = 2\n";
        assert_eq!(
            region_names(source, Lang::Python).unwrap(),
            Vec::<String>::new()
        );
        assert_eq!(strip_region_markers(source, Lang::Python), source);
    }

    #[test]
    fn missing_region_lists_the_existing_ones() {
        let error = extract_region(GATHER_CS, "use", Lang::CSharp).unwrap_err();
        assert!(
            error.contains("`use` not found") && error.contains("`core`"),
            "{error}"
        );
        let error = extract_region("x = 1\n", "core", Lang::Python).unwrap_err();
        assert!(error.contains("no regions"), "{error}");
    }

    #[test]
    fn unbalanced_or_duplicate_regions_are_errors() {
        let unclosed = "#region core\nx();\n";
        let error = extract_region(unclosed, "core", Lang::CSharp).unwrap_err();
        assert!(
            error.contains("line 1") && error.contains("never closed"),
            "{error}"
        );
        let stray = "# region core\nx\n# endregion\n# endregion\n";
        let error = extract_region(stray, "core", Lang::Python).unwrap_err();
        assert!(
            error.contains("line 4") && error.contains("without a region"),
            "{error}"
        );
        let twice = "# region core\na\n# endregion\n# region core\nb\n# endregion\n";
        let error = extract_region(twice, "core", Lang::Python).unwrap_err();
        assert!(error.contains("twice (lines 1 and 4)"), "{error}");
    }

    #[test]
    fn nested_region_markers_are_dropped_from_the_outer_region() {
        let source = "#region outer\nclass A\n{\n    #region inner\n    int X;\n    #endregion\n\
                      }\n#endregion\n";
        let (outer, line) = extract_region(source, "outer", Lang::CSharp).unwrap();
        assert_eq!(outer, "class A\n{\n    int X;\n}\n");
        assert_eq!(line, 2);
        assert_eq!(
            extract_region(source, "inner", Lang::CSharp).unwrap(),
            ("int X;\n".into(), 5)
        );
        assert_eq!(
            region_names(source, Lang::CSharp).unwrap(),
            ["outer", "inner"]
        );
    }

    #[test]
    fn empty_region_is_empty_text_at_the_line_after_its_marker() {
        let source = "a\n# region core\n# endregion\n";
        assert_eq!(
            extract_region(source, "core", Lang::Python).unwrap(),
            (String::new(), 3)
        );
    }

    #[test]
    fn strip_region_markers_changes_nothing_else() {
        let source = "// Card: x\r\n#region core\r\n    var x = 1;  \r\n  #endregion\r\nlast";
        assert_eq!(
            strip_region_markers(source, Lang::CSharp),
            "// Card: x\r\n    var x = 1;  \r\nlast"
        );
        let ends_with_marker = "x = 1\n# region a\n# endregion";
        assert_eq!(
            strip_region_markers(ends_with_marker, Lang::Python),
            "x = 1\n"
        );
    }

    #[test]
    fn whole_file_block_is_compared_without_markers() {
        let (text, line) = expected_block_text(GATHER_CS, None, Lang::CSharp).unwrap();
        assert_eq!(line, 1);
        assert!(!text.contains("#region") && !text.contains("#endregion"));
        assert_eq!(text.lines().count(), GATHER_CS.lines().count() - 2);
        let (region, line) = expected_block_text(GATHER_CS, Some("core"), Lang::CSharp).unwrap();
        assert_eq!(
            (region.lines().next(), line),
            (Some("var results = await Task.WhenAll("), 4)
        );
    }

    #[test]
    fn dedent_rules() {
        assert_eq!(dedent(""), "");
        assert_eq!(dedent("    a\n      b\n"), "a\n  b\n");
        assert_eq!(dedent("  a\n \n\n    b"), "a\n\n\n  b\n");
        assert_eq!(dedent("\ta\n\t\tb\r\n"), "a\n\tb\n");
        assert_eq!(dedent("\t a\n  b\n"), "\t a\n  b\n");
        assert_eq!(dedent("x\n"), "x\n");
    }

    #[test]
    fn normalize_text_rules() {
        assert_eq!(normalize_text(""), "");
        assert_eq!(normalize_text("a\r\nb"), "a\nb\n");
        assert_eq!(normalize_text("a\n"), "a\n");
        assert_eq!(normalize_text("a\rb\n"), "a\rb\n");
    }

    #[test]
    fn first_difference_reports_the_first_differing_line() {
        assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
        assert_eq!(first_difference("", ""), None);
        assert_eq!(
            first_difference("a\nb\nc\n", "a\nB\nc\n"),
            Some((2, Some("b".into()), Some("B".into())))
        );
        assert_eq!(
            first_difference("a\n", "a\nextra\n"),
            Some((2, None, Some("extra".into())))
        );
        assert_eq!(
            first_difference("x\ny\n", ""),
            Some((1, Some("x".into()), None))
        );
        assert_eq!(
            first_difference("a\n", "a"),
            Some((1, Some("a".into()), Some("a".into())))
        );
    }
}
