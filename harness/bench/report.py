#!/usr/bin/env python3
"""Renders bench.sh's raw measurements (in $BENCH_WORK) as the Markdown report on stdout."""
import json
import os
import random
import statistics
from collections import defaultdict
from pathlib import Path

E = os.environ
WORK = Path(E["BENCH_WORK"])
SIZES = [int(s) for s in E["BENCH_SIZES"].split()]
REPS = int(E["BENCH_REPS"])
JOBS = int(E["BENCH_JOBS"])

# ------------------------------------------------------------------ load the raw data
runs = defaultdict(list)  # (metric, size) -> [(ms, load, extra)]
by_rep = {}  # (metric, size, rep) -> ms
for line in (WORK / "results.tsv").read_text().splitlines():
    metric, size, rep, ms, load, extra = line.split("\t")
    runs[(metric, int(size))].append((float(ms), float(load), extra))
    by_rep[(metric, int(size), rep)] = float(ms)

naive = defaultdict(list)  # kind -> [(sample, ms, ok, note)]
naive_path = WORK / "naive.tsv"
if naive_path.exists():
    for line in naive_path.read_text().splitlines():
        kind, k, ms, ok, note = (line.split("\t") + [""])[:5]
        naive[kind].append((int(k), float(ms), ok == "1", note))
sample_names = {}
sample_path = WORK / "naive" / "sample.txt"
if sample_path.exists():
    for line in sample_path.read_text().splitlines():
        k, name = line.split("\t")
        sample_names[int(k)] = name

cpu = defaultdict(list)  # (metric, size) -> [cpu ms of the whole machine over the run]
cpu_path = WORK / "cpu.tsv"
if cpu_path.exists():
    for line in cpu_path.read_text().splitlines():
        metric, size, _rep, ms = (line.split("\t") + [""])[:4]
        if ms.strip():
            cpu[(metric, int(size))].append(float(ms))

rss = []
rss_path = WORK / "rss.tsv"
if rss_path.exists():
    for line in rss_path.read_text().splitlines():
        label, size, hwm, maxrss = (line.split("\t") + [""])[:4]
        rss.append((label, int(size), hwm, maxrss))


def load_json(path):
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None


def mirror_jsons(metric, size):
    return [j for j in (load_json(x[2]) for x in runs.get((metric, size), [])) if j]


def pairs_of(report):
    return [p for lesson in report.get("lessons", []) for p in lesson.get("pairs", [])]


# ------------------------------------------------------------------ formatting
def secs(ms):
    return f"{ms / 1000:.2f} s" if ms < 100_000 else f"{ms / 1000:.0f} s"


def cell(metric, size):
    xs = [x[0] for x in runs.get((metric, size), [])]
    if not xs:
        return "n/a"
    if len(xs) == 1:
        return secs(xs[0])
    return f"{secs(statistics.median(xs))} (min {secs(min(xs))})"


def med(metric, size):
    xs = [x[0] for x in runs.get((metric, size), [])]
    return statistics.median(xs) if xs else None


def ratio(a, b, fmt="{:.1f}x"):
    return fmt.format(a / b) if a is not None and b else "n/a"


def mn(metric, size):
    xs = [x[0] for x in runs.get((metric, size), [])]
    return min(xs) if xs else None


def ratio2(a, b, size):
    """Ratio of medians, and of minimums when there are several reps."""
    r = ratio(med(a, size), med(b, size), "{:.2f}x")
    if len(runs.get((a, size), [])) > 1 or len(runs.get((b, size), [])) > 1:
        r += f" (mins {ratio(mn(a, size), mn(b, size), '{:.2f}x')})"
    return r


def paired(a, b, size):
    """Median of the per-rep ratios a/b: each rep runs both within seconds of each other,
    so a change in the machine's load between reps cancels out (the ratio of medians above
    pairs a quiet rep of one with a busy rep of the other). With the range of the ratios."""
    rs = [by_rep[(a, size, r)] / by_rep[(b, size, r)]
          for (m, n, r) in by_rep if m == a and n == size and (b, size, r) in by_rep and by_rep[(b, size, r)]]
    if len(rs) < 2:
        return "n/a"
    out = f"{statistics.median(rs):.2f}x ({min(rs):.2f}-{max(rs):.2f}x"
    ci = median_ci(rs)
    if ci:
        out += f"; 95% CI of the median {ci[0]:.2f}-{ci[1]:.2f}x"
    return out + ")"


