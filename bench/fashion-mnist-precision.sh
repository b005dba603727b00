#!/usr/bin/env bash
# Fashion-MNIST accuracy per --precision (issue 13: "training in BF16 reaches the FP32 accuracy (+-0.5 points)").
# The README's MLP (784-1024-1024-10, Adam 1e-3, batch 128, z-score inputs, 54,000 / 6,000 / 10,000 split) trained
# with each precision in interleaved rounds (round r: fp32, bf16, fp16 with --seed r, in an order that rotates per
# round), every run's full output appended to a raw log, then per precision the test accuracies, their mean and
# spread, and the mean's difference to fp32 in points. Usage:
#   bench/fashion-mnist-precision.sh [--rounds R] [--epochs E] [--device D] [--precisions "fp32 bf16 fp16"]
#                                    [--log FILE] [--java PATH]
# Defaults: 3 rounds, 5 epochs, device cpu, log docs/bench-runs/fashion-mnist-precision-<date>.log.
# Accuracy claims only: the wall times in the log are not a speed comparison unless the machine was quiet.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rounds=3
epochs=5
device=cpu
precisions="fp32 bf16 fp16"
java=java
log="$root/docs/bench-runs/fashion-mnist-precision-$(date -u +%Y%m%dT%H%M%SZ).log"
bench_options fashion-mnist-precision --rounds=rounds --epochs=epochs --device=device --precisions=precisions \
  --log=log --java=java -- "$@"
bench_build cli
mkdir -p "$(dirname "$log")"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
read -r -a order <<< "$precisions"
{
  echo "fashion-mnist-precision: $rounds rounds, $epochs epochs, device $device, precisions ${order[*]}"
  echo "host: $(uname -srm), $(nproc) cores, $("$java" -version 2>&1 | head -1), load $(bench_load)"
  echo "commit: $(git -C "$root" rev-parse HEAD)"
} | tee "$log"
for ((r = 0; r < rounds; r++)); do
  n=${#order[@]}
  for ((i = 0; i < n; i++)); do
    p="${order[$(((i + r) % n))]}"
    echo "== round $r precision $p seed $r" | tee -a "$log"
    "$java" --add-modules jdk.incubator.vector -XX:+UseParallelGC \
      -cp "$root/cli/target/tessera-cli.jar:$root/cli/target/lib/*" dev.tessera.cli.Main train \
      --dataset fashion-mnist --model mlp:1024,1024 --optimizer adam --lr 1e-3 --batch-size 128 \
      --epochs "$epochs" --seed "$r" --precision "$p" --device "$device" --out "$out/$p-$r" 2>&1 | tee -a "$log" \
      | grep -E "test_accuracy|trained in"
  done
done
echo "load after: $(bench_load)" | tee -a "$log"
/usr/bin/python3 - "$log" <<'PY' | tee -a "$log"
import re, statistics, sys
acc, current = {}, None
for line in open(sys.argv[1]):
    m = re.match(r"== round \d+ precision (\w+)", line)
    if m:
        current = m.group(1)
    m = re.match(r"test_accuracy=([0-9.]+)", line.strip())
    if m and current:
        acc.setdefault(current, []).append(float(m.group(1)))
base = statistics.mean(acc["fp32"]) if "fp32" in acc else None
for p, v in acc.items():
    mean = statistics.mean(v)
    diff = "" if base is None else f", {100 * (mean - base):+.2f} points vs fp32"
    print(f"{p}: test accuracy {' '.join(f'{a:.4f}' for a in v)}; mean {mean:.4f}, spread {max(v) - min(v):.4f}{diff}")
PY
echo "raw log: $log"
