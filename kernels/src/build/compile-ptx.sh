#!/bin/bash
# Compiles each CUDA kernel family (src/main/cuda/*.cu) to PTX for the Maven build, then assembles every PTX for the
# H100 (sm_90) with ptxas, so code the GPU driver's JIT would reject fails the build here instead of at run time.
#
# Usage: compile-ptx.sh SRC_DIR OUT_DIR REPORT_DIR [GEN_DIR]
#   SRC_DIR    the .cu and .cuh sources
#   GEN_DIR    generated headers (ops.cuh, from optable/elementwise.ops), also on the include path
#   OUT_DIR    where FAMILY.ptx and ptx.properties go (packaged as classpath resources)
#   REPORT_DIR where ptxas-sm_90.txt (registers, shared memory, stack per kernel) goes
# nvcc is looked up as $NVCC, then on PATH, then under $CUDA_HOME, /usr/local/cuda and /usr/local/cuda-*.
# Up-to-date PTX (newer than every source) is not rebuilt.
set -euo pipefail
src=${1:?usage: compile-ptx.sh SRC_DIR OUT_DIR REPORT_DIR}
out=${2:?usage: compile-ptx.sh SRC_DIR OUT_DIR REPORT_DIR}
report=${3:?usage: compile-ptx.sh SRC_DIR OUT_DIR REPORT_DIR}
gen=${4:-$src}

# The virtual architecture the PTX targets: the driver JIT-compiles it for the GPU it finds (sm_80 and newer).
ARCH=compute_80
# The real architecture ptxas checks the PTX against (the H100 / H200 of the GPU machine).
CHECK_ARCH=sm_90

find_nvcc() {
    local c
    for c in "${NVCC:-}" "$(command -v nvcc 2>/dev/null || true)" "${CUDA_HOME:+$CUDA_HOME/bin/nvcc}" \
             /usr/local/cuda/bin/nvcc $(ls -d /usr/local/cuda-*/bin/nvcc 2>/dev/null | sort -rV); do
        if [ -n "$c" ] && [ -x "$c" ]; then
            echo "$c"
            return 0
        fi
    done
    return 1
}

if ! nvcc=$(find_nvcc); then
    cat >&2 <<MSG
compile-ptx: nvcc (the CUDA toolkit's compiler, version 13 expected) was not found.
  Looked at: \$NVCC, PATH, \$CUDA_HOME/bin, /usr/local/cuda/bin, /usr/local/cuda-*/bin.
  Install the CUDA toolkit, or point NVCC at nvcc (NVCC=/path/to/nvcc mvn ...),
  or build without the CUDA kernels: mvn -Dtessera.skipCuda=true ... (the cuda backend then reports that its
  PTX is missing and is never selected).
MSG
    exit 1
fi
ptxas="$(dirname "$(readlink -f "$nvcc")")/ptxas"
version=$("$nvcc" --version | sed -n 's/.*release \([0-9.]*\).*/\1/p')
mkdir -p "$out" "$report"

shopt -s nullglob
sources=("$src"/*.cu)
headers=("$src"/*.cuh "$gen"/*.cuh)
if [ ${#sources[@]} -eq 0 ]; then
    echo "compile-ptx: no .cu files in $src" >&2
    exit 1
fi

rebuilt=0
for cu in "${sources[@]}"; do
    family=$(basename "$cu" .cu)
    ptx="$out/$family.ptx"
    stale=0
    [ -f "$ptx" ] || stale=1
    for dep in "$cu" "${headers[@]}" "$0"; do
        if [ "$dep" -nt "$ptx" ]; then
            stale=1
        fi
    done
    if [ "$stale" = 0 ]; then
        continue
    fi
    echo "compile-ptx: nvcc $version -arch=$ARCH $family.cu"
    "$nvcc" -ptx -arch="$ARCH" -std=c++17 -O3 -Werror all-warnings -I"$src" -I"$gen" -o "$ptx.tmp" "$cu"
    "$ptxas" -arch="$CHECK_ARCH" -O3 -v -o /dev/null "$ptx.tmp" > "$report/$family.ptxas.txt" 2>&1 || {
        cat "$report/$family.ptxas.txt" >&2
        echo "compile-ptx: ptxas rejected $family.ptx for $CHECK_ARCH" >&2
        exit 1
    }
    mv "$ptx.tmp" "$ptx"
    rebuilt=1
done

isa=$(sed -n 's/^\.version \([0-9.]*\).*/\1/p' "$out/$(basename "${sources[0]}" .cu).ptx" | head -1)
props="$out/ptx.properties"
{
    echo "# Written by kernels/src/build/compile-ptx.sh: how the PTX in this folder was made."
    echo "nvcc.version=$version"
    echo "ptx.isa=$isa"
    echo "ptx.arch=$ARCH"
    echo "ptxas.checked=$CHECK_ARCH"
    # The families the backend loads (one per .cu file); it resolves every kernel entry it finds in their PTX.
    echo "families=$(for cu in "${sources[@]}"; do basename "$cu" .cu; done | sort | paste -sd, -)"
} > "$props.tmp"
if cmp -s "$props.tmp" "$props"; then
    rm "$props.tmp"
else
    mv "$props.tmp" "$props"
fi
if [ "$rebuilt" = 1 ] || [ ! -f "$report/ptxas-$CHECK_ARCH.txt" ]; then
    cat "$report"/*.ptxas.txt > "$report/ptxas-$CHECK_ARCH.txt"
fi
