package dev.tessera.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class KernelArgsTest {
    @Test
    void fieldsGoToConsecutiveEightByteSlots() {
        KernelArgs a = new KernelArgs().traced();
        a.i64("n", -5).f64("alpha", 1.5).ptr("x", 0x7f00_0000_1000L).i64s("dims", new long[]{3, 4}, 2, 4);
        assertEquals(7 * 8, a.size());
        assertEquals(-5, a.slot(0));
        assertEquals(Double.doubleToRawLongBits(1.5), a.slot(1));
        assertEquals(0x7f00_0000_1000L, a.slot(2));
        assertEquals(3, a.slot(3));
        assertEquals(4, a.slot(4));
        assertEquals(0, a.slot(5), "unused array entries are zero");
        assertEquals(0, a.slot(6));
        assertEquals(List.of(new KernelArgs.Field("n", 1), new KernelArgs.Field("alpha", 1),
                new KernelArgs.Field("x", 1), new KernelArgs.Field("dims", 4)), a.trace());
    }

    @Test
    void resetStartsAnEmptyBlockAndOverwritesOldValues() {
        KernelArgs a = new KernelArgs().traced();
        a.i64s("junk", new long[]{9, 9, 9}, 3, 3);
        a.reset().i64s("dims", new long[]{1}, 1, 3);
        assertEquals(24, a.size());
        assertEquals(1, a.slot(0));
        assertEquals(0, a.slot(1), "padding overwrites what the previous launch left");
        assertEquals(1, a.trace().size());
    }

    @Test
    void theBlockIsBoundedByTheKernelParameterLimit() {
        KernelArgs a = new KernelArgs();
        a.i64s("big", new long[0], 0, KernelArgs.CAPACITY / 8);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.i64("one more", 1));
        assertEquals("kernel arguments exceed 4096 bytes at field one more", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new KernelArgs().i64s("x", new long[3], 3, 2));
    }

    @Test
    void untracedBlocksRecordNothing() {
        KernelArgs a = new KernelArgs().i64("n", 1);
        assertEquals(null, a.trace());
        assertEquals(8, a.size());
    }
}
