package dev.tessera;

import dev.tessera.backend.Buffer;

/**
 * Access to a tensor's device buffer, for backend authors, benchmarks and the conformance suite (which call SPI
 * methods directly). Not a user API: buffers bypass autograd, lifetime and version tracking.
 */
public final class TensorInternals {
    private TensorInternals() {
    }

    /**
     * The buffer of a tensor that is dense and starts at element 0.
     *
     * @throws IllegalArgumentException for a strided or offset view
     */
    public static Buffer buffer(Tensor t) {
        t.checkOpen("buffer");
        if (!t.isDenseAtZero()) {
            throw new IllegalArgumentException("buffer: tensor of shape " + t.shape()
                    + " is a strided or offset view; call contiguous() or copy() first");
        }
        return t.buffer();
    }

    /** Marks an SPI call that wrote into {@code t}'s buffer, so autograd sees the change. */
    public static void markModified(Tensor t) {
        t.storage.version++;
    }
}
