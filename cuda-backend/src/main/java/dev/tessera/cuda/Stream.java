package dev.tessera.cuda;

import dev.tessera.DType;

/**
 * What the op classes need from a device: an argument block, kernel launches and memory operations on the single
 * stream, and scratch buffers. {@link CudaStream} implements it with the CUDA driver; tests implement it with a
 * recorder, so argument packing and launch shapes are checked without a GPU. Callers hold the backend's lock from
 * {@link #args()} to the matching {@link #launch}.
 */
interface Stream {
    /** The argument block for the next launch, emptied. */
    KernelArgs args();

    /** Launches kernel {@code name} (e.g. {@code binary_f32}) with the current argument block. */
    void launch(String name, LaunchConfig config);

    /** Copies {@code bytes} bytes between device addresses, in stream order. */
    void copy(CudaBuffer dst, long dstIndex, CudaBuffer src, long srcIndex, long bytes);

    /** Sets {@code count} 32-bit words starting at element {@code index} of dst to {@code pattern}, in stream order. */
    void fill32(CudaBuffer dst, long index, int pattern, long count);

    /** A temporary device buffer (freed with {@link #release}). */
    CudaBuffer scratch(DType dtype, long numel);

    /** Frees a scratch buffer; work already queued that uses it stays valid (stream order). */
    void release(CudaBuffer buffer);

    /** The device's multiprocessor count, for launch sizes. */
    int multiprocessors();
}
