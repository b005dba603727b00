package dev.tessera.nn;

import dev.tessera.Activation;

/** Hard swish {@code y = x min(max(x + 3, 0), 6) / 6} (PyTorch {@code nn.Hardswish}). */
public class Hardswish extends UnaryActivation {
    /** The activation. */
    public Hardswish() {
        super(Activation.HARDSWISH);
    }
}
