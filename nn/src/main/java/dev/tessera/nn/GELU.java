package dev.tessera.nn;

import dev.tessera.Activation;

/**
 * GELU (PyTorch {@code nn.GELU}): exact {@code y = x Phi(x)}, or with {@code approximate = "tanh"} semantics
 * {@code y = x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}.
 */
public class GELU extends UnaryActivation {
    /** The exact form. */
    public GELU() {
        this(false);
    }

    /** The tanh approximation when {@code tanhApproximation}, else the exact form. */
    public GELU(boolean tanhApproximation) {
        super(tanhApproximation ? Activation.GELU_TANH : Activation.GELU);
    }

    @Override
    protected String extraRepr() {
        return activation().equals(Activation.GELU_TANH) ? "approximate=tanh" : "";
    }
}
