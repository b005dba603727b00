package dev.tessera.conformance;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Tensor;
import java.util.SplittableRandom;

/**
 * Inputs and comparisons for the conformance suite: seeded random values from a domain (rounded to FLOAT32 so the
 * device and the FLOAT64 reference see the same numbers), tensors built from them on any device, and element-wise
 * closeness checks that report the first offending element.
 */
public final class ConformanceData {
    private ConformanceData() {
    }

    /** Where input values are drawn from. */
    public enum Domain {
        /** [-3, 3], at least 0.05 away from 0 (kinks of relu, abs, ...). */
        ANY,
        /** [0.1, 3]. */
        POSITIVE,
        /** [-3, -0.5] or [0.5, 3]. */
        NONZERO,
        /** Small integers -2..2 (ties for comparisons, max and min). */
        SMALL_INTEGERS
    }

    public static double[] values(long count, Domain domain, long seed) {
        int n = Math.toIntExact(count);
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double x = switch (domain) {
                case ANY -> {
                    double m = 0.05 + 2.95 * r.nextDouble();
                    yield r.nextBoolean() ? m : -m;
                }
                case POSITIVE -> 0.1 + 2.9 * r.nextDouble();
                case NONZERO -> {
                    double m = 0.5 + 2.5 * r.nextDouble();
                    yield r.nextBoolean() ? m : -m;
                }
                case SMALL_INTEGERS -> r.nextInt(5) - 2;
            };
            v[i] = (float) x;
        }
        return v;
    }

    static int numel(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** A tensor of {@code dtype} on {@code device} holding {@code v} (converted). */
    public static Tensor tensor(Device device, DType dtype, double[] v, int... shape) {
        if (shape.length == 0) {
            try (Tensor flat = tensor(device, dtype, v, 1)) {
                return flat.reshape();
            }
        }
        return Tensor.of(device, dtype, v.clone(), shape);
    }

    /** Asserts {@code |actual - expected| <= atol + rtol |expected|} element-wise; NaN must match NaN. */
    public static void assertClose(String what, double[] expected, double[] actual, double rtol, double atol) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": expected " + expected.length + " elements, got " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.isNaN(e) || Double.isNaN(a)) {
                if (Double.isNaN(e) != Double.isNaN(a)) {
                    throw new AssertionError(what + ": element " + i + " expected " + e + " but was " + a);
                }
                continue;
            }
            if (Double.isInfinite(e) || Double.isInfinite(a)) {
                if (e != a) {
                    throw new AssertionError(what + ": element " + i + " expected " + e + " but was " + a);
                }
                continue;
            }
            if (Math.abs(a - e) > atol + rtol * Math.abs(e)) {
                throw new AssertionError(what + ": element " + i + " of " + expected.length + " expected " + e
                        + " but was " + a + " (|diff| " + Math.abs(a - e) + " > " + (atol + rtol * Math.abs(e)) + ")");
            }
        }
    }

    /** Asserts exact equality (bit patterns of the widened values). */
    static void assertExact(String what, double[] expected, double[] actual) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": expected " + expected.length + " elements, got " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                throw new AssertionError(what + ": element " + i + " expected " + expected[i] + " but was "
                        + actual[i] + " (must be bit-identical)");
            }
        }
    }
}
