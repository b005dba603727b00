#!/usr/bin/env bash
# Sweeps the CPU GEMM's tile and cache blocks on this machine, one factor at a time around the shape GemmShape
# chooses, in interleaved rounds, and prints the median SGEMM GFLOP/s (and min-max) per setting and size. Usage:
#   bench/gemm-tune.sh [--threads N] [--rounds R] [--avx2] [--quick] [--java PATH] [--settings "S1;S2;..."]
#                      [--out DIR]
# A setting is a space-separated list of -D flags (empty: the default choice); the default sweep is
#   (default) ; kc 192 / 384 ; mc 42 / 168 / 336 ; each tile of GemmShape.TILES (a tile that needs more registers
#   than the machine has spills and shows it). `tessera devices` does not show the chosen shape; the backend's
#   DeviceInfo detail "gemm" does (e.g. "vector 6x16 fp32 (kc 256, mc 84, nc 512)").
# Raw JSON lines (with "round" and "setting") go to --out (default docs/bench-runs) as
# <UTC date-time>-gemm-tune.jsonl, the printed table to -gemm-tune.txt. A better setting found here belongs in
# GemmShape's table or formula (with the numbers), not in a flag: the flags exist for this sweep.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
threads="$(nproc)"
rounds=3
java=java
avx2=""
quick=""
outdir="$root/docs/bench-runs"
settings=""
bench_options gemm-tune --threads=threads --rounds=rounds --avx2=avx2:-XX:UseAVX=2 --quick=quick:--quick --java=java \
  --settings=settings --out=outdir -- "$@"
bench_build bench
cp="$(bench_classpath)"
flags=("${TESSERA_JVM_FLAGS[@]}" -Dtessera.cpu.threads="$threads")
[ -n "$avx2" ] && flags+=("$avx2")

if [ -z "$settings" ]; then
  p=-Dtessera.cpu.gemm
  settings=";$p.kc=192;$p.kc=384;$p.mc=42;$p.mc=168;$p.mc=336;$p.tile=5x2;$p.tile=6x2;$p.tile=8x2;$p.tile=8x3"
fi
mkdir -p "$outdir"
prefix="$outdir/$(date -u +%Y-%m-%d-%H%M)-gemm-tune"
: > "$prefix.jsonl"
{
  echo "machine: $(bench_cpu), $(nproc) CPUs, threads: $threads ${avx2}"
  echo "java: $("$java" -version 2>&1 | head -1), rounds: $rounds, load before: $(bench_load)"
} | tee "$prefix.txt" >&2
IFS=';' read -r -a list <<< "$settings"
for r in $(seq 1 "$rounds"); do
  for s in "${list[@]}"; do
    echo "round $r/$rounds: ${s:-(default)}" >&2
    # shellcheck disable=SC2086
    "$java" "${flags[@]}" $s -cp "$cp" dev.tessera.bench.BenchRunner --device cpu --json $quick --only sgemm 2>/dev/null \
      | sed "s|^{|{\"round\": $r, \"setting\": \"${s:-default}\", |" >> "$prefix.jsonl"
  done
done
echo "load after: $(bench_load)" | tee -a "$prefix.txt" >&2
/usr/bin/python3 - "$prefix.jsonl" <<'PY' | tee -a "$prefix.txt"
import collections, json, statistics, sys
runs = collections.defaultdict(list)
sizes = set()
for line in open(sys.argv[1]):
    if line.startswith("{"):
        r = json.loads(line)
        runs[(r["setting"], r["n"])].append(r["gflops"])
        sizes.add(r["n"])
sizes = sorted(sizes)
settings = list(dict.fromkeys(s for s, _ in runs))
width = max(len(s) for s in settings + ["setting"]) + 2
print("setting".ljust(width) + "".join(f"n={n}".ljust(22) for n in sizes))
for s in settings:
    cells = []
    for n in sizes:
        v = runs.get((s, n), [])
        cells.append(f"{statistics.median(v):.1f} ({min(v):.1f}-{max(v):.1f})" if v else "")
    print(s.ljust(width) + "".join(c.ljust(22) for c in cells))
print("SGEMM GFLOP/s, median (min-max) over the rounds")
PY
