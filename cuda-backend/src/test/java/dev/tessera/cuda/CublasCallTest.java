package dev.tessera.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.reference.HeapBuffer;
import dev.tessera.backend.reference.ReferenceKernels;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The row-major to column-major restatement of {@link CublasCall}, checked by running the call through a scalar
 * emulation of BLAS's column-major GEMM (including its argument checks) and comparing with the reference GEMM.
 */
class CublasCallTest {
    /** Column-major C = alpha op(A) op(B) + beta C, as cublasSgemm defines it; rejects what cuBLAS rejects. */
    private static void columnMajorGemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                                        double[] a, int offA, int lda, double[] b, int offB, int ldb, double beta,
                                        double[] c, int offC, int ldc) {
        assertTrue(lda >= Math.max(1, transA ? k : m), "cuBLAS needs lda >= rows of A, got " + lda);
        assertTrue(ldb >= Math.max(1, transB ? n : k), "cuBLAS needs ldb >= rows of B, got " + ldb);
        assertTrue(ldc >= Math.max(1, m), "cuBLAS needs ldc >= m, got " + ldc);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[offA + p + i * lda] : a[offA + i + p * lda];
                    double bv = transB ? b[offB + j + p * ldb] : b[offB + p + j * ldb];
                    sum += av * bv;
                }
                int at = offC + i + j * ldc;
                c[at] = alpha * sum + (beta == 0 ? 0 : beta * c[at]);
            }
        }
    }

    /** Runs {@code g} both ways on random data and compares C. */
    private static void check(Gemm g, int sizeA, int sizeB, int sizeC) {
        Random r = new Random(g.hashCode());
        double[] a = r.doubles(sizeA, -1, 1).toArray();
        double[] b = r.doubles(sizeB, -1, 1).toArray();
        double[] c = r.doubles(sizeC, -1, 1).toArray();
        HeapBuffer expected = HeapBuffer.wrap(DType.FLOAT64, sizeC, c.clone());
        ReferenceKernels.SPEC.matmul(g, HeapBuffer.wrap(DType.FLOAT64, sizeA, a),
                HeapBuffer.wrap(DType.FLOAT64, sizeB, b), expected);
        CublasCall call = CublasCall.of(g);
        double[] actual = c.clone();
        for (int batch = 0; batch < g.batch(); batch++) {
            columnMajorGemm(call.transFirst(), call.transSecond(), call.m(), call.n(), call.k(), g.alpha(),
                    b, Math.toIntExact(g.offsetB() + batch * g.batchStrideB()), call.ldFirst(),
                    a, Math.toIntExact(g.offsetA() + batch * g.batchStrideA()), call.ldSecond(), g.beta(),
                    actual, Math.toIntExact(g.offsetC() + batch * g.batchStrideC()), call.ldc());
        }
        assertArrayEquals(expected.d, actual, 1e-12, g.toString());
    }

    @Test
    void everyTransposeCombinationWithOffsetsPaddingAndBatches() {
        int m = 5;
        int n = 6;
        int k = 7;
        for (boolean ta : new boolean[]{false, true}) {
            for (boolean tb : new boolean[]{false, true}) {
                int lda = (ta ? m : k) + 3;
                int ldb = (tb ? k : n) + 2;
                int ldc = n + 1;
                int sa = (ta ? k : m) * lda + 4;
                int sc = m * ldc + 2;
                Gemm g = new Gemm(3, m, n, k, ta, tb, 2, lda, sa, 1, ldb, 0, 3, ldc, sc, 0.5, 1.0);
                check(g, 2 + 3 * sa, 1 + (tb ? n : k) * ldb, 3 + 3 * sc);
            }
        }
    }

    @Test
    void theOperandsSwapSoCublasComputesCTransposed() {
        CublasCall c = CublasCall.of(Gemm.simple(2, 3, 4, false, true));
        assertEquals(new CublasCall(true, false, 3, 2, 4, 4, 4, 3), c);
    }

    @Test
    void vectorShapedOperandsGetLeadingDimensionsCublasAccepts() {
        // a single row of C with ldc 1, a column vector B with ldb 1, a single column of A
        check(new Gemm(1, 1, 5, 3, false, false, 0, 3, 0, 0, 5, 0, 0, 1, 0, 1.0, 0.0), 3, 15, 5);
        check(new Gemm(1, 4, 1, 3, false, false, 0, 3, 0, 0, 1, 0, 0, 1, 0, 1.0, 0.0), 12, 3, 4);
        check(new Gemm(1, 4, 2, 1, false, false, 0, 1, 0, 0, 2, 0, 0, 2, 0, 1.0, 0.0), 4, 2, 8);
        check(new Gemm(1, 4, 2, 1, true, true, 0, 4, 0, 0, 1, 0, 0, 2, 0, 1.0, 0.0), 4, 2, 8);
        check(Gemm.simple(1, 1, 1, true, true), 1, 1, 1);
    }
}
