#!/usr/bin/env bash
# Runs one test class N times, each in a fresh JVM with the test JVMs' flags, and counts the JVMs that died of a
# signal (exit status >= 128): the tool for intermittent native crashes, which one surefire run rarely shows.
# Usage: scripts/repeat-test.sh MODULE CLASS N [--no-jsig]
#   MODULE    a Maven module (e.g. reliability), CLASS a fully qualified test class, N the number of JVMs
#   --no-jsig run without HotSpot's signal-chaining library preloaded (the test JVMs preload it; see
#             docs/RELIABILITY.md, "Threads")
# The output and core dump of every JVM that did not exit 0 are kept (ulimit -c unlimited) in the log folder this prints; open one with
# gdb "$(readlink -f "$(command -v java)")" core.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../bench/lib.sh"
[ $# -ge 3 ] || { sed -n 4,8p "$0" >&2; exit 2; }
module="$1" class="$2" runs="$3" jsig=1
[ "${4:-}" = "--no-jsig" ] && jsig=0
logs="$(mktemp -d /tmp/repeat-test.XXXXXX)"
cd "$root"
./mvnw -B -q -pl "$module" -am package dependency:build-classpath -DskipTests -Dtessera.skipCuda=true \
  -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dmdep.includeScope=test -Dmdep.outputFile="$logs/cp.txt" >/dev/null
cp="$root/$module/target/test-classes:$root/$module/target/classes:$(cat "$logs/cp.txt")"
junit="$(sed -n 's:.*<junit.version>\(.*\)</junit.version>.*:\1:p' pom.xml)"
./mvnw -B -q -N dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit" \
  -DoutputDirectory="$logs" >/dev/null
console="$logs/junit-platform-console-standalone-$junit.jar"
flags=("${TESSERA_JVM_FLAGS[@]}" -Xmx4g)
java_home="$(cd "$(dirname "$(readlink -f "$(command -v java)")")/.." && pwd)"
preload=""
[ "$jsig" = 1 ] && preload="$java_home/lib/libjsig.so"
echo "$class x $runs, $(java -version 2>&1 | sed -n 1p), LD_PRELOAD=${preload:-none}, logs in $logs"
ulimit -c unlimited
crashed=0 failed=0
for i in $(seq 1 "$runs"); do
  mkdir -p "$logs/$i"
  set +e
  (cd "$logs/$i" && env ${preload:+LD_PRELOAD=$preload} java "${flags[@]}" -jar "$console" execute -cp "$cp" \
    --select-class "$class" --disable-banner --details=summary >out.log 2>&1)
  rc=$?
  set -e
  echo "run $i: exit $rc"
  [ "$rc" -ge 128 ] && crashed=$((crashed + 1))
  [ "$rc" -ne 0 ] && failed=$((failed + 1))
  [ "$rc" -eq 0 ] && rm -rf "${logs:?}/$i"
done
echo "$crashed of $runs JVMs died of a signal, $failed exited non-zero (their folders under $logs are kept)"
