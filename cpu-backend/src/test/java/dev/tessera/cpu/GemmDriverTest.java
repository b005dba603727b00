package dev.tessera.cpu;

import static dev.tessera.cpu.Fixtures.REF;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Gemm;
import dev.tessera.cpu.gemm.GemmShape;
import dev.tessera.cpu.vector.VectorKernels;
import dev.tessera.testing.BufferData;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The blocked GEMM (Vector API and scalar micro-kernels, FLOAT32 and FLOAT64) against the reference product: every
 * transpose combination, sizes that leave partial micro-tiles and cross the mc/kc/nc block edges, row-split and
 * column-split threading, batches with broadcast (stride 0) operands, padded leading dimensions and offsets,
 * alpha/beta (beta 0 must ignore NaN in C), and k = 0; and every generated micro-kernel tile with small blocks.
 */
class GemmDriverTest {

    static Stream<Arguments> backends() {
        return Fixtures.backends().limit(2);
    }

    /** Runs one product on {@code be} and on the reference and compares all of C. */
    private static void check(String name, Backend be, DType dt, Gemm g, long seed) {
        Random r = new Random(seed);
        int aRows = g.transA() ? g.k() : g.m();
        int bRows = g.transB() ? g.n() : g.k();
        int aSize = Math.toIntExact(g.offsetA() + (g.batch() - 1) * g.batchStrideA()
                + Math.max(aRows - 1, 0) * g.lda() + (g.transA() ? g.m() : g.k()));
        int bSize = Math.toIntExact(g.offsetB() + (g.batch() - 1) * g.batchStrideB()
                + Math.max(bRows - 1, 0) * g.ldb() + (g.transB() ? g.k() : g.n()));
        int cSize = Math.toIntExact(g.offsetC() + (g.batch() - 1) * g.batchStrideC() + (g.m() - 1) * g.ldc() + g.n());
        double[] av = Fixtures.rounded(dt, BufferData.uniform(r, Math.max(aSize, 1), -1, 1));
        double[] bv = Fixtures.rounded(dt, BufferData.uniform(r, Math.max(bSize, 1), -1, 1));
        double[] cv = Fixtures.rounded(dt, BufferData.uniform(r, cSize, -1, 1));
        if (g.beta() == 0) {
            for (int i = 0; i < cSize; i += 3) {
                cv[i] = Double.NaN;
            }
        }
        Buffer c = BufferData.upload(be, dt, cv);
        Buffer rc = BufferData.upload(REF, DType.FLOAT64, cv);
        be.matmul(g, BufferData.upload(be, dt, av), BufferData.upload(be, dt, bv), c);
        REF.matmul(g, BufferData.upload(REF, DType.FLOAT64, av), BufferData.upload(REF, DType.FLOAT64, bv), rc);
        double[] want = BufferData.download(REF, rc);
        double[] got = BufferData.download(be, c);
        double tol = dt == DType.FLOAT32 ? 2e-5 * Math.sqrt(Math.max(g.k(), 1)) : 1e-12 * Math.max(g.k(), 1);
        Fixtures.assertClose(name + " " + dt + " " + g, maskOutside(g, want), maskOutside(g, got), tol, tol,
                false);
    }

    /** Zeroes the cells of C that no batch entry of the product covers (they hold untouched garbage). */
    private static double[] maskOutside(Gemm g, double[] c) {
        boolean[] inside = new boolean[c.length];
        for (int bt = 0; bt < g.batch(); bt++) {
            for (int i = 0; i < g.m(); i++) {
                for (int j = 0; j < g.n(); j++) {
                    inside[Math.toIntExact(g.offsetC() + bt * g.batchStrideC() + i * g.ldc() + j)] = true;
                }
            }
        }
        double[] out = c.clone();
        for (int i = 0; i < out.length; i++) {
            if (!inside[i]) {
                out[i] = 0;
            }
        }
        return out;
    }

