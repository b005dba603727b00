package dev.tessera.loss;

import dev.tessera.Autocast;
import dev.tessera.Tensor;

/** Absolute error {@code l = |x - y|} per element (PyTorch {@code nn.L1Loss}); robust to outliers. Default: mean. */
public final class L1Loss implements Loss {
    private final Reduction reduction;

    /** Mean absolute error. */
    public L1Loss() {
        this(Reduction.MEAN);
    }

    /** Absolute error reduced by {@code reduction}. */
    public L1Loss(Reduction reduction) {
        this.reduction = reduction;
    }

    /** @throws IllegalArgumentException when the shapes differ */
    @Override
    public Tensor compute(Tensor output, Tensor target) {
        output = Autocast.float32(output);
        Loss.checkSameShape("L1Loss", output, target);
        return reduction.apply(output.sub(target).abs());
    }
}
