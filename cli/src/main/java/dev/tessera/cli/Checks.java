package dev.tessera.cli;

import java.util.List;
import java.util.Locale;

/** Checks of option values that throw one clear line naming the option, the value and the accepted range. */
final class Checks {
    private Checks() {
    }

    /**
     * {@code value} trimmed and in lower case, which must be one of {@code names}.
     *
     * @throws IllegalArgumentException {@code "--kind: unknown kind 'VALUE' (expected NAME, NAME, ...)"} for the
     *                                  {@code option} {@code --kind}
     */
    static String oneOf(String option, String value, List<String> names) {
        String name = value.trim().toLowerCase(Locale.ROOT);
        if (!names.contains(name)) {
            throw new IllegalArgumentException(option + ": unknown " + option.substring(2) + " '" + value
                    + "' (expected " + String.join(", ", names) + ")");
        }
        return name;
    }

    /** {@code value >= min}. */
    static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be >= " + min + ", got " + value);
        }
    }

    /** A finite {@code value >= 0}. */
    static void nonNegative(String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(option + " must be a finite number >= 0, got " + value);
        }
    }

    /** A finite {@code value > 0}. */
    static void positive(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(option + " must be a finite number > 0, got " + value);
        }
    }

    /** {@code low <= value < high} (half-open). */
    static void inHalfOpen(String option, double value, double low, double high) {
        if (!(value >= low && value < high)) {
            throw new IllegalArgumentException(option + " must be in [" + low + ", " + high + "), got " + value);
        }
    }

    /** {@code low <= value <= high}. */
    static void inClosed(String option, double value, double low, double high) {
        if (!(value >= low && value <= high)) {
            throw new IllegalArgumentException(option + " must be in [" + low + ", " + high + "], got " + value);
        }
    }
}
