package dev.tessera.nn;

import dev.tessera.Recurrence;
import dev.tessera.Tensor;

/**
 * Gated recurrent unit layer (PyTorch {@code nn.GRU}), gates in PyTorch's order r, z, n:
 * <pre>
 *   [a_r a_z a_n] = x W_ih^T + b_ih,   [u_r u_z u_n] = h W_hh^T + b_hh,
 *   r = sigmoid(a_r + u_r),  z = sigmoid(a_z + u_z),  n = tanh(a_n + r u_n),  h' = (1 - z) n + z h.
 * </pre>
 * Layers, directions, states and lengths as in {@link Recurrent}.
 */
public class GRU extends Recurrent {

    /** A one-layer GRU with PyTorch's defaults. */
    public GRU(int inputSize, int hiddenSize) {
        this(RecurrentOptions.of(inputSize, hiddenSize));
    }

    /** A GRU as {@code options} describe. */
    public GRU(RecurrentOptions options) {
        super("GRU", 3, options);
    }

    @Override
    Tensor recur(Tensor proj, Tensor h0, Tensor c0, Tensor whh, Tensor bhh, Tensor keep, boolean reverse) {
        return Recurrence.gru(proj, h0, whh, bhh, keep, reverse);
    }
}
