#!/usr/bin/env bash
# Measures the all-reduce overhead of data-parallel training on Spark for the MLP 784-1024-1024-10 (docs/SCALING.md).
# Usage: spark/scripts/scaling-probe.sh [MASTER [WORKERS [STEPS]]]   (default: local[2] 2 20). Run on a quiet machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -B -o -q -pl spark -am test-compile dependency:build-classpath -Dmdep.outputFile=target/probe-classpath.txt \
  -Dmdep.includeScope=test -Dtessera.skipCuda=true
exec java --add-modules jdk.incubator.vector -XX:+UseParallelGC -XX:+UseCountedLoopSafepoints -XX:LoopStripMiningIter=1000 -Xmx4g -Dtessera.deterministic=true \
  -cp "spark/target/classes:$(cat spark/target/probe-classpath.txt)" dev.tessera.spark.ScalingProbe "$@"
