package dev.tessera.nn;

import dev.tessera.backend.UnaryOp;

/** Hyperbolic tangent {@code y = tanh x} (PyTorch {@code nn.Tanh}). */
public class Tanh extends UnaryActivation {
    /** The activation. */
    public Tanh() {
        super(UnaryOp.TANH, 0);
    }
}
