package dev.tessera.cli.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One axis of a chart: a data range mapped linearly (or by log10) onto a pixel span, with "nice" tick positions
 * (1, 2 or 5 times a power of ten on a linear axis; the powers of ten on a log axis) and their labels.
 */
final class Axis {
    private final double low;
    private final double high;
    private final boolean log;
    private final List<Double> ticks;

    private Axis(double low, double high, boolean log, List<Double> ticks) {
        this.low = low;
        this.high = high;
        this.log = log;
        this.ticks = ticks;
    }

    /**
     * An axis covering the finite values of {@code min..max} (padded by {@code pad} of the span on each side), with
     * about {@code target} ticks (data that is never negative gets no negative part). A log axis needs
     * {@code min > 0}. A degenerate range (one value, or none finite) is
     * widened so the axis is always usable.
     */
    static Axis of(double min, double max, boolean log, double pad, int target) {
        return of(min, max, log, pad, target, false);
    }

    /** {@link #of(double, double, boolean, double, int)}, with whole-number steps when {@code integers}. */
    static Axis of(double min, double max, boolean log, double pad, int target, boolean integers) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            min = 0;
            max = 1;
        }
        if (log) {
            double a = Math.log10(min);
            double b = Math.log10(max);
            if (a == b) {
                a -= 0.5;
                b += 0.5;
            }
            double lo = Math.floor(a);
            double hi = Math.ceil(b);
            List<Double> t = new ArrayList<>();
            int step = (int) Math.max(1, Math.ceil((hi - lo) / target));
            for (double e = lo; e <= hi + 1e-9; e += step) {
                t.add(e);
            }
            return new Axis(lo, hi, true, t);
        }
        if (min == max) {
            double d = min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= d;
            max += d;
        }
        double span = max - min;
        boolean nonNegative = min >= 0;
        min -= pad * span;
        max += pad * span;
        if (nonNegative && min < 0) {
            min = 0;
        }
        double step = niceStep((max - min) / Math.max(1, target));
        if (integers) {
            step = Math.max(1, step);
        }
        double lo = Math.floor(min / step) * step;
        double hi = Math.ceil(max / step) * step;
        List<Double> t = new ArrayList<>();
        for (long i = 0; lo + i * step <= hi + step * 1e-9; i++) {
            t.add(lo + i * step);
        }
        return new Axis(lo, hi, false, t);
    }

    /** The smallest of 1, 2, 5 times a power of ten that is at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * p;
    }

    /** Position of data value {@code v} as a fraction of the axis, 0 at the low end and 1 at the high end. */
    double fraction(double v) {
        double x = log ? Math.log10(v) : v;
        return (x - low) / (high - low);
    }

    /** The tick values, in data units. */
    List<Double> ticks() {
        List<Double> out = new ArrayList<>();
        for (double t : ticks) {
            out.add(log ? Math.pow(10, t) : t);
        }
        return out;
    }

    /** A short label for tick value {@code v}: {@code 1e-3} on a log axis, else the fewest digits the step needs. */
    String label(double v) {
        if (log) {
            long e = Math.round(Math.log10(v));
            return e == 0 ? "1" : e == 1 ? "10" : "1e" + e;
        }
        double step = ticks.size() > 1 ? ticks.get(1) - ticks.get(0) : 1;
        if (Math.abs(v) < step * 1e-9) {
            v = 0;
        }
        double mag = Math.max(Math.abs(low), Math.abs(high));
        if (mag >= 1e5 || (mag < 1e-3 && mag > 0)) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        int decimals = (int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
