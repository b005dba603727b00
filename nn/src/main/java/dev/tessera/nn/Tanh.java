package dev.tessera.nn;

import dev.tessera.Activation;

/** Hyperbolic tangent {@code y = tanh x} (PyTorch {@code nn.Tanh}). */
public class Tanh extends UnaryActivation {
    /** The activation. */
    public Tanh() {
        super(Activation.TANH);
    }
}
