#!/usr/bin/env bash
# Runs the OpenCL backend's tests (its kernel tests, the conformance suite and the fuzzer) and its benchmarks on
# the GPU machine's NVIDIA OpenCL driver (opencl:0 once GPUs are ordered first), from the bundle prepare.sh made,
# and prints a summary last.
# Usage: run.sh [JAVA]   (default /tmp/jre/bin/java, then java on PATH)
# OPENCL_ICD (default /usr/lib/libnvidia-opencl.so.1) names the vendor library the ICD loader is pointed at;
# OPENCL_BENCH_ARGS (default "--large --gemm-sweep") are passed to OpenClBench.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
java="${1:-/tmp/jre/bin/java}"
[ -x "$java" ] || java=java
vendors="$(mktemp -d)"
echo "${OPENCL_ICD:-/usr/lib/libnvidia-opencl.so.1}" > "$vendors/tessera.icd"
# the machine's own vendors too (PoCL there), so discovery must put the GPU first as opencl:0
cp /etc/OpenCL/vendors/*.icd "$vendors/" 2>/dev/null
export OCL_ICD_VENDORS="$vendors"
cp="$here/test-classes"
for jar in "$here"/lib/*.jar; do
  cp="$cp:$jar"
done
work="$(mktemp -d)"
mkdir -p "$work/target" # the conformance suite writes its table there
cd "$work"

echo "== devices"
"$java" -cp "$cp" dev.tessera.opencl.DeviceListing

echo "== tests on opencl:0"
"$java" --add-modules jdk.incubator.vector -Xmx8g -jar "$here/junit-platform-console-standalone.jar" execute \
  --class-path "$cp" --select-package dev.tessera.opencl --disable-banner --details=tree \
  > "$work/tests.txt" 2>&1
tests_rc=$?
grep -E "✘|\[X\]|MethodSource|tests (successful|failed|aborted|skipped)" "$work/tests.txt" | tail -60
conformance=$(tail -1 "$work"/target/conformance-*.txt 2>/dev/null)

echo "== benchmarks on opencl:0"
# shellcheck disable=SC2086
"$java" --add-modules jdk.incubator.vector -Xmx8g -cp "$cp" dev.tessera.opencl.OpenClBench --compare none \
  ${OPENCL_BENCH_ARGS---large --gemm-sweep} | tee "$work/bench.txt"

echo "== summary"
echo "tests: exit code $tests_rc; $(grep -E 'tests (successful|failed)' "$work/tests.txt" | tr -s ' ' | tr '\n' ';')"
echo "conformance on opencl:0: ${conformance:-no report}"
grep -E "sgemm 4096|x \* 2|MLP" "$work/bench.txt"
echo "fastest gemm-sweep shapes at 4096 (GFLOP/s first):"
grep 'gemm-sweep n=4096' "$work/bench.txt" | awk '{print $(NF-1), $0}' | sort -rn | head -3
