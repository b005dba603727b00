package dev.tessera.train;

import dev.tessera.data.Batch;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;

/**
 * An iterator over a pass of {@code count} mini-batches made on demand: the i-th call to {@link #next} returns
 * {@code make.apply(i)}, for {@code i = 0 .. count - 1}. A {@link BatchSource}'s {@code epoch} can return one when
 * its batches are a function of their index.
 */
public final class IndexedBatches implements Iterator<Batch> {
    private final String pass;
    private final int count;
    private final IntFunction<Batch> make;
    private int next;

    /**
     * The batches {@code make.apply(0) .. make.apply(count - 1)}; {@code pass} names the pass in the message of a
     * {@link NoSuchElementException}, {@code "<pass> has <count> batches"}.
     */
    public IndexedBatches(String pass, int count, IntFunction<Batch> make) {
        this.pass = pass;
        this.count = count;
        this.make = make;
    }

    @Override
    public boolean hasNext() {
        return next < count;
    }

    /**
     * The next batch.
     *
     * @throws NoSuchElementException {@code "<pass> has <count> batches"} after the last one
     */
    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException(pass + " has " + count + " batches");
        }
        return make.apply(next++);
    }
}
