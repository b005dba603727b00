package dev.tessera.opencl;

import static dev.tessera.opencl.ClTesting.REF;
import static dev.tessera.opencl.ClTesting.assertClose;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Gemm;
import dev.tessera.testing.BufferData;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks gemm.cl against the reference for every transpose combination, edge sizes, padded leading dimensions,
 * offsets, batch strides (including 0 = broadcast), alpha and beta, k = 0, and every block configuration.
 */
class GemmOpsTest {
    /** Tolerances for sums of up to a few hundred products of values in [-1, 1] accumulated in FLOAT32. */
    private static final double RTOL = 1e-4;
    private static final double ATOL = 1e-4;

    static Stream<Arguments> transposes() {
        return Stream.of(Arguments.of(false, false), Arguments.of(false, true), Arguments.of(true, false),
                Arguments.of(true, true));
    }

    /** {m, n, k}: 1x1x1, odd and prime edges, aligned, k = 0, a row, a column, a long k. */
    private static final int[][] SIZES = {
            {1, 1, 1}, {7, 13, 5}, {129, 131, 67}, {64, 64, 64}, {5, 9, 0}, {1, 37, 300}, {41, 1, 17},
            {200, 72, 33},
    };

    @ParameterizedTest
    @MethodSource("transposes")
    void matchesReferenceOnEdgeSizes(boolean transA, boolean transB) {
        Backend cl = ClTesting.device();
        Random rnd = new Random(transA ? 1 : 2 + (transB ? 4 : 8));
        for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            for (int[] s : SIZES) {
                run(cl, rnd, dt, Gemm.simple(s[0], s[1], s[2], transA, transB), 0,
                        dt + " " + Arrays.toString(s) + " transA=" + transA + " transB=" + transB);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("transposes")
    void handlesOffsetsPaddingBatchesBroadcastAlphaAndBeta(boolean transA, boolean transB) {
        Backend cl = ClTesting.device();
        Random rnd = new Random(99);
        int m = 45;
        int n = 70;
        int k = 23;
        int lda = (transA ? m : k) + 3;
        int ldb = (transB ? k : n) + 5;
        int ldc = n + 2;
        int sizeB = (transB ? n : k) * ldb;
        int sizeC = m * ldc;
        // A broadcast over the batch (stride 0), B and C with gaps between batches, unaligned offsets
        Gemm g = new Gemm(3, m, n, k, transA, transB, 1, lda, 0, 2, ldb, sizeB + 7, 3, ldc, sizeC + 1, 0.5, 1.0);
        run(cl, rnd, DType.FLOAT32, g, 0, "batched transA=" + transA + " transB=" + transB);
        // every offset, leading dimension and batch stride a multiple of 4: the aligned vector paths
        Gemm aligned = new Gemm(2, 64, 64, 32, transA, transB, 4, 64, 64 * 64 + 4, 8, 64, 64 * 64,
                0, 64, 64 * 64, 2.0, 0.0);
        run(cl, rnd, DType.FLOAT32, aligned, Double.NaN, "aligned batched, beta 0 over NaN, transA=" + transA
                + " transB=" + transB);
    }

    @Test
    void everyBlockConfigurationIsCorrect() {
        Backend cl = ClTesting.device();
        GemmOps ops = ((OpenClBackend) cl).gemmOps();
        Random rnd = new Random(5);
        for (GemmOps.Config cfg : concat(GemmOps.GPU_CONFIGS, GemmOps.CPU_CONFIGS)) {
            for (boolean transA : new boolean[]{false, true}) {
                for (boolean transB : new boolean[]{false, true}) {
                    // FLOAT64 with every transpose is covered by the edge-size test; here once per block shape
                    DType[] types = transA || transB ? new DType[]{DType.FLOAT32}
                            : new DType[]{DType.FLOAT32, DType.FLOAT64};
                    for (DType dt : types) {
                        Gemm g = Gemm.simple(133, 150, 37, transA, transB);
                        String what = cfg + " " + dt + " transA=" + transA + " transB=" + transB;
                        runWith(cl, rnd, dt, g, what, (a, b, c) -> ops.matmul(g, (ClBuffer) a, (ClBuffer) b,
                                (ClBuffer) c, cfg));
                    }
                }
            }
        }
    }

    private static GemmOps.Config[] concat(GemmOps.Config[] a, GemmOps.Config[] b) {
        GemmOps.Config[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private interface Product {
        void run(dev.tessera.backend.Buffer a, dev.tessera.backend.Buffer b, dev.tessera.backend.Buffer c);
    }

    private static void run(Backend cl, Random rnd, DType dt, Gemm g, double fillC, String what) {
        runWith(cl, rnd, dt, g, what, (a, b, c) -> cl.matmul(g, a, b, c), fillC);
    }

    private static void runWith(Backend cl, Random rnd, DType dt, Gemm g, String what, Product product) {
        runWith(cl, rnd, dt, g, what, product, 0);
    }

    private static void runWith(Backend cl, Random rnd, DType dt, Gemm g, String what, Product product,
                                double fillC) {
        int sizeA = extent(g.offsetA(), g.batchStrideA(), g.batch(), (g.transA() ? g.k() : g.m()), g.lda());
        int sizeB = extent(g.offsetB(), g.batchStrideB(), g.batch(), (g.transB() ? g.n() : g.k()), g.ldb());
        int sizeC = extent(g.offsetC(), g.batchStrideC(), g.batch(), g.m(), g.ldc());
        Twin a = Twin.of(cl, dt, BufferData.uniform(rnd, sizeA, -1, 1));
        Twin b = Twin.of(cl, dt, BufferData.uniform(rnd, sizeB, -1, 1));
        double[] c0 = g.beta() == 0 && Double.isNaN(fillC) ? filled(sizeC, fillC)
                : BufferData.uniform(rnd, sizeC, -1, 1);
        Twin c = Twin.of(cl, dt, c0);
        REF.matmul(g, a.ref(), b.ref(), c.ref());
        product.run(a.cl(), b.cl(), c.cl());
        // with beta 0 over NaN, elements outside the product stay NaN on both sides
        assertClose(what, c.expected(), c.actual(cl), dt == DType.FLOAT32 ? RTOL : 1e-10,
                dt == DType.FLOAT32 ? ATOL : 1e-12);
        a.free(cl);
        b.free(cl);
        c.free(cl);
    }

    private static double[] filled(int n, double v) {
        double[] out = new double[n];
        Arrays.fill(out, v);
        return out;
    }

    private static int extent(long offset, long batchStride, int batch, int rows, int ld) {
        return Math.toIntExact(offset + batchStride * (batch - 1) + (long) rows * ld + 1);
    }
}
