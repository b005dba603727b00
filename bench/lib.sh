# What the bench/*.sh scripts share; each sources it first:  source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Sets root (the repository root) and TESSERA_JVM_FLAGS, and defines the functions below.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The flags of the Tessera benchmark JVMs: the Vector API, ParallelGC, and C2's loop strip mining (without it,
# ParallelGC strip-mines no loops; bench/jvm-variance.sh measures the difference). The launcher runs the same.
TESSERA_JVM_FLAGS=(--add-modules jdk.incubator.vector -XX:+UseParallelGC -XX:+UseCountedLoopSafepoints
  -XX:LoopStripMiningIter=1000)

# bench_options SCRIPT SPEC... -- ARGS...: reads the script's arguments ARGS by the SPECs, each one option:
#   --NAME=VAR        --NAME VALUE sets VAR to VALUE
#   --NAME=VAR[]      --NAME VALUE appends VALUE to the array VAR (the option may be given several times)
#   --NAME=VAR:WORD   --NAME alone sets VAR to WORD
# Anything else, or an option without its value, prints "SCRIPT: unknown argument X" and exits with status 2.
bench_options() {
  local script="$1" spec name
  local -A takes=()
  shift
  while [ "$1" != "--" ]; do
    takes["${1%%=*}"]="${1#*=}"
    shift
  done
  shift
  while [ $# -gt 0 ]; do
    name="$1"
    spec="${takes[$name]:-}"
    if [ -z "$spec" ] || { [[ "$spec" != *:* ]] && [ $# -lt 2 ]; }; then
      echo "$script: unknown argument $name" >&2
      exit 2
    fi
    if [[ "$spec" == *:* ]]; then
      printf -v "${spec%%:*}" '%s' "${spec#*:}"
      shift
    elif [[ "$spec" == *"[]" ]]; then
      local -n list="${spec%"[]"}"
      list+=("$2")
      unset -n list
      shift 2
    else
      printf -v "$spec" '%s' "$2"
      shift 2
    fi
  done
}

# bench_build MODULE [MAVEN ARGS...]: packages MODULE and the modules it needs, without tests; Maven's output on stderr.
bench_build() {
  local module="$1"
  shift
  (cd "$root" && mvn -B -q -DskipTests "$@" package -pl "$module" -am) >&2
}

# bench_classpath: the class path of the bench module's jar and its libraries (after bench_build bench).
bench_classpath() {
  echo "$(ls "$root"/bench/target/tessera-bench-*.jar | grep -v -e sources -e javadoc | head -1):$root/bench/target/lib/*"
}

# bench_cpu: the CPU's model name.  bench_load: the load averages over 1, 5 and 15 minutes.
bench_cpu() {
  grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs
}
bench_load() {
  cut -d' ' -f1-3 /proc/loadavg
}

# bench_peer_env THREADS: the environment of the Python peers: OMP_WAIT_POLICY=passive and THREADS threads for OpenMP
# and OpenBLAS, OpenBLAS's own CPU detection, except on an AVX-512 machine where forcing OPENBLAS_CORETYPE=SkylakeX
# makes a 768^3 SGEMM more than 10% faster (OpenBLAS 0.3.21 takes newer Xeons for older cores): then it is forced.
bench_peer_env() {
  unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
  export OMP_WAIT_POLICY=passive OMP_NUM_THREADS="$1" OPENBLAS_NUM_THREADS="$1"
  if grep -q avx512f /proc/cpuinfo; then
    local probe auto forced
    probe='import numpy as np, time; a = np.ones((768, 768), np.float32); a @ a; s = time.perf_counter(); a @ a
print(time.perf_counter() - s)'
    auto="$(/usr/bin/python3 -c "$probe")"
    forced="$(OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 -c "$probe")"
    if /usr/bin/python3 -c "import sys; sys.exit(0 if $forced * 1.1 < $auto else 1)"; then
      export OPENBLAS_CORETYPE=SkylakeX
    fi
  fi
}