def median_ci(xs, resamples=4000):
    """A percentile-bootstrap 95% confidence interval of the median of xs (None below 8
    values, where it would only repeat the range). Seeded, so a report is reproducible:
    whether a ratio is below a target is then a question with an answer ("the interval is
    above 1.10x"), not a reading of one median on a VM whose runs move by ±0.1."""
    if len(xs) < 8:
        return None
    rng = random.Random(20261128)
    meds = sorted(statistics.median(rng.choices(xs, k=len(xs))) for _ in range(resamples))
    return meds[int(0.025 * resamples)], meds[int(0.975 * resamples) - 1]


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def verdicts(metric, size):
    """'all pass' or what went wrong in mirror's runs (they must pass to count)."""
    bad = []
    for j in mirror_jsons(metric, size):
        for p in pairs_of(j):
            if p.get("verdict") != "pass":
                bad.append(f"{p.get('id')}: {p.get('verdict')} ({p.get('reason')})")
    n = len(runs.get((metric, size), []))
    if len(mirror_jsons(metric, size)) < n:
        bad.append(f"{n - len(mirror_jsons(metric, size))} run(s) gave no JSON report")
    return bad


naive_stats = {}
for kind, rows in naive.items():
    ok = [ms for _, ms, good, _ in rows if good]
    naive_stats[kind] = (statistics.median(ok) if ok else None, len(ok), len(rows))
per_project = None
if naive_stats.get("new", (None,))[0] is not None and naive_stats.get("run_first", (None,))[0] is not None:
    # per snippet: its own median of new + first run, over samples where both worked
    new = {k: ms for k, ms, good, _ in naive["new"] if good}
    first = {k: ms for k, ms, good, _ in naive["run_first"] if good}
    both = [new[k] + first[k] for k in new if k in first]
    per_project = statistics.median(both) if both else None


# The naive Python loop runs once, on the smallest course; the others get its per-file
# cost times their size.
PY_MEASURED = sorted(n for n in SIZES if runs.get(("naive_py", n)))
PY_PER_FILE = med("naive_py", PY_MEASURED[-1]) / PY_MEASURED[-1] if PY_MEASURED else None


def naive_py(size):
    if runs.get(("naive_py", size)):
        return med("naive_py", size)
    return PY_PER_FILE * size if PY_PER_FILE is not None else None


def naive_py_cell(size):
    if runs.get(("naive_py", size)):
        return cell("naive_py", size)
    v = naive_py(size)
    return f"{secs(v)} **(extrapolated)**" if v is not None else "n/a"


def naive_total(per_snippet_cs, size):
    """Extrapolated naive C# for the course plus the naive Python loop."""
    py = naive_py(size)
    if per_snippet_cs is None or py is None:
        return None
    return per_snippet_cs * size + py


# ------------------------------------------------------------------ report
out = []
w = out.append
quick = E.get("BENCH_QUICK") == "1"
w("# mirror benchmark")
w("")
w(f"`harness/bench/bench.sh {E.get('BENCH_ARGS', '')}`".replace(" `", "`"))
w("")
w(f"Synthetic courses of {', '.join(map(str, SIZES))} pairs (realistic small LINQ/list, string formatting and "
  "class/record snippets, both sides printing the same text, up to 10 lessons). "
  f"Each timing is the median of {REPS} rep(s) with the minimum in brackets; {JOBS} processes at a time "
  f"for mirror (`--jobs {JOBS}`) and for the floor." + (" `--quick`: 1 rep, 10- and 40-pair courses only." if quick else ""))
w("")
w("## Machine")
w("")
w(f"- CPU: {E['BENCH_CPU']}, nproc {E['BENCH_NPROC']}; memory {E['BENCH_MEM']}; kernel {E['BENCH_KERNEL']}")
w(f"- dotnet {E['BENCH_DOTNET_VERSION']} ({E['BENCH_DOTNET']}); Python {E['BENCH_PY_VERSION']} "
  f"(real interpreter {E['BENCH_PY_REAL']}; `python3` on PATH is {E['BENCH_PY_SHIM']})")
