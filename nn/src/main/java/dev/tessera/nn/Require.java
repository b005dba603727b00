package dev.tessera.nn;

import java.util.function.DoublePredicate;

/**
 * Argument checks shared by layers, losses, optimizers, schedules, trainers and datasets. Each throws an
 * {@link IllegalArgumentException} whose message names the owner, the argument, the accepted range and the value,
 * {@code "<owner>: <name> must be <range>, got <value>"}, e.g. {@code "StepDecay: stepSize must be >= 1, got 0"}.
 * NaN is never accepted by the floating-point checks.
 */
public final class Require {
    /** The four intervals between 0 and 1, each with the text a message shows for it. */
    public enum Unit {
        /** {@code (0, 1)}. */
        OPEN("(0, 1)", v -> v > 0 && v < 1),
        /** {@code [0, 1)}. */
        CLOSED_OPEN("[0, 1)", v -> v >= 0 && v < 1),
        /** {@code (0, 1]}. */
        OPEN_CLOSED("(0, 1]", v -> v > 0 && v <= 1),
        /** {@code [0, 1]}. */
        CLOSED("[0, 1]", v -> v >= 0 && v <= 1);

        private final String text;
        private final DoublePredicate contains;

        Unit(String text, DoublePredicate contains) {
            this.text = text;
            this.contains = contains;
        }

        /** Whether {@code v} lies in this interval (false for NaN). */
        public boolean contains(double v) {
            return contains.test(v);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private Require() {
    }

    /**
     * Checks {@code value >= min}.
     *
     * @throws IllegalArgumentException {@code "<owner>: <name> must be >= <min>, got <value>"} otherwise
     */
    public static void atLeast(String owner, String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(owner + ": " + name + " must be >= " + min + ", got " + value);
        }
    }

    /**
     * Checks {@code value >= 0}.
     *
     * @throws IllegalArgumentException {@code "<owner>: <name> must be >= 0, got <value>"} otherwise (also for NaN)
     */
    public static void nonNegative(String owner, String name, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be >= 0, got " + value);
        }
    }

    /**
     * Checks {@code 0 <= value < inf}.
     *
     * @throws IllegalArgumentException {@code "<owner>: <name> must be in [0, inf), got <value>"} otherwise (also for
     *                                  NaN)
     */
    public static void finiteNonNegative(String owner, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be in [0, inf), got " + value);
        }
    }

    /**
     * Checks {@code value > 0}.
     *
     * @throws IllegalArgumentException {@code "<owner>: <name> must be > 0, got <value>"} otherwise (also for NaN)
     */
    public static void positive(String owner, String name, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be > 0, got " + value);
        }
    }

    /**
     * Checks that {@code value} lies in {@code interval}.
     *
     * @throws IllegalArgumentException {@code "<owner>: <name> must be in <interval>, got <value>"} otherwise (also
     *                                  for NaN)
     */
    public static void in(String owner, String name, double value, Unit interval) {
        if (!interval.contains(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be in " + interval + ", got " + value);
        }
    }
}
