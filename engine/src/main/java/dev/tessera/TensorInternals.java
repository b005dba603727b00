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

    /**
     * A new dense tensor whose contents are unspecified until written through the SPI, for code that fills a
     * tensor piece by piece (the file readers stream into it one chunk at a time).
     *
     * @throws IllegalArgumentException when {@code device} does not support {@code dtype}
     */
    public static Tensor empty(Device device, DType dtype, Shape shape) {
        return Tensor.empty(device, dtype, shape);
    }

    /**
     * {@code t} itself when it is dense and starts at element 0, else a dense copy of it (which the caller closes),
     * so that its {@link #buffer} can be read row-major through the SPI.
     */
    public static Tensor denseAtZero(Tensor t) {
        t.checkOpen("denseAtZero");
        return t.denseAtZero();
    }

    /** Marks an SPI call that wrote into {@code t}'s buffer, so autograd sees the change. */
    public static void markModified(Tensor t) {
        t.storage.version++;
    }
}
