package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The argument checks and the state layout of {@link Recurrence}. */
class RecurrenceTest {
    private static final Device CPU = Device.of("reference");

    private static Tensor zeros(int... dims) {
        return Tensor.zeros(Shape.of(dims), DType.FLOAT64, CPU);
    }

    @Test
    void wrongShapesNameTheOpAndTheExpectedLayout() {
        Tensor whh = zeros(12, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Recurrence.lstm(zeros(5, 2, 11), null, null, whh, null, null, false));
        assertTrue(e.getMessage().contains("lstm: expected the input projection [T >= 1, B >= 1, 12]"), e::getMessage);
        e = assertThrows(IllegalArgumentException.class,
                () -> Recurrence.lstm(zeros(5, 2, 12), zeros(2, 4), null, whh, null, null, false));
        assertTrue(e.getMessage().contains("h0 FLOAT64 [2, 3]"), e::getMessage);
        e = assertThrows(IllegalArgumentException.class,
                () -> Recurrence.gru(zeros(5, 2, 9), null, zeros(9, 4), null, null, false));
        assertTrue(e.getMessage().contains("gru: expected W_hh [3 H, H]"), e::getMessage);
        e = assertThrows(IllegalArgumentException.class,
                () -> Recurrence.rnn(zeros(5, 2, 3), null, zeros(3, 3), null, zeros(5, 3), false, false));
        assertTrue(e.getMessage().contains("keep FLOAT64 [5, 2]"), e::getMessage);
        e = assertThrows(IllegalArgumentException.class,
                () -> Recurrence.lstm(zeros(0, 2, 12), null, null, whh, null, null, false));
        assertTrue(e.getMessage().contains("[0, 2, 12]"), e::getMessage);
    }

    @Test
    void statesHoldTheInitialSlotThenOneSlotPerStep() {
        // h' = tanh(x + h) with W_hh = 1: forward slots 0..T, reverse slots T..0
        Tensor proj = Tensor.of(CPU, new double[]{0.5, -1, 2}, 3, 1, 1);
        Tensor h0 = Tensor.of(CPU, new double[]{0.25}, 1, 1);
        Tensor w = Tensor.of(CPU, new double[]{1}, 1, 1);
        double[] fwd = Recurrence.rnn(proj, h0, w, null, null, false, false).toDoubleArray();
        double h1 = Math.tanh(0.5 + 0.25);
        double h2 = Math.tanh(-1 + h1);
        assertEquals(4, fwd.length);
        assertEquals(0.25, fwd[0], 1e-15);
        assertEquals(h1, fwd[1], 1e-15);
        assertEquals(h2, fwd[2], 1e-15);
        assertEquals(Math.tanh(2 + h2), fwd[3], 1e-15);
        double[] rev = Recurrence.rnn(proj, h0, w, null, null, true, false).toDoubleArray();
        double r2 = Math.tanh(2 + 0.25);
        assertEquals(0.25, rev[3], 1e-15);
        assertEquals(r2, rev[2], 1e-15);
        assertEquals(Math.tanh(-1 + r2), rev[1], 1e-15);
    }
}
