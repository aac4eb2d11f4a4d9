#!/usr/bin/env bash
# mirror's benchmark: mirror run (cold, warm, one lesson) against the floor (the same
# compiled dlls and .py files run bare, same parallelism) and the naive scripts a
# maintainer would write, on synthetic courses of 10, 40 and 100 pairs; plus mirror's
# peak RSS. Prints a Markdown report to stdout (progress goes to stderr).
#
#   harness/bench/bench.sh [--reps N] [--naive-sample K] [--quick] [--out FILE]
#                          [--jobs N] [--mirror PATH] [--no-naive] [--keep] [--sizes LIST]
#
#   --reps N          repetitions of the mirror runs and the floor (default 3): the report
#                     gives median and min (the one-side floors run once; the naive
#                     Python loop runs once, on the smallest course, and is extrapolated)
#   --naive-sample K  C# snippets timed with the naive dotnet baselines (default 3); the
#                     per-snippet cost is extrapolated to each course size
#   --quick           1 rep, only the 10- and 40-pair courses
#   --out FILE        also write the report to FILE
#   --jobs N          processes at a time, for mirror and the floor (default: nproc)
#   --mirror PATH     the binary to measure (default: target/release/mirror)
#   --no-naive        skip the naive dotnet baselines (the slow part)
#   --keep            keep the temp folder (courses, caches, raw JSON) and print where
#   --sizes LIST      course sizes instead of 10,40,100 (e.g. --sizes 10,25)
#
# Never touches the network: snippets compute and print, and the naive `dotnet new` /
# `dotnet run` restore through a NuGet.Config that clears every package source (only the
# local package cache and the SDK serve them). Everything lives under one
# mktemp folder that is removed on exit, and the compiler servers the naive baselines
# may leave behind are ended by pid. hyperfine is not needed: wall times come from
# bash's EPOCHREALTIME (the cold runs need a fresh cache per rep anyway).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
ORIG_PWD=$PWD
ORIG_ARGS="$*"
MIRROR="$REPO/target/release/mirror"
REPS=3
NAIVE_SAMPLE=3
QUICK=0
OUT=""
JOBS=$(nproc)
NAIVE=1
KEEP=0
SIZES_ARG=""

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }
while (($#)); do
    case "$1" in
        --reps) REPS=${2:?--reps needs a number}; shift 2 ;;
        --naive-sample) NAIVE_SAMPLE=${2:?--naive-sample needs a number}; shift 2 ;;
        --quick) QUICK=1; shift ;;
        --out) OUT=${2:?--out needs a file}; shift 2 ;;
        --jobs) JOBS=${2:?--jobs needs a number}; shift 2 ;;
        --mirror) MIRROR=${2:?--mirror needs a path}; shift 2 ;;
        --no-naive) NAIVE=0; shift ;;
        --keep) KEEP=1; shift ;;
        --sizes) SIZES_ARG=${2:?--sizes needs a list}; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
for n in "$REPS" "$NAIVE_SAMPLE" "$JOBS"; do
    [[ $n =~ ^[0-9]+$ ]] || { echo "bench.sh: '$n' is not a number" >&2; exit 2; }
