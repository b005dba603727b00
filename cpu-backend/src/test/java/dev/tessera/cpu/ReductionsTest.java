package dev.tessera.cpu;

import static dev.tessera.cpu.Fixtures.REF;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.ReduceOp;
import dev.tessera.testing.BufferData;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reduce primitive against the reference for every op and dtype: rows (inner 1) of awkward lengths, a few very
 * long rows (cut into chunks over threads), many short rows, column reductions (inner > 1) narrower and wider than a
 * column block, an empty reduced axis, NaN propagation and first-index ties for the arg-reductions.
 */
class ReductionsTest {

    static Stream<Arguments> backends() {
        return Fixtures.backends().limit(2);
    }

    private static void check(String name, Backend be, ReduceOp op, DType dt, double[] values, int outer, int n,
                              int inner) {
        DType outType = op.producesIndices() ? DType.INT32 : dt;
        Buffer dst = be.allocate(outType, outer * inner);
        be.reduce(op, BufferData.upload(be, dt, values), dst, outer, n, inner);
        DType refType = dt == DType.INT32 ? DType.INT32 : DType.FLOAT64;
        Buffer rdst = REF.allocate(op.producesIndices() ? DType.INT32 : refType, outer * inner);
        REF.reduce(op, BufferData.upload(REF, refType, Fixtures.rounded(dt, values)), rdst, outer, n, inner);
        String what = name + " " + op + " " + dt + " [" + outer + ", " + n + ", " + inner + "]";
        Fixtures.assertClose(what, op.producesIndices() ? DType.INT32 : dt, BufferData.download(REF, rdst),
                BufferData.download(be, dst));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void everyOpOnRowsAndColumns(String name, Backend be) {
        Random r = new Random(1);
        int[][] shapes = {{1, 1, 1}, {3, 17, 1}, {5, 16, 1}, {2, 100003, 1}, {1, 70001, 1}, {4000, 13, 1},
                {3, 9, 7}, {2, 300, 1500}, {1, 600, 40}, {40000, 1, 1}, {3, 2, 33}};
        for (ReduceOp op : ReduceOp.values()) {
            for (DType dt : Fixtures.computedTypes(be)) {
                for (int[] s : shapes) {
                    int size = s[0] * s[1] * s[2];
                    double[] v = BufferData.uniform(r, size, -100, 100);
                    if (dt != DType.INT32) {
                        // repeated values exercise first-index ties
                        for (int i = 0; i < size; i += 5) {
                            v[i] = Math.rint(v[i] / 20);
                        }
                    }
                    check(name, be, op, dt, v, s[0], s[1], s[2]);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void nanPropagatesAndArgPicksTheFirstNaN(String name, Backend be) {
        Random r = new Random(2);
        for (ReduceOp op : ReduceOp.values()) {
            for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
                for (int[] s : new int[][]{{4, 50, 1}, {1, 80000, 1}, {2, 40, 19}}) {
                    double[] v = BufferData.uniform(r, s[0] * s[1] * s[2], -1, 1);
                    for (int i = 7; i < v.length; i += 61) {
                        v[i] = Double.NaN;
                    }
                    v[v.length - 1] = Double.NaN;
                    check(name, be, op, dt, v, s[0], s[1], s[2]);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void emptyAxisSumsToZero(String name, Backend be) {
        check(name, be, ReduceOp.SUM, DType.FLOAT32, new double[0], 3, 0, 4);
        check(name, be, ReduceOp.SUM, DType.FLOAT64, new double[0], 2, 0, 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void longFloatSumsStayAccurate(String name, Backend be) {
        // a million values near 1: a naive float accumulator would be off by ~1e-2 relative
        int n = 1 << 20;
        double[] v = new double[n];
        Random r = new Random(3);
        for (int i = 0; i < n; i++) {
            v[i] = 1 + 1e-3 * r.nextDouble();
        }
        check(name, be, ReduceOp.SUM, DType.FLOAT32, v, 1, n, 1);
        check(name, be, ReduceOp.SUM, DType.FLOAT32, v, 1, n / 8, 8);
    }
}
