package dev.tessera.opencl;

import static dev.tessera.opencl.ClTesting.REF;
import static dev.tessera.opencl.ClTesting.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.IndexOp;
import dev.tessera.testing.BufferData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Checks index.cl against the reference for every op and dtype, with repeated indices (collisions). */
class IndexOpsTest {
    /** {outer, n, m, inner}. */
    private static final int[][] SHAPES = {{1, 1, 1, 1}, {3, 7, 11, 5}, {1, 10, 1000, 1}, {4, 50, 3, 17},
            {2, 5, 0, 3}};

    @ParameterizedTest
    @EnumSource(IndexOp.class)
    void matchesReference(IndexOp op) {
        ClTesting.forEachTypeAndShape(op, SHAPES, (cl, rnd, dt, s) -> {
            int outer = s[0];
            int n = s[1];
            int m = s[2];
            int inner = s[3];
            int big = outer * n * inner;
            int small = outer * m * inner;
            int indexCount = switch (op) {
                case GATHER, SCATTER_ADD -> small;
                case INDEX_SELECT, INDEX_ADD -> m;
            };
            Twin index = Twin.of(cl, DType.INT32, ClTesting.integers(rnd, indexCount, 0, n));
            boolean gathers = op == IndexOp.GATHER || op == IndexOp.INDEX_SELECT;
            double[] srcValues = dt == DType.INT32
                    ? ClTesting.integers(rnd, gathers ? big : small, -100, 100)
                    : BufferData.uniform(rnd, gathers ? big : small, -1, 1);
            double[] dstValues = dt == DType.INT32 ? ClTesting.integers(rnd, gathers ? small : big, -100, 100)
                    : BufferData.uniform(rnd, gathers ? small : big, -1, 1);
            Twin src = Twin.of(cl, dt, srcValues);
            Twin dst = Twin.of(cl, dt, dstValues);
            REF.index(op, src.ref(), index.ref(), dst.ref(), outer, n, m, inner);
            cl.index(op, src.cl(), index.cl(), dst.cl(), outer, n, m, inner);
            assertClose(op + " " + dt + " " + java.util.Arrays.toString(s), dt, dst.expected(), dst.actual(cl));
            index.free(cl);
            src.free(cl);
            dst.free(cl);
        });
    }

    /** Core rejects such indices unless its checks are off; the kernels must still never leave the buffers. */
    @Test
    void outOfRangeIndicesGatherNanAndScatterNowhere() {
        Backend cl = ClTesting.device();
        Twin src = Twin.of(cl, DType.FLOAT32, new double[]{1, 2, 3, 4});
        Twin index = Twin.of(cl, DType.INT32, new double[]{2, -1, 4, 1_000_000});
        Twin gathered = Twin.zeros(cl, DType.FLOAT32, 4);
        cl.index(IndexOp.GATHER, src.cl(), index.cl(), gathered.cl(), 1, 4, 4, 1);
        double[] g = gathered.actual(cl);
        assertEquals(3.0, g[0]);
        for (int k = 1; k < 4; k++) {
            assertTrue(Double.isNaN(g[k]), "gather through bad index " + k + " gives NaN, got " + g[k]);
        }
        Twin target = Twin.zeros(cl, DType.FLOAT32, 4);
        cl.index(IndexOp.INDEX_ADD, src.cl(), index.cl(), target.cl(), 1, 4, 4, 1);
        assertArrayEquals(new double[]{0, 0, 1, 0}, target.actual(cl), 0.0);
    }
}
