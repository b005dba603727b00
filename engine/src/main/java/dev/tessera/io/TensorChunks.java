package dev.tessera.io;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.TensorInternals;
import dev.tessera.backend.Backend;
import dev.tessera.backend.HostArrays;
import dev.tessera.backend.Buffer;
import java.io.IOException;

/**
 * Moves a tensor's elements between its device and the host one chunk of at most {@link #CHUNK_ELEMENTS} elements
 * at a time, in row-major order, so that a file reader or writer holds one chunk on the heap besides the tensor
 * itself: never a second copy of the tensor, never an array of the whole file. A chunk is a {@code float[]},
 * {@code double[]} or {@code int[]} (the tensor's dtype) of which the first {@code length} elements are valid.
 */
final class TensorChunks {
    /** Elements per chunk: 1 MiB of FLOAT32, 2 MiB of FLOAT64. */
    static final int CHUNK_ELEMENTS = 1 << 18;

    private TensorChunks() {
    }

    /** Receives the elements of a tensor, chunk after chunk. */
    @FunctionalInterface
    interface Sink {
        /** Takes the first {@code length} elements of {@code chunk}, which follow those of the previous call. */
        void accept(Object chunk, int length) throws IOException;
    }

    /** Supplies the elements of a new tensor, chunk after chunk. */
    @FunctionalInterface
    interface Source {
        /** Fills the first {@code length} elements of {@code chunk} with elements {@code [start, start + length)}. */
        void fill(Object chunk, long start, int length) throws IOException;
    }

    /** Hands every element of {@code t} (any layout; a strided view is first made dense) to {@code sink}. */
    static void read(Tensor t, Sink sink) throws IOException {
        Tensor dense = TensorInternals.denseAtZero(t);
        try {
            long n = dense.numel();
            if (n == 0) {
                return;
            }
            Buffer buffer = TensorInternals.buffer(dense);
            Backend backend = dense.device().backend();
            Object chunk = HostArrays.allocate(dense.dtype(), (int) Math.min(n, CHUNK_ELEMENTS));
            for (long at = 0; at < n; at += CHUNK_ELEMENTS) {
                int m = (int) Math.min(CHUNK_ELEMENTS, n - at);
                backend.read(buffer, Math.toIntExact(at), chunk, 0, m);
                sink.accept(chunk, m);
            }
        } finally {
            if (dense != t) {
                dense.close();
            }
        }
    }

    /**
     * A new dense tensor on {@code device} filled by {@code source}; when the source fails, the tensor is closed and
     * the exception rethrown.
     */
    static Tensor create(Device device, DType dtype, Shape shape, Source source) throws IOException {
        Tensor t = TensorInternals.empty(device, dtype, shape);
        try {
            long n = shape.numel();
            if (n > 0) {
                Buffer buffer = TensorInternals.buffer(t);
                Backend backend = device.backend();
                Object chunk = HostArrays.allocate(dtype, (int) Math.min(n, CHUNK_ELEMENTS));
                for (long at = 0; at < n; at += CHUNK_ELEMENTS) {
                    int m = (int) Math.min(CHUNK_ELEMENTS, n - at);
                    source.fill(chunk, at, m);
                    backend.write(buffer, Math.toIntExact(at), chunk, 0, m);
                }
            }
            return t;
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
    }
}
