package dev.tessera.loss;

import dev.tessera.Tensor;

/**
 * Squared error {@code l = (x - y)^2} per element (PyTorch {@code nn.MSELoss}). With {@link Reduction#SUM} it is
 * the sum of squared errors; the course notes' {@code 1/2 sum (y - q)^2} is half of that. Default: mean.
 */
public final class MSELoss extends PointwiseLoss {
    /** Mean squared error. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    /** Squared error reduced by {@code reduction}. */
    public MSELoss(Reduction reduction) {
        super("MSELoss", reduction);
    }

    @Override
    Tensor pointwise(Tensor output, Tensor target) {
        return output.sub(target).square();
    }
}
