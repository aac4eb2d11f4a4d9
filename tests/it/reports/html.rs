//! `--html`: a self-contained page, rendered in headless Chromium, showing every card.
use std::process::Command;

use super::{mixed_course, temp_file};
use snapbox::str;

use crate::support::{assert_snapshot, redactions, stderr, stdout};

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
    for id in [
        "01-a/hello",
        "01-a/division",
        "01-a/broken",
        "01-a/crash",
        "02-b/echo",
        "02-b/lonely",
        "02-b/solo",
    ] {
        assert!(dom.find(&format!("id=\"{id}\"")).is_some(), "no card {id}");
    }
    // What the cards say, as written (the way mdBook's BookTest compares `<main>`): each
    // verdict, the mismatch's diff, the page's card text, sources and outputs escaped (no
    // stray elements), the page findings.
    let main = &html[html.find("<main>").unwrap()..html.find("</main>").unwrap() + 7];
    assert_snapshot(
        redactions(c.path()).redact(main),
        str![[r#"
<main>
<section class="lesson" id="01-a">
<h2>1. A</h2>
<article class="card fail" id="01-a/broken">
<header><h3>broken</h3><span class="verdict">ERROR</span></header>
<p class="reason">C# side does not compile</p>
<p class="at">at <code>examples-cs/01-a/Broken.cs:2</code></p>
<div class="two sources">
<figure class="cs"><figcaption><span class="lang">C#</span> examples-cs/01-a/Broken.cs</figcaption><pre class="src"><code><span class="l">Console.WriteLine(1);</span>
<span class="l">Console.WriteLine(undefinedName);</span>
</code></pre></figure>
<figure class="py"><figcaption><span class="lang">Python</span> examples-py/01-a/broken.py</figcaption><pre class="src"><code><span class="l">print(1)</span>
</code></pre></figure>
</div>
<div class="two outputs">
<figure class="cs"><figcaption><span class="lang">C#</span> output</figcaption><pre class="out"><span class="empty">not run</span></pre></figure>
<figure class="py"><figcaption><span class="lang">Python</span> output ([TIME], exit 0)</figcaption><pre class="out">1
</pre></figure>
</div>
<figure class="cs"><figcaption><span class="lang">C#</span> compiler</figcaption><pre class="out">examples-cs/01-a/Broken.cs(2,19): error CS0103: The name &#39;undefinedName&#39; does not exist in the current context</pre></figure>
</article>
<article class="card fail" id="01-a/crash">
<header><h3>crash</h3><span class="verdict">ERROR</span></header>
<p class="reason">Python side exited with 1 (expected exit 0)</p>
<p class="at">at <code>examples-py/01-a/crash.py:2</code></p>
<div class="two sources">
<figure class="cs"><figcaption><span class="lang">C#</span> examples-cs/01-a/Crash.cs</figcaption><pre class="src"><code><span class="l">Console.WriteLine(&quot;start&quot;);</span>
</code></pre></figure>
<figure class="py"><figcaption><span class="lang">Python</span> examples-py/01-a/crash.py</figcaption><pre class="src"><code><span class="l">def f():</span>
<span class="l">    raise ValueError(&#39;boom&#39;)</span>
<span class="l"></span>
<span class="l">print(&#39;start&#39;)</span>
<span class="l">f()</span>
</code></pre></figure>
</div>
<div class="two outputs">
<figure class="cs"><figcaption><span class="lang">C#</span> output ([TIME], exit 0)</figcaption><pre class="out">start
</pre></figure>
<figure class="py"><figcaption><span class="lang">Python</span> output ([TIME], exit 1)</figcaption><pre class="out">start
</pre></figure>
</div>
<details open><summary>Python stderr (last lines)</summary><pre class="out">Traceback (most recent call last):
  File &quot;examples-py/01-a/crash.py&quot;, line 5, in &lt;module&gt;
    f()
  File &quot;examples-py/01-a/crash.py&quot;, line 2, in f
    raise ValueError(&#39;boom&#39;)
ValueError: boom</pre></details>
</article>
<article class="card fail" id="01-a/division">
<header><h3>division</h3><span class="verdict">MISMATCH</span></header>
<p class="reason">outputs differ from line 1</p>
<div class="two sources">
<figure class="cs"><figcaption><span class="lang">C#</span> examples-cs/01-a/Division.cs</figcaption><pre class="src"><code><span class="l">Console.WriteLine(-7 / 2);</span>
</code></pre></figure>
<figure class="py"><figcaption><span class="lang">Python</span> examples-py/01-a/division.py</figcaption><pre class="src"><code><span class="l">print(-7 // 2)</span>
</code></pre></figure>
</div>
<div class="two outputs">
<figure class="cs"><figcaption><span class="lang">C#</span> output ([TIME], exit 0)</figcaption><pre class="out">-3
</pre></figure>
<figure class="py"><figcaption><span class="lang">Python</span> output ([TIME], exit 0)</figcaption><pre class="out">-4
</pre></figure>
</div>
<figure class="diff"><figcaption>first difference at line 1, column 2 (- C#, + Python)</figcaption><pre class="first">C#:     -3
Python: -4
         ^</pre><pre class="diff"><span class="ctx">--- C#</span>
<span class="ctx">+++ Python</span>
<span class="hunk">@@ -1 +1 @@</span>
<span class="del">--3</span>
<span class="add">+-4</span>
</pre></figure>
</article>
<article class="card pass" id="01-a/hello">
<header><h3>hello</h3><span class="verdict">PASS</span></header>
<div class="two sources">
<figure class="cs"><figcaption><span class="lang">C#</span> examples-cs/01-a/Hello.cs</figcaption><pre class="src"><code><span class="l">Console.WriteLine(&quot;hello&quot;);</span>
</code></pre></figure>
<figure class="py"><figcaption><span class="lang">Python</span> examples-py/01-a/hello.py</figcaption><pre class="src"><code><span class="l">print(&#39;hello&#39;)</span>
</code></pre></figure>
</div>
<div class="two outputs">
<figure class="cs"><figcaption><span class="lang">C#</span> output ([TIME], exit 0)</figcaption><pre class="out">hello
</pre></figure>
<figure class="py"><figcaption><span class="lang">Python</span> output ([TIME], exit 0)</figcaption><pre class="out">hello
</pre></figure>
</div>
</article>
</section>
<section class="lesson" id="02-b">
<h2>2. B</h2>
<ul class="findings">
<li class="finding"><code>lessons/02-b.md:8</code> output block differs from what `echo` really prints<pre class="diff"><span class="ctx">--- page</span>
<span class="ctx">+++ expected</span>
<span class="hunk">@@ -1 +1 @@</span>
<span class="del">-wrong</span>
<span class="add">+a &lt; b &amp; &quot;c&quot;</span>
</pre></li>
</ul>
<article class="card pass" id="02-b/echo">
<header><h3>echo</h3><span class="verdict">PASS</span></header>
<div class="two mirror"><div class="cs"><h4><span class="lang">From C#</span></h4><p><code>Console.WriteLine(&quot;&lt;b&gt;&quot;)</code></p></div><div class="py"><h4><span class="lang">In Python</span></h4><p><code>print(&quot;&lt;b&gt;&quot;)</code></p></div></div>
<div class="two sources">
<figure class="cs"><figcaption><span class="lang">C#</span> examples-cs/02-b/Echo.cs</figcaption><pre class="src"><code><span class="l">Console.WriteLine(&quot;a &lt; b &amp; \&quot;c\&quot;&quot;);</span>
</code></pre></figure>
<figure class="py"><figcaption><span class="lang">Python</span> examples-py/02-b/echo.py</figcaption><pre class="src"><code><span class="l">print(&#39;a &lt; b &amp; &quot;c&quot;&#39;)</span>
</code></pre></figure>
</div>
<div class="two outputs">
<figure class="cs"><figcaption><span class="lang">C#</span> output ([TIME], exit 0)</figcaption><pre class="out">a &lt; b &amp; &quot;c&quot;
</pre></figure>
<figure class="py"><figcaption><span class="lang">Python</span> output ([TIME], exit 0)</figcaption><pre class="out">a &lt; b &amp; &quot;c&quot;
</pre></figure>
</div>
</article>
<article class="card fail" id="02-b/lonely">
<header><h3>lonely</h3><span class="verdict">ORPHAN</span></header>
<p class="reason">Python snippet has no C# partner: expected examples-cs/02-b/Lonely.cs (same stem, ignoring case, _ and -); if it is one-sided on purpose, set `one-sided = true` under [lessons.02-b.pairs.lonely] in harness/course.toml</p>
<div class="two sources">
<figure class="cs"><figcaption><span class="lang">C#</span></figcaption><pre class="empty">no C# file</pre></figure>
<figure class="py"><figcaption><span class="lang">Python</span> examples-py/02-b/lonely.py</figcaption><pre class="src"><code><span class="l">print(&#39;no partner&#39;)</span>
</code></pre></figure>
</div>
</article>
<article class="card skipped" id="02-b/solo">
<header><h3>solo</h3><span class="verdict">SKIPPED</span></header>
<p class="reason">one-sided on purpose (Python only)</p>
<div class="two sources">
<figure class="cs"><figcaption><span class="lang">C#</span></figcaption><pre class="empty">no C# file</pre></figure>
<figure class="py"><figcaption><span class="lang">Python</span> examples-py/02-b/solo.py</figcaption><pre class="src"><code><span class="l">print(&#39;alone on purpose&#39;)</span>
</code></pre></figure>
</div>
</article>
</section>
</main>
"#]],
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
