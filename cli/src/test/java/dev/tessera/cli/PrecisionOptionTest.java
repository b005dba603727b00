package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tessera train --precision}: recorded in config.json, honoured by evaluate, bad values named. */
class PrecisionOptionTest {
    @TempDir
    Path dir;

    @Test
    void bf16IsRecordedAndEvaluateRunsUnderTheSameAutocast() throws Exception {
        Path out = dir.resolve("bf16");
        CliRun train = CliRun.ok("train", "--model", "mlp:32", "--epochs", "2", "--batch-size", "64", "--lr", "1e-2",
                "--precision", "bf16", "--device", "cpu", "--out", out.toString());
        Map<String, String> config = FlatJson.read(Files.readString(out.resolve("config.json")), "config.json");
        assertEquals("bf16", config.get("precision"));
        CliRun eval = CliRun.ok("evaluate", "--model", out.toString(), "--device", "cpu");
        assertEquals(train.value("test_loss"), eval.value("test_loss"), "evaluate autocasts as training did");
        assertEquals(train.value("test_accuracy"), eval.value("test_accuracy"));

        Path fp32 = dir.resolve("fp32");
        CliRun plain = CliRun.ok("train", "--model", "mlp:32", "--epochs", "2", "--batch-size", "64", "--lr", "1e-2",
                "--device", "cpu", "--out", fp32.toString());
        assertEquals("fp32", FlatJson.read(Files.readString(fp32.resolve("config.json")), "config.json")
                .get("precision"));
        assertNotEquals(lastTrainLoss(fp32), lastTrainLoss(out), "bf16 computed exactly what fp32 did (metrics.csv "
                + "keeps exact doubles; the printed 4 digits can agree)");
    }

    /** The exact training loss of the last epoch, from the run's metrics.csv. */
    private static String lastTrainLoss(Path run) throws java.io.IOException {
        java.util.List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        return rows.get(rows.size() - 1).split(",")[1];
    }

    @Test
    void anUnknownPrecisionIsNamedWithTheAcceptedOnes() {
        CliRun bad = CliRun.of("train", "--precision", "fp8", "--device", "cpu", "--out",
                dir.resolve("bad").toString());
        assertNotEquals(0, bad.code());
        assertTrue(bad.err().contains("--precision: 'fp8' is not one of [fp32, bf16, fp16, tf32]"), bad::toString);
    }
}
