package dev.tessera.nn;

import dev.tessera.Activation;

/** Hard sigmoid {@code y = min(max(x + 3, 0), 6) / 6} (PyTorch {@code nn.Hardsigmoid}). */
public class Hardsigmoid extends UnaryActivation {
    /** The activation. */
    public Hardsigmoid() {
        super(Activation.HARDSIGMOID);
    }
}
