package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The op frame frees what it owns unless kept or saved, on normal exit and when the op throws. */
class OpFrameTest {
    private final Device d = Device.of("reference");

    @Test
    void freesOwnedTensorsAndDenseCopiesButNotKeptOrSavedOnes() {
        long before = d.memoryStats().bytesInUse();
        Tensor base = Tensor.ones(Shape.of(3, 4), DType.FLOAT64, d);
        Tensor transposed = base.t();
        Tensor kept;
        Tensor saved;
        Tensor temp;
        Tensor copy;
        try (OpFrame f = new OpFrame()) {
            assertSame(base, f.dense(base), "a dense tensor is used as it is");
            copy = f.dense(transposed);
            assertFalse(copy == transposed, "a strided view is copied");
            temp = f.own(Tensor.zeros(Shape.of(5), DType.FLOAT64, d));
            kept = f.keep(f.own(Tensor.zeros(Shape.of(6), DType.FLOAT64, d)));
            saved = f.save(f.own(Tensor.zeros(Shape.of(7), DType.FLOAT64, d)), null)[0];
        }
        assertTrue(copy.isClosed() && temp.isClosed());
        assertFalse(base.isClosed() || transposed.isClosed() || kept.isClosed() || saved.isClosed());
        kept.close();
        saved.close();
        transposed.close();
        base.close();
        assertEquals(before, d.memoryStats().bytesInUse());
    }

    @Test
    void anOpThatThrowsFreesItsUnfinishedOutput() {
        long before = d.memoryStats().bytesInUse();
        assertThrows(IllegalStateException.class, () -> {
            try (OpFrame f = new OpFrame()) {
                f.own(Tensor.zeros(Shape.of(100), DType.FLOAT64, d));
                throw new IllegalStateException("the kernel failed");
            }
        });
        assertEquals(before, d.memoryStats().bytesInUse());
    }
}
