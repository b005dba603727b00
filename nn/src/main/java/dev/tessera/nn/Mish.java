package dev.tessera.nn;

import dev.tessera.Activation;

/** Mish {@code y = x tanh(softplus(x))} (PyTorch {@code nn.Mish}). */
public class Mish extends UnaryActivation {
    /** The activation. */
    public Mish() {
        super(Activation.MISH);
    }
}
