package dev.tessera.nn;

import dev.tessera.Activation;

/** Rectified linear unit {@code y = max(x, 0)} (PyTorch {@code nn.ReLU}). */
public class ReLU extends UnaryActivation {
    /** The activation. */
    public ReLU() {
        super(Activation.RELU);
    }
}
