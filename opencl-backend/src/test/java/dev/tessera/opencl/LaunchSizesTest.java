package dev.tessera.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.DType;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Operand;
import org.junit.jupiter.api.Test;

/**
 * The host side of 64-bit sizes on OpenCL, as pure functions (no device): a strided launch over more than 2^31
 * elements packs its element count, offsets and strides into elementwise.cl's all-long layout_t without
 * truncation, and a one-dimensional launch of that many work items rounds up in 64 bits.
 */
class LaunchSizesTest {
    /** layout_t: rank, count, flags, shape[8], offset[4], stride[4][8]. */
    private static final int OFFSET = 3 + ElementwiseOps.MAX_RANK;
    private static final int STRIDE = OFFSET + 4;

    /** A buffer with no storage: layout packing reads only the operands' offsets and strides. */
    private static final Buffer HUGE = new Buffer() {
        @Override
        public DType dtype() {
            return DType.FLOAT32;
        }

        @Override
        public long numel() {
            return 5L << 31;
        }
    };

    @Test
    void aLayoutBeyond2To31ElementsKeepsItsCountOffsetsAndStrides() {
        int[] shape = {3, 1 << 30};
        long offset = (1L << 32) + 5;
        long rowStride = (1L << 31) + 16;
        long[] layout = ElementwiseOps.layout(shape, Operand.view(HUGE, offset, new long[]{rowStride, 1}),
                Operand.constant(2), Operand.view(HUGE, 0, new long[]{1L << 30, 1}));
        assertEquals(2, layout[0], "rank");
        assertEquals(3L << 30, layout[1], "count: 3 * 2^30 exceeds an int");
        assertEquals(0b010, layout[2], "operand 1 is a constant");
        assertEquals(3, layout[3]);
        assertEquals(1 << 30, layout[4]);
        assertEquals(offset, layout[OFFSET]);
        assertEquals(rowStride, layout[STRIDE]);
        assertEquals(1, layout[STRIDE + 1]);
        assertEquals(1L << 30, layout[STRIDE + 2 * ElementwiseOps.MAX_RANK]);
        assertEquals(3L << 30, ElementwiseOps.count(shape));
    }

    @Test
    void oneDimensionalLaunchesRoundUpIn64Bits() {
        assertEquals((1L << 31) + 256, Launcher.roundUp((1L << 31) + 1, 256));
        assertEquals(5L << 31, Launcher.roundUp(5L << 31, 64));
    }
}
