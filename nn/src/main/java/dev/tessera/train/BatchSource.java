package dev.tessera.train;

import dev.tessera.Generator;
import dev.tessera.data.Batch;
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

    /** Number of batches per epoch, or -1 when unknown (progress bars use it). */
    default int batchCount() {
        return -1;
    }
}
