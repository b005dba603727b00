package dev.tessera.nn;

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
    Tensor[] cell(Tensor xProj, Tensor h, Tensor c, Tensor whh, Tensor bhh) {
        int n = hiddenSize();
        Tensor g = xProj.add(h.linear(whh, bhh));
        Tensor input = g.slice(1, 0, n).sigmoid();
        Tensor forget = g.slice(1, n, 2 * n).sigmoid();
        Tensor candidate = g.slice(1, 2 * n, 3 * n).tanh();
        Tensor output = g.slice(1, 3 * n, 4 * n).sigmoid();
        Tensor cNext = forget.mul(c).add(input.mul(candidate));
        return new Tensor[]{output.mul(cNext.tanh()), cNext};
    }
}
