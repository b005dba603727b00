package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * {@code normalizer.*} in model.safetensors, class names only as {@code label.N} in config.json, no labels.json)
 * still evaluate to the same result.
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

    @Test
    void evaluateMapsLabelsByTheNamesAnOldRunKeptInItsConfig() throws Exception {
        StringBuilder abc = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 60; i++) {
            int k = i % 3;
            abc.append(k * 10 + (i % 7) * 0.1).append(',').append(-k * 10 + (i % 5) * 0.1).append(',')
                    .append("abc".charAt(k)).append('\n');
        }
        Path data = Files.writeString(dir.resolve("abc.csv"), abc);
        Path run = dir.resolve("run");
        CliRun train = CliRun.of("train", "--dataset", "csv:" + data, "--model", "mlp:", "--lr", "0.1", "--epochs",
                "20", "--device", "cpu", "--out", run.toString());
        assertEquals(0, train.code(), train::toString);
        // what an older version wrote: the names in config.json as label.N and no labels.json
        Map<String, Object> config = new LinkedHashMap<>(ModelFiles.readConfig(run));
        config.put("label.0", "a");
        config.put("label.1", "b");
        config.put("label.2", "c");
        Files.writeString(run.resolve(ModelFiles.CONFIG), FlatJson.write(config));
        Files.delete(run.resolve(LabelMap.FILE));

        StringBuilder cb = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 6; i++) {
            int k = 2 - i % 2;
            cb.append(k * 10).append(',').append(-k * 10).append(',').append("abc".charAt(k)).append('\n');
        }
        Path file = Files.writeString(dir.resolve("cb.csv"), cb);
        CliRun eval = CliRun.of("evaluate", "--model", run.toString(), "--dataset", "csv:" + file, "--device", "cpu");
        assertEquals(0, eval.code(), eval::toString);
        assertEquals("1.0000", eval.value("test_accuracy"), "c and b mapped to the model's classes by name\n" + eval);
        assertTrue(eval.out().contains("on all 6 examples of cb.csv"), eval::toString);
    }
}
