#!/usr/bin/env bash
# Where the CPU GEMM's time goes (issue 17): one JVM per work and thread count runs dev.tessera.bench.GemmProfile,
# which warms the work up, records it with JFR's execution sampler (10 ms) and prints one JSON line (wall-clock,
# process-CPU and caller-CPU GFLOP/s) and the samples by GEMM phase (kernel, packA, packB, edge, scale, barrier,
# hand-off, driver, other) and by top frame. Usage:
#   bench/gemm-profile.sh [--threads "1 2"] [--sizes "512 1024 2048"] [--batches "256 1024"] [--seconds S]
#                         [--java PATH] [--out DIR]
# On a loaded machine compare the CPU-time rates and the phase shares of one thread: wall-clock rates and
# two-thread CPU time (it counts spinning in barriers) only mean something on a quiet machine.
# Output: <out>/<UTC date-time>-gemm-profile.txt (everything printed) and .jsonl (the JSON lines); the .jfr
# recordings (megabytes each, not for the repository) go to ${TMPDIR:-/tmp}/gemm-profile-jfr
# (jfr print --events jdk.ExecutionSample FILE shows every sample).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
threads="1 2"
sizes="512 1024 2048"
batches="256 1024"
seconds=10
java=java
outdir="$root/docs/bench-runs"
bench_options gemm-profile --threads=threads --sizes=sizes --batches=batches --seconds=seconds --java=java \
  --out=outdir -- "$@"
bench_build bench -o -Dtessera.skipCuda=true
cp="$(bench_classpath)"
mkdir -p "$outdir"
prefix="$outdir/$(date -u +%Y-%m-%d-%H%M)-gemm-profile"
jfrdir="${TMPDIR:-/tmp}/gemm-profile-jfr"
mkdir -p "$jfrdir"
: > "$prefix.jsonl"
flags=("${TESSERA_JVM_FLAGS[@]}" -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints)
{
  echo "machine: $(bench_cpu), $(nproc) CPUs"
  echo "java: $("$java" -version 2>&1 | head -1); date (UTC): $(date -u '+%Y-%m-%d %H:%M'); load: $(bench_load)"
} | tee "$prefix.txt"
run() {
  local t="$1" name="$2"
  shift 2
  echo "== $name, $t thread(s)" | tee -a "$prefix.txt"
  "$java" "${flags[@]}" -Dtessera.cpu.threads="$t" -cp "$cp" dev.tessera.bench.GemmProfile "$@" \
    --warmup 10 --seconds "$seconds" --jfr "$jfrdir/$(basename "$prefix")-$name-t$t.jfr" 2>/dev/null \
    | tee -a "$prefix.txt" | grep '^{' >> "$prefix.jsonl"
}
for t in $threads; do
  for n in $sizes; do
    run "$t" "sgemm$n" --work sgemm --n "$n"
  done
  for b in $batches; do
    run "$t" "mlp$b" --work mlp_step --batch "$b"
  done
done
echo "load after: $(bench_load)" | tee -a "$prefix.txt"
