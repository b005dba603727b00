package dev.tessera.cli;

import dev.tessera.Device;
import dev.tessera.Tensor;
import dev.tessera.io.Safetensors;
import dev.tessera.io.SafetensorsContent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a run folder back into the layout of runs written before the normalizer had its own file. */
final class LegacyLayout {
    private LegacyLayout() {
    }

    /**
     * Moves the normalizer's tensors and metadata into the weights file under the prefix {@code normalizer.} and
     * deletes {@link ModelFiles#NORMALIZER_FILE}, as old runs stored them.
     */
    static void moveNormalizerIntoWeights(Path run) throws IOException {
        Map<String, Tensor> merged = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        try (SafetensorsContent weights = Safetensors.read(run.resolve(ModelFiles.WEIGHTS), Device.cpu());
             SafetensorsContent norm = Safetensors.read(run.resolve(ModelFiles.NORMALIZER_FILE), Device.cpu())) {
            merged.putAll(weights.tensors());
            meta.putAll(weights.metadata());
            norm.tensors().forEach((k, v) -> merged.put("normalizer." + k, v));
            norm.metadata().forEach((k, v) -> meta.put("normalizer." + k, v));
            Safetensors.write(run.resolve(ModelFiles.WEIGHTS), merged, meta);
        }
        Files.delete(run.resolve(ModelFiles.NORMALIZER_FILE));
    }
}
