#!/usr/bin/env bash
# The shipped course, end to end: `mirror run` cold (empty cache, the venv kept), cold
# after `mirror setup` (only the compiled snippets removed) and warm, with the CPU the
# whole machine used and the core-seconds left idle during each run (`/proc/stat`).
# With --baseline, a second binary is measured in the same sitting, rep by rep
# interleaved, so that the two are compared under the same load. Prints a Markdown
# report to stdout (progress goes to stderr).
#
#   harness/bench/shipped.sh [--reps N] [--mirror PATH] [--baseline PATH] [--out FILE]
#                            [--kinds LIST]
#
#   --reps N          repetitions of each kind of run (default 3)
#   --mirror PATH     the binary to measure (default: target/release/mirror)
#   --baseline PATH   another build to measure beside it (e.g. one built from main)
#   --out FILE        also write the report to FILE
#   --kinds LIST      which runs, of cold,setup,warm (default: all three)
#
# Each binary gets a cache of its own under one mktemp folder (removed on exit): made
# once with `mirror setup` and a first run (the venv's `pip install` is not measured),
# then emptied before every cold run except for `venvs/`. The course is run where it is
# (read only); snippets reach nothing outside their sandbox, and the fixture server is
# mirror's own on loopback.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
MIRROR="$REPO/target/release/mirror"
BASELINE=""
REPS=3
OUT=""
KINDS="cold,setup,warm"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }
while (($#)); do
    case "$1" in
        --reps) REPS=${2:?--reps needs a number}; shift 2 ;;
        --mirror) MIRROR=${2:?--mirror needs a path}; shift 2 ;;
        --baseline) BASELINE=${2:?--baseline needs a path}; shift 2 ;;
        --out) OUT=${2:?--out needs a file}; shift 2 ;;
        --kinds) KINDS=${2:?--kinds needs a list}; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "shipped.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
for bin in "$MIRROR" ${BASELINE:+"$BASELINE"}; do
    [[ -x $bin ]] || { echo "shipped.sh: $bin is not an executable (cargo build --release?)" >&2; exit 2; }
done

IFS=, read -r -a KIND_LIST <<< "$KINDS"
for kind in "${KIND_LIST[@]}"; do
    case $kind in cold|setup|warm) ;; *) echo "shipped.sh: unknown kind $kind (cold, setup, warm)" >&2; exit 2 ;; esac
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mirror-shipped.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
say() { echo "[shipped $(date +%H:%M:%S)] $*" >&2; }

# busy and idle jiffies of the whole machine (user+nice+system+irq+softirq; idle+iowait)
jiffies() {
    local _cpu user nice system idle iowait irq softirq _rest
    read -r _cpu user nice system idle iowait irq softirq _rest < /proc/stat
    echo "$((user + nice + system + irq + softirq)) $((idle + iowait))"
}
HZ=$(getconf CLK_TCK)

# measure NAME BIN CACHE KIND: one run; appends "kind name wall cpu idle compiled" to RESULTS
measure() {
    local name=$1 bin=$2 cache=$3 kind=$4
    case $kind in
        cold) find "$cache" -mindepth 1 -maxdepth 1 ! -name venvs -exec rm -rf {} + ;;
        setup) rm -rf "$cache/cs/snippets" ;;
        warm) ;;
    esac
    local b0 i0 b1 i1 t0 t1 code
    read -r b0 i0 < <(jiffies)
    t0=$EPOCHREALTIME
    MIRROR_CACHE_DIR=$cache "$bin" run -C "$REPO" --format json > "$WORK/out.json" 2> "$WORK/err.txt"
    code=$?
    t1=$EPOCHREALTIME
    read -r b1 i1 < <(jiffies)
    local summary
    summary=$(python3 - "$WORK/out.json" <<'EOF'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
    s = d["summary"]
    print(s["passed"], s["failed"], d["timings"]["compiled"])
except Exception as e:
    print("? ? ?")
EOF
)
    local passed failed compiled
    read -r passed failed compiled <<< "$summary"
    if [[ $code != 0 || $failed != 0 ]]; then
        say "  $kind $name: exit $code, $passed passed, $failed failed; stderr:"
        tail -5 "$WORK/err.txt" >&2
        FAILED_RUNS=$((FAILED_RUNS + 1))
    fi
    local wall cpu idle
    wall=$(python3 -c "print(f'{$t1 - $t0:.2f}')")
    cpu=$(python3 -c "print(f'{($b1 - $b0) / $HZ:.1f}')")
    idle=$(python3 -c "print(f'{($i1 - $i0) / $HZ:.1f}')")
    say "  $kind $name: $wall s wall, $cpu s CPU, $idle s idle, $compiled compiled, exit $code"
    RESULTS+=("$kind $name $wall $cpu $idle $compiled")
}

