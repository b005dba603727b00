package dev.tessera.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The batches of one epoch of a {@link DataLoader}, in order. With prefetching, a daemon thread fills a bounded queue
 * ahead of the consumer; {@link #close()} stops it and closes the batches it prepared but did not hand out.
 * {@link #next()} hands each batch to the calling thread's current scope (see {@link DataLoader}).
 */
public final class EpochIterator implements Iterator<Batch>, AutoCloseable {
    /** What the background thread puts in the queue: a batch, a failure, or nothing more. */
    private sealed interface Item permits Ready, Failed {
    }

    private record Ready(Batch batch) implements Item {
    }

    private record Failed(int index, Throwable error) implements Item {
    }

    private final DataLoader loader;
    private final int epoch;
    private final int[] order;
    private final int count;
    private final BlockingQueue<Item> queue;
    private final Thread worker;
    private int delivered;
    private boolean finished;
    private volatile boolean closed;

    EpochIterator(DataLoader loader, int epoch, int[] order, int count, int prefetch) {
        this.loader = loader;
        this.epoch = epoch;
        this.order = order;
        this.count = count;
        if (prefetch > 0 && count > 0) {
            queue = new ArrayBlockingQueue<>(prefetch);
            worker = new Thread(this::produce, "tessera-dataloader-epoch-" + epoch);
            worker.setDaemon(true);
            worker.start();
        } else {
            queue = null;
            worker = null;
        }
    }

    /** The epoch number. */
    public int epoch() {
        return epoch;
    }

    /** Number of batches in this epoch. */
    public int batchCount() {
        return count;
    }

    /** The background thread's loop: prepare every batch in order, stopping at the first failure or on close. */
    private void produce() {
        for (int i = 0; i < count && !closed; i++) {
            Item item;
            try {
                item = new Ready(loader.prepare(order, i));
            } catch (Throwable t) {
                item = new Failed(i, t);
            }
            try {
                queue.put(item);
            } catch (InterruptedException e) {
                if (item instanceof Ready r) {
                    r.batch().close();
                }
                return;
            }
            if (item instanceof Failed) {
                return;
            }
        }
    }

    @Override
    public boolean hasNext() {
        return !finished && !closed && delivered < count;
    }

    /**
     * The next batch, owned by the caller (tracked by the calling thread's current scope).
     *
     * @throws DataLoaderException   when preparing it failed (the cause is the original exception)
     * @throws NoSuchElementException after the last batch, a failure, or close
     */
    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("DataLoader: epoch " + epoch + " has no more batches (" + delivered
                    + " of " + count + " delivered" + (closed ? ", iterator closed" : "") + ")");
        }
        if (worker == null) {
            try {
                return loader.prepare(order, delivered++);
            } catch (RuntimeException | Error e) {
                finished = true;
                throw new DataLoaderException("DataLoader: preparing batch " + (delivered - 1) + " of epoch " + epoch
                        + " failed: " + e, e);
            }
        }
        Item item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataLoaderException("DataLoader: interrupted while waiting for batch " + delivered
                    + " of epoch " + epoch, e);
        }
        if (item instanceof Failed f) {
            finished = true;
            close();
            throw new DataLoaderException("DataLoader: the background thread failed preparing batch " + f.index()
                    + " of epoch " + epoch + ": " + f.error(), f.error());
        }
        delivered++;
        if (delivered == count) {
            finished = true;
        }
        return ((Ready) item).batch().handOver();
    }

    /**
     * Stops the background thread and closes the batches it prepared but did not hand out; batches already handed
     * out stay open (their owners close them). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (worker == null) {
            return;
        }
        worker.interrupt();
        boolean interrupted = false;
        while (true) {
            try {
                worker.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        for (Item item; (item = queue.poll()) != null; ) {
            if (item instanceof Ready r) {
                r.batch().close();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
