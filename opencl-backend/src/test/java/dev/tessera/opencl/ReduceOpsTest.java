package dev.tessera.opencl;

import static dev.tessera.opencl.ClTesting.REF;
import static dev.tessera.opencl.ClTesting.assertClose;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.ReduceOp;
import dev.tessera.testing.BufferData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Checks reduce.cl against the reference over single-stage, multi-stage, row and column shapes. */
class ReduceOpsTest {
    /** {outer, n, inner}: trivial, odd, prime, multi-stage rows, multi-stage columns, broadcast-like. */
    private static final int[][] SHAPES = {
            {1, 1, 1}, {7, 13, 1}, {3, 5000, 1}, {1, 100_003, 1}, {1, 3001, 5}, {4, 777, 33}, {2, 1, 9},
            {1, 70_001, 3}, {513, 10, 1}, {1, 17, 1000},
    };

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void matchesReferenceOnEveryShapeAndType(ReduceOp op) {
        ClTesting.forEachTypeAndShape(op, SHAPES, (cl, rnd, dt, s) -> {
            int outer = s[0];
            int n = s[1];
            int inner = s[2];
            int size = outer * n * inner;
            double[] v = dt == DType.INT32 ? ClTesting.integers(rnd, size, -20, 20)
                    : op == ReduceOp.SUM ? BufferData.uniform(rnd, size, 0.5, 1.5)
                    : BufferData.uniform(rnd, size, -100, 100);
            Twin src = Twin.of(cl, dt, v);
            DType outType = op.producesIndices() ? DType.INT32 : dt;
            Twin dst = Twin.zeros(cl, outType, outer * inner);
            REF.reduce(op, src.ref(), dst.ref(), outer, n, inner);
            cl.reduce(op, src.cl(), dst.cl(), outer, n, inner);
            assertClose(op + " " + dt + " [" + outer + ", " + n + ", " + inner + "]", outType, dst.expected(),
                    dst.actual(cl));
            src.free(cl);
            dst.free(cl);
        });
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void nanPropagatesAndTheFirstNanOrExtremeWins(ReduceOp op) {
        Backend cl = ClTesting.device();
        int n = 40_000;
        for (int inner : new int[]{1, 3}) {
            double[] v = new double[n * inner];
            for (int i = 0; i < v.length; i++) {
                v[i] = (i * 7919) % 13;
            }
            v[25_000 * inner] = Double.NaN;
            v[31_000 * inner + inner - 1] = Double.NaN;
            Twin src = Twin.of(cl, DType.FLOAT32, v);
            DType outType = op.producesIndices() ? DType.INT32 : DType.FLOAT32;
            Twin dst = Twin.zeros(cl, outType, inner);
            REF.reduce(op, src.ref(), dst.ref(), 1, n, inner);
            cl.reduce(op, src.cl(), dst.cl(), 1, n, inner);
            assertClose(op + " with NaN, inner " + inner, outType, dst.expected(), dst.actual(cl));
        }
    }

    @Test
    void emptyAxisSumsToZero() {
        Backend cl = ClTesting.device();
        Twin src = Twin.zeros(cl, DType.FLOAT32, 1);
        Twin dst = Twin.of(cl, DType.FLOAT32, new double[]{5, 5, 5, 5});
        REF.reduce(ReduceOp.SUM, src.ref(), dst.ref(), 2, 0, 2);
        cl.reduce(ReduceOp.SUM, src.cl(), dst.cl(), 2, 0, 2);
        assertClose("sum over an empty axis", DType.FLOAT32, dst.expected(), dst.actual(cl));
    }
}
