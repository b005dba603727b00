package dev.tessera.loss;

import dev.tessera.Autocast;
import dev.tessera.Tensor;

/**
 * Squared error {@code l = (x - y)^2} per element (PyTorch {@code nn.MSELoss}). With {@link Reduction#SUM} it is
 * the sum of squared errors; the course notes' {@code 1/2 sum (y - q)^2} is half of that. Default: mean.
 */
public final class MSELoss implements Loss {
    private final Reduction reduction;

    /** Mean squared error. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    /** Squared error reduced by {@code reduction}. */
    public MSELoss(Reduction reduction) {
        this.reduction = reduction;
    }

    /** @throws IllegalArgumentException when the shapes differ */
    @Override
    public Tensor compute(Tensor output, Tensor target) {
        output = Autocast.float32(output);
        Loss.checkSameShape("MSELoss", output, target);
        return reduction.apply(output.sub(target).square());
    }
}
