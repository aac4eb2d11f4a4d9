//! Example files mark the part a page shows with `#region NAME` / `#endregion` lines; this
//! module finds those regions and says what text a tied block must show (issue: a page block
//! must equal its example, without folding markers). Plain text in and out, no Markdown.

use super::markdown::Lang;

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
pub(super) mod tests {
    use super::*;

    pub(crate) const GATHER_PY: &str = "# Card: asyncio.gather vs Task.WhenAll
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

    pub(crate) const GATHER_CS: &str = "// Card: asyncio.gather vs Task.WhenAll
var stopwatch = Stopwatch.StartNew();
#region core
var results = await Task.WhenAll(
    FetchAsync(url1),
    FetchAsync(url2)
);
#endregion
Console.WriteLine(string.Join(\", \", results));
";

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
}
