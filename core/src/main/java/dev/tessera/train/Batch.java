package dev.tessera.train;

import dev.tessera.Tensor;

/**
 * One mini-batch: inputs whose first axis is the batch, and targets (class labels {@code [N]} as INT32, or any
 * tensor the loss accepts).
 *
 * @param input  {@code [N, ...]}
 * @param target targets for the N examples
 */
public record Batch(Tensor input, Tensor target) {
    /** Checks both are present and agree on N. */
    public Batch {
        if (input == null || target == null) {
            throw new IllegalArgumentException("Batch: input and target must not be null");
        }
        if (input.rank() == 0 || target.rank() == 0 || input.size(0) != target.size(0)) {
            throw new IllegalArgumentException("Batch: input " + input.shape() + " and target " + target.shape()
                    + " must have the same first (batch) axis");
        }
    }

    /** N, the number of examples. */
    public int size() {
        return input.size(0);
    }
}
