#!/usr/bin/env bash
# The issue's char-level LSTM anchor, Tessera against PyTorch CPU on the same work: the fortunes corpus, embedding 64,
# LSTM 256, linear to the vocabulary, sequences of 64, batches of 32, Adam 2e-3, 300 steps, then the validation loss
# in nats/char over every non-overlapping validation window. The two sides alternate (Tessera, PyTorch, Tessera, ...)
# over --rounds rounds (default 3), each a fresh process; every line both print goes to the log (default
# docs/bench-runs/char-lstm-<date>.log) and a summary per side (ms/step over all steps, median ms/step of steps
# 100.., validation nats/char) ends it. Usage:
#   bench/char-lstm.sh [--threads N] [--rounds R] [--steps S] [--device cpu] [--java PATH] [--log FILE]
# Needs Debian's fortunes and python3-torch. Run it on a quiet machine.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
threads="$(nproc)"
rounds=3
steps=300
device=cpu
java=java
log="$root/docs/bench-runs/char-lstm-$(date -u +%Y%m%d-%H%M%S).log"
bench_options char-lstm --threads=threads --rounds=rounds --steps=steps --device=device --java=java --log=log -- "$@"
[ -d /usr/share/games/fortunes ] || { echo "char-lstm: install the corpus: sudo apt-get install fortunes" >&2; exit 1; }
bench_build cli -Dtessera.skipCuda=true
mkdir -p "$(dirname "$log")"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
export OMP_WAIT_POLICY=passive OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads"
{
  echo "char-lstm: $(date -u +%FT%TZ), $(nproc) cores, $threads threads, $rounds rounds of $steps steps, device $device"
  echo "cpu: $(bench_cpu)"
  echo "java: $("$java" -version 2>&1 | head -1); torch: $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
  echo "load before: $(bench_load)"
} | tee "$log"
for r in $(seq 1 "$rounds"); do
  run="$out/tessera-$r"
  "$java" "${TESSERA_JVM_FLAGS[@]}" --enable-native-access=ALL-UNNAMED \
    -Dtessera.cpu.threads="$threads" -cp "$root/cli/target/classes:$root/cli/target/lib/*" dev.tessera.cli.Main lm \
    --corpus fortunes --model lstm:256 --embedding 64 --seq 64 --batch 32 --lr 2e-3 --steps "$steps" \
    --eval-every "$steps" --device "$device" --out "$run" 2>&1 | sed "s/^/round $r tessera: /" | tee -a "$log"
  /usr/bin/python3 - "$run/steps.jsonl" "$run/config.json" "$r" <<'PY' | tee -a "$log"
import json, statistics, sys
steps = [json.loads(l) for l in open(sys.argv[1])]
ms = [1000 * s["samples"] / s["samples_per_second"] for s in steps]
config = json.load(open(sys.argv[2]))
print(json.dumps({"side": "tessera", "round": int(sys.argv[3]), "steps": len(steps),
                  "ms_per_step": config["ms_per_step"], "median_ms_per_step_after_100": statistics.median(ms[100:] or ms),
                  "validation_nats_per_char": config["validation_nats_per_char"]}))
PY
  /usr/bin/python3 "$root/bench/char_lstm_torch.py" --threads "$threads" --steps "$steps" \
    | sed "s/^{/{\"round\": $r, /" | tee -a "$log"
done
echo "load after: $(bench_load)" | tee -a "$log"
/usr/bin/python3 - "$log" <<'PY' | tee -a "$log"
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
for side in ("tessera", "pytorch"):
    r = [x for x in rows if x["side"] == side]
    if not r:
        continue
    def spread(key):
        v = [x[key] for x in r]
        return "%.4g (min %.4g, max %.4g)" % (statistics.median(v), min(v), max(v))
    print("summary %s over %d rounds: ms/step %s; median ms/step after 100 %s; validation nats/char %s" % (
        side, len(r), spread("ms_per_step"), spread("median_ms_per_step_after_100"),
        spread("validation_nats_per_char")))
PY
