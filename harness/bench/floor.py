#!/usr/bin/env python3
"""The benchmark's floor: the work `mirror run` cannot avoid, with no harness around it.

Runs every compiled snippet dll with bare `dotnet exec --runtimeconfig RC DLL` and every
.py file with the bare real interpreter, JOBS processes at a time (pairs interleaved, as
mirror schedules them), with the same small environment mirror gives snippets, and
prints one JSON object: the wall time of the whole batch, the CPU time the machine used
meanwhile (from /proc/stat) and each process's duration.

    floor.py --dotnet D --rc RC --python P --cache CACHE --course COURSE [--jobs 2]
             [--side both|cs|py] [--workdir DIR]

The dlls are found in the cache (CACHE/cs/snippets/*/*/snippet.dll), the .py files in
COURSE/examples-py/*/*.py. Output goes to /dev/null; a nonzero exit is reported.
"""
import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def base_env(home: str) -> dict:
    # Mirrors mirror's sandbox/spawn.rs base_env, so both run with the same runtime knobs.
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
        "PYTHONHASHSEED": "0",
        "PYTHONUTF8": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
        "DOTNET_NOLOGO": "1",
        "DOTNET_EnableDiagnostics": "0",
        "DOTNET_DbgEnableMiniDump": "0",
        "DOTNET_gcServer": "0",
        "HOME": home,
        "TMPDIR": home,
    }


def busy_ms() -> float:
    """CPU time every process on the machine has used so far (user, nice, system, irq,
    softirq; not idle, iowait or steal), from /proc/stat, in ms."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:8]]
    user, nice, system, _idle, _iowait, irq, softirq = fields
    return (user + nice + system + irq + softirq) * 1000.0 / os.sysconf("SC_CLK_TCK")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dotnet", required=True)
    ap.add_argument("--rc", required=True)
    ap.add_argument("--python", required=True)
    ap.add_argument("--cache", required=True)
    ap.add_argument("--course", required=True)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--side", choices=["both", "cs", "py"], default="both")
    ap.add_argument("--workdir", default=None)
    a = ap.parse_args()

    dlls = sorted(Path(a.cache, "cs", "snippets").glob("*/*/snippet.dll"))
    pys = sorted(Path(a.course, "examples-py").glob("*/*.py"))
    if a.side in ("both", "cs") and not dlls:
        sys.exit(f"floor.py: no snippet.dll under {a.cache}/cs/snippets")
    if a.side in ("both", "py") and not pys:
        sys.exit(f"floor.py: no .py under {a.course}/examples-py")
    cs_cmds = [("cs", [a.dotnet, "exec", "--runtimeconfig", a.rc, str(d)]) for d in dlls]
    py_cmds = [("py", [a.python, str(p)]) for p in pys]
    if a.side == "cs":
        cmds = cs_cmds
    elif a.side == "py":
        cmds = py_cmds
    else:
        # Interleave: pair i's two sides next to each other, as mirror runs them.
        cmds = []
        for i in range(max(len(cs_cmds), len(py_cmds))):
            cmds.extend(c[i] for c in (py_cmds, cs_cmds) if i < len(c))

    workdir = a.workdir or str(Path(a.course))
    env = base_env(workdir)

    def run(item):
        side, argv = item
        t0 = time.perf_counter()
        rc = subprocess.run(argv, cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        return side, (time.perf_counter() - t0) * 1000.0, rc, argv[-1]

    cpu0 = busy_ms()
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=a.jobs) as pool:
        results = list(pool.map(run, cmds))
    wall = (time.perf_counter() - t0) * 1000.0
    cpu = busy_ms() - cpu0
    failed = [f"{r[3]} (exit {r[2]})" for r in results if r[2] != 0]
    print(json.dumps({
        "wall_ms": round(wall, 1),
        "cpu_ms": round(cpu),
        "cs_ms": [round(r[1], 1) for r in results if r[0] == "cs"],
        "py_ms": [round(r[1], 1) for r in results if r[0] == "py"],
        "failed": failed,
    }))


if __name__ == "__main__":
    main()
