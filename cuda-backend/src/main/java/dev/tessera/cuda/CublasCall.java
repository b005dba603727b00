package dev.tessera.cuda;

import dev.tessera.backend.Gemm;

/**
 * A row-major {@link Gemm} restated as the column-major product cuBLAS computes. A row-major m x n matrix with row
 * stride ld is the column-major n x m matrix with leading dimension ld, so {@code C = op(A) op(B)} is computed as
 * {@code C^T = op(B)^T op(A)^T}: cuBLAS's first operand is B, its second A, and its (m, n) are the Gemm's (n, m).
 * A matrix stored transposed in row-major terms is a plain column-major matrix and takes op T.
 *
 * <p>cuBLAS insists on {@code ld >= rows} even for a matrix of a single column, where the leading dimension is never
 * used to address anything; such leading dimensions are raised to the row count (core passes the row length there).
 *
 * @param transFirst  whether cuBLAS's first operand (B) takes op T
 * @param transSecond whether its second operand (A) takes op T
 * @param m           rows of cuBLAS's C (the Gemm's n)
 * @param n           columns of cuBLAS's C (the Gemm's m)
 * @param k           the shared dimension
 * @param ldFirst     leading dimension of B
 * @param ldSecond    leading dimension of A
 * @param ldc         leading dimension of C
 */
record CublasCall(boolean transFirst, boolean transSecond, int m, int n, int k, int ldFirst, int ldSecond, int ldc) {

    /** The column-major call computing {@code g} (m, n, k > 0). */
    static CublasCall of(Gemm g) {
        // B as stored: row-major (k x n) or, when transposed, (n x k); column-major that is n x k (op N) or k x n.
        int firstRows = g.transB() ? g.k() : g.n();
        int firstCols = g.transB() ? g.n() : g.k();
        int secondRows = g.transA() ? g.m() : g.k();
        int secondCols = g.transA() ? g.k() : g.m();
        return new CublasCall(g.transB(), g.transA(), g.n(), g.m(), g.k(),
                leading(g.ldb(), firstRows, firstCols), leading(g.lda(), secondRows, secondCols),
                leading(g.ldc(), g.n(), g.m()));
    }

    private static int leading(int ld, int rows, int cols) {
        return cols <= 1 ? Math.max(Math.max(ld, rows), 1) : ld;
    }
}
