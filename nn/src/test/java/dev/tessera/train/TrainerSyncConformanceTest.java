package dev.tessera.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.DeferredChecks;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Tensor;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.loss.Loss;
import dev.tessera.nn.DeviceUnderTest;
import dev.tessera.nn.Linear;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.TensorOptions;
import dev.tessera.optim.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A training step does not wait for the device: on a device whose backend counts its reads (a
 * {@link CountingBackend} in front of the device under test), an epoch of the default {@link Trainer} reads the same
 * number of times whatever its number of batches, listeners still get every batch's and step's exact numbers, and a
 * bad label or a non-finite loss is raised at the epoch end naming its batch. Each backend module subclasses it.
 */
public abstract class TrainerSyncConformanceTest {
    private static final int FEATURES = 6;
    private static final int CLASSES = 10;
    private static final int BATCH = 4;
    private Device device;
    private CountingBackend counter;

    /** The spec of the device under test, e.g. {@code reference}, {@code cpu}. */
    protected abstract String deviceSpec();

    @BeforeEach
    void openDevice() {
        DeviceUnderTest.openOrSkip(deviceSpec());
        device = CountingProvider.wrap(deviceSpec());
        counter = CountingProvider.counter(device);
    }

    /** One run: a small classifier trained for {@code epochs} epochs on {@code batches} batches of labelled data. */
    private final class Run {
        final Sequential model;
        final Tensor x;
        final Tensor y;
        final Tensor valX;
        final Tensor valY;

        Run(int batches, int badLabelRow) {
            TensorOptions o = new TensorOptions(device, DType.FLOAT32, new Generator(5));
            model = new Sequential(new Linear(FEATURES, 16, true, o), new ReLU(), new Linear(16, CLASSES, true, o));
            int n = batches * BATCH;
            float[] features = new float[n * FEATURES];
            for (int i = 0; i < features.length; i++) {
                features[i] = (float) Math.sin(0.37 * i + 0.1);
            }
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i == badLabelRow ? CLASSES + 2 : (i * 7 + 3) % CLASSES;
            }
            x = Tensor.of(device, features, n, FEATURES);
            y = Tensor.of(device, labels, n);
            valX = x.slice(0, 0, Math.min(n, 2 * BATCH));
            valY = y.slice(0, 0, Math.min(n, 2 * BATCH));
        }

        /** Fits with {@code config} and {@code listener} (may be null); returns the reads it took. */
        long fit(TrainerConfig.Builder config, Loss loss, TrainingListener listener) {
            Trainer t = new Trainer(model, loss, new Adam(model.namedParameters(), 1e-2), null, config.build());
            if (listener != null) {
                t.addListener(listener);
            }
            counter.takeReads();
            try {
                t.fit(new TensorBatches(x, y, BATCH, true, false), new TensorBatches(valX, valY, BATCH, false, false));
            } finally {
                assertEquals(0, DeferredChecks.pending(device), "the sync read the check log");
            }
            return counter.takeReads();
        }

        long fit(TrainerConfig.Builder config) {
            return fit(config, new CrossEntropyLoss(), null);
        }
    }

    @Test
    void anEpochReadsAFixedNumberOfTimesWhateverItsLength() {
        long shortRun = new Run(3, -1).fit(TrainerConfig.builder().epochs(2).seed(1));
        long longRun = new Run(12, -1).fit(TrainerConfig.builder().epochs(2).seed(1));
        assertEquals(shortRun, longRun, "reads of 2 epochs of 3 batches vs of 12 batches: a read per step");
        assertTrue(longRun <= 2 * 8, "at most 8 reads per epoch (sums, check log, validation), got " + longRun);
    }

    /** The listener events of a run, one line each. */
    private static final class Recorder implements TrainingListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void onBatchEnd(int epoch, int batch, int batches, double loss, boolean skipped) {
            events.add(String.format(Locale.ROOT, "batch %d.%d/%d %s %b", epoch, batch, batches,
                    Double.doubleToRawLongBits(loss), skipped));
        }

        @Override
        public void onStep(StepMetrics m) {
            events.add(String.format(Locale.ROOT, "step %d e%d %s lr %s norm %s n %d", m.step(), m.epoch(),
                    Double.doubleToRawLongBits(m.loss()), m.lr(), m.gradientNorm(), m.samples()));
        }

        @Override
        public void onEpochEnd(EpochMetrics m) {
            events.add("epoch " + m.epoch() + " " + m.trainLoss() + " " + m.trainAccuracy() + " " + m.valLoss());
        }
    }

    @Test
    void listenersGetEveryBatchAndStepExactlyAtThrottledSyncs() {
        TrainerConfig.Builder everyBatch = TrainerConfig.builder().epochs(2).seed(3).accumulationSteps(2)
                .listenerSync(1, 0);
        TrainerConfig.Builder epochEnd = TrainerConfig.builder().epochs(2).seed(3).accumulationSteps(2)
                .listenerSync(1000, 3_600_000);
        Recorder synced = new Recorder();
        long syncedReads = new Run(11, -1).fit(everyBatch, new CrossEntropyLoss(), synced);
        Recorder queued = new Recorder();
        long queuedReads = new Run(11, -1).fit(epochEnd, new CrossEntropyLoss(), queued);
        assertEquals(synced.events, queued.events, "events synced after every batch vs queued to the epoch end");
        assertEquals(2 * (11 + 6 + 1), synced.events.size(), "per epoch: 11 batches, 6 steps (the last of one "
                + "batch), the epoch");
        long shortReads = new Run(3, -1).fit(TrainerConfig.builder().epochs(2).seed(3).accumulationSteps(2)
                .listenerSync(1000, 3_600_000), new CrossEntropyLoss(), new Recorder());
        assertEquals(shortReads, queuedReads, "reads with queued listener events: 3 vs 11 batches per epoch");
        assertTrue(syncedReads > queuedReads + 2 * 10, "a sync per batch reads per batch: " + syncedReads + " vs "
                + queuedReads);
    }

    @Test
    void aNonFiniteLossIsRaisedAtTheEpochEndNamingItsBatch() {
        int[] calls = {0};
        CrossEntropyLoss ce = new CrossEntropyLoss();
        Loss poisoned = (out, target) -> ++calls[0] == 5 ? ce.compute(out, target).mul(Double.NaN)
                : ce.compute(out, target);
        Run run = new Run(8, -1);
        Recorder seen = new Recorder();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> run.fit(TrainerConfig.builder().epochs(2).listenerSync(1000, 3_600_000), poisoned, seen));
        assertEquals(1, e.epoch());
        assertEquals(4, e.batch());
        assertEquals(4, e.step());
        assertEquals(4 * 2, seen.events.size(), "the listeners got the 4 batches (and steps) before the bad one");
    }

    @Test
    void aBadLabelIsRaisedAtTheEpochEndNamingItsBatch() {
        Run run = new Run(5, 2 * BATCH + 1);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> run.fit(TrainerConfig.builder().epochs(1).seed(2)));
        assertTrue(e.getMessage().matches("softmaxCrossEntropy: label 12 is out of range \\[0, 10\\) in epoch 1, "
                + "batch \\d \\(checked on the device, raised at the next read\\)"), e.getMessage());
        Run clean = new Run(5, -1);
        clean.fit(TrainerConfig.builder().epochs(1).seed(2));
    }
}