w(f"- {E['BENCH_MIRROR_VERSION']} ({E['BENCH_MIRROR']})")
w(f"- load average (1/5/15 min): {E['BENCH_LOAD_START']} at the start, {E['BENCH_LOAD_END']} at the end "
  f"(a load above {E['BENCH_NPROC']} means other processes shared the CPUs and the timings are inflated; "
  "the `load` row gives the 1-min load when each measurement started)")
knobs = [f"{k}={E[k]}" for k in ("UseSharedCompilation", "MSBUILDDISABLENODEREUSE", "DOTNET_CLI_USE_MSBUILD_SERVER") if k in E]
if knobs:
    w(f"- environment: {', '.join(knobs)} (inherited by the naive `dotnet` baselines: they build without "
      "the shared compiler server, so they are slower here than on a default developer machine)")
w(f"- hyperfine: {E['BENCH_HYPERFINE']}; not used (wall times come from bash's EPOCHREALTIME around each command)")
w(f"- the benchmark itself took {int(E['BENCH_ELAPSED_S']) // 60} min {int(E['BENCH_ELAPSED_S']) % 60} s")
w("")

hdr = [""] + [f"{n} pairs" for n in SIZES]
lesson_pairs = []
for n in SIZES:
    js = mirror_jsons("lesson", n)
    lesson_pairs.append(str(len(pairs_of(js[0]))) if js else "?")
w("## Wall time")
w("")
rows = [
    ["mirror run, cold (fresh cache each rep: compile host built, every snippet compiled)"] + [cell("cold", n) for n in SIZES],
    ["mirror run, warm (every dll cached)"] + [cell("warm", n) for n in SIZES],
    ["mirror run, warm, `--sandbox off` (process groups, timeouts, output caps only)"] + [cell("warm_nosandbox", n) for n in SIZES],
    [f"mirror run 1, warm (one lesson: {' / '.join(lesson_pairs)} pairs)"] + [cell("lesson", n) for n in SIZES],
    [f"**floor**: same dlls via bare `dotnet exec`, same .py via the real python, {JOBS} at a time"] + [cell("floor_both", n) for n in SIZES],
    ["floor, C# dlls only (1 rep)"] + [cell("floor_cs", n) for n in SIZES],
    ["floor, .py only (1 rep)"] + [cell("floor_py", n) for n in SIZES],
    ["naive `python3 file.py` (through PATH: the pyenv shim), one after another (1 rep)"] + [naive_py_cell(n) for n in SIZES],
]
for kind, label in (
    ("project", "naive C#: `dotnet new console` + copy + `dotnet run` per snippet, one after another — **extrapolated**"),
    ("file_first", "naive C#: `dotnet run file.cs` per snippet (first run), one after another — **extrapolated**"),
    ("run_again", "naive C#, re-run with nothing changed: `dotnet run --project` per snippet — **extrapolated**"),
    ("file_again", "naive C#, re-run with nothing changed: `dotnet run file.cs` per snippet — **extrapolated**"),
):
    per = per_project if kind == "project" else naive_stats.get(kind, (None,))[0]
    rows.append([label] + [secs(per * n) if per is not None else "n/a" for n in SIZES])
loads = []
for n in SIZES:
    ls = [x[1] for key, v in runs.items() if key[1] == n for x in v]
    loads.append(f"{min(ls):.1f}–{max(ls):.1f}" if ls else "n/a")
rows.append(["load (1-min average when the measurements started, range)"] + loads)
w(table(hdr, rows))
w("")
if naive_stats:
    k = max(c[2] for c in naive_stats.values())
    w(f"The naive C# rows are **extrapolated**: the per-snippet median of {k} sampled snippet(s) (below) times the "
      "number of pairs; they were not run on every pair.")
if PY_MEASURED and any(n not in PY_MEASURED for n in SIZES):
    w(f"The naive Python loop ran on the course of {', '.join(map(str, PY_MEASURED))} pairs; the others are "
      f"**extrapolated** from its per-file cost ({PY_PER_FILE:.0f} ms per `python3 file.py`).")
if naive_stats or PY_MEASURED:
    w("")

