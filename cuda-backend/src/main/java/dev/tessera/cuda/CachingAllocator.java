package dev.tessera.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A caching device allocator. Requests are rounded up to a size bucket (512 bytes, then four buckets per power of
 * two, so at most a quarter is wasted); a returned block goes to its bucket's free list and serves the next request
 * of that bucket without a driver call. Reuse is safe without synchronisation because all work runs on one
 * stream: whatever used the block before is queued ahead of whatever uses it next.
 *
 * <p>When the device is out of memory, the allocator waits for queued work, releases every cached block and
 * retries once; if that fails too it throws {@link CudaOutOfMemoryException} naming the request and the usage.
 * Thread-safe.
 *
 * <p>While a step is captured ({@link #beginPool}), every block handed out joins that graph's {@link GraphPool}
 * and stays the graph's until {@link #closePool}: freed blocks go back to the pool, not to the shared cache. The
 * out-of-memory retry is not made during a capture (waiting for the stream is not allowed then).
 */
final class CachingAllocator {
    /** The smallest bucket; every bucket is a multiple of it up to 2 KiB. */
    static final long MIN_BUCKET = 512;

    private final DeviceMemory memory;
    private final String device;
    private final Map<Long, ArrayDeque<Block>> free = new HashMap<>();
    private long cachedBytes;
    private long reservedBytes;
    private long driverAllocations;
    /** The pool of the step being captured, or null. */
    private GraphPool capturing;
    /** The pool of every block that belongs to a live graph. */
    private final Map<Block, GraphPool> pooled = new IdentityHashMap<>();

    CachingAllocator(DeviceMemory memory, String device) {
        this.memory = memory;
        this.device = device;
    }

    /**
     * The bucket of a request: 512 bytes up to 512, else {@code bytes} rounded up to a multiple of a quarter of the
     * power of two below it ({@code 2^k < bytes <= 2^(k+1)} rounds to a multiple of {@code 2^(k-2)}).
     */
    static long bucketSize(long bytes) {
        if (bytes <= MIN_BUCKET) {
            return MIN_BUCKET;
        }
        int k = 63 - Long.numberOfLeadingZeros(bytes - 1);
        long step = 1L << (k - 2);
        return (bytes + step - 1) / step * step;
    }

    /**
     * A block of at least {@code bytes} (> 0), from the cache or the device.
     *
     * @param what the request as the error should name it, e.g. "FLOAT32 x 1000"
     * @throws CudaOutOfMemoryException when the device has no room even after the cache was released
     */
    synchronized Block acquire(long bytes, String what) {
        long size = bucketSize(bytes);
        Block b = capturing == null ? null : capturing.reuse(size);
        if (b == null) {
            b = acquireShared(size, bytes, what);
        }
        if (capturing != null) {
            capturing.add(b);
            pooled.put(b, capturing);
        }
        return b;
    }

    private Block acquireShared(long size, long bytes, String what) {
        ArrayDeque<Block> list = free.get(size);
        if (list != null && !list.isEmpty()) {
            cachedBytes -= size;
            return list.pop();
        }
        Block b = memory.allocate(size);
        if (b == null && capturing != null) {
            long[] ft = memory.freeAndTotal();
            throw new CudaOutOfMemoryException(String.format("%s: out of memory allocating %,d bytes (%s, bucket %,d "
                    + "bytes) while capturing %s (the cache cannot be released during a capture): %,d bytes reserved "
                    + "by this allocator, %,d of them cached; device free %,d of %,d bytes", device, bytes, what, size,
                    capturing, reservedBytes, cachedBytes, ft[0], ft[1]));
        }
        if (b == null) {
            long released = cachedBytes;
            emptyCache();
            b = memory.allocate(size);
            if (b == null) {
                long[] ft = memory.freeAndTotal();
                throw new CudaOutOfMemoryException(String.format(
                        "%s: out of memory allocating %,d bytes (%s, bucket %,d bytes): %,d bytes reserved by this "
                                + "allocator (%,d of them cached and released before retrying), device free %,d of "
                                + "%,d bytes", device, bytes, what, size, reservedBytes, released, ft[0], ft[1]));
            }
        }
        reservedBytes += size;
        driverAllocations++;
        return b;
    }

    /** Puts a block back into its bucket's free list, or into its graph's pool (no driver call). */
    synchronized void recycle(Block b) {
        GraphPool pool = pooled.get(b);
        if (pool != null) {
            pool.recycle(b);
            return;
        }
        free.computeIfAbsent(b.size, s -> new ArrayDeque<>()).push(b);
        cachedBytes += b.size;
    }

    /**
     * Starts the pool of a step capture: blocks handed out from now until {@link #endPool()} belong to it.
     *
     * @throws IllegalStateException when a capture's pool is already open
     */
    synchronized GraphPool beginPool(String name) {
        if (capturing != null) {
            throw new IllegalStateException(device + ": cannot capture " + name + " while capturing " + capturing);
        }
        capturing = new GraphPool(name);
        return capturing;
    }

    /** Ends the capture's pool: its blocks stay the graph's, and later allocations come from the shared cache. */
    synchronized void endPool() {
        if (capturing != null) {
            capturing.endCapture();
            capturing = null;
        }
    }

    /** Whether {@code b} belongs to {@code pool}. */
    synchronized boolean owns(GraphPool pool, Block b) {
        return pooled.get(b) == pool;
    }

    /**
     * The graph of {@code pool} is gone: its freed blocks join the shared cache, and its blocks still in use go there
     * when they are freed. Ends the capture's pool first if it is this one. Idempotent.
     */
    synchronized void closePool(GraphPool pool) {
        if (capturing == pool) {
            endPool();
        }
        pooled.values().removeIf(p -> p == pool);
        for (Block b : pool.drain()) {
            free.computeIfAbsent(b.size, s -> new ArrayDeque<>()).push(b);
            cachedBytes += b.size;
        }
    }

    /**
     * Waits for queued work and returns every cached block to the device.
     *
     * @throws IllegalStateException during a step capture (waiting for the stream would invalidate it)
     */
    synchronized void emptyCache() {
        if (capturing != null) {
            throw new IllegalStateException(device + ": cannot release cached memory while capturing " + capturing
                    + " (it waits for the stream)");
        }
        if (cachedBytes == 0) {
            return;
        }
        memory.synchronize();
        for (ArrayDeque<Block> list : free.values()) {
            for (Block b : list) {
                memory.release(b);
                reservedBytes -= b.size;
            }
            list.clear();
        }
        cachedBytes = 0;
    }

    /** Bytes held in free lists, ready for reuse. */
    synchronized long cachedBytes() {
        return cachedBytes;
    }

    /** Bytes allocated from the device and not released (in use plus cached, in bucket sizes). */
    synchronized long reservedBytes() {
        return reservedBytes;
    }

    /** How many blocks were allocated from the device (cache misses). */
    synchronized long driverAllocations() {
        return driverAllocations;
    }
}
