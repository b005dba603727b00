package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tessera.Device;
import dev.tessera.Tensor;
import dev.tessera.io.Safetensors;
import dev.tessera.io.SafetensorsContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run folders written before the normalizer and labels had their own files (normalizer statistics under
 * {@code normalizer.*} in model.safetensors, no labels.json) still evaluate to the same result.
 */
class LegacyRunTest {
    @TempDir
    Path dir;

    @Test
    void evaluateReadsTheNormalizerFromTheWeightsFileOfAnOldRun() throws Exception {
        Path run = dir.resolve("run");
        CliRun train = CliRun.of("train", "--model", "mlp:16", "--epochs", "1", "--device", "cpu", "--out",
                run.toString());
        assertEquals(0, train.code(), train::toString);

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
        Files.delete(run.resolve(LabelMap.FILE));

        CliRun eval = CliRun.of("evaluate", "--model", run.toString(), "--device", "cpu");
        assertEquals(0, eval.code(), eval::toString);
        assertEquals(train.value("test_accuracy"), eval.value("test_accuracy"));
        assertEquals(train.value("test_loss"), eval.value("test_loss"));
        assertFalse(Files.exists(run.resolve(ModelFiles.NORMALIZER_FILE)));
    }
}
