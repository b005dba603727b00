package dev.tessera.nn;

import dev.tessera.Shape;
import dev.tessera.Tensor;

/**
 * Swish {@code y = x sigmoid(beta x)} (Ramachandran et al., arXiv 1710.05941) with beta either fixed or learned.
 * With a learnable beta (a parameter {@code beta} of shape [1]) the gradient reaches beta too:
 * {@code dy/dbeta = x^2 s (1 - s)}, {@code s = sigmoid(beta x)}. Beta = 1 fixed is {@link SiLU}; as beta grows
 * Swish tends to ReLU, at beta = 0 it is {@code x / 2}. PyTorch has only the fixed beta = 1 form.
 */
public class Swish extends Module {
    private final double initialBeta;
    private final Tensor beta;

    /** Swish with a learnable beta starting at 1. */
    public Swish() {
        this(1.0, true, TensorOptions.defaults());
    }

    /**
     * Swish with beta starting at {@code beta}, trained when {@code learnable}.
     *
     * @throws IllegalArgumentException when beta is not finite
     */
    public Swish(double beta, boolean learnable, TensorOptions options) {
        if (!Double.isFinite(beta)) {
            throw new IllegalArgumentException("Swish: beta must be finite, got " + beta);
        }
        this.initialBeta = beta;
        this.beta = learnable
                ? registerParameter("beta", Tensor.full(beta, Shape.of(1), options.dtype(), options.device()))
                : null;
    }

    @Override
    public Tensor forward(Tensor input) {
        return beta == null ? input.swish(initialBeta) : input.swish(beta);
    }

    /** Whether beta is a trained parameter. */
    public boolean learnable() {
        return beta != null;
    }

    /** The current beta. */
    public double beta() {
        return beta == null ? initialBeta : beta.item();
    }

    @Override
    protected String extraRepr() {
        return "beta=" + beta() + ", learnable=" + learnable();
    }
}
