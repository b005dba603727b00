package dev.tessera.nn;

import dev.tessera.Activation;

/** Leaky ReLU {@code y = x > 0 ? x : slope x} (PyTorch {@code nn.LeakyReLU}, default slope 0.01). */
public class LeakyReLU extends UnaryActivation {
    /** With negative slope 0.01. */
    public LeakyReLU() {
        this(0.01);
    }

    /**
     * With the given negative slope.
     *
     * @throws IllegalArgumentException when the slope is not finite
     */
    public LeakyReLU(double negativeSlope) {
        super(Activation.leakyRelu(negativeSlope), "negativeSlope");
    }
}
