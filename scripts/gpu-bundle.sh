#!/bin/bash
# Builds .gpu/, a self-contained folder (git-ignored, under 64 MiB) that runs Tessera's GPU checks and benchmarks on a
# machine with only an NVIDIA driver: a jlinked Java runtime, the jars (linux-x86_64 natives only), the test classes,
# JUnit's console launcher, PyTorch's side of the benchmarks, and run.sh (scripts/gpu/run.sh), which prints a
# summary table last. Includes the OpenCL backend's tests and the bench module's BenchRunner when those modules exist.
#
# Usage: scripts/gpu-bundle.sh          (from anywhere in the checkout; builds with Maven, skipping tests)
# Then on the GPU machine: bash .gpu/run.sh   (results in $OUT, or .gpu/out)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bundle="$root/.gpu"
cd "$root"

junit_version=$(sed -n 's:.*<junit.version>\(.*\)</junit.version>.*:\1:p' pom.xml)
modules=(engine kernels cuda-backend)
for optional in opencl-backend bench reliability; do
    [ -f "$optional/pom.xml" ] && modules+=("$optional")
done
echo "gpu-bundle: building ${modules[*]} (tests skipped)"
list=$(IFS=,; echo "${modules[*]}")
mvn -B -q -DskipTests -pl "$list" -am package dependency:copy-dependencies -DincludeScope=test \
    -DexcludeGroupIds=org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian,org.jspecify

rm -rf "$bundle/lib" "$bundle/test-classes" "$bundle/out"
mkdir -p "$bundle/lib" "$bundle/test-classes"
for m in "${modules[@]}"; do
    [ "$m" = kernels ] || [ "$m" = engine ] || cp "$m"/target/dependency/*.jar "$bundle/lib/"
    cp "$m"/target/*-SNAPSHOT.jar "$bundle/lib/" 2>/dev/null || true
done
# only the linux-x86_64 natives: JCuda and JOCL can name other platforms' classifiers
find "$bundle/lib" -name '*-natives-*.jar' ! -name '*linux-x86_64*' -delete
cp -r cuda-backend/target/test-classes "$bundle/test-classes/cuda"
rm -f "$bundle/has-benchrunner"
if [ -d opencl-backend/target/test-classes ]; then
    cp -r opencl-backend/target/test-classes "$bundle/test-classes/opencl"
fi
if [ -d reliability/target/test-classes ]; then
    cp -r reliability/target/test-classes "$bundle/test-classes/reliability"
fi
if [ -d bench ] && ls bench/target/classes/dev/tessera/bench/BenchRunner.class > /dev/null 2>&1; then
    touch "$bundle/has-benchrunner"
fi

console=junit-platform-console-standalone
jar="$HOME/.m2/repository/org/junit/platform/$console/$junit_version/$console-$junit_version.jar"
if [ ! -f "$jar" ]; then
    mvn -B -q dependency:get -Dartifact="org.junit.platform:$console:$junit_version"
fi
cp "$jar" "$bundle/junit.jar"

runtime_maker="$root/../shared/gpu/make-runtime.sh"
[ -x "$runtime_maker" ] || runtime_maker=/work/shared/gpu/make-runtime.sh
if [ ! -f "$bundle/jre.tar.xz" ] || [ "$runtime_maker" -nt "$bundle/jre.tar.xz" ]; then
    "$runtime_maker" "$bundle/jre.tar.xz.tmp"
    mv "$bundle/jre.tar.xz.tmp" "$bundle/jre.tar.xz"
fi

cp scripts/gpu/run.sh scripts/gpu/torch_bench.py scripts/gpu/workspace-ab.sh scripts/gpu/torch_modes.py \
    scripts/gpu/torch_common.py scripts/gpu/vs_torch_table.py scripts/gpu/vs-torch.sh "$bundle/"
chmod +x "$bundle/vs-torch.sh"
chmod +x "$bundle/run.sh"
echo "$(git rev-parse --short HEAD)$(git diff --quiet || echo +dirty) built $(date -u +%FT%TZ)" > "$bundle/BUILD"

size=$(du -sm "$bundle" | cut -f1)
echo "gpu-bundle: $bundle is ${size} MiB ($(ls "$bundle/lib" | wc -l) jars; $(cat "$bundle/BUILD"))"
if [ "$size" -ge 64 ]; then
    echo "gpu-bundle: over the 64 MiB the GPU machine accepts" >&2
    exit 1
fi
echo "gpu-bundle: run it there with: bash .gpu/run.sh"
