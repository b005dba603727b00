#!/usr/bin/env bash
# Runs Tessera's CPU benchmarks (BenchRunner) and the peers (numpy/OpenBLAS, PyTorch CPU) in interleaved rounds and
# prints a table of medians, spreads (min-max over the rounds) and ratios. Usage:
#   bench/compare-cpu.sh [--threads N] [--rounds R] [--avx2] [--quick] [--only WORKS] [--java PATH]... [--out DIR]
# --java may be given several times (e.g. JDK 17 and JDK 25); each gets a column, the first is used for ratios.
# --rounds R (default 3): each round runs every Tessera JVM, then the peers, so a disturbance hits one round of
# each side, not all of one side.
# --avx2 restricts both sides to 256-bit vectors on an AVX-512 machine: -XX:UseAVX=2 for the Tessera JVMs, and
# OPENBLAS_CORETYPE=Haswell, ATEN_CPU_CAPABILITY=avx2 and DNNL_MAX_CPU_ISA=AVX2 for the peers.
# The raw JSON lines (every round, with its "round" field), the machine description and the printed table are kept
# in --out (default docs/bench-runs) as <UTC date-time>-compare-cpu-<label>.jsonl / -peers.jsonl / -triad.jsonl /
# -table.txt, so every number of docs/BENCHMARKS.md traces to a committed file.
# Peers run with OMP_WAIT_POLICY=passive and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset (see shared/BASELINES.md);
# when OpenBLAS's own CPU detection is not its fastest kernel here (OpenBLAS 0.3.21 takes newer Xeons for a
# Prescott), the fastest core type on a short SGEMM is forced and reported, so peers get their best.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
threads="$(nproc)"
rounds=3
avx2=""
quick=""
only="sgemm,mlp_step,lstm_step,relu,add,softmax_xent,adam,dispatch,conv2d"
outdir="$root/docs/bench-runs"
javas=()
bench_options compare-cpu --threads=threads --rounds=rounds --avx2=avx2:yes --quick=quick:--quick --only=only \
  --java=javas[] --out=outdir -- "$@"
[ ${#javas[@]} -eq 0 ] && javas=("java")
[ "$rounds" -ge 1 ] 2>/dev/null || { echo "compare-cpu: --rounds must be a positive integer, got $rounds" >&2; exit 2; }
py=/usr/bin/python3
mkdir -p "$outdir"
stamp="$(date -u +%Y-%m-%d-%H%M)"
prefix="$outdir/$stamp-compare-cpu${avx2:+-avx2}"

bench_build bench
cp="$(bench_classpath)"

{
  echo "machine: $(bench_cpu), $(nproc) CPUs, threads used: $threads"
  echo "date (UTC): $(date -u '+%Y-%m-%d %H:%M'), rounds: $rounds${avx2:+, --avx2}${quick:+, --quick}"
  echo "load before: $(bench_load)"
} | tee "$prefix-table.txt" >&2

# Tessera JVMs: label and flags per --java
jvm_flags=("${TESSERA_JVM_FLAGS[@]}" -Dtessera.cpu.threads="$threads")
[ -n "$avx2" ] && jvm_flags+=(-XX:UseAVX=2)
labels=()
for j in "${javas[@]}"; do
  version="$("$j" -version 2>&1 | head -1 | sed 's/.*version "\([^"]*\)".*/\1/')"
  labels+=("tessera-jdk$version${avx2:+-avx2}")
  : > "$prefix-tessera-jdk$version${avx2:+-avx2}.jsonl"
done
"${javas[0]}" -cp "$cp" dev.tessera.bench.Triad --threads "$threads" --runs 5 2>/dev/null > "$prefix-triad.jsonl"

# peers: OpenBLAS core type (chosen once, before the rounds)
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
export OMP_WAIT_POLICY=passive OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads"
if [ -n "$avx2" ]; then
  export OPENBLAS_CORETYPE=Haswell ATEN_CPU_CAPABILITY=avx2 DNNL_MAX_CPU_ISA=AVX2
  echo "peers: restricted to AVX2 (OPENBLAS_CORETYPE=Haswell ATEN_CPU_CAPABILITY=avx2 DNNL_MAX_CPU_ISA=AVX2)" \
    | tee -a "$prefix-table.txt" >&2
else
  probe='import numpy as np, time
n = 768; a = np.ones((n, n), np.float32); b = np.ones((n, n), np.float32); a @ b
t = min((lambda s: (a @ b, time.perf_counter() - s)[1])(time.perf_counter()) for _ in range(5))
print(2 * n ** 3 / t / 1e9)'
  best_core=""
  best="$("$py" -c "$probe")"
  candidates=()
  grep -q avx512f /proc/cpuinfo && candidates+=(SkylakeX Cooperlake)
  grep -q avx2 /proc/cpuinfo && candidates+=(Haswell)
  for c in "${candidates[@]}"; do
    g="$(OPENBLAS_CORETYPE="$c" "$py" -c "$probe")"
    if "$py" -c "import sys; sys.exit(0 if $g > 1.1 * $best else 1)"; then best="$g"; best_core="$c"; fi
  done
  if [ -n "$best_core" ]; then
    export OPENBLAS_CORETYPE="$best_core"
    echo "OpenBLAS: forcing OPENBLAS_CORETYPE=$best_core (its CPU detection picks a slower kernel here)" \
      | tee -a "$prefix-table.txt" >&2
  else
    echo "OpenBLAS: using its own CPU detection" | tee -a "$prefix-table.txt" >&2
  fi
fi
: > "$prefix-peers.jsonl"

# tags every JSON line of stdin with the round
tag() { sed "s/^{/{\"round\": $1, /"; }

for r in $(seq 1 "$rounds"); do
  for i in "${!javas[@]}"; do
    echo "round $r/$rounds: Tessera on ${javas[$i]} (${labels[$i]})..." >&2
    "${javas[$i]}" "${jvm_flags[@]}" -cp "$cp" dev.tessera.bench.BenchRunner --device cpu --json $quick \
      --only "$only" 2>/dev/null | tag "$r" >> "$prefix-${labels[$i]}.jsonl"
  done
  echo "round $r/$rounds: peers (numpy, torch)..." >&2
  "$py" "$root/bench/peers.py" --threads "$threads" $quick --only "$only" | tag "$r" >> "$prefix-peers.jsonl"
done
echo "load after: $(bench_load)" | tee -a "$prefix-table.txt" >&2

args=()
for l in "${labels[@]}"; do args+=(--tessera "$l=$prefix-$l.jsonl"); done
"$py" "$root/bench/table.py" "${args[@]}" --peers "$prefix-peers.jsonl" --triad "$prefix-triad.jsonl" \
  | tee -a "$prefix-table.txt"
echo "raw results: $prefix-*" >&2
