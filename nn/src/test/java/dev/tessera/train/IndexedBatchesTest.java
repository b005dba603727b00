package dev.tessera.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.data.Batch;
import dev.tessera.testing.TorchFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The index-driven batch iterator: each index once, in order, then an exception naming the pass. */
class IndexedBatchesTest {
    private static Batch labelled(int i) {
        Tensor x = Tensor.full(i, Shape.of(1, 1), DType.FLOAT32, TorchFixture.DEVICE);
        return new Batch(x, x);
    }

    @Test
    void makesEachBatchFromItsIndexInOrderThenStops() {
        List<Integer> made = new ArrayList<>();
        IndexedBatches it = new IndexedBatches("test: the pass", 3, i -> {
            made.add(i);
            return labelled(i);
        });
        for (int i = 0; i < 3; i++) {
            assertTrue(it.hasNext());
            assertEquals(i, it.next().features().toDoubleArray()[0], 0.0);
        }
        assertFalse(it.hasNext());
        assertEquals(List.of(0, 1, 2), made);
        NoSuchElementException e = assertThrows(NoSuchElementException.class, it::next);
        assertEquals("test: the pass has 3 batches", e.getMessage());
        assertEquals(3, made.size());
    }

    @Test
    void anEmptyPassHasNoBatches() {
        IndexedBatches it = new IndexedBatches("empty", 0, i -> {
            throw new AssertionError("no batch may be made");
        });
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }
}
