#!/usr/bin/env bash
# Captured training steps against eager ones (issue 13 item 2): ms per Adam step of an MLP run by CompiledStep
# eagerly and as a captured graph, interleaved in one JVM (eager, captured, ...) for ROUNDS rounds, each run warmed up
# for SECONDS then timed for SECONDS. Raw lines go to stdout and to bench/graph-capture-<device>-<batch>.log.
# Usage: bench/graph-capture.sh [DEVICE] [LAYERS] [BATCH] [ROUNDS] [SECONDS]
#   bench/graph-capture.sh cuda:0 784,1024,1024,10 256 3 5
#   bench/graph-capture.sh cuda:0 784,1024,1024,10 4096 3 5
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
device="${1:-cuda:0}"
layers="${2:-784,1024,1024,10}"
batch="${3:-256}"
rounds="${4:-3}"
seconds="${5:-5}"
(cd "$root" && mvn -B -q -DskipTests package -pl bench -am) >&2
cp="$(ls "$root"/bench/target/tessera-bench-*.jar | grep -v -e sources -e javadoc | head -1):$root/bench/target/lib/*"
log="$root/bench/graph-capture-${device/:/}-${batch}.log"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$log"
java --add-modules jdk.incubator.vector -cp "$cp" dev.tessera.bench.CapturedStepBench "$device" "$layers" "$batch" \
  "$rounds" "$seconds" 2>&1 | tee -a "$log"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
