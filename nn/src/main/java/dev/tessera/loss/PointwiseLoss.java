package dev.tessera.loss;

import dev.tessera.Autocast;
import dev.tessera.Tensor;

/**
 * A loss that compares output and target element by element: the output is cast to FLOAT32 under autocast, the
 * target must have exactly the output's shape and a floating dtype ({@link Loss#checkSameShape}), and the values
 * {@link #pointwise} computes are reduced by the loss's {@link Reduction}.
 */
abstract class PointwiseLoss implements Loss {
    private final String name;
    private final Reduction reduction;

    PointwiseLoss(String name, Reduction reduction) {
        this.name = name;
        this.reduction = reduction;
    }

    /** @throws IllegalArgumentException when the shapes differ or the target is not floating */
    @Override
    public final Tensor compute(Tensor output, Tensor target) {
        output = Autocast.float32(output);
        Loss.checkSameShape(name, output, target);
        return reduction.apply(pointwise(output, target));
    }

    /** The unreduced loss of each element of {@code output} (already autocast) against {@code target}. */
    abstract Tensor pointwise(Tensor output, Tensor target);
}
