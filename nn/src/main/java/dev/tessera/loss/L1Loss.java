package dev.tessera.loss;

import dev.tessera.Tensor;

/** Absolute error {@code l = |x - y|} per element (PyTorch {@code nn.L1Loss}); robust to outliers. Default: mean. */
public final class L1Loss extends PointwiseLoss {
    /** Mean absolute error. */
    public L1Loss() {
        this(Reduction.MEAN);
    }

    /** Absolute error reduced by {@code reduction}. */
    public L1Loss(Reduction reduction) {
        super("L1Loss", reduction);
    }

    @Override
    Tensor pointwise(Tensor output, Tensor target) {
        return output.sub(target).abs();
    }
}
