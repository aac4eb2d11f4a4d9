// mirror serve: Run buttons (results stream in), Run all, the practice editor (Check,
// Reveal, hint), progress, and live reload. Everything the server sends is shown with
// textContent, never parsed as HTML.
"use strict";
(function () {
  const lesson = document.body.dataset.lesson;
  let defaultTo = document.body.dataset.direction || "python";
  const editors = {}; // pair name -> { to, get() }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  function announce(msg) {
    const live = document.querySelector(".live");
    if (live) live.textContent = msg;
  }

  function panelOf(name) {
    return document.getElementById("pair-" + name);
  }

  async function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  // Reads an NDJSON response line by line as it arrives.
  async function stream(res, onEvent) {
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.trim()) onEvent(JSON.parse(line));
      }
    }
    if (buf.trim()) onEvent(JSON.parse(buf));
  }

  function verdictBadge(name, failure) {
    const cls = name === "pass" ? "pass" : failure ? "fail" : name;
    return el("span", { class: "verdict " + cls, text: name });
  }

  function diffPre(unified) {
    const pre = el("pre", { class: "diff" });
    for (const line of unified.split("\n")) {
      let cls = null;
      if (line.startsWith("@@")) cls = "hunk";
      else if (line.startsWith("-") && !line.startsWith("---")) cls = "del";
      else if (line.startsWith("+") && !line.startsWith("+++")) cls = "add";
      pre.append(el("span", { class: cls, text: line + "\n" }));
    }
    return pre;
  }

  function sideBox(title, side) {
    const box = el("div", { class: "side" }, el("h4", { text: title }));
    if (!side || side.state === "not-run") {
      box.append(el("p", { text: "not run" }));
    } else if (side.state === "compile-error") {
      box.append(el("p", { text: "does not compile:" }), el("pre", { class: "stderr", text: side.diagnostics }));
    } else {
      box.append(el("pre", { class: "stdout", text: side.stdout === "" ? "(no output)" : side.stdout }));
      if (side.stderr) box.append(el("pre", { class: "stderr", text: side.stderr }));
      box.append(el("p", { class: "path", text: side.status + " · " + side.ms + " ms" + (side.truncated ? " · output cut at the limit" : "") }));
    }
    return box;
  }

  function firstDiff(d, leftName, left, rightName, right) {
    return el("div", { class: "first-diff" },
      el("strong", { text: "First difference at line " + d.first_line + ":" }),
      el("dl", {},
        el("dt", { text: leftName }), el("dd", { text: left === null ? "(no line)" : left }),
        el("dt", { text: rightName }), el("dd", { text: right === null ? "(no line)" : right })));
  }

  function showResult(r) {
    const panel = panelOf(r.name);
    if (!panel) return;
    const box = panel.querySelector(".results");
    box.replaceChildren();
    const head = el("div", { class: "result-head" }, verdictBadge(r.verdict, r.failure), " ",
      el("span", { class: "path", text: r.ms + " ms" }));
    box.append(head);
    if (r.reason) box.append(el("p", { class: "reason", text: r.reason }));
    if (r.diff) {
      box.append(firstDiff(r.diff, "C#:", r.diff.csharp, "Python:", r.diff.python));
    }
    box.append(el("div", { class: "outputs" }, sideBox("C# output", r.csharp), sideBox("Python output", r.python)));
    if (r.diff) {
      box.append(el("details", { open: true }, el("summary", { text: "Diff (C# → Python)" }), diffPre(r.diff.unified)));
    }
    panel.dataset.verdict = r.verdict;
  }

  function showPending(name, what) {
    const panel = panelOf(name);
    if (!panel) return;
    const box = panel.querySelector(".results");
    box.replaceChildren(el("span", { class: "verdict " + what, text: what }));
  }

  async function run(body, names) {
    const allState = document.querySelector(".run-all-state");
    names.forEach((n) => showPending(n, "queued"));
    let done = 0;
    try {
      const res = await post("/api/run", body);
      if (!res.ok) throw new Error(await res.text());
      await stream(res, (ev) => {
        if (ev.type === "queued") {
          names.forEach((n) => showPending(n, "queued"));
          if (!body.pair) allState.textContent = "queued (" + ev.ahead + " ahead)";
        } else if (ev.type === "start") {
          ev.pairs.forEach((n) => showPending(n, "running"));
          if (!body.pair) allState.textContent = "running " + ev.pairs.length + " examples";
        } else if (ev.type === "result") {
          done++;
          showResult(ev.result);
          if (!body.pair) allState.textContent = done + " of " + names.length + " done";
          announce(ev.result.name + ": " + ev.result.verdict);
        } else if (ev.type === "error") {
          names.forEach((n) => {
            const p = panelOf(n);
            if (p) p.querySelector(".results").replaceChildren(el("p", { class: "problem", text: ev.message }));
          });
        } else if (ev.type === "end") {
          if (!body.pair) allState.textContent = ev.passed + " passed, " + ev.failed + " failed";
        }
      });
    } catch (e) {
      names.forEach((n) => {
        const p = panelOf(n);
        if (p) p.querySelector(".results").replaceChildren(el("p", { class: "problem", text: "Run failed: " + e.message }));
      });
    }
  }

  function lessonPairs() {
    return Array.from(document.querySelectorAll("section[data-pair]")).map((s) => s.dataset.pair);
  }

  // Progress: the bar, the lesson list and each pair's practice state.
  function showProgress(p) {
    const fill = document.querySelector(".progress-bar .fill");
    const bar = document.querySelector(".progress-bar");
    if (fill) fill.style.width = p.percent + "%";
    if (bar) bar.setAttribute("aria-valuenow", String(p.percent));
    const text = document.querySelector(".progress-text");
    if (text) text.textContent = p.done + " of " + p.total + " cards practised";
    for (const [id, l] of Object.entries(p.lessons)) {
      const lp = document.querySelector('.lp[data-lesson="' + CSS.escape(id) + '"]');
      if (!lp) continue;
      lp.textContent = l.done + "/" + l.total;
      lp.setAttribute("aria-label", l.done + " of " + l.total + " practised");
      lp.closest("a").classList.toggle("complete", l.total > 0 && l.done === l.total);
    }
    for (const s of document.querySelectorAll(".state[data-pair]")) {
      const st = p.pairs[lesson + "/" + s.dataset.pair];
      s.textContent = st === "pass" ? "practised ✓" : st && st !== "unchecked" ? "practice: " + st : "";
    }
  }

  async function refreshProgress() {
    const res = await fetch("/api/progress");
    if (res.ok) showProgress(await res.json());
  }

  // Practice: an editor for the learner's side, Check, Reveal, and the hint.
  function storageKey(name, to) {
    return "mirror:" + lesson + "/" + name + ":" + to;
  }

  async function openPractice(name, to) {
    const panel = panelOf(name);
    const box = panel.querySelector(".practice");
    const button = panel.querySelector("button.practise");
    box.hidden = false;
    button.setAttribute("aria-expanded", "true");
    const q = "lesson=" + encodeURIComponent(lesson) + "&pair=" + encodeURIComponent(name) + "&to=" + to;
    const res = await fetch("/api/practice?" + q);
    if (!res.ok) {
      box.replaceChildren(el("p", { class: "problem", text: await res.text() }));
      return;
    }
    const info = await res.json();
    const id = "to-" + name;
    const select = el("select", { id },
      el("option", { value: "python", selected: to === "python", text: "Python (judged by the C#)" }),
      el("option", { value: "csharp", selected: to === "csharp", text: "C# (judged by the Python)" }));
    select.addEventListener("change", () => openPractice(name, select.value));
    const check = el("button", { type: "button", class: "check", text: "Check" });
    const reveal = el("button", { type: "button", class: "reveal-button secondary", text: "Reveal", disabled: !info.checked,
      title: info.checked ? "Show the course's answer" : "Check once to unlock the answer" });
    const editorBox = el("div", { class: "editor" });
    const result = el("div", { class: "practice-result", "aria-live": "polite" });
    const answer = el("div", { class: "reveal" });
    box.replaceChildren(
      el("div", { class: "practice-head" }, el("label", { for: id, text: "You write" }), select,
        el("span", { class: "path", text: "saved to " + info.path + (info.state !== "unchecked" ? " · last check: " + info.state : "") })),
      editorBox,
      el("div", { class: "controls" }, check, reveal),
      result, answer);
    const saved = sessionStorage.getItem(storageKey(name, to));
    const doc = saved !== null ? saved : info.source;
    let get;
    const onChange = () => sessionStorage.setItem(storageKey(name, to), get());
    if (window.MirrorCM) {
      const view = window.MirrorCM.create(editorBox, doc, to, onChange);
      get = () => view.state.doc.toString();
      editors[name] = { to, get, view };
    } else {
      const ta = el("textarea", { "aria-label": to === "csharp" ? "Your C#" : "Your Python", spellcheck: "false" });
      ta.value = doc;
      ta.addEventListener("input", onChange);
      editorBox.append(ta);
      get = () => ta.value;
      editors[name] = { to, get };
    }
    check.addEventListener("click", async () => {
      check.disabled = true;
      result.replaceChildren(el("span", { class: "verdict running", text: "checking" }));
      try {
        const res = await post("/api/check", { lesson, pair: name, to, source: get() });
        if (!res.ok) throw new Error(await res.text());
        const c = await res.json();
        sessionStorage.removeItem(storageKey(name, to));
        showCheck(result, c, to);
        reveal.disabled = false;
        reveal.title = "Show the course's answer";
        showProgress(c.progress);
        announce(name + ": " + c.state);
      } catch (e) {
        result.replaceChildren(el("p", { class: "problem", text: "Check failed: " + e.message }));
      } finally {
        check.disabled = false;
      }
    });
    reveal.addEventListener("click", async () => {
      const res = await post("/api/reveal", { lesson, pair: name, to });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) {
        answer.replaceChildren(el("p", { class: "hint", text: body.message || "not revealed" }));
        return;
      }
      answer.replaceChildren(el("h4", { text: "The course's answer (" + body.path + ")" }), el("pre", { text: body.answer }));
    });
  }

  function showCheck(box, c, to) {
    const mine = to === "csharp" ? "C#" : "Python";
    const theirs = to === "csharp" ? "Python" : "C#";
    box.replaceChildren(el("div", {}, verdictBadge(c.state, c.failure)));
    if (c.state === "pass") {
      box.append(el("p", { class: "reason", text: "Yours prints exactly what the course's " + theirs + " prints." }));
      return;
    }
    if (c.reason) box.append(el("p", { class: "reason", text: c.reason }));
    if (c.diff) box.append(firstDiff(c.diff, "expected:", c.diff.expected, "yours:", c.diff.yours));
    if (c.hint) box.append(el("p", { class: "hint" }, el("strong", { text: "Hint: " }), c.hint));
    if (!c.todo) {
      box.append(el("div", { class: "outputs" }, sideBox("Expected (the real " + theirs + " run)", c.expected), sideBox("Yours (" + mine + ")", c.yours)));
    }
    if (c.diff) box.append(el("details", {}, el("summary", { text: "Diff (expected → yours)" }), diffPre(c.diff.unified)));
  }

  function togglePractice(name) {
    const panel = panelOf(name);
    const box = panel.querySelector(".practice");
    const button = panel.querySelector("button.practise");
    if (!box.hidden) {
      box.hidden = true;
      button.setAttribute("aria-expanded", "false");
      rememberOpen();
      return;
    }
    openPractice(name, defaultTo).then(rememberOpen);
  }

  function rememberOpen() {
    const open = Object.keys(editors).filter((n) => {
      const p = panelOf(n);
      return p && !p.querySelector(".practice").hidden;
    });
    sessionStorage.setItem("mirror:open:" + lesson, JSON.stringify(open.map((n) => [n, editors[n].to])));
  }

  document.addEventListener("click", (e) => {
    const b = e.target.closest("button");
    if (!b) return;
    if (b.classList.contains("run")) {
      run({ lesson, pair: b.dataset.pair }, [b.dataset.pair]);
    } else if (b.classList.contains("run-all")) {
      run({ lesson }, lessonPairs());
    } else if (b.classList.contains("practise")) {
      togglePractice(b.dataset.pair);
    } else if (b.classList.contains("menu")) {
      const nav = document.getElementById("nav");
      const open = nav.classList.toggle("open");
      b.setAttribute("aria-expanded", String(open));
    }
  });

  // Live reload: the server says when a page, an example or course.toml changed.
  function listen() {
    if (!window.EventSource) return;
    const es = new EventSource("/api/events");
    // A changed example is re-run by the server: its result shows where the pair is.
    es.addEventListener("running", (e) => {
      for (const p of JSON.parse(e.data)) if (p.lesson === lesson) showPending(p.name, "running");
    });
    es.addEventListener("result", (e) => {
      const r = JSON.parse(e.data);
      if (r.lesson === lesson) showResult(r);
    });
    es.addEventListener("reload", () => {
      sessionStorage.setItem("mirror:scroll:" + lesson, String(window.scrollY));
      rememberOpen();
      location.reload();
    });
  }

  async function start() {
    const y = sessionStorage.getItem("mirror:scroll:" + lesson);
    if (y !== null) {
      sessionStorage.removeItem("mirror:scroll:" + lesson);
      window.scrollTo(0, Number(y));
    }
    listen();
    refreshProgress();
    const res = await fetch("/api/results?lesson=" + encodeURIComponent(lesson));
    if (res.ok) Object.values(await res.json()).forEach(showResult);
    const open = JSON.parse(sessionStorage.getItem("mirror:open:" + lesson) || "[]");
    for (const [n, to] of open) if (panelOf(n)) openPractice(n, to);
    document.body.dataset.ready = "1";
  }
  start();
})();