    private static Gemm plain(int m, int n, int k, boolean ta, boolean tb, double alpha, double beta) {
        return new Gemm(1, m, n, k, ta, tb, 0, ta ? m : k, 0, 0, tb ? k : n, 0, 0, n, 0, alpha, beta);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void everyTransposeAtAwkwardSizes(String name, Backend be) {
        int[][] sizes = {{1, 1, 1}, {3, 5, 7}, {14, 32, 1}, {15, 33, 17}, {29, 65, 200}, {97, 31, 3}, {40, 1, 50},
                {1, 70, 40}};
        checkEveryTranspose(name, be, sizes, 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void largeProductsCrossEveryBlockEdgeOnBothThreadSplits(String name, Backend be) {
        // column splits (few row panels, many columns; beyond nc), row splits (many row panels, few columns, several
        // depth blocks through the double-buffered shared B), rows beyond mc, depth beyond kc
        int[][] sizes = {{131, 300, 211}, {9, 1500, 200}, {70, 4200, 9}, {400, 45, 130}, {600, 40, 500}};
        checkEveryTranspose(name, be, sizes, 100);
    }

    /**
     * Checks the plain product (alpha 1, beta 0) of every {m, n, k} size with the four transpose combinations, in
     * FLOAT32 and FLOAT64, each with its own seed counting up from {@code seed}.
     */
    private static void checkEveryTranspose(String name, Backend be, int[][] sizes, long seed) {
        for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            for (int[] s : sizes) {
                for (int t = 0; t < 4; t++) {
                    check(name, be, dt, plain(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, 1, 0), seed++);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void depthBeyondOnePackedSuperBlock(String name, Kernels kernels) {
        // super-blocks of one kc block each: every depth block is its own packed B, on both thread splits
        GemmDriver driver = new GemmDriver(Fixtures.POOL, 64);
        long seed = 500;
        for (int[] s : new int[][]{{37, 70, 700}, {300, 40, 500}}) {
            for (int t = 0; t < 4; t++) {
                Gemm g = plain(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, 1, t == 3 ? 1 : 0);
                checkDriver(name, driver, kernels.floatGemm(), DType.FLOAT32, g, seed++);
                checkDriver(name, driver, kernels.doubleGemm(), DType.FLOAT64, g, seed++);
            }
        }
    }

    static Stream<Arguments> kernels() {
        return Fixtures.kernels();
    }

    /**
     * A's packed blocks kept from the first column block and read by the others (several column blocks per member,
     * on both thread splits), and the same products with a super-block too small to keep them (repacked at each
     * column block): each transpose, alpha and beta.
     */
    @org.junit.jupiter.api.Test
    void packedABlocksKeptAcrossColumnBlocksOrRepacked() {
        VectorKernels small = new VectorKernels(new GemmShape(5, 2, 48, 15, 64));
        int[][] shapes = {{200, 300, 100}, {41, 700, 130}, {600, 150, 70}};
        boolean[] splits = new boolean[2];
        long seed = 900;
        for (GemmDriver driver : new GemmDriver[]{new GemmDriver(Fixtures.POOL), new GemmDriver(Fixtures.POOL, 64)}) {
            for (dev.tessera.cpu.gemm.GemmKernel kern : new dev.tessera.cpu.gemm.GemmKernel[]{small.floatGemm(),
                    small.doubleGemm()}) {
                DType dt = kern == small.floatGemm() ? DType.FLOAT32 : DType.FLOAT64;
                for (int[] s : shapes) {
                    splits[GemmDriver.splitRows(kern, s[0], s[1], (s[0] + kern.mr - 1) / kern.mr,
                            (s[1] + kern.nr - 1) / kern.nr, 2) ? 1 : 0] = true;
                    for (int t = 0; t < 4; t++) {
                        checkDriver("packed A", driver, kern, dt, plain(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0,
                                t == 1 ? -1.5 : 1, t == 2 ? 0.5 : 0), seed++);
                    }
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(splits[0] && splits[1],
                "the shapes must take both thread splits, took rows " + splits[1] + ", columns " + splits[0]);
    }


    /** Runs one product on {@code driver} with {@code kern} directly and compares it with the reference. */
    private static void checkDriver(String name, GemmDriver driver, dev.tessera.cpu.gemm.GemmKernel kern, DType dt,
                                    Gemm g, long seed) {
        Random r = new Random(seed);
        int aSize = g.m() * g.k();
        int bSize = g.k() * g.n();
        double[] av = Fixtures.rounded(dt, BufferData.uniform(r, aSize, -1, 1));
        double[] bv = Fixtures.rounded(dt, BufferData.uniform(r, bSize, -1, 1));
        double[] cv = Fixtures.rounded(dt, BufferData.uniform(r, g.m() * g.n(), -1, 1));
        Object a = dt == DType.FLOAT32 ? floats(av) : av.clone();
        Object b = dt == DType.FLOAT32 ? floats(bv) : bv.clone();
        Object c = dt == DType.FLOAT32 ? floats(cv) : cv.clone();
        driver.run(kern, g, a, b, c);
        Buffer rc = BufferData.upload(REF, DType.FLOAT64, cv);
        REF.matmul(g, BufferData.upload(REF, DType.FLOAT64, av), BufferData.upload(REF, DType.FLOAT64, bv), rc);
        double[] got = new double[cv.length];
        for (int i = 0; i < got.length; i++) {
            got[i] = c instanceof float[] f ? f[i] : ((double[]) c)[i];
        }
        double tol = dt == DType.FLOAT32 ? 2e-5 * Math.sqrt(g.k()) : 1e-12 * g.k();
        Fixtures.assertClose(name + " " + kern.describe() + " " + g, BufferData.download(REF, rc), got, tol, tol,
                false);
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    @org.junit.jupiter.api.Test
    void theTeamSplitsTheDimensionThatBalancesBetter() {
        dev.tessera.cpu.gemm.GemmKernel k = new dev.tessera.cpu.gemm.ScalarFloatGemm();
        // 256 x 1024 splits evenly both ways; then the column split, which duplicates the smaller packing, wins
        assertSplit(false, k, 256, 1024);
        assertSplit(true, k, 1024, 10);
        assertSplit(false, k, 9, 1500);
        assertSplit(true, k, 600, 40);
    }

    private static void assertSplit(boolean rows, dev.tessera.cpu.gemm.GemmKernel k, int m, int n) {
        int pm = (m + k.mr - 1) / k.mr;
        int pn = (n + k.nr - 1) / k.nr;
        org.junit.jupiter.api.Assertions.assertEquals(rows, GemmDriver.splitRows(k, m, n, pm, pn, 2),
                m + " x " + n);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void alphaBetaAndEmptyDepth(String name, Backend be) {
        long seed = 200;
        for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            for (double[] ab : new double[][]{{1, 1}, {2.5, 0}, {-0.5, 1}, {0.75, -2}, {1, 0.5}}) {
                check(name, be, dt, plain(37, 45, 230, false, true, ab[0], ab[1]), seed++);
                check(name, be, dt, plain(150, 90, 60, true, false, ab[0], ab[1]), seed++);
                check(name, be, dt, plain(5, 7, 0, false, false, ab[0], ab[1]), seed++);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void batchesWithBroadcastOperandsOffsetsAndPaddedRows(String name, Backend be) {
        long seed = 300;
        for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            // small products: spread over the team one batch entry per member
            check(name, be, dt, new Gemm(6, 9, 11, 13, false, false, 0, 13, 9 * 13, 0, 11, 0, 0, 11, 99, 1, 0),
                    seed++);
            check(name, be, dt, new Gemm(40, 12, 20, 16, true, true, 5, 14, 0, 3, 18, 20 * 18, 2, 24, 12 * 24,
                    1, 0), seed++);
            // large entries: each threaded
            check(name, be, dt, new Gemm(3, 120, 130, 140, false, true, 0, 140, 120 * 140, 0, 140, 0, 0, 131,
                    120 * 131, 1.5, 1), seed++);
        }
    }

    /**
     * Every generated micro-kernel tile, with blocks small enough that a product crosses every kc, mc and nc edge and
     * ends in partial tiles: each transpose, a batch with a broadcast operand, offsets and padded leading dimensions,
     * beta, on both thread splits.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("tiles")
    void everyTileShapeAgainstTheReference(String name, GemmShape tile) {
        Backend be = new CpuBackend(new VectorKernels(new GemmShape(tile.mr(), tile.vectors(), 48, 3 * tile.mr(),
                64)), true, Fixtures.POOL);
        long seed = 700;
        for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            for (int[] s : new int[][]{{1, 1, 1}, {tile.mr() + 1, 67, 49}, {53, 130, 101}, {200, 30, 97}}) {
                for (int t = 0; t < 4; t++) {
                    check(name, be, dt, plain(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, 1, t == 2 ? 0.5 : 0),
                            seed++);
                }
            }
            check(name, be, dt, new Gemm(3, 41, 75, 60, true, false, 7, 45, 0, 2, 80, 60 * 80, 1, 77, 41 * 77,
                    -1.5, 1), seed++);
        }
    }

    static Stream<Arguments> tiles() {
        return GemmShape.TILES.stream().map(t -> Arguments.of(t.mr() + "x" + t.vectors(), t));
    }

    /**
     * The epilogue sees every element of C exactly once, after the element's whole depth is added (row split,
     * column split, one thread, several depth super-blocks, k = 0).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void theEpilogueCoversEachCompleteBlockOnce(String name, Kernels kernels) {
        GemmDriver driver = new GemmDriver(Fixtures.POOL, 1 << 12);
        for (int[] s : new int[][]{{600, 40, 500}, {9, 1500, 200}, {13, 17, 5}, {300, 70, 0}}) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            float[] a = new float[Math.max(m * k, 1)];
            float[] b = new float[Math.max(k * n, 1)];
            java.util.Arrays.fill(a, 1f);
            java.util.Arrays.fill(b, 1f);
            float[] c = new float[m * n];
            int[] seen = new int[m * n];
            boolean[] complete = {true};
            driver.run(kernels.floatGemm(), plain(m, n, k, false, false, 1, 0), a, b, c, (r0, rows, c0, cols) -> {
                for (int r = r0; r < r0 + rows; r++) {
                    for (int j = c0; j < c0 + cols; j++) {
                        seen[r * n + j]++;
                        complete[0] &= c[r * n + j] == k;
                    }
                }
            });
            for (int i = 0; i < seen.length; i++) {
                org.junit.jupiter.api.Assertions.assertEquals(1, seen[i], name + " " + m + "x" + n + "x" + k
                        + ": element " + i);
            }
            org.junit.jupiter.api.Assertions.assertTrue(complete[0], name + ": the epilogue saw a partial sum");
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> driver.run(
                kernels.floatGemm(), new Gemm(2, 3, 3, 3, false, false, 0, 3, 9, 0, 3, 9, 0, 3, 9, 1, 0),
                new float[18], new float[18], new float[18], (r0, rows, c0, cols) -> { }));
    }
}
