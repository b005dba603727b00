package dev.tessera.loss;

import dev.tessera.Tensor;
import dev.tessera.nn.Require;

/**
 * Quantile (pinball) loss for predicting the tau-quantile: with {@code d = y - x} (target minus output),
 * {@code l = max(tau d, (tau - 1) d)}, so under-prediction costs tau per unit and over-prediction 1 - tau.
 * tau = 0.5 is half the L1 loss. PyTorch has no such loss; the fixtures check it against the formula written in
 * PyTorch and differentiated by its autograd.
 */
public final class QuantileLoss extends PointwiseLoss {
    private final double tau;

    /**
     * For quantile {@code tau} with the given reduction.
     *
     * @throws IllegalArgumentException when tau is outside (0, 1)
     */
    public QuantileLoss(double tau, Reduction reduction) {
        super("QuantileLoss", reduction);
        Require.in("QuantileLoss", "tau", tau, Require.Unit.OPEN);
        this.tau = tau;
    }

    @Override
    Tensor pointwise(Tensor output, Tensor target) {
        Tensor d = target.sub(output);
        return d.mul(tau).maximum(d.mul(tau - 1));
    }
}
