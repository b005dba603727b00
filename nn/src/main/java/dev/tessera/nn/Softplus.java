package dev.tessera.nn;

import dev.tessera.Tensor;
import dev.tessera.Activation;

/**
 * Softplus {@code y = ln(1 + e^(beta x)) / beta}, and {@code y = x} where {@code beta x > threshold} (PyTorch
 * {@code nn.Softplus}, defaults beta 1 and threshold 20); {@code dy/dx = sigmoid(beta x)}, 1 where linear. See
 * {@link Tensor#softplus(double, double)}. With beta 1 it is the SOFTPLUS primitive with parameter threshold, which
 * {@link Sequential} fuses into a preceding {@link Linear}; with another beta it is that primitive of {@code beta x}
 * divided by beta, not fused.
 */
public class Softplus extends UnaryActivation {
    private final double beta;

    /** With beta 1 and threshold 20. */
    public Softplus() {
        this(1.0, 20.0);
    }

    /**
     * With the given beta and threshold.
     *
     * @throws IllegalArgumentException if beta is not finite and positive or threshold is not finite
     */
    public Softplus(double beta, double threshold) {
        super(Activation.softplus(threshold));
        if (!(beta > 0) || Double.isInfinite(beta) || !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("Softplus: beta must be finite and > 0 and threshold finite, got beta "
                    + beta + ", threshold " + threshold);
        }
        this.beta = beta;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.softplus(beta, activation().parameter());
    }

    @Override
    boolean fusable() {
        return beta == 1.0;
    }

    /** The sharpness beta. */
    public double beta() {
        return beta;
    }

    @Override
    protected String extraRepr() {
        return "beta=" + beta + ", threshold=" + activation().parameter();
    }
}
