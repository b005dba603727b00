package dev.tessera.optim;

import dev.tessera.Tensor;
import java.util.List;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter, arXiv 1711.05101): Adam with decoupled weight decay, {@code p = p (1 - lr wd)}
 * before the Adam update instead of adding {@code wd p} to the gradient, exactly as PyTorch's
 * {@code torch.optim.AdamW} (default weight decay 0.01). Use {@link ParamGroup#decayAndNoDecay} to spare biases and
 * norm parameters.
 */
public final class AdamW extends Adam {
    /** AdamW at rate {@code lr} with PyTorch's defaults (betas 0.9, 0.999; eps 1e-8; weight decay 0.01). */
    public AdamW(Map<String, Tensor> params, double lr) {
        this(single(params), lr, 0.9, 0.999, 1e-8, 0.01, false);
    }

    /** The full form; see {@link Adam#Adam(List, double, double, double, double, double, boolean)}. */
    public AdamW(List<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weightDecay,
                 boolean amsgrad) {
        super("AdamW", groups, lr, beta1, beta2, eps, weightDecay, amsgrad, true);
    }
}
