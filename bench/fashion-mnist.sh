#!/usr/bin/env bash
# Fashion-MNIST, 5 epochs, Tessera's CPU backend against PyTorch CPU with the same settings (the README's command:
# MLP 784-1024-1024-10, Adam 1e-3, batch 128, z-score inputs, 54,000 / 6,000 / 10,000 split), one after the other,
# printing each side's epoch times, total training time and test accuracy. Usage:
#   bench/fashion-mnist.sh [--threads N] [--epochs E] [--java PATH]
# PyTorch runs with OMP_WAIT_POLICY=passive and OpenBLAS's fastest core type (as bench/compare-cpu.sh chooses it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
threads="$(nproc)"
epochs=5
java=java
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --java) java="$2"; shift 2 ;;
    *) echo "fashion-mnist: unknown argument $1" >&2; exit 2 ;;
  esac
done
(cd "$root" && mvn -B -q -DskipTests package -pl cli -am) >&2
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== Tessera (cpu, $threads threads, $("$java" -version 2>&1 | head -1))"
"$java" --add-modules jdk.incubator.vector -XX:+UseParallelGC -XX:+UseCountedLoopSafepoints -XX:LoopStripMiningIter=1000 -Dtessera.cpu.threads="$threads" \
  -cp "$root/cli/target/tessera-cli.jar:$root/cli/target/lib/*" dev.tessera.cli.Main train --dataset fashion-mnist \
  --model mlp:1024,1024 --optimizer adam --lr 1e-3 --batch-size 128 --epochs "$epochs" --device cpu \
  --out "$out/run" 2>/dev/null | grep -E "epoch|trained in|test_accuracy"

unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
export OMP_WAIT_POLICY=passive OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads"
if grep -q avx512f /proc/cpuinfo; then
  auto="$(/usr/bin/python3 -c 'import numpy as np, time; a = np.ones((768, 768), np.float32); a @ a; s = time.perf_counter(); a @ a; print(time.perf_counter() - s)')"
  forced="$(OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 -c 'import numpy as np, time; a = np.ones((768, 768), np.float32); a @ a; s = time.perf_counter(); a @ a; print(time.perf_counter() - s)')"
  if /usr/bin/python3 -c "import sys; sys.exit(0 if $forced * 1.1 < $auto else 1)"; then
    export OPENBLAS_CORETYPE=SkylakeX
    echo "(OpenBLAS: forcing OPENBLAS_CORETYPE=SkylakeX, its own detection picks a slower kernel here)"
  fi
fi
echo "== PyTorch CPU ($threads threads)"
/usr/bin/python3 "$root/bench/fashion_mnist_torch.py" --threads "$threads" --epochs "$epochs"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
