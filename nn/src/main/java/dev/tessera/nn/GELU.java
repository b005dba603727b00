package dev.tessera.nn;

import dev.tessera.backend.UnaryOp;

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
        super(tanhApproximation ? UnaryOp.GELU_TANH : UnaryOp.GELU, 0);
    }

    @Override
    protected String extraRepr() {
        return op() == UnaryOp.GELU_TANH ? "approximate=tanh" : "";
    }
}
