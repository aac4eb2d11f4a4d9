#!/usr/bin/env python3
"""mirror watch, measured from the outside: the time from a save to the redrawn verdict,
for C# and Python edits, warm; and mirror's peak RSS over a session of many saves.

    harness/bench/watch_latency.py [--mirror PATH] [--saves N] [--course DIR]

Copies the course (default: the shipped one) to a temp folder, starts `mirror watch` on it
with stderr on a pipe (no terminal: every redraw ends with a "watching ... for changes"
line), waits for the first full run, then alternately edits one C# and one Python snippet
of lesson 1 (a trailing comment that changes the file, not the output) and times each save
until the redraw's closing line. Prints a Markdown table. Loopback only: nothing here opens
a connection.
"""
import argparse
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))


def wait_for_redraw(proc, buf, timeout):
    """Reads stderr until a redraw's closing line; returns the time it arrived."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stderr], [], [], 0.05)
        if not ready:
            if proc.poll() is not None:
                raise SystemExit(f"mirror watch ended early:\n{buf.decode(errors='replace')}")
            continue
        chunk = os.read(proc.stderr.fileno(), 65536)
        buf.extend(chunk)
        if b"for changes (Ctrl-C to stop)" in buf:
            at = time.monotonic()
            del buf[:]
            return at
    raise SystemExit("no redraw within the timeout")


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mirror", default=os.path.join(REPO, "target/release/mirror"))
    ap.add_argument("--saves", type=int, default=20, help="saves per language (default 20)")
    ap.add_argument("--course", default=REPO)
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="mirror-watch-bench-")
    try:
        course = os.path.join(tmp, "course")
        shutil.copytree(args.course, course, ignore=shutil.ignore_patterns("target", ".git", "practice"))
        lesson = sorted(d for d in os.listdir(os.path.join(course, "examples-py")) if d[:2].isdigit())[0]
        py = os.path.join(course, "examples-py", lesson)
        cs = os.path.join(course, "examples-cs", lesson)
        py_file = os.path.join(py, sorted(f for f in os.listdir(py) if f.endswith(".py"))[0])
        cs_file = os.path.join(cs, sorted(f for f in os.listdir(cs) if f.endswith(".cs"))[0])

        proc = subprocess.Popen(
            [args.mirror, "-C", course, "watch"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        buf = bytearray()
        t0 = time.monotonic()
        wait_for_redraw(proc, buf, 300)
        first = time.monotonic() - t0
        times = {"C#": [], "Python": []}
        for i in range(args.saves):
            for lang, path, comment in (("C#", cs_file, "//"), ("Python", py_file, "#")):
                time.sleep(0.3)  # let the previous redraw settle
                with open(path, "a") as f:
                    f.write(f"\n{comment} bench save {i}\n")
                saved = time.monotonic()
                at = wait_for_redraw(proc, buf, 60)
                times[lang].append(at - saved)
        rss = peak_rss_kib(proc.pid)
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=30)

        print(f"First full run: {first:.2f} s; {args.saves} saves per language; exit on Ctrl-C: {code}\n")
        print("| edit | median | min | max |")
        print("|---|---|---|---|")
        for lang, t in times.items():
            print(f"| {lang} | {statistics.median(t)*1000:.0f} ms | {min(t)*1000:.0f} ms | {max(t)*1000:.0f} ms |")
        print(f"\nPeak RSS of mirror over {2*args.saves} saves: {rss/1024:.1f} MB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
