package dev.tessera.nn;

import dev.tessera.Activation;

/** Logistic sigmoid {@code y = 1 / (1 + e^-x)} (PyTorch {@code nn.Sigmoid}). */
public class Sigmoid extends UnaryActivation {
    /** The activation. */
    public Sigmoid() {
        super(Activation.SIGMOID);
    }
}
