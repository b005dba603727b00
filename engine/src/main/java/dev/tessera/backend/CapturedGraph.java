package dev.tessera.backend;

/**
 * The work of one captured step ({@link StepCapture#end()}), replayable until closed. Replays run the recorded work
 * in its recorded order on the same buffers, after everything queued before them and before anything queued after.
 */
public interface CapturedGraph extends AutoCloseable {
    /**
     * Runs the recorded work once (asynchronously on backends that queue work).
     *
     * @throws IllegalStateException when the graph is closed
     */
    void replay();

    /** Whether {@code buffer} was allocated during the capture (the graph keeps it until {@link #close()}). */
    boolean owns(Buffer buffer);

    /**
     * Releases what the graph itself holds (an instantiated CUDA graph, the recorded calls). It does not free the
     * buffers it owns: the device frees those whose tensors were released. Idempotent.
     */
    @Override
    void close();
}
