#!/bin/bash
# A/B measurement on the GPU machine, from the bundle (.gpu/): the CUDA benchmarks with cuBLAS's recommended
# workspace (32 MiB on Hopper) and with cuBLAS's own (-Dtessera.cuda.cublasWorkspace=0), alternated twice, then
# PyTorch's side, then the reliability checks on every GPU device with a short soak. Results in $OUT.
# Usage there: bash .gpu/workspace-ab.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/out}
mkdir -p "$out" /tmp/tessera-jre
java=/tmp/tessera-jre/jre/bin/java
[ -x "$java" ] || tar -xJf "$here/jre.tar.xz" -C /tmp/tessera-jre
jvm=("$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx16g -XX:+UseParallelGC -XX:+UseCountedLoopSafepoints -XX:LoopStripMiningIter=1000)
cp="$here/test-classes/cuda:$here/lib/*"
for round in 1 2; do
    for ws in recommended 0; do
        prop=()
        [ "$ws" = 0 ] && prop=(-Dtessera.cuda.cublasWorkspace=0)
        echo "== round $round, workspace $ws"
        timeout 60 "${jvm[@]}" "${prop[@]}" -cp "$cp" dev.tessera.cuda.CudaBench --json "$out/ab-$ws-$round.jsonl" \
            | grep -v '^{'
    done
done
echo "== torch"
timeout 90 python3 "$here/torch_bench.py" --json "$out/ab-torch.jsonl" | grep -v '^{'
icd=$(mktemp -d)
echo /usr/lib/libnvidia-opencl.so.1 > "$icd/nvidia.icd"
export OCL_ICD_VENDORS=$icd
echo "== reliability (cuda:0, opencl:0; soak 2000 steps)"
timeout 120 "${jvm[@]}" -Dtessera.devices=cuda:0,opencl:0 -Dtessera.soak.steps=2000 \
    -cp "$here/test-classes/reliability:$here/lib/*:$here/junit.jar" org.junit.platform.console.ConsoleLauncher \
    execute --disable-banner --details=tree --disable-ansi-colors \
    --select-class dev.tessera.reliability.LeakSoakTest --select-class dev.tessera.reliability.DeterminismTest \
    --select-class dev.tessera.reliability.ThreadSafetyTest 2>&1 | tee "$out/ab-reliability.log" | tail -40
