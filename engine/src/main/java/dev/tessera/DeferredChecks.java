package dev.tessera;

import dev.tessera.backend.Buffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Index and label range checks that run on the device and are raised later, without a host read per op.
 *
 * <p>By default (outside any {@link #defer} context) gather, scatterAdd, indexSelect, oneHot and
 * softmaxCrossEntropy check that every index {@code i} satisfies {@code 0 <= i < n} before they launch, which costs
 * two blocking device-to-host reads per op (see {@link Tessera#setIndexChecks}). Inside a context opened by
 * {@link #defer(String)} on the calling thread, the same ops instead
 * <ol>
 * <li>reduce the indices to their minimum and maximum on the device and append both to the device's check log (an
 *     INT32 device buffer of {@link #CAPACITY} pairs; no read), remembering on the host the op, {@code n} and the
 *     context's description of where it ran (e.g. {@code "epoch 2, batch 37"});</li>
 * <li>clamp the indices to {@code [0, n)} on the device before launching, so an out-of-range index never reads or
 *     writes outside a buffer on any backend: the result is wrong but never out of bounds, and the error below is
 *     raised before anyone can read it.</li>
 * </ol>
 * The log is read, and the first failed check raised as an {@link IndexOutOfBoundsException} such as
 * {@code "softmaxCrossEntropy: label 12 is out of range [0, 10) in epoch 1, batch 37"}, at the next point where the
 * host waits for that device anyway: any {@code item()}, {@code get}, {@code toFloatArray}/{@code toDoubleArray}/
 * {@code toIntArray} or {@code to(Device)} of a tensor on it (also of a tensor unrelated to the failed op, as with
 * PyTorch's asynchronous CUDA errors), an explicit {@link #raisePending(Device)}, or when the log is full (one read
 * per {@link #CAPACITY} checks). Reading the log frees it.
 *
 * <p>The {@code dev.tessera.train.Trainer} runs each training and evaluation batch inside such a context and calls
 * {@link #raisePending} at each epoch end, so a bad label fails the run at the end of the epoch at the latest,
 * naming its batch. Code that calls the losses directly keeps the eager check unless it opens a context itself.
 * With {@link Tessera#setIndexChecks} off, neither check runs (and nothing is clamped).
 */
public final class DeferredChecks {
    /** Checks a device's log holds between two reads; the next check reads it first. */
    public static final int CAPACITY = 256;
    private static final ThreadLocal<String> WHERE = new ThreadLocal<>();
    private static final Map<Device, DeviceCheckLog> LOGS = new ConcurrentHashMap<>();

    private DeferredChecks() {
    }

    /**
     * Defers the range checks of the ops this thread runs until the returned context is closed (contexts nest; the
     * innermost description is used).
     *
     * @param where how an error names the place of a failed check, e.g. {@code "epoch 2, batch 37"}
     * @throws IllegalArgumentException when where is null or blank
     */
    public static Context defer(String where) {
        if (where == null || where.isBlank()) {
            throw new IllegalArgumentException("DeferredChecks.defer: a description of where the checks run is "
                    + "needed, e.g. \"batch 37\"; got " + (where == null ? "null" : "'" + where + "'"));
        }
        Context c = new Context(WHERE.get());
        WHERE.set(where);
        return c;
    }

    /** Whether checks on this thread are deferred now. */
    public static boolean active() {
        return WHERE.get() != null;
    }

    /** Deferred checks recorded on {@code device} and not yet read. */
    public static int pending(Device device) {
        DeviceCheckLog log = LOGS.get(device);
        return log == null ? 0 : log.size();
    }

    /**
     * Reads {@code device}'s check log when it holds any check (one read, which waits for the device), frees it,
     * and throws for the first failed check.
     *
     * @throws IndexOutOfBoundsException naming the op, the offending value, the range and where it ran
     */
    public static void raisePending(Device device) {
        DeviceCheckLog log = LOGS.get(device);
        if (log != null) {
            log.drain();
        }
    }

    /**
     * Records the check that every element of the dense INT32 {@code index} is in {@code [0, n)} in the log of its
     * device, named by {@code op} and {@code what} ("label", "index") and this thread's context.
     */
    static void record(String op, Tensor index, int n, String what) {
        record(index.device(), index.buffer(), index.numel(), op, n, what);
    }

    /** {@link #record(String, Tensor, int, String)} of the first {@code count} elements of a buffer of {@code device}. */
    static void record(Device device, Buffer index, long count, String op, int n, String what) {
        LOGS.computeIfAbsent(device, d -> new DeviceCheckLog(d.backend()))
                .record(index, count, new DeviceCheckLog.Check(op, what, n, WHERE.get()));
    }

    /** The scope of {@link #defer}: closing it restores the enclosing context (or eager checks). */
    public static final class Context implements AutoCloseable {
        private final String previous;
        private final Thread thread = Thread.currentThread();
        private boolean closed;

        private Context(String previous) {
            this.previous = previous;
        }

        /**
         * Ends the deferral on this thread (pending checks stay in the log).
         *
         * @throws IllegalStateException when called from another thread than the one that opened it
         */
        @Override
        public void close() {
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("DeferredChecks.Context: closed on " + Thread.currentThread().getName()
                        + " but opened on " + thread.getName());
            }
            if (!closed) {
                closed = true;
                if (previous == null) {
                    WHERE.remove();
                } else {
                    WHERE.set(previous);
                }
            }
        }
    }
}
