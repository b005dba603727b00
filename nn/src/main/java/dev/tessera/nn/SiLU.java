package dev.tessera.nn;

import dev.tessera.Activation;

/**
 * SiLU {@code y = x sigmoid(x)}, Swish with beta 1 (PyTorch {@code nn.SiLU}); see {@link Swish} for another or a
 * learnable beta.
 */
public class SiLU extends UnaryActivation {
    /** The activation. */
    public SiLU() {
        super(Activation.SILU);
    }
}
