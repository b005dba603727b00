package dev.tessera.nn;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequireTest {
    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of((Executable) () -> Require.atLeast("StepDecay", "stepSize", 0, 1),
                        "StepDecay: stepSize must be >= 1, got 0"),
                Arguments.of((Executable) () -> Require.atLeast("Warmup", "steps", -3L, 0),
                        "Warmup: steps must be >= 0, got -3"),
                Arguments.of((Executable) () -> Require.nonNegative("StepDecay", "gamma", -0.5),
                        "StepDecay: gamma must be >= 0, got -0.5"),
                Arguments.of((Executable) () -> Require.nonNegative("StepDecay", "gamma", Double.NaN),
                        "StepDecay: gamma must be >= 0, got NaN"),
                Arguments.of((Executable) () -> Require.finiteNonNegative("SGD", "lr", Double.POSITIVE_INFINITY),
                        "SGD: lr must be in [0, inf), got Infinity"),
                Arguments.of((Executable) () -> Require.positive("HuberLoss", "delta", 0.0),
                        "HuberLoss: delta must be > 0, got 0.0"),
                Arguments.of((Executable) () -> Require.in("Dropout", "p", 1.0, Require.Unit.CLOSED_OPEN),
                        "Dropout: p must be in [0, 1), got 1.0"),
                Arguments.of((Executable) () -> Require.in("Newbob", "factor", 0.0, Require.Unit.OPEN),
                        "Newbob: factor must be in (0, 1), got 0.0"),
                Arguments.of((Executable) () -> Require.in("Warmup", "startFactor", Double.NaN,
                        Require.Unit.OPEN_CLOSED), "Warmup: startFactor must be in (0, 1], got NaN"),
                Arguments.of((Executable) () -> Require.in("SGD", "dampening", 1.5, Require.Unit.CLOSED),
                        "SGD: dampening must be in [0, 1], got 1.5"));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void rejectsNamingTheOwnerTheArgumentTheRangeAndTheValue(Executable check, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, check).getMessage());
    }

    @Test
    void acceptsTheBoundsTheRangeIncludes() {
        assertDoesNotThrow(() -> Require.atLeast("o", "n", 1, 1));
        assertDoesNotThrow(() -> Require.nonNegative("o", "x", 0.0));
        assertDoesNotThrow(() -> Require.nonNegative("o", "x", Double.POSITIVE_INFINITY));
        assertDoesNotThrow(() -> Require.finiteNonNegative("o", "x", 0.0));
        assertDoesNotThrow(() -> Require.positive("o", "x", Double.MIN_VALUE));
        assertDoesNotThrow(() -> Require.in("o", "x", 0.0, Require.Unit.CLOSED_OPEN));
        assertDoesNotThrow(() -> Require.in("o", "x", 1.0, Require.Unit.OPEN_CLOSED));
        assertDoesNotThrow(() -> Require.in("o", "x", 0.0, Require.Unit.CLOSED));
        assertDoesNotThrow(() -> Require.in("o", "x", 1.0, Require.Unit.CLOSED));
    }

    @Test
    void eachIntervalKeepsOrExcludesItsEnds() {
        for (Require.Unit u : Require.Unit.values()) {
            String text = u.toString();
            assertEquals(text.startsWith("["), u.contains(0.0), text + " contains 0");
            assertEquals(text.endsWith("]"), u.contains(1.0), text + " contains 1");
            assertTrue(u.contains(0.5), text + " contains 0.5");
            assertFalse(u.contains(Double.NaN), text + " contains NaN");
        }
    }
}