done
SIZES=(10 40 100)
if ((QUICK)); then REPS=1; SIZES=(10 40); fi
if [[ -n $SIZES_ARG ]]; then
    IFS=', ' read -r -a SIZES <<<"$SIZES_ARG"
    for n in "${SIZES[@]}"; do
        [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: --sizes wants positive numbers, got '$n'" >&2; exit 2; }
    done
    mapfile -t SIZES < <(printf '%s\n' "${SIZES[@]}" | sort -n -u)
fi
((REPS >= 1)) || REPS=1
((JOBS >= 1)) || { echo "bench.sh: --jobs must be at least 1" >&2; exit 2; }

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { echo "bench.sh: $*" >&2; exit 1; }

[[ -x $MIRROR ]] || die "no mirror binary at $MIRROR (build it with cargo build --release, or pass --mirror PATH)"
command -v dotnet >/dev/null || die "dotnet is not on PATH"
command -v python3 >/dev/null || die "python3 is not on PATH"
DOTNET=$(readlink -f "$(command -v dotnet)")
PY_SHIM=$(command -v python3)                       # what a maintainer types
PY_REAL=$("$PY_SHIM" -c 'import sys; print(sys.executable)') || die "python3 does not start"
PY_REAL=$(readlink -f "$PY_REAL")                   # resolved once, never via the shim again
HELPER_PY=$PY_REAL                                  # runs gen_course.py, floor.py, the report

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mirror-bench.XXXXXX") || die "mktemp failed"
MARK="mirror-bench-$$-${WORK##*.}"                  # tags the naive dotnet processes
RESULTS=$WORK/results.tsv                           # metric size rep wall_ms load1 json
NAIVE_TSV=$WORK/naive.tsv                           # kind sample ms ok note
: >"$RESULTS"
: >"$NAIVE_TSV"

# Ends what the naive baselines started and outlived them (VBCSCompiler, MSBuild nodes):
# only processes whose environment carries this run's mark, by pid.
reap_marked() {
    local p pids=()
    for p in /proc/[0-9]*; do
        [[ ${p#/proc/} == "$$" ]] && continue
        if { tr '\0' '\n' <"$p/environ"; } 2>/dev/null | grep -qx "BENCH_MARK=$MARK"; then
            pids+=("${p#/proc/}")
        fi
    done
    ((${#pids[@]})) || return 0
    log "ending ${#pids[@]} leftover process(es) the naive baselines started: ${pids[*]}"
    kill "${pids[@]}" 2>/dev/null
    sleep 2
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && kill -9 "$p" 2>/dev/null; done
    return 0
}
cleanup() {
    reap_marked
    if ((KEEP)); then
        log "kept $WORK (remove it when done)"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

now_us() { local t=${EPOCHREALTIME/./}; echo "$t"; }
load1() { local a _; read -r a _ </proc/loadavg; echo "$a"; }
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RESULTS"; }
# busy_ms: CPU time every process on the machine has used (user, nice, system, irq,
# softirq from /proc/stat; not idle, iowait or steal), in ms. A run's CPU is the
# difference: less noisy than wall time on a shared VM, though other load still counts.
busy_ms() { awk -v hz="$(getconf CLK_TCK)" '/^cpu / { printf "%d", ($2 + $3 + $4 + $7 + $8) * 1000 / hz; exit }' /proc/stat; }
record_cpu() { printf '%s\t%s\t%s\t%s\n' "$@" >>"$WORK/cpu.tsv"; }

# ---------------------------------------------------------------- machine
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
BENCH_T0=$(now_us)
CPU_MODEL=$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)
MEM_TOTAL=$(awk '/^MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)
DOTNET_VERSION=$(dotnet --version 2>/dev/null || echo "?")
PY_VERSION=$("$PY_REAL" -c 'import platform; print(platform.python_version())')
MIRROR_VERSION=$("$MIRROR" --version 2>/dev/null || echo "?")
HYPERFINE=$(command -v hyperfine >/dev/null && hyperfine --version || echo "not installed")
log "work folder $WORK; reps $REPS; sizes ${SIZES[*]}; jobs $JOBS; load $LOAD_START"
if awk -v l="${LOAD_START%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n) }'; then
    log "warning: the load average (${LOAD_START%% *}) is above the core count ($(nproc)): other processes share the CPUs, timings will be inflated and noisy"
fi

# ---------------------------------------------------------------- courses
for n in "${SIZES[@]}"; do
    "$HELPER_PY" "$HERE/gen_course.py" "$WORK/course-$n" "$n" || die "gen_course.py failed"
done
"$HELPER_PY" "$HERE/gen_course.py" "$WORK/course-flood" --flood || die "gen_course.py --flood failed"

# mirror_run LABEL SIZE REP CACHE COURSE [FILTER...]: one timed `mirror run --format json`.
mirror_run() {
    local label=$1 n=$2 rep=$3 cache=$4 course=$5
    shift 5
    local json="$WORK/json/$label-$n-$rep.json" err="$WORK/json/$label-$n-$rep.err"
    mkdir -p "$WORK/json"
    local l t0 t1 rc
    l=$(load1)
    local c0
    c0=$(busy_ms)
    t0=$(now_us)
    MIRROR_CACHE_DIR=$cache timeout 900 "$MIRROR" --color never -C "$course" run \
        --jobs "$JOBS" --format json "$@" >"$json" 2>"$err"
    rc=$?
    t1=$(now_us)
    record_cpu "$label" "$n" "$rep" "$(($(busy_ms) - c0))"
    local ms=$(((t1 - t0) / 1000))
    if ((rc != 0)); then
        log "  $label n=$n rep=$rep: mirror exited $rc (see report); stderr: $(tail -c 300 "$err" | tr '\n' ' ')"
    fi
    record "$label" "$n" "$rep" "$ms" "$l" "$json"
    log "  $label n=$n rep=$rep: ${ms} ms (load $l)"
}

# floor_run SIDE SIZE REP CACHE COURSE RC: the cache's dlls and the course's .py files,
# bare, $JOBS at a time (floor.py times the batch and each process).
floor_run() {
    local side=$1 n=$2 r=$3 cache=$4 course=$5 rc_file=$6 l ms
    local json=$WORK/json/floor_$side-$n-$r.json
    mkdir -p "$WORK/floor-home"
    l=$(load1)
    "$HELPER_PY" "$HERE/floor.py" --dotnet "$DOTNET" --rc "$rc_file" --python "$PY_REAL" \
        --cache "$cache" --course "$course" --jobs "$JOBS" --side "$side" \
        --workdir "$WORK/floor-home" >"$json" 2>"$json.err"
    ms=$("$HELPER_PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(round(d["wall_ms"])); [print("failed: " + f, file=sys.stderr) for f in d["failed"]]' "$json" 2>>"$json.err") || ms=""
    if [[ -n $ms ]]; then
        record "floor_$side" "$n" "$r" "$ms" "$l" "$json"
        record_cpu "floor_$side" "$n" "$r" "$("$HELPER_PY" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("cpu_ms", ""))' "$json")"
        log "  floor ($side) n=$n rep=$r: ${ms} ms (load $l)"
    else
        log "  floor ($side) n=$n rep=$r failed: $(head -c 300 "$json.err")"
    fi
}

# naive_py_run SIZE REP: `python3 file.py` through PATH (the pyenv shim here), from the
# file's folder, one after another, as a maintainer's shell loop would.
naive_py_run() {
    local n=$1 r=$2 l fails=0 t0 t1 ms f
    l=$(load1)
    t0=$(now_us)
    for f in "${pyfiles[@]}"; do
        (cd "${f%/*}" && python3 "${f##*/}") >/dev/null 2>&1 || fails=$((fails + 1))
    done
    t1=$(now_us)
    ms=$(((t1 - t0) / 1000))
    record naive_py "$n" "$r" "$ms" "$l" "fails=$fails"
    log "  naive python3 (shim) n=$n rep=$r: ${ms} ms (load $l, $fails failed)"
}

for n in "${SIZES[@]}"; do
    course=$WORK/course-$n
    log "course of $n pairs"
    # Cold: a fresh cache each rep (compile host built, every snippet compiled).
    warm_cache=""
    for ((r = 1; r <= REPS; r++)); do
        [[ -n $warm_cache ]] && rm -rf "$warm_cache"
        warm_cache=$WORK/cache-$n-$r
        mirror_run cold "$n" "$r" "$warm_cache" "$course"
    done
    # The last cold cache is full. The other measurements are interleaved rep by rep, so
    # a change in the machine's load hits them all alike.
    rc_file=$(ls "$warm_cache"/cs/runtimeconfig-*.json 2>/dev/null | head -1)
    [[ -n $rc_file ]] || log "  no runtimeconfig in $warm_cache/cs: no floor for $n pairs"
    mapfile -t pyfiles < <(find "$course/examples-py" -name '*.py' | sort)
    for ((r = 1; r <= REPS; r++)); do
        mirror_run warm "$n" "$r" "$warm_cache" "$course"
        mirror_run lesson "$n" "$r" "$warm_cache" "$course" 1
        # The same warm run with only process groups, timeouts and output caps: what the
        # cgroup / Landlock / network-namespace layers cost.
        mirror_run warm_nosandbox "$n" "$r" "$warm_cache" "$course" --sandbox off
        if [[ -n $rc_file ]]; then
            floor_run both "$n" "$r" "$warm_cache" "$course" "$rc_file"
            # The one-side floors run once, to keep the default run under 10 minutes.
            if ((r == 1)); then
                floor_run cs "$n" "$r" "$warm_cache" "$course" "$rc_file"
                floor_run py "$n" "$r" "$warm_cache" "$course" "$rc_file"
            fi
        fi
        # The naive Python loop (0.4-1.5 s a file through the pyenv shim here) runs once,
        # on the smallest course; the report extrapolates its per-file cost.
        ((r == 1 && n == SIZES[0])) && naive_py_run "$n" "$r"
    done
    CACHE_LAST=$warm_cache
done

# ---------------------------------------------------------------- naive C#
# naive_step KIND SAMPLE EXPECTED_FILE CMD...: times one naive command (ok = exit 0 and,
# when EXPECTED_FILE is given, stdout equal to the Python side's output).
naive_step() {
    local kind=$1 k=$2 expected=$3
    shift 3
    local out=$WORK/naive/$kind-$k.out err=$WORK/naive/$kind-$k.err t0 t1 rc ms ok note=""
    t0=$(now_us)
    env BENCH_MARK="$MARK" TMPDIR="$WORK/naive/tmp" XDG_DATA_HOME="$WORK/naive/xdg" \
        DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 timeout 600 "$@" >"$out" 2>"$err"
    rc=$?
    t1=$(now_us)
    ms=$(((t1 - t0) / 1000))
    ok=1
    if ((rc != 0)); then
        ok=0
        local why
        why=$(cat "$out" "$err" 2>/dev/null | grep -m 2 -iE 'error|unable|fail' | tr -s '\n ' ' ')
        [[ -n $why ]] || why=$(cat "$out" "$err" 2>/dev/null | tail -n 3 | tr -s '\n ' ' ')
        note="exit $rc$( ((rc == 124)) && echo ' (timed out after 600 s)'): ${why:0:300}"
        [[ $why == *NU110* ]] && note+=" [a package missing from the local NuGet cache: bench.sh never downloads; restore it once by hand to measure this baseline]"
    elif [[ -n $expected ]] && ! cmp -s "$out" "$expected"; then
        ok=0
        note="stdout differs from the Python side"
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$kind" "$k" "$ms" "$ok" "$note" >>"$NAIVE_TSV"
    log "  naive $kind #$k: ${ms} ms$( ((ok)) || echo " FAILED: $note")"
    return $((1 - ok))
}

if ((NAIVE)) && ((NAIVE_SAMPLE > 0)); then
    log "naive C# baselines on $NAIVE_SAMPLE snippet(s), one after another"
    mkdir -p "$WORK/naive/tmp" "$WORK/naive/xdg" "$WORK/naive/files"
    # No network: every naive project and file lives under this folder, whose NuGet.Config
    # clears the package and audit sources, so restore is served only from the local
    # global packages folder (~/.nuget/packages) and the SDK; a package missing there
    # makes that baseline fail with NuGet's message instead of being downloaded.
    cat >"$WORK/naive/NuGet.Config" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
  </packageSources>
  <auditSources>
    <clear />
  </auditSources>
</configuration>
XML
    src_course=$WORK/course-${SIZES[0]}
    # The first K pairs (gen_course.py numbers them 000, 001, ...: different templates).
    sample=()
    for ((i = 0; i < NAIVE_SAMPLE; i++)); do
        f=$(find "$src_course/examples-cs" -name "*$(printf %03d "$i").cs" | head -1)
        [[ -n $f ]] && sample+=("$f")
    done
    cd "$WORK/naive" || die "cd $WORK/naive"
    k=0
    for cs in "${sample[@]}"; do
        stem=${cs##*/}
        stem=${stem%.cs}
        # The expected text: the paired Python file's output.
        py=$(find "$src_course/examples-py" -name "*_$(printf %03d "$k").py" | head -1)
        k=$((k + 1))
        expected=$WORK/naive/expected-$k.txt
        "$PY_REAL" "$py" >"$expected" 2>/dev/null || expected=""
        echo "$k	$stem" >>"$WORK/naive/sample.txt"

        # 1. A temp project: dotnet new console, copy the snippet over Program.cs, dotnet run.
        proj=$WORK/naive/proj-$k
        if naive_step new "$k" "" dotnet new console --force -o "$proj" --no-update-check; then
            cp "$cs" "$proj/Program.cs"
            naive_step run_first "$k" "$expected" dotnet run --project "$proj"
            naive_step run_again "$k" "$expected" dotnet run --project "$proj"
        fi
        # 2. .NET 10's file-based apps: dotnet run file.cs (artifacts under our XDG_DATA_HOME).
        file=$WORK/naive/files/$stem.cs
        cp "$cs" "$file"
        if naive_step file_first "$k" "$expected" dotnet run "$file"; then
            naive_step file_again "$k" "$expected" dotnet run "$file"
        fi
    done
    cd "$ORIG_PWD" || true
    reap_marked
fi

# ---------------------------------------------------------------- peak RSS
# rss_run LABEL SIZE CACHE COURSE: mirror's own peak RSS (VmHWM of the mirror process,
# sampled every 20 ms) and /usr/bin/time -v's maximum, which is the largest of mirror and
# every child it waited for (snippets, compile host).
rss_run() {
    local label=$1 n=$2 cache=$3 course=$4
    local tf=$WORK/rss-$label.time json=$WORK/json/rss_$label-$n.json
    local tpid mpid="" hwm=0 k v rest t0 t1 l
    l=$(load1)
    t0=$(now_us)
    if [[ -x /usr/bin/time ]]; then
        MIRROR_CACHE_DIR=$cache /usr/bin/time -v -o "$tf" "$MIRROR" --color never -C "$course" run \
            --jobs "$JOBS" --format json >"$json" 2>/dev/null &
        tpid=$!
        for _ in $(seq 200); do
            mpid=$(pgrep -P "$tpid" | head -1)
            [[ -n $mpid ]] && break
            sleep 0.01
        done
    else
        MIRROR_CACHE_DIR=$cache "$MIRROR" --color never -C "$course" run --jobs "$JOBS" --format json >"$json" 2>/dev/null &
        tpid=$!
        mpid=$tpid
    fi
    while [[ -n $mpid ]] && kill -0 "$mpid" 2>/dev/null; do
        while read -r k v rest; do
            if [[ $k == VmHWM: ]]; then ((v > hwm)) && hwm=$v; break; fi
        done <"/proc/$mpid/status" 2>/dev/null
        sleep 0.02
    done
    wait "$tpid"
    t1=$(now_us)
    local maxrss=""
    [[ -f $tf ]] && maxrss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$tf")
    record "rss_$label" "$n" 1 "$(((t1 - t0) / 1000))" "$l" "$json"
    printf '%s\t%s\t%s\t%s\n' "$label" "$n" "$hwm" "${maxrss:-}" >>"$WORK/rss.tsv"
    log "  peak RSS $label: mirror ${hwm} KiB, time -v ${maxrss:-n/a} KiB"
}

: >"$WORK/rss.tsv"
BIG=${SIZES[-1]}
if [[ -n ${CACHE_LAST:-} ]]; then
    log "peak RSS"
    rss_run warm "$BIG" "$CACHE_LAST" "$WORK/course-$BIG"
    # The flood course shares the big course's cache (compile host already built); compile
    # its one snippet first, untimed, so the measured run is warm.
    MIRROR_CACHE_DIR=$CACHE_LAST "$MIRROR" --color never -C "$WORK/course-flood" run >/dev/null 2>&1
    rss_run flood 1 "$CACHE_LAST" "$WORK/course-flood"
fi

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- report
REPORT=$WORK/report.md
export BENCH_WORK=$WORK BENCH_REPS=$REPS BENCH_JOBS=$JOBS BENCH_SIZES="${SIZES[*]}" \
    BENCH_NAIVE_SAMPLE=$NAIVE_SAMPLE BENCH_NAIVE=$NAIVE BENCH_QUICK=$QUICK \
    BENCH_LOAD_START=$LOAD_START BENCH_LOAD_END=$LOAD_END BENCH_CPU="$CPU_MODEL" \
    BENCH_MEM="$MEM_TOTAL" BENCH_DOTNET_VERSION="$DOTNET_VERSION" BENCH_PY_VERSION="$PY_VERSION" \
    BENCH_PY_REAL="$PY_REAL" BENCH_PY_SHIM="$PY_SHIM" BENCH_DOTNET="$DOTNET" \
    BENCH_MIRROR="$MIRROR" BENCH_MIRROR_VERSION="$MIRROR_VERSION" BENCH_HYPERFINE="$HYPERFINE" \
    BENCH_KERNEL="$(uname -sr)" BENCH_NPROC="$(nproc)" BENCH_ARGS="$ORIG_ARGS" \
    BENCH_ELAPSED_S=$((($(now_us) - BENCH_T0) / 1000000))
"$HELPER_PY" "$HERE/report.py" >"$REPORT" || die "report.py failed"
cat "$REPORT"
if [[ -n $OUT ]]; then
    cp "$REPORT" "$OUT" && log "report written to $OUT"
fi
