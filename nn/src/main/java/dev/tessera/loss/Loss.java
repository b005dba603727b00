package dev.tessera.loss;

import dev.tessera.Tensor;

/**
 * A training objective: maps a model's output and the target to a loss tensor (a scalar unless the reduction is
 * {@link Reduction#NONE}), differentiable with respect to the output. Neither argument is modified.
 */
@FunctionalInterface
public interface Loss {
    /**
     * The loss of {@code output} against {@code target}.
     *
     * @throws IllegalArgumentException naming the loss and both shapes when they do not fit together
     */
    Tensor compute(Tensor output, Tensor target);

    /** Checks {@code target} has exactly the shape of {@code output}. */
    static void checkSameShape(String loss, Tensor output, Tensor target) {
        if (!output.shape().equals(target.shape())) {
            throw new IllegalArgumentException(loss + ": target shape " + target.shape() + " differs from output shape "
                    + output.shape() + " (they must be equal)");
        }
        if (!target.dtype().isFloating()) {
            throw new IllegalArgumentException(loss + ": target must be floating, got " + target.dtype());
        }
    }
}
