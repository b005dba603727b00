package dev.tessera.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.nn.ReLU;
import org.junit.jupiter.api.Test;

/** Early stopping's patience and min-delta semantics. */
class EarlyStoppingTest {
    private static EpochMetrics metrics(int epoch, double valLoss, double valAcc) {
        return new EpochMetrics(epoch, 1, 0.5, valLoss, valAcc, 0.1, 10, 0, 1, 10);
    }

    @Test
    void patienceCountsEpochsWithoutImprovementBeyondMinDelta() {
        EarlyStopping es = new EarlyStopping(Monitor.VAL_LOSS, 2, 0.05, false);
        assertFalse(es.update(metrics(1, 1.0, 0), new ReLU()));
        assertFalse(es.update(metrics(2, 0.97, 0), new ReLU()), "0.03 is within minDelta: first bad epoch");
        assertTrue(es.update(metrics(3, 0.99, 0), new ReLU()), "second bad epoch with patience 2");
        assertEquals(1, es.bestEpoch());
        assertEquals(1.0, es.best());
    }

    @Test
    void accuracyImprovesUpwardsAndPatienceZeroStopsAtOnce() {
        EarlyStopping es = new EarlyStopping(Monitor.VAL_ACCURACY, 0, 0, false);
        assertFalse(es.update(metrics(0, 1, 0.8), new ReLU()));
        assertFalse(es.update(metrics(1, 1, 0.9), new ReLU()));
        assertTrue(es.update(metrics(2, 1, 0.9), new ReLU()));
    }

    @Test
    void resetForgetsTheBest() {
        EarlyStopping es = new EarlyStopping(Monitor.VAL_LOSS, 0, 0, false);
        es.update(metrics(0, 0.5, 0), new ReLU());
        es.reset();
        assertEquals(-1, es.bestEpoch());
        assertFalse(es.update(metrics(0, 0.9, 0), new ReLU()), "0.9 improves on nothing seen");
    }

    @Test
    void rejectsNegativePatience() {
        assertEquals("EarlyStopping: patience must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
                () -> new EarlyStopping(Monitor.VAL_LOSS, -1, 0, true)).getMessage());
        assertEquals("EarlyStopping: minDelta must be >= 0, got NaN", assertThrows(IllegalArgumentException.class,
                () -> new EarlyStopping(Monitor.VAL_LOSS, 1, Double.NaN, true)).getMessage());
    }
}
