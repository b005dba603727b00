package dev.tessera.nn;

import dev.tessera.Recurrence;
import dev.tessera.Tensor;

/**
 * Long short-term memory layer (PyTorch {@code nn.LSTM}), gates in PyTorch's order i, f, g, o:
 * <pre>
 *   [i f g o] = x W_ih^T + b_ih + h W_hh^T + b_hh,
 *   c' = sigmoid(f) c + sigmoid(i) tanh(g),   h' = sigmoid(o) tanh(c').
 * </pre>
 * Layers, directions, states and lengths as in {@link Recurrent}; {@link RecurrentState#cell()} holds c.
 */
public class LSTM extends Recurrent {

    /** A one-layer LSTM with PyTorch's defaults. */
    public LSTM(int inputSize, int hiddenSize) {
        this(RecurrentOptions.of(inputSize, hiddenSize));
    }

    /** An LSTM as {@code options} describe. */
    public LSTM(RecurrentOptions options) {
        super("LSTM", 4, options);
    }

    @Override
    boolean hasCell() {
        return true;
    }

    @Override
    Tensor recur(Tensor proj, Tensor h0, Tensor c0, Tensor whh, Tensor bhh, Tensor keep, boolean reverse) {
        return Recurrence.lstm(proj, h0, c0, whh, bhh, keep, reverse);
    }
}
