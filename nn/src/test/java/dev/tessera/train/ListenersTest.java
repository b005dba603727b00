package dev.tessera.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.loss.MSELoss;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.TensorOptions;
import dev.tessera.optim.SGD;
import dev.tessera.testing.TorchFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI-facing listeners: per-epoch lines, the progress bar and the metrics CSV (also across a resume). */
class ListenersTest {
    private static final TensorOptions O = new TensorOptions(TorchFixture.DEVICE, DType.FLOAT64, new Generator(2));
    @TempDir
    Path dir;

    private Trainer trainer(Sequential m, TrainerConfig.Builder c) {
        return new Trainer(m, new MSELoss(), new SGD(m.namedParameters(), 0.05), null, c.build());
    }

    private BatchSource data() {
        Tensor x = Tensor.ones(Shape.of(6, 2), DType.FLOAT64, TorchFixture.DEVICE);
        return new TensorBatches(x, x.slice(1, 0, 1), 2, false, false);
    }

    @Test
    void epochLoggerAndProgressBarPrintReadableLines() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ByteArrayOutputStream bar = new ByteArrayOutputStream();
        Sequential m = new Sequential(new Linear(2, 1, true, O));
        trainer(m, TrainerConfig.builder().epochs(2)).addListener(new EpochLogger(new PrintStream(log, true,
                StandardCharsets.UTF_8))).addListener(new ProgressBar(new PrintStream(bar, true,
                StandardCharsets.UTF_8), 0)).fit(data(), data());
        String[] lines = log.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].matches("\\[1/2] epoch 1: loss \\d+\\.\\d{4} \\| val loss \\d+\\.\\d{4} "
                + "\\| lr 0\\.0500 \\| "
                + "\\d+ samples/s \\| \\d+\\.\\ds"), lines[0]);
        assertEquals("training completed after 2 epochs", lines[2]);
        String progress = bar.toString(StandardCharsets.UTF_8);
        assertTrue(progress.contains("\repoch 2/2 [==============================] 3/3 loss "), progress);
        assertTrue(progress.matches("(?s).*\\| 0 s left \\| \\d+\\.\\d batches/s\n.*"), progress);
        ByteArrayOutputStream sized = new ByteArrayOutputStream();
        trainer(m, TrainerConfig.builder().epochs(1)).addListener(new ProgressBar(new PrintStream(sized, true,
                StandardCharsets.UTF_8), 0, 4)).fit(data(), data());
        assertTrue(sized.toString(StandardCharsets.UTF_8).matches("(?s).*\\| \\d+ s left \\| \\d+ samples/s.*"),
                sized.toString(StandardCharsets.UTF_8));
        ProgressBar unknown = new ProgressBar(System.out, 0);
        assertEquals("epoch 1/0 batch 4", unknown.line(1, 4, -1));
    }

    @Test
    void metricsCsvHoldsEveryEpochAcrossAResume() throws Exception {
        Path csv = dir.resolve("metrics.csv");
        Sequential m = new Sequential(new Linear(2, 1, true, O));
        trainer(m, TrainerConfig.builder().epochs(2).checkpoints(dir, 1)).addListener(new MetricsCsv(csv))
                .fit(data(), null);
        trainer(m, TrainerConfig.builder().epochs(3).resumeFrom(dir.resolve(Trainer.CHECKPOINT_FILE)))
                .addListener(new MetricsCsv(csv)).fit(data(), null);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(EpochMetrics.CSV_HEADER, lines.get(0));
        assertEquals(4, lines.size());
        for (int e = 0; e < 3; e++) {
            EpochMetrics row = EpochMetrics.parseCsvRow(lines.get(e + 1));
            assertEquals(e + 1, row.epoch(), "metrics.csv numbers epochs from 1");
            assertTrue(Double.isNaN(row.valLoss()));
            assertEquals(6, row.trainSamples());
        }
    }
}
