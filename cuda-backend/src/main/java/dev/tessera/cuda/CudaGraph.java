package dev.tessera.cuda;

import dev.tessera.backend.Buffer;
import dev.tessera.backend.CapturedGraph;

/**
 * One captured step on CUDA: the instantiated graph and the {@link GraphPool} of the blocks its kernels address.
 * Closing waits for the stream, destroys the graph and gives the pool's free blocks back to the shared cache.
 */
final class CudaGraph implements CapturedGraph {
    private final GraphDriver.Executable exec;
    private final GraphPool pool;
    private final CachingAllocator allocator;
    private final Runnable drain;
    private boolean closed;

    CudaGraph(GraphDriver.Executable exec, GraphPool pool, CachingAllocator allocator, Runnable drain) {
        this.exec = exec;
        this.pool = pool;
        this.allocator = allocator;
        this.drain = drain;
    }

    @Override
    public synchronized void replay() {
        if (closed) {
            throw new IllegalStateException("replay of " + pool.name() + ", which is closed");
        }
        exec.launch();
    }

    @Override
    public boolean owns(Buffer buffer) {
        return buffer instanceof CudaBuffer b && b.block() != null && allocator.owns(pool, b.block());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        drain.run();
        try {
            exec.destroy();
        } finally {
            allocator.closePool(pool);
        }
    }
}
