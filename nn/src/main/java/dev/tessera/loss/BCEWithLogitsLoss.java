package dev.tessera.loss;

import dev.tessera.Tensor;

/**
 * Binary cross-entropy on logits x against targets y of the same shape, with the sigmoid folded in stably
 * (PyTorch {@code F.binary_cross_entropy_with_logits}):
 * <pre>
 *   l = w ((1 - y) x + (1 + (pw - 1) y) softplus(-x))
 * </pre>
 * which equals {@code -w (pw y log s(x) + (1 - y) log(1 - s(x)))}; pw, the positive-class weight (broadcast over
 * the last axis, e.g. one per class), and w, the element weight, are optional.
 */
public final class BCEWithLogitsLoss extends PointwiseLoss {
    private final Tensor weight;
    private final Tensor posWeight;

    /** Unweighted, mean. */
    public BCEWithLogitsLoss() {
        this(null, null, Reduction.MEAN);
    }

    /** With optional element and positive-class weights (read, not modified) and a reduction. */
    public BCEWithLogitsLoss(Tensor weight, Tensor posWeight, Reduction reduction) {
        super("BCEWithLogitsLoss", reduction);
        this.weight = weight;
        this.posWeight = posWeight;
    }

    @Override
    Tensor pointwise(Tensor logits, Tensor target) {
        // softplus(-x) = max(-x, 0) + log(1 + e^-|x|): PyTorch's form, exact in the far tails (and their gradients)
        Tensor softplusNeg = logits.neg().maximum(0.0).add(logits.abs().neg().exp().add(1.0).log());
        Tensor logWeight = posWeight == null ? null : posWeight.sub(1.0).mul(target).add(1.0);
        Tensor l = target.rsub(1.0).mul(logits).add(logWeight == null ? softplusNeg : logWeight.mul(softplusNeg));
        return weight == null ? l : l.mul(weight);
    }
}