w("## Ratios")
w("")
rows = [
    ["cold ÷ warm"] + [ratio2("cold", "warm", n) for n in SIZES],
    ["warm ÷ floor (mirror's overhead over the bare processes)"] + [ratio2("warm", "floor_both", n) for n in SIZES],
    ["warm ÷ floor, median of the per-rep ratios (range; with 8 reps or more, a 95% bootstrap CI of that median)"] + [paired("warm", "floor_both", n) for n in SIZES],
    ["warm ÷ warm `--sandbox off` (what the sandbox layers cost)"] + [ratio2("warm", "warm_nosandbox", n) for n in SIZES],
    ["warm `--sandbox off` ÷ floor, median of the per-rep ratios (what mirror costs without the sandbox)"] + [paired("warm_nosandbox", "floor_both", n) for n in SIZES],
    ["one lesson ÷ full course (both warm)"] + [ratio2("lesson", "warm", n) for n in SIZES],
    ["warm − floor, per pair (negative: below the noise)"] + [
        f"{(med('warm', n) - med('floor_both', n)) / n:.0f} ms" if med("warm", n) and med("floor_both", n) else "n/a"
        for n in SIZES],
    ["cold − warm, per pair (compile host + compiling)"] + [
        f"{(med('cold', n) - med('warm', n)) / n:.0f} ms" if med("cold", n) and med("warm", n) else "n/a" for n in SIZES],
]
for per, label, base in (
    (per_project, "naive (new project + `dotnet run`, extrapolated) + naive python ÷ mirror cold", "cold"),
    (naive_stats.get("file_first", (None,))[0], "naive (`dotnet run file.cs`, extrapolated) + naive python ÷ mirror cold", "cold"),
    (naive_stats.get("run_again", (None,))[0], "naive re-run unchanged (`dotnet run --project`) + naive python ÷ mirror warm", "warm"),
    (naive_stats.get("file_again", (None,))[0], "naive re-run unchanged (`dotnet run file.cs`) + naive python ÷ mirror warm", "warm"),
):
    rows.append([label] + [ratio(naive_total(per, n), med(base, n)) for n in SIZES])
rows.append(["naive python (shim, one after another) ÷ floor .py only"] + [ratio(naive_py(n), med("floor_py", n)) for n in SIZES])
w(table(hdr, rows))
w("")

if cpu:
    def cpu_med(metric, n):
        xs = cpu.get((metric, n), [])
        return statistics.median(xs) if xs else None

    def cpu_cell(metric, n):
        v = cpu_med(metric, n)
        return secs(v) if v is not None else "n/a"

    w("## CPU time (from `/proc/stat`)")
    w("")
    w("The CPU every process on the machine used while each run lasted (user, system, irq; not idle, "
      "iowait or steal): mirror's own processes, the jails and the snippets, or the floor's processes. "
      "Less noisy than wall time on a shared VM; other load on the machine still counts. Medians.")
    w("")
    rows = [
        ["mirror run, warm"] + [cpu_cell("warm", n) for n in SIZES],
        ["mirror run, warm, `--sandbox off`"] + [cpu_cell("warm_nosandbox", n) for n in SIZES],
        ["floor (both sides)"] + [cpu_cell("floor_both", n) for n in SIZES],
        ["warm ÷ floor"] + [ratio(cpu_med("warm", n), cpu_med("floor_both", n), "{:.2f}x") for n in SIZES],
        ["warm ÷ warm `--sandbox off`"] + [ratio(cpu_med("warm", n), cpu_med("warm_nosandbox", n), "{:.2f}x")
                                          for n in SIZES],
        ["warm − floor, per snippet process"] + [
            f"{(cpu_med('warm', n) - cpu_med('floor_both', n)) / (2 * n):.1f} ms"
            if cpu_med("warm", n) is not None and cpu_med("floor_both", n) is not None else "n/a"
            for n in SIZES],
    ]
    w(table(hdr, rows))
    w("")

w("## Where mirror's time goes (from `--format json`)")
w("")


def timing(metric, n, key):
    xs = [j["timings"][key] for j in mirror_jsons(metric, n) if key in j.get("timings", {})]
    return statistics.median(xs) if xs else None


def side_durations(metric, n, side):
    return [p[side]["duration_ms"] for j in mirror_jsons(metric, n) for p in pairs_of(j)
            if isinstance(p.get(side), dict) and p[side].get("duration_ms") is not None]


def floor_durations(n, side, which="floor_both"):
    xs = []
    for x in runs.get((which, n), []):
        j = load_json(x[2])
        if j:
            xs += j[f"{side}_ms"]
    return xs


