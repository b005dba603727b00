package dev.tessera.backend;

/**
 * A batched row-major matrix product {@code C[b] = alpha * op(A[b]) * op(B[b]) + beta * C[b]} for
 * {@code b < batch}, where {@code op(X)} is X or its transpose.
 *
 * <p>{@code op(A)} is m x k and {@code op(B)} is k x n; C is m x n with row stride {@code ldc}. Matrix A is stored
 * row-major with row stride {@code lda}: m x k when not transposed, k x m when {@code transA}. Likewise B. Batch
 * {@code b} of each matrix starts at {@code offset + b * batchStride}; a batch stride of 0 broadcasts one matrix.
 * When {@code beta} is 0, C is not read (it may hold garbage or NaN). All matrices have the same floating dtype.
 *
 * <p>Offsets and batch strides are {@code long} (a buffer may hold more than 2^31 elements); the batch count, the
 * matrix sizes and the row strides are {@code int}: core copies an operand whose row stride exceeds an int to a
 * dense one first.
 *
 * @param batch        number of products
 * @param m            rows of op(A) and C
 * @param n            columns of op(B) and C
 * @param k            columns of op(A) = rows of op(B)
 * @param transA       whether A is stored transposed (k x m)
 * @param transB       whether B is stored transposed (n x k)
 * @param offsetA      element offset of A[0]
 * @param lda          row stride of A as stored
 * @param batchStrideA element distance between A[b] and A[b+1]
 * @param offsetB      element offset of B[0]
 * @param ldb          row stride of B as stored
 * @param batchStrideB element distance between B[b] and B[b+1]
 * @param offsetC      element offset of C[0]
 * @param ldc          row stride of C
 * @param batchStrideC element distance between C[b] and C[b+1]
 * @param alpha        scale of the product
 * @param beta         scale of the existing C (0 or 1 in core's use)
 */
public record Gemm(int batch, int m, int n, int k, boolean transA, boolean transB,
                   long offsetA, int lda, long batchStrideA,
                   long offsetB, int ldb, long batchStrideB,
                   long offsetC, int ldc, long batchStrideC,
                   double alpha, double beta) {

    /** A single dense product {@code C = op(A) op(B)} of buffers holding exactly those matrices. */
    public static Gemm simple(int m, int n, int k, boolean transA, boolean transB) {
        return new Gemm(1, m, n, k, transA, transB, 0, transA ? m : k, 0, 0, transB ? k : n, 0, 0, n, 0, 1.0, 0.0);
    }

    /** This product with {@code beta = 1}: accumulate into C. */
    public Gemm accumulate() {
        return new Gemm(batch, m, n, k, transA, transB, offsetA, lda, batchStrideA, offsetB, ldb, batchStrideB,
                offsetC, ldc, batchStrideC, alpha, 1.0);
    }

    /** Floating-point operations of this product ({@code 2 m n k batch}). */
    public double flops() {
        return 2.0 * m * n * (double) k * batch;
    }
}
