package dev.tessera.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Newbob halving, stopping and state. */
class NewbobTest {
    @Test
    void halvesWheneverTheErrorGoesUpAndStopsAfterNHalvings() {
        Newbob nb = new Newbob(Mode.MIN, 0.5, 0.0, 2);
        double[] errors = {0.30, 0.25, 0.26, 0.20, 0.20, 0.18};
        double[] rates = new double[errors.length];
        for (int i = 0; i < errors.length; i++) {
            rates[i] = nb.rate(i, 0.8);
            assertFalse(nb.shouldStop() && i < 4);
            nb.observe(errors[i]);
        }
        // up at 0.26 halves once; no change at the repeated 0.20 halves again
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[]{0.8, 0.8, 0.8, 0.4, 0.4, 0.2}, rates, 0.0);
        assertEquals(2, nb.halvings());
        assertTrue(nb.shouldStop());
    }

    @Test
    void minImprovementAndMaxModeAndState() {
        Newbob acc = new Newbob(Mode.MAX, 0.5, 0.01, 0);
        acc.observe(0.90);
        acc.observe(0.905);
        assertEquals(0.05, acc.rate(2, 0.1), 1e-17);
        Newbob copy = new Newbob(Mode.MAX, 0.5, 0.01, 0);
        copy.loadState(acc.state());
        copy.observe(0.95);
        acc.observe(0.95);
        assertEquals(acc.rate(3, 0.1), copy.rate(3, 0.1));
        assertFalse(acc.shouldStop());
    }

    @Test
    void rejectsBadArguments() {
        assertEquals("Newbob: factor must be in (0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> new Newbob(Mode.MIN, 1.0, 0, 0)).getMessage());
        assertEquals("Newbob: maxHalvings must be >= 0 (0: never stop), got -1",
                assertThrows(IllegalArgumentException.class, () -> new Newbob(Mode.MIN, 0.5, 0, -1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Newbob().loadState(java.util.Map.of()))
                .getMessage().contains("missing 'previous'"));
    }
}
