package dev.tessera.nn;

import dev.tessera.backend.UnaryOp;

/** Leaky ReLU {@code y = x > 0 ? x : slope x} (PyTorch {@code nn.LeakyReLU}, default slope 0.01). */
public class LeakyReLU extends UnaryActivation {
    /** With negative slope 0.01. */
    public LeakyReLU() {
        this(0.01);
    }

    /** With the given negative slope. */
    public LeakyReLU(double negativeSlope) {
        super(UnaryOp.LEAKY_RELU, negativeSlope);
        if (!Double.isFinite(negativeSlope)) {
            throw new IllegalArgumentException("LeakyReLU: negativeSlope must be finite, got " + negativeSlope);
        }
    }

    @Override
    protected String extraRepr() {
        return "negativeSlope=" + alpha();
    }
}
