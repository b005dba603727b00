#!/usr/bin/env bash
# Fashion-MNIST, 5 epochs, Tessera's CPU backend against PyTorch CPU with the same settings (the README's command:
# MLP 784-1024-1024-10, Adam 1e-3, batch 128, z-score inputs, 54,000 / 6,000 / 10,000 split), one after the other,
# printing each side's epoch times, total training time and test accuracy. Usage:
#   bench/fashion-mnist.sh [--threads N] [--epochs E] [--java PATH]
# PyTorch runs with OMP_WAIT_POLICY=passive and OpenBLAS's fastest core type (as bench/compare-cpu.sh chooses it).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
threads="$(nproc)"
epochs=5
java=java
bench_options fashion-mnist --threads=threads --epochs=epochs --java=java -- "$@"
bench_build cli
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "load before: $(bench_load)"
echo "== Tessera (cpu, $threads threads, $("$java" -version 2>&1 | head -1))"
"$java" "${TESSERA_JVM_FLAGS[@]}" -Dtessera.cpu.threads="$threads" \
  -cp "$root/cli/target/tessera-cli.jar:$root/cli/target/lib/*" dev.tessera.cli.Main train --dataset fashion-mnist \
  --model mlp:1024,1024 --optimizer adam --lr 1e-3 --batch-size 128 --epochs "$epochs" --device cpu \
  --out "$out/run" 2>/dev/null | grep -E "epoch|trained in|test_accuracy"

bench_peer_env "$threads"
if [ -n "${OPENBLAS_CORETYPE:-}" ]; then
  echo "(OpenBLAS: forcing OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE, its own detection picks a slower kernel here)"
fi
echo "== PyTorch CPU ($threads threads)"
/usr/bin/python3 "$root/bench/fashion_mnist_torch.py" --threads "$threads" --epochs "$epochs"
echo "load after: $(bench_load)"
