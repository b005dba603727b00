package dev.tessera.train;

import dev.tessera.Scope;
import dev.tessera.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch and step events of a {@link Trainer} epoch, queued with each batch's loss still on the device and handed
 * to the listeners in their original order at a sync: {@link #due()} says when one is due (after
 * {@link TrainerConfig#listenerSyncBatches()} queued batches or {@link TrainerConfig#listenerSyncMillis()} ms since
 * the previous one), and the trainer syncs at every epoch end. A sync reads every queued loss in one read. A step's
 * {@link StepMetrics#loss()} is the mean of its micro-batches' losses, summed here across syncs.
 */
final class ListenerQueue implements AutoCloseable {
    private final List<TrainingListener> listeners;
    private final int maxBatches;
    private final long intervalNanos;
    private final List<Event> events = new ArrayList<>();
    private int queuedBatches;
    private long lastSync = System.nanoTime();
    private double stepLossSum;
    private int stepBatches;

    /** Batch {@code batch} (or none, -1, for a step after the last batch) and the optimizer step it ended. */
    private record Event(int epoch, int batch, int batches, Tensor loss, boolean skipped, StepMetrics step) {
    }

    ListenerQueue(List<TrainingListener> listeners, int maxBatches, long intervalMillis) {
        this.listeners = listeners;
        this.maxBatches = maxBatches;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /**
     * Queues training batch {@code batch} of epoch number {@code epoch} with its one-element {@code loss} (kept, as a
     * detached view, until the sync) and the step it ended (its loss not yet known), or null.
     */
    void batch(int epoch, int batch, int batches, Tensor loss, boolean skipped, StepMetrics step) {
        events.add(new Event(epoch, batch, batches, Scope.persist(loss.detach()), skipped, step));
        queuedBatches++;
    }

    /** Queues an optimizer step that ended after the epoch's last batch (the rest of an accumulation). */
    void step(StepMetrics step) {
        events.add(new Event(step.epoch(), -1, 0, null, true, step));
    }

    /** Whether a sync is due: enough batches queued or enough time since the previous sync. */
    boolean due() {
        return queuedBatches >= maxBatches || System.nanoTime() - lastSync >= intervalNanos;
    }

    /**
     * Reads the queued losses (one read) and delivers the events in order, up to but excluding training batch
     * {@code stopBefore} of the last queued epoch and everything after it; empties the queue.
     */
    void deliver(int stopBefore) {
        List<Event> queued = List.copyOf(events);
        events.clear();
        queuedBatches = 0;
        lastSync = System.nanoTime();
        double[] losses = read(queued);
        for (int i = 0; i < queued.size(); i++) {
            Event e = queued.get(i);
            if (e.batch() >= stopBefore) {
                return;
            }
            if (e.loss() != null && !e.skipped()) {
                stepLossSum += losses[i];
                stepBatches++;
            }
            if (e.step() != null) {
                StepMetrics m = e.step();
                StepMetrics done = new StepMetrics(m.step(), m.epoch(), stepBatches == 0 ? Double.NaN
                        : stepLossSum / stepBatches, m.lr(), m.gradientNorm(), m.samples(), m.samplesPerSecond());
                stepLossSum = 0;
                stepBatches = 0;
                for (TrainingListener l : listeners) {
                    l.onStep(done);
                }
            }
            if (e.batch() >= 0) {
                for (TrainingListener l : listeners) {
                    l.onBatchEnd(e.epoch(), e.batch(), e.batches(), losses[i], e.skipped());
                }
            }
        }
    }

    /** The loss of each queued event (NaN for step-only events), read in one read; closes the queued losses. */
    private static double[] read(List<Event> queued) {
        double[] out = new double[queued.size()];
        List<Tensor> held = new ArrayList<>();
        for (Event e : queued) {
            if (e.loss() != null) {
                held.add(e.loss());
            }
        }
        try {
            if (held.isEmpty()) {
                return out;
            }
            double[] values;
            try (Scope s = Scope.open()) {
                Tensor[] flat = new Tensor[held.size()];
                for (int i = 0; i < flat.length; i++) {
                    flat[i] = held.get(i).reshape(1).to(held.get(0).dtype());
                }
                values = Tensor.concat(0, flat).toDoubleArray();
            }
            int k = 0;
            for (int i = 0; i < out.length; i++) {
                out[i] = queued.get(i).loss() == null ? Double.NaN : values[k++];
            }
            return out;
        } finally {
            held.forEach(Tensor::close);
        }
    }

    /** Frees the losses of events never delivered. */
    @Override
    public void close() {
        for (Event e : events) {
            if (e.loss() != null) {
                e.loss().close();
            }
        }
        events.clear();
    }
}
