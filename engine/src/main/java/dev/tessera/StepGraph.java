package dev.tessera;

import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.CapturedGraph;
import dev.tessera.backend.StepCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The work of one step on one device, captured once and replayed: a CUDA graph on CUDA, recorded calls on backends
 * that offer {@link dev.tessera.backend.RecordingCapture}. See {@link StepCapture} for what a capture records.
 *
 * <p>{@link #capture} runs {@code work} with the device's work routed to the capture: nothing computes until
 * {@link #replay()}, which runs the recorded work (the first replay performs the captured step). Tensors made during
 * the capture keep their buffers for the life of the graph, even once closed, so a replay rewrites them in place:
 * the result of a step is read from the tensors the capture made (a static loss, static gradients). Values that
 * change between steps must be written into buffers the graph reads (inputs copied into the tensors the capture
 * used, {@link dev.tessera.backend.StepScalars} for optimizer rates) before {@link #replay()}.
 *
 * <p>Inside {@code work}, a host read ({@code item()}, {@code toFloatArray()}, an index range check) or a random draw
 * throws {@link CaptureException} naming the op; the capture is then abandoned and nothing of it runs.
 */
public final class StepGraph implements AutoCloseable {
    private final Device device;
    private final CapturedGraph graph;
    /** Buffers whose release waits for {@link #close()}: freed during the capture or owned and released since. */
    private final List<Buffer> deferred;
    private boolean closed;

    private StepGraph(Device device, CapturedGraph graph, List<Buffer> deferred) {
        this.device = device;
        this.graph = graph;
        this.deferred = deferred;
    }

    /** Why {@code device} cannot capture a step, or empty when it can. */
    public static Optional<String> unsupportedReason(Device device) {
        return device.ownBackend().stepCapture().isPresent() ? Optional.empty()
                : Optional.of("backend " + device.spec() + " has no step capture (it runs steps eagerly)");
    }

    /**
     * Captures the work that {@code work} submits to {@code device}.
     *
     * @throws CaptureException naming the reason when the device cannot capture, or naming the op when
     *                          {@code work} does something a graph cannot hold (the capture is then abandoned)
     * @throws IllegalStateException when a capture is already open on the device
     */
    public static StepGraph capture(Device device, Runnable work) {
        StepCapture capture = device.ownBackend().stepCapture().orElseThrow(
                () -> new CaptureException("step capture: " + unsupportedReason(device).orElseThrow()));
        Backend routed = capture.begin();
        try {
            device.openCapture(routed);
        } catch (RuntimeException e) {
            capture.abort();
            throw e;
        }
        CapturedGraph graph;
        try {
            work.run();
            graph = capture.end();
        } catch (RuntimeException | Error e) {
            capture.abort();
            device.closeCapture(null).forEach(device::release);
            throw e;
        }
        StepGraph g = new StepGraph(device, graph, new ArrayList<>());
        List<Buffer> frees = device.closeCapture(g);
        synchronized (g) {
            g.deferred.addAll(frees);
        }
        return g;
    }

    /** The device the graph runs on. */
    public Device device() {
        return device;
    }

    /**
     * Runs the captured work once, after the work queued before it.
     *
     * @throws IllegalStateException when the graph is closed or a capture is open on the device
     */
    public void replay() {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("replay of a closed step graph on " + device.spec());
            }
        }
        if (device.isCapturing()) {
            throw new IllegalStateException("replay of a step graph on " + device.spec()
                    + " while a capture is open there (a graph cannot contain another)");
        }
        graph.replay();
    }

    /** Defers the release of {@code buffer} to {@link #close()} when this graph owns it. */
    synchronized boolean deferIfOwned(Buffer buffer) {
        if (closed || !graph.owns(buffer)) {
            return false;
        }
        deferred.add(buffer);
        return true;
    }

    /**
     * Destroys the graph and frees the buffers whose release it deferred; tensors made during the capture that are
     * still open keep theirs. Idempotent.
     */
    @Override
    public void close() {
        List<Buffer> frees;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            frees = List.copyOf(deferred);
            deferred.clear();
        }
        device.removeGraph(this);
        graph.close();
        frees.forEach(device::release);
    }
}
