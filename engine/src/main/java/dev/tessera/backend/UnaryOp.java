package dev.tessera.backend;

/**
 * The closed set of elementwise unary primitives. Each constant states its math, {@code y = f(x; alpha)}, and its
 * derivative; {@link #apply} and {@link #derivative} are the FLOAT64 specification every backend kernel is checked
 * against. {@code alpha} is used only where stated.
 */
public enum UnaryOp {
    /** {@code y = -x}; {@code dy/dx = -1}. */
    NEG,
    /** {@code y = e^x}; {@code dy/dx = y}. */
    EXP,
    /** {@code y = ln x} (NaN for x &lt; 0, -inf at 0); {@code dy/dx = 1/x}. */
    LOG,
    /** {@code y = sqrt(x)}; {@code dy/dx = 1/(2y)}. */
    SQRT,
    /** {@code y = 1/sqrt(x)}; {@code dy/dx = -y^3/2}. */
    RSQRT,
    /** {@code y = |x|}; {@code dy/dx = sign(x)} (0 at 0). */
    ABS,
    /** {@code y = sign(x)} in {-1, 0, 1}; {@code dy/dx = 0}. */
    SIGN,
    /** {@code y = 1/x}; {@code dy/dx = -y^2}. */
    RECIPROCAL,
    /** {@code y = 1/(1+e^-x)}; {@code dy/dx = y(1-y)}. */
    SIGMOID,
    /** {@code y = tanh x}; {@code dy/dx = 1-y^2}. */
    TANH,
    /** {@code y = max(x, 0)}; {@code dy/dx = [x > 0]}. */
    RELU,
    /** {@code y = x if x > 0 else alpha*x} (alpha: negative slope); {@code dy/dx = 1 or alpha}. */
    LEAKY_RELU,
    /** {@code y = x if x > 0 else alpha(e^x - 1)}; {@code dy/dx = 1 or y + alpha}. */
    ELU,
    /** Exact GELU {@code y = x Phi(x) = x/2 (1 + erf(x/sqrt 2))}; {@code dy/dx = Phi(x) + x phi(x)}. */
    GELU,
    /**
     * Tanh-form GELU {@code y = x/2 (1 + tanh(k(x + 0.044715 x^3)))}, {@code k = sqrt(2/pi)};
     * {@code dy/dx = (1+t)/2 + x/2 (1-t^2) k (1 + 3*0.044715 x^2)}.
     */
    GELU_TANH,
    /**
     * SiLU / Swish with a fixed beta (alpha): {@code y = x sigmoid(alpha x)};
     * {@code dy/dx = s + alpha x s (1-s)}, {@code s = sigmoid(alpha x)}. alpha = 1 is SiLU.
     */
    SILU,
    /** {@code y = x tanh(softplus(x))}; {@code dy/dx = tanh(sp) + x (1 - tanh(sp)^2) sigmoid(x)}. */
    MISH,
    /** {@code y = ln(1 + e^x)}, exactly x above 20 as in PyTorch; {@code dy/dx = sigmoid(x)}. */
    SOFTPLUS;

    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    private static final double INV_SQRT_2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    /** Whether integer inputs keep their type (NEG, ABS, SIGN); all others compute on floats. */
    public boolean preservesIntegers() {
        return this == NEG || this == ABS || this == SIGN;
    }

    /** The FLOAT64 specification of the forward function. */
    public double apply(double x, double alpha) {
        return switch (this) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1.0 / Math.sqrt(x);
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case RECIPROCAL -> 1.0 / x;
            case SIGMOID -> sigmoid(x);
            case TANH -> Math.tanh(x);
            case RELU -> x > 0 ? x : (Double.isNaN(x) ? x : 0.0);
            case LEAKY_RELU -> x > 0 ? x : alpha * x;
            case ELU -> x > 0 ? x : alpha * Math.expm1(x);
            case GELU -> 0.5 * x * (1.0 + Erf.erf(x * INV_SQRT_2));
            case GELU_TANH -> 0.5 * x * (1.0 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
            case SILU -> x * sigmoid(alpha * x);
            case MISH -> x * Math.tanh(softplus(x));
            case SOFTPLUS -> softplus(x);
        };
    }

    /**
     * The FLOAT64 specification of {@code dy/dx} at input {@code x} with output {@code y = apply(x, alpha)}.
     * The backward primitive returns {@code gradOut * derivative(x, y, alpha)}.
     */
    public double derivative(double x, double y, double alpha) {
        return switch (this) {
            case NEG -> -1.0;
            case EXP -> y;
            case LOG -> 1.0 / x;
            case SQRT -> 0.5 / y;
            case RSQRT -> -0.5 * y * y * y;
            case ABS -> Math.signum(x);
            case SIGN -> 0.0;
            case RECIPROCAL -> -y * y;
            case SIGMOID -> y * (1.0 - y);
            case TANH -> 1.0 - y * y;
            case RELU -> x > 0 ? 1.0 : 0.0;
            case LEAKY_RELU -> x > 0 ? 1.0 : alpha;
            case ELU -> x > 0 ? 1.0 : y + alpha;
            case GELU -> 0.5 * (1.0 + Erf.erf(x * INV_SQRT_2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
            case GELU_TANH -> {
                double t = Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x));
                yield 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * SQRT_2_OVER_PI * (1.0 + 3.0 * 0.044715 * x * x);
            }
            case SILU -> {
                double s = sigmoid(alpha * x);
                yield s + alpha * x * s * (1.0 - s);
            }
            case MISH -> {
                double t = Math.tanh(softplus(x));
                yield t + x * (1.0 - t * t) * sigmoid(x);
            }
            case SOFTPLUS -> x > 20.0 ? 1.0 : sigmoid(x);
        };
    }

    private static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    private static double softplus(double x) {
        return x > 20.0 ? x : Math.log1p(Math.exp(x));
    }
}
