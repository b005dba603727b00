package dev.tessera.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepLogTest {
    @TempDir
    Path dir;

    private static EpochMetrics epoch(int e) {
        return new EpochMetrics(e, 1, 0.5, Double.NaN, Double.NaN, 0.1, 10, 0, 1, 10);
    }

    @Test
    void writesOneJsonLinePerStepAndAsksForTheNormEveryNthStep() throws Exception {
        Path file = dir.resolve("steps.jsonl");
        StepLog log = new StepLog(file, 3);
        assertEquals(List.of(true, false, false, true), List.of(log.wantsGradientNorm(0), log.wantsGradientNorm(1),
                log.wantsGradientNorm(2), log.wantsGradientNorm(3)));
        log.onTrainStart(new TrainingHistory(), 2);
        log.onStep(new StepMetrics(0, 1, 0.25, 0.001, 1.5, 64, 1000.0));
        log.onStep(new StepMetrics(1, 1, 0.125, 0.001, Double.NaN, 32, Double.POSITIVE_INFINITY));
        log.onEpochEnd(epoch(1));
        assertEquals(List.of(
                "{\"step\":0,\"epoch\":1,\"loss\":0.25,\"lr\":0.001,\"grad_norm\":1.5,\"samples\":64,"
                        + "\"samples_per_second\":1000.0}",
                "{\"step\":1,\"epoch\":1,\"loss\":0.125,\"lr\":0.001,\"grad_norm\":null,\"samples\":32,"
                        + "\"samples_per_second\":null}"), Files.readAllLines(file));
        log.onStep(new StepMetrics(2, 2, 0.1, 0.001, Double.NaN, 32, 1.0));
        log.onTrainEnd(new TrainingHistory());
        assertEquals(3, Files.readAllLines(file).size());
    }

    @Test
    void aResumedRunKeepsTheLinesOfCompletedEpochsOnly() throws Exception {
        Path file = dir.resolve("steps.jsonl");
        Files.writeString(file, "{\"step\":0,\"epoch\":1}\n{\"step\":1,\"epoch\":2}\n{\"step\":2,\"epoch\":3}\n");
        TrainingHistory resumed = new TrainingHistory();
        resumed.add(epoch(1));
        resumed.add(epoch(2));
        StepLog log = new StepLog(file, 1);
        log.onTrainStart(resumed, 4);
        log.onStep(new StepMetrics(2, 3, 0.5, 0.1, 2.0, 8, 4.0));
        log.onTrainEnd(resumed);
        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of("{\"step\":0,\"epoch\":1}", "{\"step\":1,\"epoch\":2}"), lines.subList(0, 2));
        assertEquals(3, lines.size());
        assertThrows(IllegalArgumentException.class, () -> new StepLog(file, 0));
    }

    @Test
    void aLogThatNumberedEpochsFromZeroIsRenumberedOnResume() throws Exception {
        Path file = dir.resolve("steps.jsonl");
        Files.writeString(file, "{\"step\":0,\"epoch\":0,\"loss\":1.0}\n{\"step\":1,\"epoch\":1,\"loss\":0.5}\n"
                + "{\"step\":2,\"epoch\":2,\"loss\":0.25}\n");
        TrainingHistory resumed = new TrainingHistory();
        resumed.add(epoch(1));
        resumed.add(epoch(2));
        StepLog log = new StepLog(file, 1);
        log.onTrainStart(resumed, 4);
        log.onTrainEnd(resumed);
        assertEquals(List.of("{\"step\":0,\"epoch\":1,\"loss\":1.0}", "{\"step\":1,\"epoch\":2,\"loss\":0.5}"),
                Files.readAllLines(file), "the two completed epochs kept, numbered from 1");
    }
}
