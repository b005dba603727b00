#!/bin/bash
# Runs Tessera's GPU checks and benchmarks on a machine that has only an NVIDIA driver, from the folder that
# scripts/gpu-bundle.sh built (copied there as .gpu/). Every step is bounded by a timeout and the whole run by a
# budget (TESSERA_GPU_BUDGET seconds, default 360), steps that no longer fit are skipped, and a summary table is
# printed last. Results go to $OUT (or .gpu/out): steps.log (every step's output), summary.txt, bench.jsonl (one JSON
# object per measurement, Tessera's and PyTorch's) and the conformance tables.
#
# Steps, most informative first: GPU facts (nvidia-smi), device list, CUDA conformance (FLOAT32), CUDA backend tests,
# CUDA benchmarks, PyTorch's benchmarks (when `import torch` works), OpenCL conformance on the NVIDIA platform and
# BenchRunner (when the bundle has them), CUDA conformance in FLOAT64.
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/out}
budget=${TESSERA_GPU_BUDGET:-360}
mkdir -p "$out"
work=$(mktemp -d /tmp/tessera-gpu.XXXXXX)
mkdir -p "$work/target"
cd "$work" || exit 1
start=$(date +%s)
deadline=$((start + budget))
: > "$out/steps.log"
: > "$out/bench.jsonl"
rows=()

# record NAME STATUS SECONDS NOTE
record() {
    rows+=("$(printf '%-22s %-12s %5ss  %s' "$1" "$2" "$3" "$4")")
}

# The JUnit console launcher's counts, e.g. "127 found, 120 ok, 2 failed, 5 aborted".
junit_counts() {
    awk '/tests (found|successful|failed|aborted|skipped)/ {gsub(/[][]/, ""); n[$3] = $1}
         END {if ("found" in n) printf "%s found, %s ok, %s failed, %s aborted, %s skipped",
              n["found"], n["successful"], n["failed"], n["aborted"], n["skipped"]}' "$1"
}

# run_step NAME LIMIT COMMAND... : runs COMMAND with a timeout inside the budget, logs it, records its status.
run_step() {
    local name=$1 limit=$2
    shift 2
    local left=$((deadline - $(date +%s) - 5))
    if [ "$left" -lt 20 ]; then
        record "$name" "skipped" 0 "the run's budget of ${budget}s is spent"
        return 1
    fi
    [ "$limit" -gt "$left" ] && limit=$left
    local log="$work/$name.log" t0
    t0=$(date +%s)
    timeout --kill-after=5 "$limit" "$@" > "$log" 2>&1
    local rc=$?
    local secs=$(($(date +%s) - t0))
    {
        echo "===== $name: rc $rc after ${secs}s (limit ${limit}s)"
        echo "      $*"
        cat "$log"
    } >> "$out/steps.log"
    local status=ok
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        status=TIMEOUT
    elif [ "$rc" -ne 0 ]; then
        status="FAILED($rc)"
    fi
    local note
    note=$(junit_counts "$log")
    if [ -z "$note" ] && [ "$status" != ok ]; then
        note=$(grep -m1 -E 'Exception|Error|error:|rror ' "$log" | cut -c1-160)
    fi
    [ -n "$note" ] || note=$(grep -v '^\s*$' "$log" | tail -1 | cut -c1-160)
    record "$name" "$status" "$secs" "$note"
    return "$rc"
}

# ---------------------------------------------------------------------------------------------------------- setup
record "start" "ok" 0 "$(date -u +%FT%TZ) on $(hostname), budget ${budget}s, bundle $(cat "$here/BUILD" 2>/dev/null)"
run_step gpu 20 nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv

java=/tmp/tessera-jre/jre/bin/java
if [ ! -x "$java" ]; then
    mkdir -p /tmp/tessera-jre
    run_step runtime 60 tar -xJf "$here/jre.tar.xz" -C /tmp/tessera-jre
