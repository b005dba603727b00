package dev.tessera.cli;

import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.data.Batch;
import dev.tessera.data.CharTextDataset;
import dev.tessera.train.BatchSource;
import dev.tessera.train.IndexedBatches;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The mini-batches of {@code tessera lm}: training "epochs" are rounds of random windows between two validations,
 * validation is every non-overlapping validation window once (see {@link CharTextDataset}).
 */
final class LmBatches {
    /** Validation windows per batch. */
    static final int VALIDATION_BATCH = 256;

    private LmBatches() {
    }

    /**
     * Round r has {@code steps[r]} batches of {@code batch} windows at the starts
     * {@link CharTextDataset#trainStarts}{@code (seed, r, steps[r] * batch)}, so a round depends only on the seed and
     * its index (the trainer's generator is not used).
     */
    static BatchSource training(CharTextDataset data, int batch, long seed, int[] steps, Device device) {
        return new BatchSource() {
            @Override
            public Iterator<Batch> epoch(Generator rng) {
                return epoch(0, rng);
            }

            @Override
            public Iterator<Batch> epoch(int index, Generator rng) {
                int count = steps[index];
                int[] starts = data.trainStarts(seed, index, count * batch);
                return new IndexedBatches("LmBatches: the pass", count,
                        i -> data.trainBatch(Arrays.copyOfRange(starts, i * batch, (i + 1) * batch), device));
            }

            @Override
            public int batchCount() {
                return steps[0];
            }
        };
    }

    /** Every non-overlapping validation window, in order, {@value #VALIDATION_BATCH} per batch (the last fewer). */
    static BatchSource validation(CharTextDataset data, Device device) {
        int windows = data.validationWindows();
        int count = (windows + VALIDATION_BATCH - 1) / VALIDATION_BATCH;
        return new BatchSource() {
            @Override
            public Iterator<Batch> epoch(Generator rng) {
                return new IndexedBatches("LmBatches: the pass", count, i -> data.validationBatch(
                        i * VALIDATION_BATCH, Math.min(VALIDATION_BATCH, windows - i * VALIDATION_BATCH), device));
            }

            @Override
            public int batchCount() {
                return count;
            }
        };
    }

    /**
     * The steps of each round: {@code epochs} rounds of {@code perEpoch} steps when {@code epochs} is given, else
     * {@code steps} cut into rounds of {@code evalEvery} (the last one shorter when they do not divide).
     */
    static int[] rounds(Integer steps, Integer epochs, int evalEvery, int perEpoch) {
        if (epochs != null) {
            int[] r = new int[epochs];
            Arrays.fill(r, perEpoch);
            return r;
        }
        int n = (steps + evalEvery - 1) / evalEvery;
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = Math.min(evalEvery, steps - i * evalEvery);
        }
        return r;
    }
}
