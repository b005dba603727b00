package dev.tessera.backend;

import dev.tessera.DType;

/**
 * A block of device memory owned by one {@link Backend}: {@code numel} elements of one {@link DType}.
 *
 * <p>Buffers are created by {@link Backend#allocate} and handed back with {@link Backend#free}; core never
 * looks inside them. A buffer is always used by the backend that created it.
 */
public interface Buffer {
    /** Element type. */
    DType dtype();

    /** Number of elements this buffer holds; may exceed 2^31 on backends whose memory allows it. */
    long numel();

    /** Size in bytes as counted by {@link Backend#memoryStats()}. */
    default long bytes() {
        return numel() * dtype().byteSize();
    }
}
