#!/usr/bin/env bash
# Runs Tessera's CPU benchmarks (BenchRunner) and the peers (numpy/OpenBLAS, PyTorch CPU) in one go and prints a
# table of ratios. Usage:
#   bench/compare-cpu.sh [--threads N] [--quick] [--only WORKS] [--java PATH]...
# --java may be given several times (e.g. JDK 17 and JDK 25); each gets a column, the first is used for ratios.
# Peers run with OMP_WAIT_POLICY=passive and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset (see shared/BASELINES.md);
# when OpenBLAS's own CPU detection is not its fastest kernel here (OpenBLAS 0.3.21 takes newer Xeons for a
# Prescott), the fastest core type on a short SGEMM is forced and reported, so peers get their best.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
threads="$(nproc)"
quick=""
only="sgemm,mlp_step,lstm_step,relu,add,softmax_xent,adam,dispatch"
javas=()
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --quick) quick="--quick"; shift ;;
    --only) only="$2"; shift 2 ;;
    --java) javas+=("$2"); shift 2 ;;
    *) echo "compare-cpu: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ ${#javas[@]} -eq 0 ] && javas=("java")
py=/usr/bin/python3
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

(cd "$root" && mvn -B -q -DskipTests package -pl bench -am) >&2
cp="$(ls "$root"/bench/target/tessera-bench-*.jar | head -1):$root/bench/target/lib/*"

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) CPUs, threads used: $threads" >&2
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
args=()
for j in "${javas[@]}"; do
  version="$("$j" -version 2>&1 | head -1 | sed 's/.*version "\([^"]*\)".*/\1/')"
  label="tessera-jdk$version"
  echo "running Tessera on $j ($version)..." >&2
  "$j" --add-modules jdk.incubator.vector -XX:+UseParallelGC -Dtessera.cpu.threads="$threads" -cp "$cp" \
    dev.tessera.bench.BenchRunner --device cpu --json $quick --only "$only" 2>/dev/null > "$out/$label.jsonl"
  args+=(--tessera "$label=$out/$label.jsonl")
done
"${javas[0]}" -cp "$cp" dev.tessera.bench.Triad --threads "$threads" --runs 5 2>/dev/null > "$out/triad.jsonl"

# peers: OpenBLAS core type
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
export OMP_WAIT_POLICY=passive OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads"
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
  echo "OpenBLAS: forcing OPENBLAS_CORETYPE=$best_core (its CPU detection picks a slower kernel here)" >&2
else
  echo "OpenBLAS: using its own CPU detection" >&2
fi
echo "running peers (numpy, torch)..." >&2
"$py" "$root/bench/peers.py" --threads "$threads" $quick --only "$only" > "$out/peers.jsonl"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$py" "$root/bench/table.py" "${args[@]}" --peers "$out/peers.jsonl" --triad "$out/triad.jsonl"
