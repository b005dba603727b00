package dev.tessera.nn;

import dev.tessera.Activation;

/** {@code y = ln sigmoid(x)}, computed without overflow (PyTorch {@code nn.LogSigmoid}). */
public class LogSigmoid extends UnaryActivation {
    /** The activation. */
    public LogSigmoid() {
        super(Activation.LOGSIGMOID);
    }
}
