package dev.tessera.backend;

/**
 * The error function in FLOAT64, accurate to a few units in the last place; used by the GELU specification.
 *
 * <p>For |x| &lt; 3 it sums {@code erf(x) = 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (1*3*...*(2n+1))}, whose
 * terms are all positive (no cancellation); above that it evaluates the continued fraction of
 * {@code erfc(x) = e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))} by the modified Lentz method.
 */
public final class Erf {
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

    private Erf() {
    }

    /** erf(x); odd, erf(+-inf) = +-1, NaN in gives NaN. */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        double r;
        if (a < 3.0) {
            double term = a;
            double sum = a;
            double x2 = a * a;
            for (int n = 1; n < 200; n++) {
                term *= 2.0 * x2 / (2 * n + 1);
                sum += term;
                if (term < sum * 1e-17) {
                    break;
                }
            }
            r = TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
        } else if (a > 6.0) {
            r = 1.0;
        } else {
            r = 1.0 - erfcContinuedFraction(a);
        }
        return x < 0 ? -r : r;
    }

    /** erfc(a) for a &gt;= 3 by the continued fraction a + (1/2)/(a + 1/(a + (3/2)/(a + ...))). */
    private static double erfcContinuedFraction(double a) {
        double tiny = 1e-300;
        double f = a;
        double c = a;
        double d = 0.0;
        for (int k = 1; k < 300; k++) {
            double ak = k * 0.5;
            d = a + ak * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = a + ak / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) {
                break;
            }
        }
        return Math.exp(-a * a) / (Math.sqrt(Math.PI) * f);
    }
}
