package dev.tessera;

import dev.tessera.backend.UnaryOp;
import java.util.Objects;

/**
 * An elementwise activation function with its parameter fixed, as user code names it: {@link #RELU},
 * {@code Activation.leakyRelu(0.2)}. {@link Tensor#apply(Activation)} applies one and
 * {@link Tensor#linear(Tensor, Tensor, Activation)} fuses one into a linear layer. This class is the one place that
 * lists the activations; each maps to a unary primitive of the engine (which user code never needs to name).
 * Instances are immutable and compare by name and parameter.
 *
 * <p>The math, per element (PyTorch's definitions):
 * <ul>
 *   <li>{@code relu}: {@code max(x, 0)}</li>
 *   <li>{@code leaky_relu(s)}: {@code x > 0 ? x : s x}</li>
 *   <li>{@code elu(a)}: {@code x > 0 ? x : a (e^x - 1)}</li>
 *   <li>{@code sigmoid}: {@code 1 / (1 + e^-x)}; {@code tanh}: {@code tanh x}</li>
 *   <li>{@code gelu}: {@code x Phi(x)}; {@code gelu_tanh}: {@code x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}</li>
 *   <li>{@code swish(b)}: {@code x sigmoid(b x)}; {@code silu} is {@code swish(1)}</li>
 *   <li>{@code mish}: {@code x tanh(softplus(x))}; {@code softplus}: {@code ln(1 + e^x)}, {@code x} above 20</li>
 *   <li>{@code hardswish}: {@code x min(max(x + 3, 0), 6) / 6}; {@code hardsigmoid}: {@code min(max(x/6 + 1/2, 0), 1)};
 *   {@code logsigmoid}: {@code ln sigmoid(x)}</li>
 * </ul>
 */
public final class Activation {
    /** {@code max(x, 0)}. */
    public static final Activation RELU = new Activation("relu", UnaryOp.RELU, 0);
    /** {@code 1 / (1 + e^-x)}. */
    public static final Activation SIGMOID = new Activation("sigmoid", UnaryOp.SIGMOID, 0);
    /** {@code tanh x}. */
    public static final Activation TANH = new Activation("tanh", UnaryOp.TANH, 0);
    /** Exact GELU {@code x Phi(x)}. */
    public static final Activation GELU = new Activation("gelu", UnaryOp.GELU, 0);
    /** Tanh-approximation GELU (PyTorch {@code approximate="tanh"}). */
    public static final Activation GELU_TANH = new Activation("gelu_tanh", UnaryOp.GELU_TANH, 0);
    /** SiLU {@code x sigmoid(x)}. */
    public static final Activation SILU = new Activation("silu", UnaryOp.SILU, 1.0);
    /** {@code x tanh(softplus(x))}. */
    public static final Activation MISH = new Activation("mish", UnaryOp.MISH, 0);
    /** {@code ln(1 + e^x)}, exactly {@code x} above the threshold 20 (PyTorch's default). */
    public static final Activation SOFTPLUS = new Activation("softplus", UnaryOp.SOFTPLUS, 20.0);

    /** Hard swish {@code x min(max(x + 3, 0), 6) / 6}. */
    public static final Activation HARDSWISH = new Activation("hardswish", UnaryOp.HARDSWISH, 0);
    /** Hard sigmoid {@code min(max(x / 6 + 1/2, 0), 1)}. */
    public static final Activation HARDSIGMOID = new Activation("hardsigmoid", UnaryOp.HARDSIGMOID, 0);
    /** {@code ln sigmoid(x)}, computed without overflow. */
    public static final Activation LOGSIGMOID = new Activation("logsigmoid", UnaryOp.LOGSIGMOID, 0);

    private final String name;
    private final UnaryOp op;
    private final double parameter;
    private final boolean chosenParameter;

    private Activation(String name, UnaryOp op, double parameter) {
        this(name, op, parameter, false);
    }

    private Activation(String name, UnaryOp op, double parameter, boolean chosenParameter) {
        this.name = name;
        this.op = op;
        this.parameter = parameter;
        this.chosenParameter = chosenParameter;
    }

    /**
     * Leaky ReLU {@code x > 0 ? x : negativeSlope x}.
     *
     * @throws IllegalArgumentException when the slope is not finite
     */
    public static Activation leakyRelu(double negativeSlope) {
        return new Activation("leaky_relu", UnaryOp.LEAKY_RELU, finite("leaky_relu", "negativeSlope", negativeSlope),
                true);
    }

    /**
     * ELU {@code x > 0 ? x : alpha (e^x - 1)}.
     *
     * @throws IllegalArgumentException when alpha is not finite
     */
    public static Activation elu(double alpha) {
        return new Activation("elu", UnaryOp.ELU, finite("elu", "alpha", alpha), true);
    }

    /**
     * Swish with a fixed beta, {@code x sigmoid(beta x)}; beta 1 equals {@link #SILU}.
     *
     * @throws IllegalArgumentException when beta is not finite
     */
    public static Activation swish(double beta) {
        return new Activation("swish", UnaryOp.SILU, finite("swish", "beta", beta), true);
    }

    /**
     * Softplus {@code ln(1 + e^x)} that is exactly {@code x} above {@code threshold} (beta 1).
     *
     * @throws IllegalArgumentException when the threshold is not finite
     */
    public static Activation softplus(double threshold) {
        return new Activation("softplus", UnaryOp.SOFTPLUS, finite("softplus", "threshold", threshold), true);
    }

    /** The function's name, as PyTorch's functional API spells it ({@code "leaky_relu"}). */
    public String name() {
        return name;
    }

    /** The fixed parameter (negative slope, alpha, beta or softplus threshold; 0 where the function has none). */
    public double parameter() {
        return parameter;
    }

    /**
     * The engine primitive this activation runs as, with {@link #parameter()} as its alpha: for tools beside the
     * composites, such as a model exporter. nn and ml code does not call it (their layering tests refuse any
     * {@code dev.tessera.backend} type).
     */
    public UnaryOp primitive() {
        return op;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Activation a && a.name.equals(name) && Double.compare(a.parameter, parameter) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, parameter);
    }

    /** {@code relu}, or {@code leaky_relu(0.2)} for a function whose parameter the caller chose. */
    @Override
    public String toString() {
        return chosenParameter ? name + "(" + parameter + ")" : name;
    }

    private static double finite(String function, String what, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(function + ": " + what + " must be finite, got " + value);
        }
        return value;
    }
}
