package dev.tessera.cpu;

import dev.tessera.DType;
import dev.tessera.MemoryStats;
import dev.tessera.backend.MemoryCounter;
import dev.tessera.backend.reference.HeapBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU backend's allocator: size-bucketed free lists of {@code float[]}, {@code double[]} and {@code int[]} so
 * that a training step reuses its arrays instead of touching fresh memory (page faults on new large arrays cost
 * 5-10x here).
 *
 * <p>A request for n elements is served by an array of the bucket capacity {@link #capacity(int)} (n rounded up to
 * one of four steps per power of two, so at most 25% slack), wrapped by {@link HeapBuffer#wrap} with numel n.
 * Contents of a reused array are whatever its last user left (the SPI leaves them unspecified). Freed arrays are
 * cached up to {@code maxCachedBytes}; beyond that they are dropped for the garbage collector. When the heap is
 * exhausted the cache is emptied and the allocation retried once; a second failure throws an
 * {@link OutOfMemoryError} naming the request and the usage. Thread-safe.
 */
final class BufferPool {
    private final long maxCachedBytes;
    private final MemoryCounter counter = new MemoryCounter();
    private final Map<Integer, ArrayDeque<Object>> floats = new HashMap<>();
    private final Map<Integer, ArrayDeque<Object>> doubles = new HashMap<>();
    private final Map<Integer, ArrayDeque<Object>> ints = new HashMap<>();
    private long cachedBytes;
    private long freshArrays;

    /** A pool that keeps at most {@code maxCachedBytes} of free arrays. */
    BufferPool(long maxCachedBytes) {
        this.maxCachedBytes = maxCachedBytes;
    }

    /**
     * The bucket capacity for {@code n} elements: n itself up to 64, else n rounded up to a multiple of
     * {@code 2^(floor(log2 n) - 2)}.
     */
    static int capacity(int n) {
        if (n <= 64) {
            return Math.max(n, 1);
        }
        int shift = 31 - Integer.numberOfLeadingZeros(n) - 2;
        long step = 1L << shift;
        long cap = (n + step - 1) / step * step;
        return (int) Math.min(cap, Integer.MAX_VALUE - 8);
    }

    /** A buffer of {@code numel} elements of {@code dtype}, from the cache when one of its bucket is free. */
    HeapBuffer allocate(DType dtype, int numel) {
        if (numel < 0) {
            throw new IllegalArgumentException("cpu: cannot allocate a negative number of elements: " + numel);
        }
        int cap = capacity(numel);
        Object array = take(dtype, cap);
        if (array == null) {
            array = fresh(dtype, cap, numel);
        }
        HeapBuffer b = HeapBuffer.wrap(dtype, numel, array);
        counter.allocated(b.bytes());
        return b;
    }

    /** Returns a buffer's array to the cache (or drops it when the cache is full). */
    void free(HeapBuffer buffer) {
        counter.freed(buffer.bytes());
        Object array = buffer.array();
        int cap = capacity(buffer.numel());
        long bytes = (long) cap * buffer.dtype().byteSize();
        synchronized (this) {
            if (cachedBytes + bytes > maxCachedBytes) {
                return;
            }
            lists(buffer.dtype()).computeIfAbsent(cap, c -> new ArrayDeque<>()).push(array);
            cachedBytes += bytes;
        }
    }

    /** Current accounting: bytes in live buffers, peak, bytes cached for reuse, live buffer count. */
    MemoryStats stats() {
        synchronized (this) {
            return counter.snapshot(cachedBytes);
        }
    }

    /** Number of arrays created so far (requests the cache could not serve). */
    synchronized long freshArrays() {
        return freshArrays;
    }

    /** Resets the peak to the current usage. */
    void resetPeak() {
        counter.resetPeak();
    }

    /** Drops every cached array. */
    synchronized void clear() {
        floats.clear();
        doubles.clear();
        ints.clear();
        cachedBytes = 0;
    }

    private synchronized Object take(DType dtype, int cap) {
        ArrayDeque<Object> list = lists(dtype).get(cap);
        if (list == null || list.isEmpty()) {
            return null;
        }
        cachedBytes -= (long) cap * dtype.byteSize();
        return list.pop();
    }

    private Object fresh(DType dtype, int cap, int numel) {
        synchronized (this) {
            freshArrays++;
        }
        try {
            return newArray(dtype, cap);
        } catch (OutOfMemoryError first) {
            clear();
            try {
                return newArray(dtype, cap);
            } catch (OutOfMemoryError second) {
                OutOfMemoryError e = new OutOfMemoryError("cpu: cannot allocate " + dtype + " buffer of " + numel
                        + " elements (" + (long) cap * dtype.byteSize() + " bytes); " + stats()
                        + "; Java heap max " + Runtime.getRuntime().maxMemory() + " bytes (raise it with -Xmx)");
                e.initCause(second);
                throw e;
            }
        }
    }

    private static Object newArray(DType dtype, int cap) {
        return switch (dtype) {
            case FLOAT32 -> new float[cap];
            case FLOAT64 -> new double[cap];
            case INT32 -> new int[cap];
        };
    }

    private Map<Integer, ArrayDeque<Object>> lists(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> floats;
            case FLOAT64 -> doubles;
            case INT32 -> ints;
        };
    }
}
