package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        CliRun train = CliRun.ok("train", "--model", "mlp:16", "--epochs", "1", "--device", "cpu", "--out",
                run.toString());

        LegacyLayout.moveNormalizerIntoWeights(run);
        Files.delete(run.resolve(LabelMap.FILE));

        CliRun eval = CliRun.ok("evaluate", "--model", run.toString(), "--device", "cpu");
        assertEquals(train.value("test_accuracy"), eval.value("test_accuracy"));
        assertEquals(train.value("test_loss"), eval.value("test_loss"));
        assertFalse(Files.exists(run.resolve(ModelFiles.NORMALIZER_FILE)));
    }

    @Test
    void evaluateMapsLabelsByTheNamesAnOldRunKeptInItsConfig() throws Exception {
        Path data = AbcData.training(dir.resolve("abc.csv"));
        Path run = dir.resolve("run");
        CliRun train = AbcData.train(data, run);
        // what an older version wrote: the names in config.json as label.N and no labels.json
        Map<String, Object> config = new LinkedHashMap<>(ModelFiles.readConfig(run));
        config.put("label.0", "a");
        config.put("label.1", "b");
        config.put("label.2", "c");
        Files.writeString(run.resolve(ModelFiles.CONFIG), FlatJson.write(config));
        Files.delete(run.resolve(LabelMap.FILE));

        Path file = AbcData.centres(dir.resolve("cb.csv"), 6, 2, 1);
        CliRun eval = CliRun.ok("evaluate", "--model", run.toString(), "--dataset", "csv:" + file, "--device", "cpu");
        assertEquals("1.0000", eval.value("test_accuracy"), "c and b mapped to the model's classes by name\n" + eval);
        assertTrue(eval.out().contains("on all 6 examples of cb.csv"), eval::toString);
    }
}
