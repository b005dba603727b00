package dev.tessera.nn;

import dev.tessera.Recurrence;
import dev.tessera.Tensor;

/**
 * Elman recurrent layer (PyTorch {@code nn.RNN}): {@code h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)} (ReLU
 * instead of tanh when configured). Layers, directions, states and lengths as in {@link Recurrent}.
 */
public class RNN extends Recurrent {
    private final boolean relu;

    /** A one-layer tanh RNN with PyTorch's defaults. */
    public RNN(int inputSize, int hiddenSize) {
        this(RecurrentOptions.of(inputSize, hiddenSize));
    }

    /** An RNN as {@code options} describe. */
    public RNN(RecurrentOptions options) {
        super("RNN", 1, options);
        this.relu = options.relu;
    }

    /** Whether the nonlinearity is ReLU rather than tanh. */
    public boolean relu() {
        return relu;
    }

    @Override
    Tensor recur(Tensor proj, Tensor h0, Tensor c0, Tensor whh, Tensor bhh, Tensor keep, boolean reverse) {
        return Recurrence.rnn(proj, h0, whh, bhh, keep, reverse, relu);
    }
}
