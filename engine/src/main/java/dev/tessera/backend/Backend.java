package dev.tessera.backend;

import dev.tessera.DType;
import dev.tessera.MemoryStats;
import dev.tessera.backend.fused.FusedKernels;

/**
 * The Backend SPI: one started device and its closed table of primitives.
 *
 * <p>Core has already checked every argument: shapes agree, dtypes match (except in {@link #copy}, which converts),
 * indices are in range, buffers are large enough and belong to this backend. A backend only computes. Unless a
 * method says otherwise, buffers are dense and start at element 0. Calls may be asynchronous: a backend may queue
 * work and return, as long as work runs in call order and {@link #read} returns finished results.
 *
 * <p>Sizes are 64-bit: element counts, buffer offsets and strides are {@code long} everywhere in this SPI (axis sizes
 * of an iteration shape and Java-array offsets stay {@code int}). A backend that cannot hold a requested size (one
 * that stores buffers in Java arrays) refuses it in {@link #allocate} with an error naming itself, the limit and
 * the request (see {@link dev.tessera.Sizes#heapBufferLength}).
 *
 * <p>Implementations must be safe to call from several threads; {@link #free} may also be called from a
 * {@link java.lang.ref.Cleaner} thread.
 *
 * <h2>Sections</h2>
 * Memory (allocate, free, read, write), elementwise primitives (copy, unary, unaryBackward, binary, where),
 * reduce, matmul, index, random, and the registry of fused-op kernels: a fused op is a descriptor
 * ({@link dev.tessera.backend.fused.FusedOp}) with a default composition in these primitives, and a backend may
 * register a kernel for it.
 */
public interface Backend extends Primitives {

    // ---------------------------------------------------------------- identity and memory

    /** The device spec this backend was opened as, e.g. {@code cpu} or {@code cuda:0}. */
    String deviceSpec();

    /** Facts about the device. */
    DeviceInfo info();

    /**
     * Whether this backend stores the given dtype: allocates it, reads and writes it, and converts it in {@link #copy}.
     * For FLOAT32, FLOAT64 and INT32 that includes every primitive; for the half types see {@link #computes}.
     */
    boolean supports(DType dtype);

    /**
     * Whether the elementwise, reduction, indexing, random and fused primitives take buffers of {@code dtype}
     * directly. When a backend {@link #supports stores} a half type without computing in it (the default), the
     * engine runs those primitives in FLOAT32 ({@link DType#computeType()}) on converted copies and converts the
     * results back, rounding to nearest even: the backend then only has to allocate, transfer and {@link #copy}
     * the half type.
     */
    default boolean computes(DType dtype) {
        return !dtype.isHalf() && supports(dtype);
    }

    /**
     * Whether {@link #matmul} takes buffers of {@code dtype} directly (for a half type: half operands, FLOAT32
     * accumulation, a half result, as tensor cores do). Defaults to {@link #computes}.
     */
    default boolean multiplies(DType dtype) {
        return computes(dtype);
    }

    /**
     * A new buffer of {@code numel} elements; contents are unspecified.
     *
     * @throws OutOfMemoryError or a backend exception naming the request and the usage when memory is exhausted
     * @throws IllegalArgumentException naming the backend, its limit and the request when one buffer of
     *                                  {@code numel} elements exceeds what this backend can hold
     */
    Buffer allocate(DType dtype, long numel);

    /** Returns a buffer to the backend. Called exactly once per buffer, from any thread. */
    void free(Buffer buffer);

    /** Current accounting of this device's memory. */
    MemoryStats memoryStats();

    /** Resets the peak of {@link #memoryStats()} to the current usage. */
    void resetPeak();

    /**
     * Copies {@code length} elements from a Java array ({@code float[]}, {@code double[]} or {@code int[]}, matching
     * the buffer's dtype; {@code short[]} of the bits for FLOAT16 and BFLOAT16, see {@link dev.tessera.HalfFloats})
     * starting at {@code srcOffset} into the buffer at {@code dstOffset}.
     */
    void write(Buffer dst, long dstOffset, Object src, int srcOffset, int length);

    /** Copies {@code length} elements from the buffer into a Java array of the buffer's dtype; waits for pending work. */
    void read(Buffer src, long srcOffset, Object dst, int dstOffset, int length);

    /** Waits until all queued work has finished. */
    void synchronize();

    // ---------------------------------------------------------------- fused ops

    /**
     * The kernels this backend registered for fused-op descriptors ({@link dev.tessera.backend.fused.FusedCatalog});
     * every fused op without one runs its default composition in the primitives above. The conformance suite checks
     * every registered kernel against that composition.
     */
    default FusedKernels fusedKernels() {
        return FusedKernels.NONE;
    }

    // ---------------------------------------------------------------- step capture

    /**
     * This backend's graph capture of a training step ({@link StepCapture}), or empty when it has none (then
     * captured steps run eagerly; see {@link dev.tessera.StepGraph}).
     */
    default java.util.Optional<StepCapture> stepCapture() {
        return java.util.Optional.empty();
    }
}
