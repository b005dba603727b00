package dev.tessera.cuda;

import dev.tessera.CaptureException;
import dev.tessera.backend.Backend;
import dev.tessera.backend.CapturedGraph;
import dev.tessera.backend.StepCapture;

/**
 * Step capture on CUDA ({@link StepCapture}): the backend's stream is captured into a CUDA graph while the step's
 * work is submitted as usual, so the backend itself is the capturing backend.
 *
 * <ul>
 *   <li>{@link #begin()} waits for the stream (host writes during the capture run at once and must not overtake
 *       queued work), opens the allocator's {@link GraphPool} and begins the capture.</li>
 *   <li>{@link #end()} ends it and instantiates the graph ({@link CudaGraph}); a capture the driver invalidated (an
 *       operation that is not allowed in a graph) becomes a {@link CaptureException} naming the driver's error.</li>
 *   <li>While capturing, the backend writes from the host synchronously, refuses reads and random draws, and its
 *       synchronize waits for nothing ({@link #capturing()}).</li>
 * </ul>
 * Thread-safe: one capture at a time.
 */
final class CudaStepCapture implements StepCapture {
    private final String device;
    private final Backend backend;
    private final Runnable drain;
    private final CachingAllocator allocator;
    private final GraphDriver driver;
    /** The open capture's pool, or null; volatile so the backend can ask without this lock. */
    private volatile GraphPool pool;
    private int graphs;

    /**
     * Capture for {@code backend} on {@code device}; {@code drain} waits for the queued work of its stream.
     */
    CudaStepCapture(String device, Backend backend, Runnable drain, CachingAllocator allocator, GraphDriver driver) {
        this.device = device;
        this.backend = backend;
        this.drain = drain;
        this.allocator = allocator;
        this.driver = driver;
    }

    /** Whether a step is being captured (read under the backend's lock, so not under this one). */
    boolean capturing() {
        return pool != null;
    }

    @Override
    public synchronized Backend begin() {
        if (pool != null) {
            throw new IllegalStateException(device + ": a step capture is already open (" + pool + ")");
        }
        drain.run();
        GraphPool p = allocator.beginPool(device + " graph " + (++graphs));
        try {
            driver.beginCapture();
        } catch (RuntimeException e) {
            allocator.closePool(p);
            throw e;
        }
        pool = p;
        return backend;
    }

    @Override
    public synchronized CapturedGraph end() {
        if (pool == null) {
            throw new IllegalStateException(device + ": end() of a step capture without begin()");
        }
        GraphPool p = pool;
        pool = null;
        allocator.endPool();
        GraphDriver.Executable exec;
        try {
            exec = driver.endCapture();
        } catch (CudaException e) {
            allocator.closePool(p);
            throw new CaptureException(device + ": the captured step could not be made a graph (" + e.getMessage()
                    + "); it runs eagerly", e);
        }
        return new CudaGraph(exec, p, allocator, drain);
    }

    @Override
    public synchronized void abort() {
        if (pool == null) {
            return;
        }
        GraphPool p = pool;
        pool = null;
        allocator.endPool();
        try {
            driver.abandonCapture();
        } finally {
            allocator.closePool(p);
        }
    }
}
