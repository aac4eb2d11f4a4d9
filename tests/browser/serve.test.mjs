// The page as a learner uses it: headless Chromium (the Debian package, through
// puppeteer-core) against the real `mirror serve` on a throwaway course. Clicks Run, types a
// wrong then a right answer, Checks, Reveals, and watches live reload show an edited example.
//
//   MIRROR_BIN        the mirror binary (default: ../../target/debug/mirror)
//   MIRROR_CACHE_DIR  passed through to mirror (the Rust test points it at its shared cache)
//   CHROMIUM          the browser (default: chromium on PATH)
//   MIRROR_SCREENSHOTS a folder: laptop and phone screenshots are written there
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import puppeteer from "puppeteer-core";

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.env.MIRROR_BIN || resolve(here, "../../target/debug/mirror");
const chromium = process.env.CHROMIUM || execSync("command -v chromium").toString().trim();

let course, server, url, browser;

function write(rel, text) {
  const p = join(course, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}

before(async () => {
  course = mkdtempSync(join(tmpdir(), "mirror-browser-course-"));
  write("harness/course.toml", `[course]
title = "Browser test"

[lessons.01-intro]
title = "Intro"

[lessons.01-intro.pairs.hello]
summary = "print is Console.WriteLine"
trap = "TRAP: the words must match exactly"

[lessons.02-next]
title = "Next"
`);
  write("lessons/01-intro.md", "# Lesson 1: Intro\n\nHello in both languages.\n\n```csharp pair=hello\nConsole.WriteLine(\"hi\");\n```\n\n```python pair=hello\nprint(\"hi\")\n```\n\n<!-- mirror-card pair=hello -->\n| From C# | In Python |\n|---|---|\n| `Console.WriteLine(\"hi\")` | `print(\"hi\")` |\n");
  write("lessons/02-next.md", "# Lesson 2: Next\n\nMore to come.\n");
  write("examples-cs/01-intro/Hello.cs", "Console.WriteLine(\"hi\");\n");
  write("examples-py/01-intro/hello.py", "print(\"hi\")\n");
  write("examples-cs/02-next/Two.cs", "Console.WriteLine(2);\n");
  write("examples-py/02-next/two.py", "print(2)\n");

  server = spawn(bin, ["-C", course, "serve", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  url = await new Promise((res, rej) => {
    const rl = createInterface({ input: server.stdout });
    rl.once("line", (l) => res(l.replace("mirror serve: ", "").trim()));
    server.once("exit", (c) => rej(new Error("mirror serve exited " + c)));
  });
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/lesson\/01-intro\?token=[0-9a-f]{32}$/);
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill();
  if (course) rmSync(course, { recursive: true, force: true });
});

async function ready(page) {
  await page.waitForSelector("body[data-ready='1']", { timeout: 20000 });
}

async function verdict(page, selector) {
  await page.waitForFunction(
    (sel) => {
      const v = document.querySelector(sel);
      return v && !["queued", "running", "checking"].includes(v.textContent);
    },
    { timeout: 120000 },
    selector,
  );
  return page.$eval(selector, (e) => e.textContent);
}

test("Run, Check (wrong then right), Reveal, progress and live reload", { timeout: 300000 }, async () => {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url);
  await ready(page);
  // The token went into a cookie; the address bar no longer shows it.
  assert.ok(!page.url().includes("token="), page.url());
  assert.equal(await page.$eval(".where", (e) => e.textContent), "Lesson 1 of 2");
  assert.equal(await page.$eval('.lessons a[aria-current="page"] .t', (e) => e.textContent), "Intro");

  // Run: both outputs and the verdict.
  await page.click("#pair-hello .controls button.run");
  assert.equal(await verdict(page, "#pair-hello .results .verdict"), "pass");
  const outputs = await page.$$eval("#pair-hello .results .outputs pre.stdout", (es) => es.map((e) => e.textContent));
  assert.deepEqual(outputs, ["hi\n", "hi\n"]);

  // Practise: the editor opens with the template.
  await page.click("#pair-hello button.practise");
  await page.waitForSelector("#pair-hello .cm-content", { timeout: 20000 });
  assert.equal(await page.$eval("#pair-hello .reveal-button", (b) => b.disabled), true);
  await page.click("#pair-hello .cm-content");
  await page.keyboard.down("Control");
  await page.keyboard.press("End");
  await page.keyboard.up("Control");
  await page.keyboard.type('print("hello")');
  await page.click("#pair-hello button.check");
  assert.equal(await verdict(page, "#pair-hello .practice-result .verdict"), "mismatch");
  const hint = await page.$eval("#pair-hello .practice-result .hint", (e) => e.textContent);
  assert.match(hint, /TRAP: the words must match exactly/);
  const first = await page.$eval("#pair-hello .first-diff", (e) => e.textContent);
  assert.match(first, /line 1/);
  assert.match(first, /hello/);
  assert.equal(await page.$eval(".progress-bar", (e) => e.getAttribute("aria-valuenow")), "0");

  // Right answer: replace the last line.
  await page.click("#pair-hello .cm-content");
  await page.keyboard.down("Control");
  await page.keyboard.press("End");
  await page.keyboard.up("Control");
  await page.keyboard.down("Shift");
  await page.keyboard.press("Home");
  await page.keyboard.up("Shift");
  await page.keyboard.type('print("hi")');
  await page.click("#pair-hello button.check");
  await page.waitForFunction(() => document.querySelector("#pair-hello .practice-result .verdict")?.textContent === "pass", { timeout: 120000 });
  assert.equal(await page.$eval(".progress-bar", (e) => e.getAttribute("aria-valuenow")), "50");
  assert.equal(await page.$eval(".progress-text", (e) => e.textContent), "1 of 2 cards practised");
  assert.equal(await page.$eval('.lp[data-lesson="01-intro"]', (e) => e.textContent), "1/1");
  // Saved where the terminal's `mirror practice` looks.
  assert.match(readFileSync(join(course, "practice/01-intro/hello.py"), "utf8"), /print\("hi"\)\n?$/);
  assert.match(readFileSync(join(course, "practice/progress.toml"), "utf8"), /verdict = "pass"/);

  // Reveal the course's answer.
  await page.click("#pair-hello .reveal-button");
  await page.waitForSelector("#pair-hello .reveal pre");
  assert.match(await page.$eval("#pair-hello .reveal pre", (e) => e.textContent), /print\("hi"\)/);

  if (process.env.MIRROR_SCREENSHOTS) {
    mkdirSync(process.env.MIRROR_SCREENSHOTS, { recursive: true });
    await page.evaluate(() => document.querySelector("#pair-hello").scrollIntoView());
    await page.screenshot({ path: join(process.env.MIRROR_SCREENSHOTS, "serve-laptop.png") });
  }

  // Keyboard: the controls are reachable and labelled.
  const labels = await page.$$eval("button", (bs) => bs.map((b) => b.getAttribute("aria-label") || b.textContent).filter((l) => !l.trim()));
  assert.deepEqual(labels, [], "every button has a label");

  // Live reload: edit the example; the page reloads by itself and shows the edit.
  const reloaded = page.waitForNavigation({ timeout: 20000 });
  write("examples-py/01-intro/hello.py", 'print("hi")  # edited live\n');
  await reloaded;
  await ready(page);
  const problem = await page.$eval("#pair-hello, article", () =>
    Array.from(document.querySelectorAll(".problem")).map((e) => e.textContent).join("\n"));
  assert.match(problem, /edited live/);
  await page.close();
});

test("phone width: no horizontal scroll, the lesson list folds behind a button", { timeout: 120000 }, async () => {
  const page = await browser.newPage();
  await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await page.goto(url);
  await ready(page);
  await page.click("#pair-hello .controls button.run");
  assert.equal(await verdict(page, "#pair-hello .results .verdict"), "pass");
  await page.click("#pair-hello button.practise");
  await page.waitForSelector("#pair-hello .cm-content", { timeout: 20000 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, "page is " + wide + " px wide");
  if (process.env.MIRROR_SCREENSHOTS) {
    await page.evaluate(() => document.querySelector("#pair-hello").scrollIntoView());
    await page.screenshot({ path: join(process.env.MIRROR_SCREENSHOTS, "serve-phone.png") });
    await page.evaluate(() => window.scrollTo(0, 0));
  }
  assert.equal(await page.$eval("#nav", (n) => getComputedStyle(n).display), "none");
  await page.click("button.menu");
  assert.equal(await page.$eval("#nav", (n) => getComputedStyle(n).display), "block");
  assert.equal(await page.$eval("button.menu", (b) => b.getAttribute("aria-expanded")), "true");
  assert.equal(await page.$eval(".where", (e) => e.textContent), "Lesson 1 of 2");
  // Keyboard: Enter on the focused menu button folds the list again.
  await page.focus("button.menu");
  await page.keyboard.press("Enter");
  assert.equal(await page.$eval("#nav", (n) => getComputedStyle(n).display), "none");
  await page.close();
});

test("a lesson's SVG opened as a document runs no script", { timeout: 60000 }, async () => {
  // Served from the course's lessons/ with the learner's cookie and the page's own origin:
  // unsandboxed, its script could post a check and overwrite the learner's practice file.
  write("lessons/evil.svg", `<svg xmlns="http://www.w3.org/2000/svg"><script>document.documentElement.setAttribute("data-ran", "1"); fetch("/api/progress");</script></svg>\n`);
  const page = await browser.newPage();
  await page.goto(url);
  await ready(page);
  const api = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/")) api.push(r.url());
  });
  const svg = await page.goto(new URL("/files/evil.svg", url).href);
  assert.equal(svg.status(), 200);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await page.evaluate(() => document.documentElement.getAttribute("data-ran")), null);
  assert.deepEqual(api, []);
  await page.close();
});
