//! `--html`: a self-contained page, rendered in headless Chromium, showing every card.
use std::process::Command;

use super::{mixed_course, temp_file};
use crate::support::{stderr, stdout};

fn chromium(args: &[&str]) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .output()
        .expect("chromium runs (Debian package chromium; .ci/run installs it)")
}

#[test]
fn html_report_is_self_contained_and_renders_every_card_in_chromium() {
    if !crate::support::tool(
        "chromium",
        "Debian package chromium",
        "html_report_is_self_contained_and_renders_every_card_in_chromium",
    ) {
        return;
    }
    let c = mixed_course();
    let file = temp_file(&c, "report.html");
    let out = c.run(&[
        "run",
        "--html",
        file.to_str().unwrap(),
        "--junit",
        temp_file(&c, "j.xml").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(temp_file(&c, "j.xml").exists(), "several reports at once");
    let html = std::fs::read_to_string(&file).unwrap();
    for external in ["<script", "<link", "src=", "url(", "@import", "<iframe"] {
        assert!(!html.contains(external), "{external} in the page");
    }
    assert!(
        html.contains("@media (max-width:760px)"),
        "stacks on a phone"
    );

    let url = format!("file://{}", file.display());
    let dom = chromium(&["--dump-dom", &url]);
    assert!(dom.status.success(), "{}", stderr(&dom));
    let dom = stdout(&dom);
    let cards = dom.matches("<article class=\"card ").count();
    assert_eq!(cards, 7, "one card per pair:\n{dom}");
    for (id, verdict) in [
        ("01-a/hello", "PASS"),
        ("01-a/division", "MISMATCH"),
        ("01-a/broken", "ERROR"),
        ("01-a/crash", "ERROR"),
        ("02-b/echo", "PASS"),
        ("02-b/lonely", "ORPHAN"),
        ("02-b/solo", "SKIPPED"),
    ] {
        let at = dom
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("no card {id}"));
        let card = &dom[at..];
        let card = &card[..card.find("</article>").unwrap()];
        assert!(
            card.contains(&format!("<span class=\"verdict\">{verdict}</span>")),
            "{id} shows {verdict}: {card}"
        );
        if verdict == "MISMATCH" {
            assert!(card.contains("<pre class=\"diff\">"), "{card}");
            assert!(card.contains("<span class=\"del\">--3</span>"), "{card}");
            assert!(card.contains("<span class=\"add\">+-4</span>"), "{card}");
        }
        if id == "02-b/echo" {
            // The page's card text, and sources and outputs escaped (no stray elements).
            assert!(
                card.contains("<code>Console.WriteLine(\"&lt;b&gt;\")</code>"),
                "{card}"
            );
            assert!(card.contains("print('a &lt; b &amp; \"c\"')"), "{card}");
            assert!(card.contains("a &lt; b &amp; \"c\"\n</pre>"), "{card}");
            assert!(!card.contains("<b>"), "{card}");
        }
    }
    assert!(
        dom.contains("lessons/02-b.md:8</code> output block differs"),
        "page findings shown"
    );

    // Renders at phone width too (the screenshot is what CSS made of it).
    let shot = temp_file(&c, "phone.png");
    let out = chromium(&[
        &format!("--screenshot={}", shot.display()),
        "--window-size=390,1200",
        &url,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    assert_eq!(width, 390);
}

#[test]
fn html_takes_the_card_text_from_the_page_even_with_no_pages() {
    let c = crate::support::Course::new()
        .py("03-c/echo.py", "print('x')\n")
        .cs("03-c/Echo.cs", "Console.WriteLine(\"x\");\n")
        .file(
            "lessons/03-c.md",
            "<!-- mirror-card pair=echo -->\n| From C# | In Python |\n|---|---|\n| ``Console.WriteLine(`x`)`` | `print(x)` |\n",
        );
    let file = temp_file(&c, "out/report.html");
    let out = c.run(&["run", "--no-pages", "--html", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(
        html.contains("<code>Console.WriteLine(`x`)</code>")
            && html.contains("<code>print(x)</code>"),
        "{html}"
    );
    assert_eq!(html.matches("<article class=\"card pass\"").count(), 1);
}

/// The page at `file` as laid out in a 390 px frame: how wide it is (its scroll width) and
/// the hrefs of the failure links at its top. A script is added to a copy of the page
/// (the report itself has none) and the copy is framed by a page of 390 px.
fn on_a_phone(c: &crate::support::Course, file: &std::path::Path) -> (u32, Vec<String>) {
    let html = std::fs::read_to_string(file).unwrap();
    let probe = "<script>var links=[].map.call(document.querySelectorAll('nav.failures a'),function(a){return a.getAttribute('href')});document.title=document.documentElement.scrollWidth+' '+links.join(' ')</script></body>";
    std::fs::write(temp_file(c, "probe.html"), html.replace("</body>", probe)).unwrap();
    let frame = temp_file(c, "frame.html");
    std::fs::write(
        &frame,
        "<!DOCTYPE html><html><body style=\"margin:0\"><iframe id=\"f\" src=\"probe.html\" style=\"width:390px;height:800px;border:0\"></iframe><script>document.getElementById('f').onload=function(){document.title='['+document.getElementById('f').contentDocument.title+']'}</script></body></html>",
    )
    .unwrap();
    let out = chromium(&[
        "--allow-file-access-from-files",
        "--virtual-time-budget=5000",
        "--window-size=800,1000",
        "--dump-dom",
        &format!("file://{}", frame.display()),
    ]);
    let dom = stdout(&out);
    let title = dom
        .split("<title>[")
        .nth(1)
        .and_then(|t| t.split("]</title>").next())
        .unwrap_or_else(|| panic!("no measurement in {dom}"));
    let mut words = title.split(' ');
    let width = words.next().unwrap().parse().unwrap();
    (width, words.map(String::from).collect())
}

#[test]
fn html_fits_a_phone_and_links_every_failure_from_the_top() {
    if !crate::support::tool(
        "chromium",
        "Debian package chromium",
        "html_fits_a_phone_and_links_every_failure_from_the_top",
    ) {
        return;
    }
    let long = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(3);
    let c = crate::support::Course::new()
        .py("01-a/hello.py", "print('hello')\n")
        .cs("01-a/Hello.cs", "Console.WriteLine(\"hello\");\n")
        .py("01-a/division.py", "print(-7 // 2)\n")
        .cs("01-a/Division.cs", "Console.WriteLine(-7 / 2);\n")
        .manifest(&format!(
            "[lessons.01-a]\ntitle = \"A lesson called {long}\"\n[lessons.01-a.pairs.hello]\nsummary = \"prints {long}\"\n"
        ))
        .file(
            "lessons/01-a.md",
            &format!("<!-- mirror-card pair=hello -->\n| From C# | In Python |\n|---|---|\n| `System.Collections.Generic.{long}` | `x` |\n\n```python pair=nope\nx\n```\n"),
        );
    let file = temp_file(&c, "report.html");
    let out = c.run(&["run", "--html", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let (width, links) = on_a_phone(&c, &file);
    assert!(
        width <= 390,
        "the page is {width} px wide in a 390 px frame"
    );
    assert_eq!(links, ["#01-a/division", "#01-a"]);
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.contains("id=\"01-a/division\""));
    assert!(html.contains("<title>mirror report: 1 passed, 1 failed, 1 page problem</title>"));
}
