package dev.tessera.cpu;

import dev.tessera.DType;
import dev.tessera.backend.HostArrays;
import dev.tessera.MemoryStats;
import dev.tessera.backend.MemoryCounter;
import dev.tessera.backend.reference.HeapBuffer;
import java.util.ArrayDeque;

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
    /** Number of buckets: 1..64 exactly, then four steps per power of two up to 2^31. */
    private static final int BUCKETS = 65 + 26 * 4;

    /** Free arrays per dtype (ordinal) and bucket; a list is created on first use. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private final ArrayDeque<Object>[][] free = new ArrayDeque[DType.values().length][BUCKETS];
    private long cachedBytes;
    private long freshArrays;

    /** A pool that keeps at most {@code maxCachedBytes} of free arrays. */
    BufferPool(long maxCachedBytes) {
        this.maxCachedBytes = maxCachedBytes;
    }

    /**
     * The bucket of {@code n} elements: n itself (at least 1) up to 64, else one of the four buckets
     * {@code q * 2^s} (q = 4..7) of the power of two above n: n rounded up to a multiple of
     * {@code 2^(floor(log2 n) - 2)}.
     */
    static int bucket(int n) {
        if (n <= 64) {
            return Math.max(n, 1);
        }
        int s = 31 - Integer.numberOfLeadingZeros(n) - 2;
        int q = (int) ((n + (1L << s) - 1) >>> s);
        if (q == 8) {
            s++;
            q = 4;
        }
        return 65 + (s - 4) * 4 + (q - 4);
    }

    /** The array length of a bucket (at most the largest array length the JVM allows). */
    static int capacityOf(int bucket) {
        if (bucket <= 64) {
            return bucket;
        }
        int i = bucket - 65;
        long cap = (long) (4 + i % 4) << (4 + i / 4);
        return (int) Math.min(cap, Integer.MAX_VALUE - 8);
    }

    /** The array length that serves {@code n} elements: at most 25% more than n. */
    static int capacity(int n) {
        return capacityOf(bucket(n));
    }

    /** A buffer of {@code numel} elements of {@code dtype}, from the cache when one of its bucket is free. */
    HeapBuffer allocate(DType dtype, int numel) {
        if (numel < 0) {
            throw new IllegalArgumentException("cpu: cannot allocate a negative number of elements: " + numel);
        }
        int bucket = bucket(numel);
        Object array = take(dtype, bucket);
        if (array == null) {
            array = fresh(dtype, capacityOf(bucket), numel);
        }
        HeapBuffer b = HeapBuffer.wrap(dtype, numel, array);
        counter.allocated(b.bytes());
        return b;
    }

    /** Returns a buffer's array to the cache (or drops it when the cache is full). */
    void free(HeapBuffer buffer) {
        counter.freed(buffer.bytes());
        Object array = buffer.array();
        int bucket = bucket(HeapBuffer.arrayIndex(buffer.numel()));
        long bytes = (long) capacityOf(bucket) * buffer.dtype().byteSize();
        synchronized (this) {
            if (cachedBytes + bytes > maxCachedBytes) {
                return;
            }
            ArrayDeque<Object>[] lists = free[buffer.dtype().ordinal()];
            if (lists[bucket] == null) {
                lists[bucket] = new ArrayDeque<>();
            }
            lists[bucket].push(array);
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
        for (ArrayDeque<Object>[] lists : free) {
            java.util.Arrays.fill(lists, null);
        }
        cachedBytes = 0;
    }

    private synchronized Object take(DType dtype, int bucket) {
        ArrayDeque<Object> list = free[dtype.ordinal()][bucket];
        if (list == null || list.isEmpty()) {
            return null;
        }
        cachedBytes -= (long) capacityOf(bucket) * dtype.byteSize();
        return list.pop();
    }

    private Object fresh(DType dtype, int cap, int numel) {
        synchronized (this) {
            freshArrays++;
        }
        try {
            return HostArrays.allocate(dtype, cap);
        } catch (OutOfMemoryError first) {
            clear();
            try {
                return HostArrays.allocate(dtype, cap);
            } catch (OutOfMemoryError second) {
                OutOfMemoryError e = new OutOfMemoryError("cpu: cannot allocate " + dtype + " buffer of " + numel
                        + " elements (" + (long) cap * dtype.byteSize() + " bytes); " + stats()
                        + "; Java heap max " + Runtime.getRuntime().maxMemory() + " bytes (raise it with -Xmx)");
                e.initCause(second);
                throw e;
            }
        }
    }
}
