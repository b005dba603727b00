package dev.tessera.cuda;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The graph-private memory of one captured step ({@link CudaStepCapture}): every block the {@link CachingAllocator}
 * hands out while the step is captured. A graph's kernels have these addresses baked in, so none of the blocks may
 * serve anything else while the graph lives: a block freed during the capture may serve a later allocation of the
 * same capture (the graph runs its work in capture order, as the stream would), one freed after the capture is held
 * until {@link CachingAllocator#closePool} returns the pool's free blocks to the shared cache. Guarded by the
 * allocator's lock.
 */
final class GraphPool {
    private final String name;
    private final Set<Block> blocks = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Long, ArrayDeque<Block>> free = new HashMap<>();
    private long bytes;
    private long freeBytes;
    private boolean capturing = true;

    GraphPool(String name) {
        this.name = name;
    }

    /** The graph's name in messages, e.g. {@code cuda:0 graph 3}. */
    String name() {
        return name;
    }

    /** Whether its step is still being captured (then freed blocks may be reused by the capture). */
    boolean capturing() {
        return capturing;
    }

    /** Adds a block handed out during the capture. */
    void add(Block b) {
        if (blocks.add(b)) {
            bytes += b.size;
        }
    }

    /** Whether {@code b} is one of the graph's blocks. */
    boolean contains(Block b) {
        return blocks.contains(b);
    }

    /** A freed block of bucket {@code size} the capture may reuse, or null (always null once the capture ended). */
    Block reuse(long size) {
        ArrayDeque<Block> list = capturing ? free.get(size) : null;
        if (list == null || list.isEmpty()) {
            return null;
        }
        freeBytes -= size;
        return list.pop();
    }

    /** Takes back a freed block of the graph; it serves nothing outside the graph until the pool is closed. */
    void recycle(Block b) {
        free.computeIfAbsent(b.size, s -> new ArrayDeque<>()).push(b);
        freeBytes += b.size;
    }

    /** The capture ended: freed blocks are held, not reused, from now on. */
    void endCapture() {
        capturing = false;
    }

    /** Empties the pool; returns its freed blocks (for the shared cache) and forgets the rest. */
    ArrayDeque<Block> drain() {
        ArrayDeque<Block> out = new ArrayDeque<>();
        free.values().forEach(out::addAll);
        free.clear();
        blocks.clear();
        bytes = 0;
        freeBytes = 0;
        capturing = false;
        return out;
    }

    /** Bytes of the blocks handed out during the capture (bucket sizes). */
    long bytes() {
        return bytes;
    }

    /** Bytes of those blocks freed and held by the pool. */
    long freeBytes() {
        return freeBytes;
    }

    @Override
    public String toString() {
        return name + " (" + blocks.size() + " blocks, " + bytes + " bytes, " + freeBytes + " of them free)";
    }
}