NAMES=(mirror)
BINS=("$MIRROR")
if [[ -n $BASELINE ]]; then
    NAMES+=(baseline)
    BINS+=("$BASELINE")
fi
RESULTS=()
FAILED_RUNS=0
START=$EPOCHREALTIME
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

for i in "${!NAMES[@]}"; do
    cache="$WORK/cache-${NAMES[$i]}"
    mkdir -p "$cache"
    say "preparing ${NAMES[$i]} (${BINS[$i]}): mirror setup and a first run"
    MIRROR_CACHE_DIR=$cache "${BINS[$i]}" setup -C "$REPO" -q >&2 || { say "mirror setup failed"; exit 1; }
    MIRROR_CACHE_DIR=$cache "${BINS[$i]}" run -C "$REPO" -q > /dev/null 2>&1
done

for kind in "${KIND_LIST[@]}"; do
    for ((r = 1; r <= REPS; r++)); do
        # Interleaved: mirror then baseline in odd reps, the other way round in even ones.
        order=("${!NAMES[@]}")
        if ((r % 2 == 0)) && ((${#order[@]} == 2)); then order=(1 0); fi
        for i in "${order[@]}"; do
            measure "${NAMES[$i]}" "${BINS[$i]}" "$WORK/cache-${NAMES[$i]}" "$kind"
        done
    done
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

report() {
    echo "# The shipped course, cold and warm"
    echo
    echo "\`harness/bench/shipped.sh --reps $REPS${BASELINE:+ --baseline $BASELINE}\`, $(date -u +%Y-%m-%d), $(nproc) cores, load $LOAD_START at the start and $LOAD_END at the end; took $(python3 -c "print(round($EPOCHREALTIME - $START))") s."
    echo
    echo "- mirror: $MIRROR"
    [[ -n $BASELINE ]] && echo "- baseline: $BASELINE"
    echo "- cold: everything but the venv removed from the cache (NuGet restore, compile host built, every snippet compiled, the probe jail built); setup: only the compiled snippets removed, as after \`mirror setup\`; warm: nothing removed"
    echo "- CPU: what the whole machine used while the run lasted; idle: core-seconds no process used"
    echo
    echo "| run | binary | wall (each rep) | median wall | CPU (each rep) | idle (each rep) | compiled |"
    echo "|---|---|---|---:|---|---|---:|"
    python3 - "${RESULTS[@]}" <<'EOF'
import statistics, sys
rows = [r.split() for r in sys.argv[1:]]
kinds = {"cold": "cold (empty cache, venv kept)", "setup": "cold after `mirror setup`", "warm": "warm"}
for kind in ("cold", "setup", "warm"):
    for name in dict.fromkeys(r[1] for r in rows):
        sel = [r for r in rows if r[0] == kind and r[1] == name]
        if not sel:
            continue
        walls = [float(r[2]) for r in sel]
        print(f"| {kinds[kind]} | {name} | {', '.join(r[2] for r in sel)} s | {statistics.median(walls):.2f} s "
              f"| {', '.join(r[3] for r in sel)} s | {', '.join(r[4] for r in sel)} s | {sel[0][5]} |")
EOF
    echo
    if ((FAILED_RUNS > 0)); then
        echo "**$FAILED_RUNS run(s) did not pass every pair**: their timings are not comparable."
    else
        echo "Every run passed every pair."
    fi
}

if [[ -n $OUT ]]; then
    report | tee "$OUT"
else
    report
fi
((FAILED_RUNS == 0))
