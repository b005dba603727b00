package dev.tessera.train;

import dev.tessera.Generator;
import dev.tessera.data.Batch;
import dev.tessera.data.DataLoader;
import java.util.Iterator;

/**
 * Where a {@link Trainer} gets its mini-batches: one pass over the data per call. A source that shuffles must draw
 * its order only from the given generator, so that a run is reproducible from its seed and a resumed run sees the
 * same batches as an uninterrupted one. Batch tensors are created when the iterator hands them out; the trainer
 * closes them with the step's scope.
 */
public interface BatchSource {
    /** The mini-batches of one epoch, in order; shuffling draws from {@code rng}. */
    Iterator<Batch> epoch(Generator rng);

    /**
     * The mini-batches of epoch {@code index} (from 0); the trainer calls this form. By default the same as
     * {@link #epoch(Generator)}; a source whose order is fixed by its own seed and the epoch index overrides it, so a
     * resumed run sees the batches of an uninterrupted one.
     */
    default Iterator<Batch> epoch(int index, Generator rng) {
        return epoch(rng);
    }

    /**
     * A {@link DataLoader} as a source: epoch {@code i} is the loader's {@link DataLoader#epoch(int) epoch i}, shuffled
     * by the loader's own seed (the trainer's generator is not used), on the loader's device and with its prefetching.
     */
    static BatchSource of(DataLoader loader) {
        if (loader == null) {
            throw new IllegalArgumentException("BatchSource.of: loader is null");
        }
        return new BatchSource() {
            @Override
            public Iterator<Batch> epoch(Generator rng) {
                return loader.iterator();
            }

            @Override
            public Iterator<Batch> epoch(int index, Generator rng) {
                return loader.epoch(index);
            }

            @Override
            public int batchCount() {
                return loader.batchesPerEpoch();
            }
        };
    }

    /** Number of batches per epoch, or -1 when unknown (progress bars use it). */
    default int batchCount() {
        return -1;
    }
}
