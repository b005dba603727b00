#!/usr/bin/env bash
# Counts how the same SGEMM's speed differs from one JVM start to the next (issue 17): each start is a short JVM
# running dev.tessera.bench.GemmProbe (one n x n SGEMM, warmed up, 15 timed runs) and printing one JSON line. Every
# round starts one JVM per Java and JVM setting, interleaved, so a disturbance hits one start of each. Usage:
#   bench/jvm-variance.sh [--starts N] [--n N] [--threads T] [--java PATH]... [--configs "LABEL=FLAGS;..."]
#                         [--out DIR]
# Defaults: 10 starts, n 1024, threads = nproc, java from PATH, and the settings
#   shipped     ParallelGC with loop strip mining on (what the launcher and the benchmark scripts run)
#   parallelgc  ParallelGC alone (the former setting: C2 strip-mines no loops)
#   g1          G1 (strip mining on by default)
# The summary gives, per Java and setting, the median (min-max) of "gflops" (wall clock) and of
# "caller_cpu_gflops" (the calling thread's CPU time: with --threads 1 the kernel's own rate, meaningful even on a
# loaded machine), and how many starts ran below 80% of the fastest start of that Java: the slow mode.
# Raw JSON lines (with "round", "java", "config") go to --out (default docs/bench-runs) as
# <UTC date-time>-jvm-variance.jsonl, the summary to -jvm-variance.txt.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
starts=10
n=1024
threads="$(nproc)"
javas=()
configs="shipped=-XX:+UseParallelGC -XX:+UseCountedLoopSafepoints -XX:LoopStripMiningIter=1000"
configs+=";parallelgc=-XX:+UseParallelGC;g1=-XX:+UseG1GC"
outdir="$root/docs/bench-runs"
bench_options jvm-variance --starts=starts --n=n --threads=threads --java=javas[] --configs=configs --out=outdir -- "$@"
[ ${#javas[@]} -eq 0 ] && javas=("java")
[ "$starts" -ge 1 ] 2>/dev/null || { echo "jvm-variance: --starts must be a positive integer, got $starts" >&2; exit 2; }
bench_build bench
cp="$(bench_classpath)"
mkdir -p "$outdir"
prefix="$outdir/$(date -u +%Y-%m-%d-%H%M)-jvm-variance"
: > "$prefix.jsonl"
{
  echo "machine: $(bench_cpu), $(nproc) CPUs, threads: $threads, n: $n"
  echo "date (UTC): $(date -u '+%Y-%m-%d %H:%M'), starts: $starts, load before: $(bench_load)"
} | tee "$prefix.txt" >&2
IFS=';' read -r -a list <<< "$configs"
for r in $(seq 1 "$starts"); do
  for j in "${javas[@]}"; do
    version="$("$j" -version 2>&1 | head -1 | sed 's/.*version "\([^"]*\)".*/\1/')"
    for c in "${list[@]}"; do
      label="${c%%=*}"
      flags="${c#*=}"
      echo "start $r/$starts: jdk $version $label" >&2
      # shellcheck disable=SC2086 # the setting's flags are several words on purpose
      "$j" --add-modules jdk.incubator.vector $flags -Dtessera.cpu.threads="$threads" -cp "$cp" \
        dev.tessera.bench.GemmProbe --n "$n" 2>/dev/null \
        | sed "s|^{|{\"round\": $r, \"java\": \"$version\", \"config\": \"$label\", |" >> "$prefix.jsonl"
    done
  done
done
echo "load after: $(bench_load)" | tee -a "$prefix.txt" >&2
/usr/bin/python3 - "$prefix.jsonl" <<'PY' | tee -a "$prefix.txt"
import collections, json, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    if line.startswith("{"):
        r = json.loads(line)
        runs[(r["java"], r["config"])].append(r)
best = collections.defaultdict(float)
for (java, _), rs in runs.items():
    for key in ("gflops", "caller_cpu_gflops"):
        best[(java, key)] = max([best[(java, key)]] + [r[key] for r in rs])
def cell(rs, java, key):
    v = [r[key] for r in rs]
    slow = sum(x < 0.8 * best[(java, key)] for x in v)
    return f"{statistics.median(v):.1f} ({min(v):.1f}-{max(v):.1f}), {slow}/{len(v)} slow"
print(f"{'java':<10}{'setting':<12}{'wall GFLOP/s':<34}{'caller CPU GFLOP/s':<34}")
for (java, config), rs in runs.items():
    print(f"{java:<10}{config:<12}{cell(rs, java, 'gflops'):<34}{cell(rs, java, 'caller_cpu_gflops'):<34}")
print("median (min-max) over the starts; slow: below 80% of the fastest start of that Java and column")
PY
