//! Checking one lesson page against its examples and their real output, and working out
//! the edits that would make it true again (`mirror sync-pages`). Pure: the caller reads
//! files and runs pairs; nothing here starts a process.
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::markdown::{self, BlockKind, Lang};
use super::regions::{dedent, expected_block_text, normalize_text};
use crate::course::{pair_key, Lesson, Pair};

/// What the run knows of a pair's output.
#[derive(Debug, Clone)]
pub enum Output {
    /// Both sides printed this (after the pair's normalisations).
    Passed(String),
    /// The pair ran but did not pass: its output cannot vouch for a page.
    Failed,
}

/// One page problem, with everything needed to find and fix it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Finding {
    pub line: usize,
    pub pair: Option<String>,
    pub message: String,
    /// The example file and line the block is tied to, when there is one.
    pub example: Option<(PathBuf, usize)>,
    /// Unified diff page -> expected, when the block differs.
    pub diff: Option<String>,
    /// Whether `sync-pages` can mend it.
    pub fixable: bool,
}

/// The outcome of examining a page.
#[derive(Debug, Clone, Default)]
pub struct Examination {
    /// Tied blocks compared (code and output).
    pub checked: usize,
    pub illustrative: usize,
    pub findings: Vec<Finding>,
    /// Replacements that make the fixable findings go away.
    pub edits: Vec<(Range<usize>, String)>,
    /// Pairs the page shows in a tied code block (for `mirror list`).
    pub shown: Vec<String>,
    /// Card text per pair key: (C#, Python).
    pub cards: HashMap<String, (String, String)>,
}

/// The page of a lesson: `lessons/<lesson id>.md`.
pub fn page_path(root: &Path, lesson: &str) -> PathBuf {
    root.join("lessons").join(format!("{lesson}.md"))
}

fn find_pair<'a>(lesson: &'a Lesson, name: &str) -> Option<&'a Pair> {
    let key = pair_key(name);
    lesson.pairs.iter().find(|p| p.key == key)
}

/// The 1-based number of the first line (compared with its '\n') where two texts differ, 0 if
/// they are equal.
fn first_differing_line(expected: &str, actual: &str) -> usize {
    fn lines(text: &str) -> impl Iterator<Item = Option<&str>> {
        text.split_inclusive('\n')
            .map(Some)
            .chain(std::iter::repeat(None))
    }
    lines(expected)
        .zip(lines(actual))
        .take_while(|pair| *pair != (None, None))
        .position(|(want, got)| want != got)
        .map_or(0, |index| index + 1)
}

fn diff_text(page: &str, expected: &str) -> String {
    similar::TextDiff::from_lines(page, expected)
        .unified_diff()
        .context_radius(2)
        .header("page", "expected")
        .to_string()
}

impl Finding {
    /// A problem at a page line, tied to no pair.
    fn at(line: usize, message: String) -> Finding {
        Finding {
            line,
            pair: None,
            message,
            example: None,
            diff: None,
            fixable: false,
        }
    }

    fn of_pair(mut self, pair: &Pair) -> Finding {
        self.pair = Some(pair.name.clone());
        self
    }
}

/// Examines `page` (the text of the lesson's page). `selected` limits the check to the pairs
/// a run selected (None: all); `outputs` holds what the run saw, by pair key.
pub fn examine(
    page: &str,
    lesson: &Lesson,
    selected: Option<&[String]>,
    outputs: &HashMap<String, Output>,
) -> Examination {
    let mut ex = Examination::default();
    // A page shows several regions of one file: read each file once.
    let mut sources: HashMap<PathBuf, std::io::Result<String>> = HashMap::new();
    let (blocks, errors) = markdown::parse_blocks_all(page);
    for e in errors {
        ex.findings.push(Finding::at(e.line, e.message));
    }
    for card in markdown::parse_cards(page) {
        ex.cards
            .insert(pair_key(&card.pair), (card.csharp, card.python));
    }
    let in_scope = |pair: &Pair| selected.is_none_or(|s| s.contains(&pair.key));
    for block in &blocks {
        match &block.kind {
            BlockKind::Other => {}
            BlockKind::Code {
                illustrative: true, ..
            } => ex.illustrative += 1,
            BlockKind::Code {
                lang, pair: None, ..
            } => ex.findings.push(Finding::at(
                block.line,
                format!(
                    "untagged ```{} block: name its pair (`pair=NAME`, optionally `region=NAME`) or mark it `illustrative`",
                    lang.fence_word()
                ),
            )),
            BlockKind::Code {
                lang,
                pair: Some(name),
                region,
                ..
            } => {
                if let Some(pair) = ex.pair_named(lesson, block, name, "pair").filter(|p| in_scope(p)) {
                    ex.code_block(block, pair, *lang, region.as_deref(), &mut sources);
                }
            }
            BlockKind::Output { pair: name } => {
                if let Some(pair) = ex.pair_named(lesson, block, name, "output").filter(|p| in_scope(p)) {
                    ex.output_block(block, pair, outputs.get(&pair.key));
                }
            }
        }
    }
    ex
}

