package dev.tessera.backend;

/**
 * FLOAT64 helpers and constants of the generated {@link UnaryOp} specification (the {@code java} and {@code djava}
 * fields of optable/elementwise.ops name them).
 */
final class OpMath {
    /** {@code sqrt(2/pi)}, the tanh-GELU scale. */
    static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    /** {@code 1/sqrt(2)}. */
    static final double INV_SQRT_2 = 1.0 / Math.sqrt(2.0);
    /** {@code 1/sqrt(2 pi)}, the standard normal density at 0. */
    static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    private OpMath() {
    }

    /** {@code 1/(1+e^-x)}, in the form that does not overflow for large |x|. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** {@code ln(1 + e^x)}, exactly x above {@code threshold} (PyTorch's softplus with beta 1). */
    static double softplus(double x, double threshold) {
        return x > threshold ? x : Math.log1p(Math.exp(x));
    }
}
