#!/bin/bash
# Issue 13's GPU comparison with PyTorch, run from the folder scripts/gpu-bundle.sh built (.gpu/): ROUNDS rounds
# (default 3), each a fresh Tessera JVM per mode followed by one PyTorch process, so the two sides alternate
# (A B A B ...). Both sides warm every work for at least 5 s and then until the step time is stable, and report the
# median of single-step timings. PyTorch runs at its defaults and at its best (fused Adam, CUDA graph, autocast
# bf16; scripts/gpu/torch_modes.py); Tessera eager, with its step captured in a CUDA graph, and in bf16 autocast.
# Raw JSON lines go to $OUT/vs-torch.jsonl (each tagged with side and round), every process's output to
# $OUT/vs-torch.log, and the summary table (scripts/gpu/vs_torch_table.py) to $OUT/vs-torch.md, printed last.
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/out}
rounds=${ROUNDS:-3}
mkdir -p "$out"
java=/tmp/tessera-jre/jre/bin/java
if [ ! -x "$java" ]; then
    mkdir -p /tmp/tessera-jre
    tar -xJf "$here/jre.tar.xz" -C /tmp/tessera-jre
fi
jvm=("$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx16g -XX:+UseParallelGC)
jsonl="$out/vs-torch.jsonl"
raw="$out/vs-torch.log"
: > "$jsonl"
: > "$raw"

# tag SIDE ROUND: copies stdin to the raw log, and its JSON lines, tagged, to the JSON log
tag() {
    tee -a "$raw" | sed -n "s/^{/{\"side\": \"$1\", \"round\": $2, /p" >> "$jsonl"
}

# Tessera's modes: BenchRunner options per mode (the mode name is recorded in each JSON line)
tessera_modes=(
    "eager|--only mlp_step,sgemm,mul2"
    "graph|--only mlp_step --capture"
    "bf16|--only mlp_step --precision bf16"
    "bf16_graph|--only mlp_step --precision bf16 --capture"
    "tf32|--only sgemm --precision tf32"
)
for r in $(seq 1 "$rounds"); do
    for entry in "${tessera_modes[@]}"; do
        mode=${entry%%|*}
        echo "===== round $r: tessera $mode" >> "$raw"
        # shellcheck disable=SC2086
        timeout 300 "${jvm[@]}" -cp "$here/lib/*" dev.tessera.bench.BenchRunner --device cuda:0 --json \
            --mode "$mode" ${entry#*|} 2>&1 | tag tessera "$r"
    done
    echo "===== round $r: torch" >> "$raw"
    timeout 600 python3 "$here/torch_modes.py" 2>&1 | tag torch "$r"
done
python3 "$here/vs_torch_table.py" "$jsonl" | tee "$out/vs-torch.md"