fi
# HotSpot's signal chaining: an OpenCL driver with an in-process LLVM (PoCL is installed there too) must not take the
# JVM's SIGSEGV handler (docs/RELIABILITY.md, "Threads").
export LD_PRELOAD=/tmp/tessera-jre/jre/lib/libjsig.so
cp="$here/test-classes/cuda:$here/lib/*"
jvm=("$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx16g -XX:+UseParallelGC -XX:+UseCountedLoopSafepoints -XX:LoopStripMiningIter=1000)
junit=(org.junit.platform.console.ConsoleLauncher execute --disable-banner --details=summary --disable-ansi-colors)

# ---------------------------------------------------------------------------------------------------------- CUDA
run_step devices 60 "${jvm[@]}" -cp "$cp" dev.tessera.cuda.ListDevices

# Conformance with a synchronisation after every kernel, so an asynchronous fault names its kernel.
run_step cuda-conformance 150 "${jvm[@]}" -Dtessera.cuda.sync=true -cp "$cp:$here/junit.jar" "${junit[@]}" \
    --select-class dev.tessera.cuda.CudaConformanceTest
[ -f target/conformance-cuda-0.txt ] && mv target/conformance-cuda-0.txt "$out/conformance-cuda-f32.txt"

run_step cuda-fuzz 60 "${jvm[@]}" -cp "$cp:$here/junit.jar" "${junit[@]}" \
    --select-class dev.tessera.cuda.CudaFuzzTest

run_step cuda-backend-tests 90 "${jvm[@]}" -Dtessera.cuda.sync=true -cp "$cp:$here/junit.jar" "${junit[@]}" \
    --select-class dev.tessera.cuda.CudaBackendTest --select-class dev.tessera.cuda.CudaProviderTest

run_step cuda-bench 120 "${jvm[@]}" -cp "$cp" dev.tessera.cuda.CudaBench --json "$work/tessera.jsonl"
[ -f "$work/tessera.jsonl" ] && cat "$work/tessera.jsonl" >> "$out/bench.jsonl"

if python3 -c "import torch; assert torch.cuda.is_available()" > /dev/null 2>&1; then
    run_step torch-bench 120 python3 "$here/torch_bench.py" --json "$work/torch.jsonl"
    [ -f "$work/torch.jsonl" ] && cat "$work/torch.jsonl" >> "$out/bench.jsonl"
else
    record torch-bench skipped 0 "python3 cannot import torch with CUDA here"
fi

# ---------------------------------------------------------------------------------------------------------- OpenCL
icd=$(mktemp -d /tmp/tessera-icd.XXXXXX)
echo /usr/lib/libnvidia-opencl.so.1 > "$icd/nvidia.icd"
export OCL_ICD_VENDORS=$icd
if [ -d "$here/test-classes/opencl" ]; then
    run_step opencl-conformance 120 "${jvm[@]}" \
        -cp "$here/test-classes/opencl:$here/lib/*:$here/junit.jar" "${junit[@]}" \
        --scan-classpath "$here/test-classes/opencl" --include-classname '.*ConformanceTest'
    for f in target/conformance-opencl*.txt; do
        [ -f "$f" ] && mv "$f" "$out/conformance-opencl.txt"
    done
else
    record opencl-conformance skipped 0 "this bundle has no opencl-backend tests"
fi

if [ -d "$here/test-classes/opencl" ]; then
    run_step opencl-bench 120 "${jvm[@]}" -cp "$here/test-classes/opencl:$here/lib/*" \
        dev.tessera.opencl.OpenClBench --large --json "$work/opencl.jsonl"
    [ -f "$work/opencl.jsonl" ] && cat "$work/opencl.jsonl" >> "$out/bench.jsonl"
fi

if [ -f "$here/has-benchrunner" ]; then
    for dev in cuda:0 opencl:0; do
        run_step "benchrunner-${dev%%:*}" 90 "${jvm[@]}" -cp "$here/lib/*" dev.tessera.bench.BenchRunner \
            --device "$dev" --json && grep '^{' "$work/benchrunner-${dev%%:*}.log" >> "$out/bench.jsonl"
    done
else
    record benchrunner skipped 0 "this bundle has no bench module (dev.tessera.bench.BenchRunner)"
fi

# ---------------------------------------------------------------------------------------------------------- reliability
if [ -d "$here/test-classes/reliability" ]; then
    run_step reliability 120 "${jvm[@]}" -Dtessera.devices=cuda:0,opencl:0 -Dtessera.soak.steps=20000 \
        -cp "$here/test-classes/reliability:$here/lib/*:$here/junit.jar" "${junit[@]}" \
        --select-class dev.tessera.reliability.LeakSoakTest --select-class dev.tessera.reliability.DeterminismTest \
        --select-class dev.tessera.reliability.ThreadSafetyTest
else
    record reliability skipped 0 "this bundle has no reliability tests"
fi

# ---------------------------------------------------------------------------------------------------------- FLOAT64
run_step cuda-conformance-f64 120 "${jvm[@]}" -Dtessera.cuda.sync=true -cp "$cp:$here/junit.jar" "${junit[@]}" \
    --select-class dev.tessera.cuda.CudaFloat64ConformanceTest
[ -f target/conformance-cuda-0.txt ] && mv target/conformance-cuda-0.txt "$out/conformance-cuda-f64.txt"

# ---------------------------------------------------------------------------------------------------------- summary
{
    echo
    echo "Tessera GPU run: $(($(date +%s) - start))s of a ${budget}s budget; logs in $out"
    printf '%-22s %-12s %6s  %s\n' step status time note
    printf '%s\n' "${rows[@]}"
    for f in "$out"/conformance-*.txt; do
        [ -f "$f" ] || continue
        echo "$(basename "$f" .txt): $(tail -1 "$f" | sed 's/^ *//')"
        grep -E '^\s+\S+\s+failed' "$f" | head -20
    done
    echo
    # Tessera vs PyTorch on each benchmark both ran (speedup = PyTorch time / Tessera time)
    awk -F'"' '
        function field(key,   i) { for (i = 1; i < NF; i++) if ($i == key) return $(i + 2); return "" }
        function number(key,   i, s) { for (i = 1; i < NF; i++) if ($i == key) { s = $(i + 1); gsub(/[:,}]/, "", s); return s } return "" }
        /^\{/ { b = field("backend"); n = field("name"); ms[b, n] = number("median_ms"); rate[b, n] = number("rate");
                unit[n] = field("unit"); if (!(n in seen)) { seen[n] = 1; order[++count] = n }
                if (b == "tessera") card = field("card") }
        END {
            if (count == 0) { print "no benchmark results"; exit }
            printf "%-40s %12s %12s %9s   (%s)\n", "benchmark (median)", "tessera ms", "torch ms", "speedup", card
            for (i = 1; i <= count; i++) {
                n = order[i]; t = ms["tessera", n]; p = ms["torch", n]
                printf "%-40s %12s %12s %9s   %s %s\n", n, t == "" ? "-" : t, p == "" ? "-" : p,
                       (t != "" && p != "" && t > 0) ? sprintf("%.2fx", p / t) : "-", rate["tessera", n], unit[n]
            }
        }' "$out/bench.jsonl"
} | tee "$out/summary.txt"
rm -rf "$work" "$icd"
