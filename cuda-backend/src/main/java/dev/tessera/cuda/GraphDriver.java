package dev.tessera.cuda;

/**
 * The driver calls of a step capture on the backend's stream: {@link DriverGraphs} with the CUDA driver's stream
 * capture and graph API, a fake in tests, so that {@link CudaStepCapture}'s logic is checked without a GPU.
 */
interface GraphDriver {
    /** Starts capturing the stream (relaxed mode: other threads and streams may still call the driver). */
    void beginCapture();

    /**
     * Ends the capture and instantiates the captured graph.
     *
     * @throws CudaException when the capture was invalidated or the graph cannot be instantiated
     */
    Executable endCapture();

    /** Ends the capture and discards what it captured (never throws for an invalidated capture). */
    void abandonCapture();

    /** An instantiated graph. */
    interface Executable {
        /** Launches the graph on the stream, after the work queued before it. */
        void launch();

        /** Destroys the graph (queued launches of it still complete). */
        void destroy();
    }
}
