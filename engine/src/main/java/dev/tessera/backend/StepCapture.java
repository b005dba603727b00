package dev.tessera.backend;

import dev.tessera.CaptureException;

/**
 * An optional capability of a {@link Backend} ({@link Backend#stepCapture()}): recording the work of one training
 * step once and replaying it many times without the host issuing each primitive again (a CUDA graph on CUDA, a
 * list of recorded calls in {@link RecordingCapture}).
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #begin()} opens a capture and returns the backend that the device's work goes to until {@link #end()}
 *       or {@link #abort()}: this backend itself when it captures in place (CUDA stream capture), or a recording
 *       proxy. Work submitted in between is <em>recorded, not run</em>: it first runs at the first
 *       {@link CapturedGraph#replay()}.</li>
 *   <li>{@link Backend#allocate} during the capture returns memory that the graph keeps: its address stays fixed and
 *       it is not reused for anything else until the graph is closed ({@link CapturedGraph#owns}). The device defers
 *       every free during the capture, and every later free of a buffer the graph owns, to the graph's close.</li>
 *   <li>{@link Backend#write} during the capture runs at once, outside the graph, and is not replayed: a constant
 *       made during the capture keeps its value; step-dependent values (a learning rate, a step count) live in
 *       {@link StepScalars} buffers that the host writes before each replay.</li>
 *   <li>{@link Backend#read} during the capture throws {@link CaptureException}: a host read cannot be part of a
 *       graph (the data it would return is not computed until replay).</li>
 * </ul>
 * One capture at a time per backend; {@link #begin()} while one is open throws {@link IllegalStateException}.
 */
public interface StepCapture {
    /**
     * Opens a capture.
     *
     * @return the backend to submit the step's work to until {@link #end()} or {@link #abort()}
     * @throws IllegalStateException when a capture is already open
     */
    Backend begin();

    /**
     * Closes the open capture.
     *
     * @return the recorded work, ready to replay
     * @throws IllegalStateException when no capture is open
     * @throws CaptureException naming the reason when the backend could not build a graph from the work
     */
    CapturedGraph end();

    /** Discards the open capture (its work never runs); does nothing when none is open. */
    void abort();
}
