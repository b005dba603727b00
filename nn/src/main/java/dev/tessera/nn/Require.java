package dev.tessera.nn;

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
        OPEN("(0, 1)", false, false),
        /** {@code [0, 1)}. */
        CLOSED_OPEN("[0, 1)", true, false),
        /** {@code (0, 1]}. */
        OPEN_CLOSED("(0, 1]", false, true),
        /** {@code [0, 1]}. */
        CLOSED("[0, 1]", true, true);

        private final String text;
        private final boolean withZero;
        private final boolean withOne;

        Unit(String text, boolean withZero, boolean withOne) {
            this.text = text;
            this.withZero = withZero;
            this.withOne = withOne;
        }

        /** Whether {@code v} lies in this interval (false for NaN). */
        public boolean contains(double v) {
            return (withZero ? v >= 0 : v > 0) && (withOne ? v <= 1 : v < 1);
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
