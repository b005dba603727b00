#!/usr/bin/env bash
# The char-LSTM training step (issue 12's anchor: embedding 64, LSTM 256, linear to 114 symbols, sequence 64,
# batch 32, Adam 2e-3) on Tessera's CPU backend and on PyTorch CPU, interleaved (Tessera, PyTorch, Tessera, ...) over
# ROUNDS rounds, each side's JSON line kept as it came in a raw log. Run it on a quiet machine:
#   bench/lstm-vs-torch.sh [--rounds N] [--threads N] [--out FILE]
# Default: 3 rounds, $(nproc) threads, docs/bench-runs/DATE-lstm-step.log. Each Tessera run is a fresh JVM that
# warms up for 4 s before timing (BenchRunner's lstm_step); PyTorch warms up for 2 s. The last lines print the
# medians and the ratio (PyTorch ms / Tessera ms, > 1 means Tessera is faster).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rounds=3
threads="$(nproc)"
out="$root/docs/bench-runs/$(date -u +%F)-lstm-step.log"
bench_options lstm-vs-torch --rounds=rounds --threads=threads --out=out -- "$@"
bench_build bench -o -Dtessera.skipCuda=true
cp="$(bench_classpath)"
mkdir -p "$(dirname "$out")"
{
  echo "# machine: $(bench_cpu), $(nproc) CPUs, threads $threads"
  echo "# java: $(java -version 2>&1 | head -1); torch: $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
  echo "# date: $(date -u +%FT%TZ); load before: $(bench_load)"
} > "$out"
for r in $(seq 1 "$rounds"); do
  java "${TESSERA_JVM_FLAGS[@]}" -Dtessera.cpu.threads="$threads" -cp "$cp" \
    dev.tessera.bench.BenchRunner --device cpu --json --only lstm_step 2>/dev/null | sed "s/^/tessera round $r: /" >> "$out"
  OMP_WAIT_POLICY=passive OMP_NUM_THREADS="$threads" /usr/bin/python3 "$root/bench/peers.py" --threads "$threads" \
    --peer torch --only lstm_step | sed "s/^/torch round $r: /" >> "$out"
done
/usr/bin/python3 - "$out" <<'PY' | tee -a "$out"
import json, statistics, sys
ms = {"tessera": [], "torch": []}
for line in open(sys.argv[1]):
    if line.startswith("#") or ": {" not in line:
        continue
    side, record = line.split(" round ", 1)[0], json.loads(line.split(": ", 1)[1])
    ms[side].append(record["ms"])
t, p = statistics.median(ms["tessera"]), statistics.median(ms["torch"])
print(f"# median ms per step: tessera {t:.1f} (runs {ms['tessera']}), torch {p:.1f} (runs {[round(x, 1) for x in ms['torch']]})")
print(f"# ratio torch/tessera: {p / t:.2f}")
PY
