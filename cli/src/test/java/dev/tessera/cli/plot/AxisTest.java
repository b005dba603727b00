package dev.tessera.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tick placement and labels. */
class AxisTest {
    @Test
    void linearTicksAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(0.2, Axis.niceStep(0.17), 1e-15);
        assertEquals(5.0, Axis.niceStep(3.2), 1e-15);
        assertEquals(10.0, Axis.niceStep(7.1), 1e-15);
        Axis a = Axis.of(0.03, 0.97, false, 0, 5);
        assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), a.ticks().stream().map(t -> Math.round(t * 10) / 10.0)
                .toList());
        assertEquals("0.4", a.label(a.ticks().get(2)));
        assertEquals(0.0, a.fraction(0.0), 1e-12);
        assertEquals(1.0, a.fraction(1.0), 1e-12);
    }

    @Test
    void nonNegativeDataGetsNoNegativeRange() {
        Axis a = Axis.of(0.0, 2.0, false, 0.04, 6);
        assertEquals(0.0, a.ticks().get(0), 0.0);
    }

    @Test
    void integerAxesStepByWholeNumbers() {
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0), Axis.of(1, 5, false, 0, 8, true).ticks());
    }

    @Test
    void logTicksArePowersOfTen() {
        Axis a = Axis.of(3e-7, 8.0, true, 0, 8);
        assertEquals(1e-7, a.ticks().get(0), 1e-20);
        assertEquals("1e-7", a.label(a.ticks().get(0)));
        assertEquals("10", a.label(a.ticks().get(a.ticks().size() - 1)));
        assertEquals(0.5, a.fraction(Math.pow(10, -3)), 1e-12);
    }

    @Test
    void degenerateRangesStillMakeAnAxis() {
        Axis a = Axis.of(5, 5, false, 0, 5);
        assertEquals(0.5, a.fraction(5), 1e-12);
        Axis b = Axis.of(Double.NaN, Double.NaN, false, 0, 5);
        assertEquals(0.0, b.fraction(0), 1e-12);
    }
}
