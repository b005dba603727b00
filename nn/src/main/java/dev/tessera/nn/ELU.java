package dev.tessera.nn;

import dev.tessera.backend.UnaryOp;

/** ELU {@code y = x > 0 ? x : alpha (e^x - 1)} (PyTorch {@code nn.ELU}, default alpha 1). */
public class ELU extends UnaryActivation {
    /** With alpha 1. */
    public ELU() {
        this(1.0);
    }

    /** With the given alpha. */
    public ELU(double alpha) {
        super(UnaryOp.ELU, alpha);
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("ELU: alpha must be finite, got " + alpha);
        }
    }

    @Override
    protected String extraRepr() {
        return "alpha=" + alpha();
    }
}
