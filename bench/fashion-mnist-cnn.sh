#!/usr/bin/env bash
# Fashion-MNIST CNN (issue 12's anchor), Tessera's CLI on the CPU backend against PyTorch CPU on the same work:
# conv(1->32, 3x3, pad 1)-ReLU-maxpool2, conv(32->64)-ReLU-maxpool2, linear 3136->128-ReLU-10 ("--model cnn:32,64"),
# Adam 1e-3, batch 128, pixels z-score standardized (per pixel, training statistics), all 60,000 training images
# (--val-fraction 0), 2 epochs, 10,000 test images. Rounds are interleaved (Tessera first in odd rounds, PyTorch
# first in even ones), so drift in the machine's load falls on both sides alike. Each round runs
#   Tessera, 1 epoch   -> test accuracy after 1 epoch (the same seed makes it the first epoch of the next run)
#   Tessera, 2 epochs  -> seconds of each epoch, test accuracy after 2 epochs
#   PyTorch, 2 epochs  -> seconds of each epoch, test accuracy after each (scored outside the timed part)
# and the summary gives per side the median seconds per epoch (epochs of the 2-epoch runs) and the mean test accuracy
# after 1 and 2 epochs. Every line the programs print goes to the log (default
# docs/bench-runs/fashion-mnist-cnn-<UTC time>.log under the repository root). Usage:
#   bench/fashion-mnist-cnn.sh [--rounds R] [--threads N] [--java PATH] [--heap SIZE] [--log FILE]
# PyTorch runs with OMP_WAIT_POLICY=passive and OpenBLAS's fastest core type (as bench/fashion-mnist.sh chooses it).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
threads="$(nproc)"
rounds=3
java=java
heap=6g
log=""
bench_options fashion-mnist-cnn --rounds=rounds --threads=threads --java=java --heap=heap --log=log -- "$@"
if [ -z "$log" ]; then
  mkdir -p "$root/docs/bench-runs"
  log="$root/docs/bench-runs/fashion-mnist-cnn-$(date -u +%Y%m%dT%H%M%SZ).log"
fi
bench_build cli
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

bench_peer_env "$threads"

tessera() { # EPOCHS RUN-FOLDER
  "$java" "${TESSERA_JVM_FLAGS[@]}" -Xmx"$heap" -Dtessera.cpu.threads="$threads" \
    -cp "$root/cli/target/tessera-cli.jar:$root/cli/target/lib/*" dev.tessera.cli.Main train \
    --dataset fashion-mnist --model cnn:32,64:fc=128 --optimizer adam --lr 1e-3 --batch-size 128 \
    --normalize z-score --val-fraction 0 --epochs "$1" --seed 0 --device cpu --out "$2" --overwrite 2>&1 \
    | grep -v "Using incubator modules"
}
torch() {
  /usr/bin/python3 "$root/bench/fashion_mnist_cnn_torch.py" --threads "$threads" --epochs 2
}

{
  echo "# fashion-mnist-cnn: $(date -u +%FT%TZ), $rounds rounds, $threads threads, $(nproc) CPUs"
  echo "# machine: $(bench_cpu)"
  echo "# java: $("$java" -version 2>&1 | head -1)"
  echo "# torch: $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
  echo "# OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-auto}; commit $(git -C "$root" rev-parse --short HEAD)"
} | tee "$log"
for r in $(seq 1 "$rounds"); do
  sides="tessera torch"
  [ $((r % 2)) -eq 0 ] && sides="torch tessera"
  for side in $sides; do
    echo "## round $r load $(bench_load)" | tee -a "$log"
    if [ "$side" = tessera ]; then
      echo "### round $r tessera epochs=1" | tee -a "$log"
      tessera 1 "$out/one" | tee -a "$log"
      echo "### round $r tessera epochs=2" | tee -a "$log"
      tessera 2 "$out/two" | tee -a "$log"
    else
      echo "### round $r torch epochs=2" | tee -a "$log"
      torch | tee -a "$log"
    fi
  done
done

/usr/bin/python3 - "$log" <<'PY' | tee -a "$log"
import json, re, statistics, sys
run = None
epochs = {"tessera": [], "torch": []}
acc = {"tessera": {1: [], 2: []}, "torch": {1: [], 2: []}}
for line in open(sys.argv[1]):
    m = re.match(r"### round \d+ (\w+) epochs=(\d)", line)
    if m:
        run = (m.group(1), int(m.group(2)))
        continue
    if run is None:
        continue
    side, n = run
    if side == "tessera":
        e = re.match(r"\[\d+/\d+\] epoch \d+: .*\| ([0-9.]+)s$", line.strip())
        if e and n == 2:
            epochs["tessera"].append(float(e.group(1)))
        a = re.match(r"test_accuracy=([0-9.]+)$", line.strip())
        if a:
            acc["tessera"][n].append(float(a.group(1)))
    elif line.startswith("{"):
        j = json.loads(line)
        epochs["torch"] += j["epoch_s"]
        acc["torch"][1].append(j["test_accuracy"][0])
        acc["torch"][2].append(j["test_accuracy"][1])
print("# summary (seconds per epoch: median of the 2-epoch runs' epochs; accuracy: mean over rounds)")
for side in ("tessera", "torch"):
    if not epochs[side]:
        print(f"{side}: no completed run")
        continue
    mean = lambda v: sum(v) / len(v) if v else float("nan")
    each = ", ".join(f"{e:.2f}" for e in epochs[side])
    print(f"{side}: {statistics.median(epochs[side]):.2f} s/epoch (all: {each}), "
          f"test accuracy {mean(acc[side][1]):.4f} after 1 epoch, {mean(acc[side][2]):.4f} after 2")
if epochs["tessera"] and epochs["torch"]:
    print(f"speed ratio torch/tessera (>1: Tessera faster): "
          f"{statistics.median(epochs['torch']) / statistics.median(epochs['tessera']):.2f}")
PY
echo "raw log: $log"
