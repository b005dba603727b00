#!/bin/bash
# GPU run 4 (docs/gpu-runs/2026-11-26-run4): the CLI's train and evaluate on cuda:0, opencl:0 (NVIDIA) and cpu with the
# same seed. Needs, next to it in .gpu/, the bundle of scripts/gpu-bundle.sh plus jre-desktop.tar.xz, a runtime with
# java.desktop for the plots, made here with: /usr/lib/jvm/temurin-25-jdk-amd64/bin/jlink --add-modules
# java.base,java.logging,java.management,java.xml,jdk.unsupported,jdk.incubator.vector,java.desktop --strip-debug
# --no-header-files --no-man-pages --compress=zip-9 --output jre && tar -cJf .gpu/jre-desktop.tar.xz jre
set -u
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p /tmp/jd && tar -xJf "$here/jre-desktop.tar.xz" -C /tmp/jd
J=(/tmp/jd/jre/bin/java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true -cp "$here/lib/*" dev.tessera.cli.Main)
icd=$(mktemp -d); echo /usr/lib/libnvidia-opencl.so.1 > "$icd/nvidia.icd"; export OCL_ICD_VENDORS=$icd
timeout 60 "${J[@]}" devices 2>&1 | tee "$OUT/devices.txt"
for d in cuda:0 opencl:0 cpu; do
  echo "=== train --device $d"
  timeout 120 "${J[@]}" train --device "$d" --out "$OUT/${d%%:*}" 2>&1 | tail -6
  echo "config: $(grep -o '"test_accuracy"[^,}]*' "$OUT/${d%%:*}/config.json" 2>/dev/null)"
  timeout 60 "${J[@]}" evaluate --model "$OUT/${d%%:*}" --device "$d" 2>&1 | tail -2
done
