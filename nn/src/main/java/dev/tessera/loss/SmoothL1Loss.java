package dev.tessera.loss;

import dev.tessera.Tensor;
import dev.tessera.nn.Require;

/**
 * Smooth L1 (PyTorch {@code nn.SmoothL1Loss}): with {@code d = |x - y|},
 * {@code l = d < beta ? 0.5 d^2 / beta : d - 0.5 beta}: quadratic near zero, linear (slope 1) beyond beta.
 * beta = 0 is exactly L1. See {@link HuberLoss} for the variant whose linear part has slope delta.
 */
public final class SmoothL1Loss extends PointwiseLoss {
    private final double beta;

    /** beta = 1, mean. */
    public SmoothL1Loss() {
        this(1.0, Reduction.MEAN);
    }

    /**
     * With the given beta and reduction.
     *
     * @throws IllegalArgumentException when beta is negative
     */
    public SmoothL1Loss(double beta, Reduction reduction) {
        super("SmoothL1Loss", reduction);
        Require.nonNegative("SmoothL1Loss", "beta", beta);
        this.beta = beta;
    }

    @Override
    Tensor pointwise(Tensor output, Tensor target) {
        Tensor d = output.sub(target).abs();
        return beta == 0 ? d : Tensor.where(d.lt(beta), d.square().mul(0.5 / beta), d.sub(0.5 * beta));
    }
}