def md(xs):
    return f"{statistics.median(xs):.0f} ms" if xs else "n/a"


def fmt_ms(v):
    return f"{v:.0f} ms" if v is not None else "n/a"


rows = [
    ["cold: setup_ms"] + [fmt_ms(timing("cold", n, "setup_ms")) for n in SIZES],
    ["cold: compile_ms (compile host build + compiling, overlaps running)"] + [fmt_ms(timing("cold", n, "compile_ms")) for n in SIZES],
    ["cold: compiled / cached"] + [
        f"{timing('cold', n, 'compiled') or 0:.0f} / {timing('cold', n, 'cached') or 0:.0f}" for n in SIZES],
    ["warm: total_ms (mirror's own clock)"] + [fmt_ms(timing("warm", n, "total_ms")) for n in SIZES],
    ["warm: setup_ms"] + [fmt_ms(timing("warm", n, "setup_ms")) for n in SIZES],
    ["warm: compiled / cached"] + [
        f"{timing('warm', n, 'compiled') or 0:.0f} / {timing('warm', n, 'cached') or 0:.0f}" for n in SIZES],
    ["C# process, median: mirror `--sandbox off` (warm)"] + [md(side_durations("warm_nosandbox", n, "csharp")) for n in SIZES],
    ["Python process, median: mirror `--sandbox off` (warm)"] + [md(side_durations("warm_nosandbox", n, "python")) for n in SIZES],
    ["C# process, median: mirror (`duration_ms`, warm) vs floor"] + [
        f"{md(side_durations('warm', n, 'csharp'))} vs {md(floor_durations(n, 'cs'))}" for n in SIZES],
    ["Python process, median: mirror (`duration_ms`, warm) vs floor"] + [
        f"{md(side_durations('warm', n, 'python'))} vs {md(floor_durations(n, 'py'))}" for n in SIZES],
]
ideal = []
for n in SIZES:
    m = side_durations("warm", n, "csharp") + side_durations("warm", n, "python")
    f = floor_durations(n, "cs") + floor_durations(n, "py")
    reps_m = max(1, len(mirror_jsons("warm", n)))
    reps_f = max(1, len(runs.get(("floor_both", n), [])))
    ideal.append(f"{sum(m) / reps_m / JOBS / 1000:.2f} s vs {sum(f) / reps_f / JOBS / 1000:.2f} s" if m and f else "n/a")
rows.append([f"Σ process durations ÷ {JOBS} (busy time per slot): mirror vs floor"] + ideal)


def gaps(n):
    """Median over reps of wall − busy time per slot: what is spent outside snippet processes."""
    m, f = [], []
    for ms, _, path in runs.get(("warm", n), []):
        j = load_json(path)
        if j:
            busy = sum(p[side]["duration_ms"] for p in pairs_of(j) for side in ("csharp", "python")
                       if isinstance(p.get(side), dict) and p[side].get("duration_ms") is not None)
            m.append(ms - busy / JOBS)
    for ms, _, path in runs.get(("floor_both", n), []):
        j = load_json(path)
        if j:
            f.append(ms - (sum(j["cs_ms"]) + sum(j["py_ms"])) / JOBS)
    if not m or not f:
        return "n/a"
    return f"{statistics.median(m):.0f} ms vs {statistics.median(f):.0f} ms"


rows.append(["wall − busy time per slot (outside snippet processes: start-up, scheduling gaps, comparing): mirror vs floor"]
            + [gaps(n) for n in SIZES])
w(table(hdr, rows))
w("")
w("A process's `duration_ms` in mirror includes its sandbox set-up (cgroup, Landlock, network namespace, the "
  "temp folder and file copy) and reading its output; the floor's is a bare `subprocess.run` with output to /dev/null.")
w("")

