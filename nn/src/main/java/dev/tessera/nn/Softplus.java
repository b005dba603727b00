package dev.tessera.nn;

import dev.tessera.Tensor;

/**
 * Softplus {@code y = ln(1 + e^(beta x)) / beta}, and {@code y = x} where {@code beta x > threshold} (PyTorch
 * {@code nn.Softplus}, defaults beta 1 and threshold 20); {@code dy/dx = sigmoid(beta x)}, 1 where linear. See
 * {@link Tensor#softplus(double, double)}. With beta 1 it is one primitive; otherwise that primitive of
 * {@code beta x}, so {@link Sequential} does not fuse it into a preceding {@link Linear}.
 */
public class Softplus extends Module {
    private final double beta;
    private final double threshold;

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
        if (!(beta > 0) || Double.isInfinite(beta) || !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("Softplus: beta must be finite and > 0 and threshold finite, got beta "
                    + beta + ", threshold " + threshold);
        }
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.softplus(beta, threshold);
    }

    /** The sharpness beta. */
    public double beta() {
        return beta;
    }

    /** Above {@code beta x > threshold} the output is x. */
    public double threshold() {
        return threshold;
    }

    @Override
    protected String extraRepr() {
        return "beta=" + beta + ", threshold=" + threshold;
    }
}
