#!/usr/bin/env bash
# Builds, on this machine, the bundle that runs the OpenCL backend's tests and benchmarks on the GPU machine
# (which has no Java and no Maven): the jars and test classes, JUnit's console launcher and run.sh, in
# .gpu/opencl/ (ignored by git; about 10 MB). The Java runtime is made separately with
# ../shared/gpu/make-runtime.sh .gpu/jre.tar.xz. Run from anywhere; prints the bundle's size.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/.gpu/opencl"
junit_version=$(sed -n 's:.*<junit.version>\(.*\)</junit.version>.*:\1:p' "$root/pom.xml")
cd "$root"
rm -rf "$out"
mkdir -p "$out/lib"
mvn -B -q -DskipTests -pl opencl-backend -am package dependency:copy-dependencies \
  -DincludeScope=test -DoutputDirectory="$out/lib" \
  -DexcludeGroupIds=org.junit.jupiter,org.junit.platform,org.junit,org.opentest4j,org.apiguardian,org.jspecify
cp opencl-backend/target/tessera-opencl-backend-*.jar "$out/lib/"
cp -r opencl-backend/target/test-classes "$out/test-classes"
mvn -B -q dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit_version" \
  -DoutputDirectory="$out" -Dmdep.stripVersion=true
cp opencl-backend/gpu/run.sh "$out/run.sh"
echo "prepare: wrote $out ($(du -sh "$out" | cut -f1)); on the GPU machine run: .gpu/opencl/run.sh /tmp/jre/bin/java"
