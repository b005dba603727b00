#!/usr/bin/env bash
# Captured training steps against eager ones (issue 13 item 2): ms per Adam step of an MLP run by CompiledStep
# eagerly and as a captured graph, interleaved in one JVM (eager, captured, ...) for ROUNDS rounds, each run warmed up
# for SECONDS then timed for SECONDS. Raw lines go to stdout and to bench/graph-capture-<device>-<batch>.log.
# Usage: bench/graph-capture.sh [DEVICE] [LAYERS] [BATCH] [ROUNDS] [SECONDS]
#   bench/graph-capture.sh cuda:0 784,1024,1024,10 256 3 5
#   bench/graph-capture.sh cuda:0 784,1024,1024,10 4096 3 5
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
device="${1:-cuda:0}"
layers="${2:-784,1024,1024,10}"
batch="${3:-256}"
rounds="${4:-3}"
seconds="${5:-5}"
bench_build bench
cp="$(bench_classpath)"
log="$root/bench/graph-capture-${device/:/}-${batch}.log"
echo "load before: $(bench_load)" | tee "$log"
java "${TESSERA_JVM_FLAGS[@]}" -cp "$cp" dev.tessera.bench.CapturedStepBench "$device" "$layers" "$batch" \
  "$rounds" "$seconds" 2>&1 | tee -a "$log"
echo "load after: $(bench_load)" | tee -a "$log"
