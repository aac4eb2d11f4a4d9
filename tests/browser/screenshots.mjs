// The README's screenshots (docs/serve-laptop.png, docs/serve-phone.png): the shipped
// course's lesson 3 after a Run and a failed Check, at 1366 px and 390 px. Not a test.
//   node screenshots.mjs   (MIRROR_BIN and CHROMIUM as for the test; practice goes to a temp folder)
import { spawn, execSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import puppeteer from "puppeteer-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const bin = process.env.MIRROR_BIN || join(root, "target/debug/mirror");
const chromium = process.env.CHROMIUM || execSync("command -v chromium").toString().trim();
const ws = mkdtempSync(join(tmpdir(), "mirror-shots-"));
const server = spawn(bin, ["-C", root, "serve", "--port", "0", "--workspace", ws, "3"], { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise((res) => createInterface({ input: server.stdout }).once("line", (l) => res(l.replace("mirror serve: ", "").trim())));
const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
const card = "#pair-mutable_default";

async function shot(width, height, mobile, file, answer) {
  const page = await browser.newPage();
  await page.setViewport({ width, height, isMobile: mobile, hasTouch: mobile, deviceScaleFactor: mobile ? 2 : 1 });
  await page.goto(url);
  await page.waitForSelector("body[data-ready='1']");
  await page.click(`${card} .controls button.run`);
  await page.waitForFunction((c) => ["pass", "mismatch"].includes(document.querySelector(`${c} .results .verdict`)?.textContent), { timeout: 60000 }, card);
  await page.click(`${card} button.practise`);
  await page.waitForSelector(`${card} .cm-content`);
  await page.click(`${card} .cm-content`);
  await page.keyboard.down("Control"); await page.keyboard.press("End"); await page.keyboard.up("Control");
  for (const part of answer) {
    if (part === "Backspace") await page.keyboard.press(part);
    else await page.keyboard.type(part);
  }
  await page.click(`${card} button.check`);
  await page.waitForFunction((c) => document.querySelector(`${c} .practice-result .verdict`)?.textContent !== "checking", { timeout: 60000 }, card);
  await page.evaluate((c) => {
    const el = document.querySelector(innerWidth < 500 ? `${c} .practice-result` : c);
    window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - (innerWidth < 500 ? 170 : 70));
  }, card);
  await page.screenshot({ path: join(root, "docs", file) });
  await page.close();
}
// The editor indents after the colon; Backspace leaves the function body.
const wrong = ["def add_tag(tag, tags=[]):\ntags.append(tag)\nreturn tags\n", "Backspace",
  'print(", ".join(add_tag("a")))\nprint(", ".join(add_tag("b")))\n'];
await shot(1366, 1500, false, "serve-laptop.png", wrong);
rmSync(ws, { recursive: true, force: true });
await shot(390, 844, true, "serve-phone.png", wrong);
await browser.close();
server.kill();
rmSync(ws, { recursive: true, force: true });
