package dev.tessera.backend;

/**
 * The closed table of primitives of the Backend SPI: elementwise (copy, unary, unaryBackward, binary, where),
 * reduce, matmul, index and random. {@link Backend} extends it, and its contract holds here: core has checked every
 * argument, buffers are dense from element 0 unless a method says otherwise, sizes are 64-bit, and work may be
 * queued as long as it runs in call order. An object that computes the primitives for a backend without being
 * one implements this alone (see {@link PrimitivesBackend}).
 */
public interface Primitives {

    // ---------------------------------------------------------------- elementwise primitives

    /**
     * {@code dst[i] = src[i]} over {@code shape}, converting dtype when the two differ (float to INT32 truncates
     * toward zero; to a half type rounds to nearest even, through FLOAT32 from FLOAT64 and INT32, as
     * {@link dev.tessera.HalfFloats} specifies). {@code src} may be a constant, which fills {@code dst}.
     */
    void copy(Operand src, Operand dst, int[] shape);

    /** {@code out[i] = op(x[i]; alpha)} over {@code shape}; x and out have the same floating dtype (or INT32 for
     * {@link UnaryOp#preservesIntegers()} ops). {@code out} may alias {@code x} element for element. */
    void unary(UnaryOp op, double alpha, Operand x, Operand out, int[] shape);

    /**
     * {@code gradIn[i] = gradOut[i] * op.derivative(x[i], y[i], alpha)} for {@code i < n}, where {@code y} is the
     * forward output. All four buffers are dense with n elements of one floating dtype.
     */
    void unaryBackward(UnaryOp op, double alpha, Buffer x, Buffer y, Buffer gradOut, Buffer gradIn, long n);

    /** {@code out[i] = a[i] op b[i]} over {@code shape}; {@code out} may alias an input element for element. */
    void binary(BinaryOp op, Operand a, Operand b, Operand out, int[] shape);

    /**
     * {@code out[i] = condition[i] != 0 ? a[i] : b[i]} over {@code shape}; the condition has the dtype of a, b and out.
     */
    void where(Operand condition, Operand a, Operand b, Operand out, int[] shape);

    // ---------------------------------------------------------------- reductions, matmul, indexing, random

    /**
     * Reduces the middle axis of {@code src} viewed as {@code [outer, n, inner]} into {@code dst} viewed as
     * {@code [outer, inner]} (INT32 for arg-reductions). See {@link ReduceOp}.
     */
    void reduce(ReduceOp op, Buffer src, Buffer dst, long outer, long n, long inner);

    /**
     * The batched product described by {@code gemm}; see {@link Gemm}. k may be 0 (then C = beta C). FLOAT32
     * products may use TF32 units only when {@link dev.tessera.Tessera#float32MatmulPrecision()} is
     * {@link dev.tessera.MatmulPrecision#HIGH} (read at each call); otherwise they are FP32.
     */
    void matmul(Gemm gemm, Buffer a, Buffer b, Buffer c);

    /** The indexing primitive {@code op}; see {@link IndexOp} for the meaning of outer, n, m and inner. */
    void index(IndexOp op, Buffer src, Buffer index, Buffer dst, long outer, long n, long m, long inner);

    /**
     * Fills the first {@code count} elements of {@code dst} with draw elements {@code 0 .. count-1} of the stream of
     * {@code seed} at offset {@code streamOffset}, exactly as {@link dev.tessera.random.Philox} specifies.
     */
    void random(RandomDistribution dist, Buffer dst, long count, long seed, long streamOffset, double a, double b);
}