impl Examination {
    /// The lesson's pair a block names with `attr=NAME`; a finding (with the nearest name)
    /// when the lesson has no such pair.
    fn pair_named<'l>(
        &mut self,
        lesson: &'l Lesson,
        block: &markdown::Block,
        name: &str,
        attr: &str,
    ) -> Option<&'l Pair> {
        let found = find_pair(lesson, name);
        if found.is_none() {
            let names = lesson.pairs.iter().map(|p| p.name.clone());
            let near = crate::course::filter::nearest(name, names)
                .map(|n| format!("; did you mean `{attr}={n}`?"))
                .unwrap_or_default();
            let what = if attr == "output" { "output block" } else { "block" };
            self.findings.push(Finding::at(
                block.line,
                format!(
                    "{what} names pair `{name}`, which lesson {} does not have{near}",
                    lesson.id
                ),
            ));
        }
        found
    }

    /// A code block tied to a pair: it must show the pair's file (or one region of it) as
    /// the file has it now.
    fn code_block(
        &mut self,
        block: &markdown::Block,
        pair: &Pair,
        lang: Lang,
        region: Option<&str>,
        sources: &mut HashMap<PathBuf, std::io::Result<String>>,
    ) {
        self.shown.push(pair.key.clone());
        let file = match lang {
            Lang::Python => pair.python.as_ref(),
            Lang::CSharp => pair.csharp.as_ref(),
        };
        let Some(file) = file else {
            let message = format!("pair `{}` has no {} file", pair.name, lang.fence_word());
            self.findings.push(Finding::at(block.line, message));
            return;
        };
        self.checked += 1;
        let read = sources
            .entry(file.clone())
            .or_insert_with(|| std::fs::read_to_string(file));
        let source = match read {
            Ok(text) => text.as_str(),
            Err(e) => {
                let message = format!("cannot read {}: {e}", file.display());
                self.findings
                    .push(Finding::at(block.line, message).of_pair(pair));
                return;
            }
        };
        let (expected, start) = match expected_block_text(source, region, lang) {
            Ok(found) => found,
            Err(e) => {
                let mut f = Finding::at(block.line, format!("{}: {e}", file.display())).of_pair(pair);
                f.example = Some((file.clone(), 1));
                self.findings.push(f);
                return;
            }
        };
        let shown = normalize_text(&dedent(&block.code()));
        if shown == expected {
            return;
        }
        let line = first_differing_line(&expected, &shown);
        let what = region.map_or("the whole file".to_string(), |r| format!("region `{r}`"));
        self.findings.push(Finding {
            line: block.line,
            pair: Some(pair.name.clone()),
            message: format!(
                "```{} block differs from {what} of {}",
                lang.fence_word(),
                file.display()
            ),
            example: Some((file.clone(), start + line.saturating_sub(1))),
            diff: Some(diff_text(&shown, &expected)),
            fixable: true,
        });
        self.edits
            .push((block.content_range.clone(), block.content_for(&expected)));
    }

    /// An output block tied to a pair: it must show what the pair really prints (known only
    /// when the pair ran and passed).
    fn output_block(&mut self, block: &markdown::Block, pair: &Pair, output: Option<&Output>) {
        match output {
            None => {}
            Some(Output::Failed) => {
                self.checked += 1;
                let message = format!(
                    "output of `{}` cannot be checked: the pair does not pass",
                    pair.name
                );
                self.findings
                    .push(Finding::at(block.line, message).of_pair(pair));
            }
            Some(Output::Passed(real)) => {
                self.checked += 1;
                let shown = normalize_text(&block.code());
                let real = normalize_text(real);
                if shown == real {
                    return;
                }
                self.findings.push(Finding {
                    line: block.line,
                    pair: Some(pair.name.clone()),
                    message: format!(
                        "output block differs from what `{}` really prints",
                        pair.name
                    ),
                    example: None,
                    diff: Some(diff_text(&shown, &real)),
                    fixable: true,
                });
                self.edits
                    .push((block.content_range.clone(), block.content_for(&real)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(dir: &Path) -> Lesson {
        Lesson {
            id: "01-a".into(),
            number: 1,
            title: "A".into(),
            pairs: vec![Pair {
                name: "hello".into(),
                key: "hello".into(),
                lesson: "01-a".into(),
                python: Some(dir.join("hello.py")),
                csharp: Some(dir.join("Hello.cs")),
                settings: Default::default(),
            }],
        }
    }

    fn setup() -> (tempfile::TempDir, Lesson) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("hello.py"),
            "# card\n# region core\nprint('hi')\n# endregion\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("Hello.cs"), "Console.WriteLine(\"hi\");\n").unwrap();
        let l = lesson(dir.path());
        (dir, l)
    }

    fn outputs(text: &str) -> HashMap<String, Output> {
        HashMap::from([("hello".to_string(), Output::Passed(text.into()))])
    }

    #[test]
    fn true_page_has_no_findings() {
        let (_d, l) = setup();
        let page = "```python pair=hello region=core\nprint('hi')\n```\n\n```csharp pair=Hello\nConsole.WriteLine(\"hi\");\n```\n\n```text output=hello\nhi\n```\n";
        let ex = examine(page, &l, None, &outputs("hi\n"));
        assert!(ex.findings.is_empty(), "{:?}", ex.findings);
        assert_eq!(ex.checked, 3);
        assert_eq!(ex.shown, ["hello", "hello"]);
    }

    #[test]
    fn edited_block_and_stale_output_are_found_and_fixable() {
        let (_d, l) = setup();
        let page = "intro\n```python pair=hello region=core\nprint('bye')\n```\n```text output=hello\nbye\n```\n";
        let ex = examine(page, &l, None, &outputs("hi\n"));
        assert_eq!(ex.findings.len(), 2, "{:?}", ex.findings);
        assert_eq!(ex.findings[0].line, 2);
        assert_eq!(ex.findings[0].example.as_ref().unwrap().1, 3);
        assert!(ex.findings[0]
            .diff
            .as_ref()
            .unwrap()
            .contains("+print('hi')"));
        let fixed = markdown::rewrite(page, &ex.edits);
        assert!(
            examine(&fixed, &l, None, &outputs("hi\n"))
                .findings
                .is_empty(),
            "{fixed}"
        );
    }

    #[test]
    fn untagged_missing_pair_and_region_are_errors() {
        let (_d, l) = setup();
        let page = "```python\nx\n```\n```csharp pair=nope\nx\n```\n```python pair=hello region=other\nx\n```\n```python illustrative\nanything\n```\n";
        let ex = examine(page, &l, None, &HashMap::new());
        let lines: Vec<usize> = ex.findings.iter().map(|f| f.line).collect();
        assert_eq!(lines, [1, 4, 7], "{:?}", ex.findings);
        assert!(ex.findings.iter().all(|f| !f.fixable));
        assert_eq!(ex.illustrative, 1);
    }

    #[test]
    fn a_misspelt_pair_gets_the_nearest_name() {
        let (_d, l) = setup();
        let ex = examine(
            "```python pair=helo\nx\n```\n```text output=hallo\nx\n```\n",
            &l,
            None,
            &HashMap::new(),
        );
        let messages: Vec<&str> = ex.findings.iter().map(|f| f.message.as_str()).collect();
        assert!(
            messages[0].ends_with("does not have; did you mean `pair=hello`?"),
            "{messages:?}"
        );
        assert!(
            messages[1].ends_with("did you mean `output=hello`?"),
            "{messages:?}"
        );
    }

    #[test]
    fn failing_pairs_cannot_vouch_for_output() {
        let (_d, l) = setup();
        let page = "```text output=hello\nhi\n```\n";
        let out = HashMap::from([("hello".to_string(), Output::Failed)]);
        let ex = examine(page, &l, None, &out);
        assert_eq!(ex.findings.len(), 1);
        assert!(ex.edits.is_empty());
    }

    #[test]
    fn unselected_pairs_are_not_checked() {
        let (_d, l) = setup();
        let page = "```python pair=hello\nwrong\n```\n";
        let ex = examine(page, &l, Some(&["other".to_string()]), &HashMap::new());
        assert!(ex.findings.is_empty());
        assert_eq!(ex.checked, 0);
    }

    #[test]
    fn stale_blocks_in_lists_and_quotes_fail_and_mend_but_commented_ones_are_unseen() {
        let (_d, l) = setup();
        let page = "1. Step\n   - nested\n\n     ```python pair=hello region=core\n     print('bye')\n     ```\n\n\
                    > ```csharp pair=hello\n> Console.WriteLine(\"bye\");\n> ```\n\n\
                    <!--\n```python pair=hello region=core\nprint('bye')\n```\n-->\n";
        let ex = examine(page, &l, None, &HashMap::new());
        let lines: Vec<usize> = ex.findings.iter().map(|f| f.line).collect();
        assert_eq!(lines, [4, 8], "{:?}", ex.findings);
        assert!(ex.findings.iter().all(|f| f.fixable));
        let fixed = markdown::rewrite(page, &ex.edits);
        assert_eq!(
            fixed,
            page.replacen("     print('bye')", "     print('hi')", 1)
                .replace(
                    "> Console.WriteLine(\"bye\");",
                    "> Console.WriteLine(\"hi\");"
                )
        );
        let again = examine(&fixed, &l, None, &HashMap::new());
        assert!(again.findings.is_empty(), "{:?}", again.findings);
        assert_eq!(again.checked, 2);
    }

    #[test]
    fn first_differing_line_counts_from_one_and_sees_the_final_newline() {
        assert_eq!(first_differing_line("a\nb\n", "a\nb\n"), 0);
        assert_eq!(first_differing_line("", ""), 0);
        assert_eq!(first_differing_line("a\nb\nc\n", "a\nB\nc\n"), 2);
        assert_eq!(first_differing_line("a\n", "a\nextra\n"), 2);
        assert_eq!(first_differing_line("x\ny\n", ""), 1);
        assert_eq!(first_differing_line("a\n", "a"), 1);
    }
}
