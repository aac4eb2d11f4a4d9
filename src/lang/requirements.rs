//! `harness/requirements.txt` read strictly before pip sees it: pip runs on the host, outside
//! any jail, so a course may name packages and their versions and nothing else. A line pip
//! would take as an option (`--find-links`, `--index-url`, `-e`, `-r`), a URL or a path
//! could point it at code of the course's choosing; with `--only-binary :all:` (see
//! `python::build_venv`) no package's build backend runs either. Pure: no file, no process.

/// A requirement line pip may see: `name[extras]` with optional version clauses
/// (`==3.13.2`, `>=2.31,<3`), an optional `; marker` and `--hash=` options, `#` comments
/// and `\` continuations. The first line that is not is an error: (1-based line, 1-based
/// column, message).
pub fn check(text: &str) -> Result<(), (usize, usize, String)> {
    // A logical line, and where each physical line of it starts: (offset in it, line number).
    let mut logical = String::new();
    let mut starts: Vec<(usize, usize)> = Vec::new();
    // A column of the logical line, as the physical line and column it came from.
    let at = |starts: &[(usize, usize)], (column, message): (usize, String)| {
        let (offset, line) = starts
            .iter()
            .rev()
            .find(|(offset, _)| *offset < column)
            .copied()
            .unwrap_or((0, 1));
        (line, column - offset, message)
    };
    for (index, raw) in text.lines().enumerate() {
        starts.push((logical.len(), index + 1));
        match raw.strip_suffix('\\') {
            Some(head) => {
                logical.push_str(head);
                logical.push(' ');
                continue;
            }
            None => logical.push_str(raw),
        }
        check_line(&logical).map_err(|e| at(&starts, e))?;
        logical.clear();
        starts.clear();
    }
    check_line(&logical).map_err(|e| at(&starts, e))
}

/// One logical line; the error is (column, message).
fn check_line(line: &str) -> Result<(), (usize, String)> {
    // A comment starts at `#` at the start or after whitespace (as pip reads it).
    let code = match line.char_indices().find(|&(i, c)| {
        c == '#' && (i == 0 || line[..i].ends_with(char::is_whitespace))
    }) {
        Some((i, _)) => &line[..i],
        None => line,
    };
    let trimmed = code.trim_end();
    let body = trimmed.trim_start();
    if body.is_empty() {
        return Ok(());
    }
    let column = |s: &str| trimmed.len() - s.len() + 1;
    if body.starts_with('-') {
        return Err((
            column(body),
            format!(
                "`{}`: pip options are not allowed here (pip runs outside the sandbox); list packages by name, with versions if you like (`aiohttp==3.13.2`)",
                body.split_whitespace().next().unwrap_or(body)
            ),
        ));
    }
    // The requirement, then `--hash=` options.
    let (requirement, options) = match body.find(" --") {
        Some(i) => (&body[..i], &body[i..]),
        None => (body, ""),
    };
    for option in options.split_whitespace() {
        if !option.starts_with("--hash=") {
            return Err((
                column(&options[options.find(option).unwrap_or(0)..]),
                format!("`{option}`: only --hash= may follow a requirement"),
            ));
        }
    }
    // The marker (after `;`) is pip's to read: its grammar has no URL or path.
    let spec = requirement
        .split_once(';')
        .map_or(requirement, |(spec, _)| spec)
        .trim_end();
    let name_end = spec
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .unwrap_or(spec.len());
    let name = &spec[..name_end];
    let valid_name = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric());
    let mut rest = spec[name_end..].trim_start();
    if valid_name {
        if let Some(extras) = rest.strip_prefix('[') {
            match extras.split_once(']') {
                Some((list, after))
                    if list.split(',').all(|e| {
                        let e = e.trim();
                        !e.is_empty()
                            && e.chars()
                                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
                    }) =>
                {
                    rest = after.trim_start()
                }
                _ => return Err((column(rest), "bad extras: expected [name, ...]".into())),
            }
        }
    }
    if !valid_name || !specifiers(rest) {
        return Err((
            column(body),
            format!(
                "`{}` is not a requirement mirror passes to pip: expected a package name and optional versions (`aiohttp==3.13.2`, `requests>=2.31,<3`); URLs and paths are not allowed",
                requirement.trim()
            ),
        ));
    }
    Ok(())
}

/// Empty, or comma-separated version clauses (`==3.13.2`, `>=2.31,<3`, `~=1.4`).
fn specifiers(text: &str) -> bool {
    if text.is_empty() {
        return true;
    }
    text.split(',').all(|clause| {
        let clause = clause.trim();
        let version = ["===", "==", "~=", "!=", "<=", ">=", "<", ">"]
            .iter()
            .find_map(|op| clause.strip_prefix(op));
        version.is_some_and(|v| {
            let v = v.trim();
            !v.is_empty()
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '*' | '+' | '!' | '-' | '_'))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_versions_markers_hashes_and_comments_pass() {
        let text = "# the course's Python packages\n\naiohttp==3.13.2\nrequests>=2.31,<3\nattrs\nidna ~= 3.4\nrequests == 2.32.5  # for lesson 8\npydantic[email]==2.12.0 ; python_version >= \"3.11\"\nrich===14.2.0\nhttpx==0.28.1 \\\n    --hash=sha256:abc \\\n    --hash=sha256:def\nzope.interface==7.1\n";
        assert_eq!(check(text), Ok(()));
        assert_eq!(check(""), Ok(()));
    }

    #[test]
    fn options_urls_and_paths_fail_with_their_line() {
        let cases = [
            ("aiohttp==3.13.2\n--find-links ./wheels\n", 2, 1, "pip options are not allowed"),
            ("  -e .\n", 1, 3, "pip options are not allowed"),
            ("-r other.txt\n", 1, 1, "pip options are not allowed"),
            ("--index-url http://127.0.0.1:9/simple\n", 1, 1, "pip options are not allowed"),
            ("rtevil @ file:///tmp/rtevil-1.0.tar.gz\n", 1, 1, "URLs and paths are not allowed"),
            ("./wheels/x-1.0-py3-none-any.whl\n", 1, 1, "URLs and paths are not allowed"),
            ("https://example.invalid/x.tar.gz\n", 1, 1, "URLs and paths are not allowed"),
            ("/tmp/x.tar.gz\n", 1, 1, "URLs and paths are not allowed"),
            ("aiohttp=>3\n", 1, 1, "URLs and paths are not allowed"),
            ("aiohttp==3.13.2 --no-binary :all:\n", 1, 17, "only --hash="),
            ("x==1 \\\n  --index-url=http://127.0.0.1:9\n", 2, 3, "only --hash="),
            ("x[a b]==1\n", 1, 2, "bad extras"),
        ];
        for (text, line, column, message) in cases {
            let (l, c, m) = check(text).unwrap_err();
            assert_eq!((l, c), (line, column), "{text:?}: {m}");
            assert!(m.contains(message), "{text:?}: {m}");
        }
    }
}
