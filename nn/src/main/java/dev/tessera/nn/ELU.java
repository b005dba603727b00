package dev.tessera.nn;

import dev.tessera.Activation;

/** ELU {@code y = x > 0 ? x : alpha (e^x - 1)} (PyTorch {@code nn.ELU}, default alpha 1). */
public class ELU extends UnaryActivation {
    /** With alpha 1. */
    public ELU() {
        this(1.0);
    }

    /**
     * With the given alpha.
     *
     * @throws IllegalArgumentException when alpha is not finite
     */
    public ELU(double alpha) {
        super(Activation.elu(alpha), "alpha");
    }
}
