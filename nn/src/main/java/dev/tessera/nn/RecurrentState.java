package dev.tessera.nn;

import dev.tessera.Tensor;

/**
 * What a recurrent layer returns: the output sequence and the final states.
 *
 * @param output the top layer's output at every step, {@code [T, B, D H]} ({@code [B, T, D H]} when batch-first),
 *               D = 2 when bidirectional; zeros at steps past a sequence's length
 * @param hidden the final hidden state of every layer and direction, {@code [L D, B, H]} (PyTorch's order: layer
 *               0 forward, layer 0 reverse, layer 1 forward, ...); for a variable-length batch, each sequence's
 *               state after its last valid step
 * @param cell   the final cell state of an LSTM in the same layout, null for RNN and GRU
 */
public record RecurrentState(Tensor output, Tensor hidden, Tensor cell) {
}