if naive:
    w(f"## Naive C# per snippet (sampled, {E['BENCH_NAIVE_SAMPLE']} snippet(s), one after another)")
    w("")
    names = ", ".join(sample_names[k] for k in sorted(sample_names))
    w(f"Snippets: {names}. Each ran in a fresh temp folder; restore was served from the local NuGet package cache only (a NuGet.Config clearing every source keeps the network out).")
    w("")
    rows = []
    labels = {
        "new": "`dotnet new console --force -o DIR` (with restore)",
        "run_first": "`dotnet run --project DIR` after copying the snippet (build + run)",
        "run_again": "`dotnet run --project DIR` again, nothing changed",
        "file_first": "`dotnet run File.cs` (.NET 10 file-based app), first run",
        "file_again": "`dotnet run File.cs` again, nothing changed",
    }
    for kind, label in labels.items():
        xs = [ms for _, ms, good, _ in naive.get(kind, []) if good]
        total = len(naive.get(kind, []))
        if not total:
            continue
        each = ", ".join(f"{ms / 1000:.1f}" for _, ms, good, _ in naive[kind] if good)
        rows.append([label, secs(statistics.median(xs)) if xs else "failed", secs(min(xs)) if xs else "",
                     secs(max(xs)) if xs else "", f"{len(xs)}/{total}", each])
    if per_project is not None:
        rows.append(["= per snippet, new project + first `dotnet run`", secs(per_project), "", "", "", ""])
    w("| step | median | min | max | ok | each (s) |")
    w("|---|---:|---:|---:|---:|---|")
    for r in rows:
        w("| " + " | ".join(r) + " |")
    fails = [(kind, k, note) for kind, rs in naive.items() for k, _, good, note in rs if not good]
    if fails:
        w("")
        w("Naive baseline failures (measurement skipped, the benchmark went on):")
        for kind, k, note in fails:
            w(f"- {kind} #{k} ({sample_names.get(k, '?')}): {note}")
    w("")
elif E.get("BENCH_NAIVE") == "0":
    w("Naive C# baselines skipped (`--no-naive`).")
    w("")

if rss:
    w("## Peak memory of mirror")
    w("")
    w("| run | mirror's own peak RSS (VmHWM, sampled every 20 ms) | `/usr/bin/time -v` maximum RSS | wall | outcome |")
    w("|---|---:|---:|---:|---|")
    for label, n, hwm, maxrss in rss:
        j = None
        xs = runs.get((f"rss_{label}", n), [])
        if xs:
            j = load_json(xs[0][2])
        wall = secs(xs[0][0]) if xs else "n/a"
        outcome = "no JSON report"
        if j:
            ps = pairs_of(j)
            if label == "flood" and ps:
                py = ps[0].get("python") or {}
                out_len = len(py.get("stdout") or "")
                outcome = (f"Python side: limit={py.get('limit')}, signal={py.get('signal')}, "
                           f"{out_len / 1048576:.2f} MiB stdout kept (truncated={py.get('stdout_truncated')}), "
                           f"ran {py.get('duration_ms')} ms; verdict {ps[0].get('verdict')}")
            else:
                c = defaultdict(int)
                for p in ps:
                    c[p.get("verdict")] += 1
                outcome = ", ".join(f"{v} {k}" for k, v in c.items())
        name = f"warm, {n} pairs" if label == "warm" else "one pair whose Python side prints `\"x\" * 100` forever"
        kib = lambda s: f"{int(s) / 1024:.1f} MiB" if s and s.isdigit() and int(s) > 0 else "n/a"
        w(f"| {name} | {kib(hwm)} | {kib(maxrss)} | {wall} | {outcome} |")
    w("")
    w("`/usr/bin/time -v` reports the largest RSS of mirror *or any child it waited for* (a `dotnet` snippet "
      "is ~30-40 MiB), so mirror's own figure is the VmHWM column.")
    w("")

problems = []
for n in SIZES:
    for metric in ("cold", "warm", "lesson", "warm_nosandbox"):
        for b in verdicts(metric, n):
            problems.append(f"{metric}, {n} pairs: {b}")
w("## Checks")
w("")
if problems:
    w("Some mirror runs did not pass every pair (their timings are suspect):")
    for p in problems[:20]:
        w(f"- {p}")
else:
    w("Every pair passed in every cold, warm, `--sandbox off` and one-lesson mirror run.")
for n in SIZES:
    for side in ("both", "cs", "py"):
        for x in runs.get((f"floor_{side}", n), []):
            j = load_json(x[2])
            if j and j["failed"]:
                w(f"- floor {side}, {n} pairs: failed: {', '.join(j['failed'][:3])}")
    for x in runs.get(("naive_py", n), []):
        if x[2] != "fails=0":
            w(f"- naive python, {n} pairs: {x[2]}")
print("\n".join(out))
