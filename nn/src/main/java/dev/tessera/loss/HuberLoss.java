package dev.tessera.loss;

import dev.tessera.Tensor;
import dev.tessera.nn.Require;

/**
 * Huber loss (PyTorch {@code nn.HuberLoss}): with {@code d = |x - y|},
 * {@code l = d < delta ? 0.5 d^2 : delta (d - 0.5 delta)}, i.e. {@code delta *} {@link SmoothL1Loss} with
 * beta = delta.
 */
public final class HuberLoss extends PointwiseLoss {
    private final double delta;

    /** delta = 1, mean. */
    public HuberLoss() {
        this(1.0, Reduction.MEAN);
    }

    /**
     * With the given delta and reduction.
     *
     * @throws IllegalArgumentException when delta is not positive
     */
    public HuberLoss(double delta, Reduction reduction) {
        super("HuberLoss", reduction);
        Require.positive("HuberLoss", "delta", delta);
        this.delta = delta;
    }

    @Override
    Tensor pointwise(Tensor output, Tensor target) {
        Tensor d = output.sub(target).abs();
        return Tensor.where(d.lt(delta), d.square().mul(0.5), d.sub(0.5 * delta).mul(delta));
    }
}
