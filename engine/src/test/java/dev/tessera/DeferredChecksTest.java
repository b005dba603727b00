package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeferredChecksTest {
    private final Device ref = Device.of("reference");

    @AfterEach
    void noneLeftPending() {
        assertEquals(0, DeferredChecks.pending(ref), "a test left deferred checks in the log");
        assertFalse(DeferredChecks.active());
    }

    private Tensor labels(int... v) {
        return Tensor.of(ref, v, v.length);
    }

    private Tensor logits() {
        return Tensor.of(ref, new double[]{0.5, -1, 2, 0.25, 3, 1, -2, 0}, 2, 4);
    }

    @Test
    void eagerChecksThrowAtTheOpOutsideAContext() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> logits().softmaxCrossEntropy(labels(1, 4), null, 0));
        assertEquals("softmaxCrossEntropy: label 4 is out of range [0, 4)", e.getMessage());
    }

    @Test
    void aDeferredFailureIsRaisedAtTheNextReadOfAnyTensorOnTheDevice() {
        Tensor loss;
        try (DeferredChecks.Context c = DeferredChecks.defer("epoch 1, batch 37")) {
            assertTrue(DeferredChecks.active());
            loss = logits().softmaxCrossEntropy(labels(12, 0), null, 0);
        }
        assertEquals(1, DeferredChecks.pending(ref));
        Tensor unrelated = Tensor.of(ref, new double[]{1}, 1);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, unrelated::item);
        assertEquals("softmaxCrossEntropy: label 12 is out of range [0, 4) in epoch 1, batch 37 (checked on the "
                + "device, raised at the next read)", e.getMessage());
        assertEquals(0, DeferredChecks.pending(ref), "raised once, then the log is empty");
        double[] clamped = logits().softmaxCrossEntropy(labels(3, 0), null, 0).toDoubleArray();
        assertArrayEquals(clamped, loss.toDoubleArray(), "the label was clamped to 3, never read out of bounds");
    }

    @Test
    void labelsInRangeGiveTheEagerResultAndRaiseNothing() {
        double[] eager = logits().softmaxCrossEntropy(labels(2, 1), null, 0).toDoubleArray();
        Tensor deferred;
        try (DeferredChecks.Context c = DeferredChecks.defer("batch 0")) {
            deferred = logits().softmaxCrossEntropy(labels(2, 1), null, 0);
        }
        assertArrayEquals(eager, deferred.toDoubleArray());
        assertEquals(0, DeferredChecks.pending(ref));
    }

    @Test
    void theFirstFailedCheckIsNamedWithItsOwnContextAndANegativeValue() {
        Tensor x = Tensor.of(ref, new double[]{1, 2, 3, 4, 5, 6}, 3, 2);
        try (DeferredChecks.Context outer = DeferredChecks.defer("batch 1")) {
            x.indexSelect(0, labels(0, 2));
            try (DeferredChecks.Context inner = DeferredChecks.defer("batch 2")) {
                x.indexSelect(0, labels(-3, 1));
            }
            x.scatterAdd(0, Tensor.of(ref, new int[]{5, 0}, 1, 2), Tensor.of(ref, new double[]{1, 1}, 1, 2));
            labels(1, 0).oneHot(2);
        }
        assertEquals(4, DeferredChecks.pending(ref));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> DeferredChecks.raisePending(ref));
        assertTrue(e.getMessage().startsWith("indexSelect: index -3 is out of range [0, 3) in batch 2"),
                e.getMessage());
    }

    @Test
    void deferredIndicesAreClampedInEveryIndexOp() {
        Tensor x = Tensor.of(ref, new double[]{1, 2, 3, 4, 5, 6}, 3, 2);
        Tensor selected;
        Tensor scattered;
        Tensor hot;
        try (DeferredChecks.Context c = DeferredChecks.defer("batch 9")) {
            selected = x.indexSelect(0, labels(7, -1));
            scattered = x.scatterAdd(0, Tensor.of(ref, new int[]{-4, 9}, 1, 2),
                    Tensor.of(ref, new double[]{10, 20}, 1, 2));
            hot = labels(5).oneHot(3);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> DeferredChecks.raisePending(ref));
        assertArrayEquals(new double[]{5, 6, 1, 2}, selected.toDoubleArray());
        assertArrayEquals(new double[]{11, 2, 3, 4, 5, 26}, scattered.toDoubleArray());
        assertArrayEquals(new double[]{0, 0, 1}, hot.toDoubleArray());
    }

    @Test
    void aFullLogIsReadBeforeTheNextCheck() {
        Tensor x = Tensor.of(ref, new double[]{1, 2, 3}, 3);
        try (DeferredChecks.Context c = DeferredChecks.defer("the loop")) {
            for (int i = 0; i < DeferredChecks.CAPACITY; i++) {
                x.indexSelect(0, labels(i % 3));
            }
            assertEquals(DeferredChecks.CAPACITY, DeferredChecks.pending(ref));
            x.indexSelect(0, labels(1));
            assertEquals(1, DeferredChecks.pending(ref));
        }
        DeferredChecks.raisePending(ref);
    }

    @Test
    void aContextNeedsADescriptionAndChecksOffSkipEverything() {
        assertThrows(IllegalArgumentException.class, () -> DeferredChecks.defer(" "));
        Tessera.setIndexChecks(false);
        try (DeferredChecks.Context c = DeferredChecks.defer("batch 3")) {
            Tensor x = Tensor.of(ref, new double[]{1, 2, 3}, 3);
            x.indexSelect(0, labels(2));
            assertEquals(0, DeferredChecks.pending(ref));
        } finally {
            Tessera.setIndexChecks(true);
        }
    }
}
