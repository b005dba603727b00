package dev.tessera.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Device;
import dev.tessera.MemoryStats;
import dev.tessera.Tensor;
import dev.tessera.Tessera;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.nn.Sequential;
import dev.tessera.optim.Adam;
import dev.tessera.train.TensorBatches;
import dev.tessera.train.Trainer;
import dev.tessera.train.TrainerConfig;
import dev.tessera.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Leak soak on every available device: an MLP (batch norm, dropout) trained with Adam and cross-entropy by the
 * {@link Trainer} (one {@link dev.tessera.Scope} per step, shuffled mini-batches) for {@code -Dtessera.soak.steps}
 * steps (default 2,000; the long run is 20,000). In debug mode, so a leak would be logged with its creation site.
 *
 * <p>Checked: the device's bytes and buffers in use ({@link Device#memoryStats()}, live buffers only, the allocator
 * cache excluded) are identical after every step once the first epoch has created the optimizer state; after the
 * model, optimizer state and data are closed, usage is back to what it was before the test, to the byte; and the
 * leak detector counts no buffer that the garbage collector freed instead of {@code close()}.
 */
class LeakSoakTest {
    private static final int BATCH = 32;
    private static final int BATCHES_PER_EPOCH = 8;

    @ParameterizedTest(name = "{0}")
    @MethodSource(AvailableDevices.SPECS)
    void trainingLeaksNoMemoryAndNoBuffer(String spec) throws InterruptedException {
        Device device = AvailableDevices.open(spec);
        int steps = Integer.getInteger("tessera.soak.steps", 2000);
        int epochs = Math.max(2, steps / BATCHES_PER_EPOCH);
        boolean wasDebug = Tessera.isDebug();
        Tessera.setDebug(true);
        try {
            long leakedBefore = Gc.settledLeakCount();
            MemoryStats base = device.memoryStats();
            device.resetPeak();
            Sequential model = Models.mlp(device, 11, 16, 32, 4);
            Adam optimizer = new Adam(model.namedParameters(), 1e-3);
            Tensor x = Models.features(device, 12, BATCH * BATCHES_PER_EPOCH, 16);
            Tensor y = Models.labels(device, x, 4);
            List<MemoryStats> samples = new ArrayList<>();
            TrainingListener sampler = new TrainingListener() {
                @Override
                public void onBatchEnd(int epoch, int batch, int batches, double loss, boolean skipped) {
                    if (epoch >= 2) { // epochs are numbered from 1: from the second on
                        samples.add(device.memoryStats());
                    }
                }
            };
            long start = System.nanoTime();
            new Trainer(model, new CrossEntropyLoss(), optimizer, null,
                    TrainerConfig.builder().epochs(epochs).seed(13).listenerSync(1, 0).build()).addListener(sampler)
                    .fit(new TensorBatches(x, y, BATCH, true, false), null);
            double seconds = (System.nanoTime() - start) / 1e9;
            MemoryStats first = samples.get(0);
            for (int i = 0; i < samples.size(); i++) {
                MemoryStats s = samples.get(i);
                assertTrue(s.bytesInUse() == first.bytesInUse() && s.liveBuffers() == first.liveBuffers(),
                        spec + ": memory in use moved from " + first + " after warm-up to " + s + " at step "
                                + (BATCHES_PER_EPOCH + i + 1));
            }
            MemoryStats peak = device.memoryStats();
            optimizer.closeState();
            model.close();
            x.close();
            y.close();
            MemoryStats end = device.memoryStats();
            assertEquals(base.bytesInUse(), end.bytesInUse(), spec + ": bytes still in use after closing everything");
            assertEquals(base.liveBuffers(), end.liveBuffers(),
                    spec + ": buffers still alive after closing everything");
            long leaked = Gc.settledLeakCount() - leakedBefore;
            assertEquals(0, leaked, spec + ": buffers freed by the garbage collector instead of close()");
            System.out.printf("leak soak on %s: %d steps in %.1f s, in use after warm-up %s, flat over %d steps;"
                    + " peak %,d B; after closing: %,d B leaked, %d buffers freed by the GC%n", spec,
                    epochs * BATCHES_PER_EPOCH, seconds, first, samples.size(), peak.peakBytes(),
                    end.bytesInUse() - base.bytesInUse(), leaked);
        } finally {
            Tessera.setDebug(wasDebug);
        }
    }
}
