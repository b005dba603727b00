package dev.tessera.loss;

import dev.tessera.Tensor;

/**
 * Binary cross-entropy on probabilities p in [0, 1] against targets y of the same shape (PyTorch
 * {@code F.binary_cross_entropy}): {@code l = -w (y log p + (1 - y) log(1 - p))}, each log clamped to at least
 * -100 as PyTorch does so p = 0 or 1 gives a finite loss. The optional weight w broadcasts against p. Prefer
 * {@link BCEWithLogitsLoss} on logits: it is stabler. {@link #compute} also throws
 * {@link IllegalArgumentException} when a probability is outside [0, 1].
 */
public final class BCELoss extends PointwiseLoss {
    private final Tensor weight;

    /** Unweighted, mean. */
    public BCELoss() {
        this(null, Reduction.MEAN);
    }

    /** With an element weight (broadcast; may be null; read, not modified) and a reduction. */
    public BCELoss(Tensor weight, Reduction reduction) {
        super("BCELoss", reduction);
        this.weight = weight;
    }

    @Override
    Tensor pointwise(Tensor probs, Tensor target) {
        if (probs.numel() > 0) {
            double lo = probs.min().item();
            double hi = probs.max().item();
            if (!(lo >= 0 && hi <= 1)) {
                throw new IllegalArgumentException("BCELoss: input must hold probabilities in [0, 1], found values in ["
                        + lo + ", " + hi + "] (use BCEWithLogitsLoss for logits)");
            }
        }
        Tensor logP = probs.log().maximum(-100.0);
        Tensor log1mP = probs.rsub(1.0).log().maximum(-100.0);
        Tensor l = target.mul(logP).add(target.rsub(1.0).mul(log1mP)).neg();
        return weight == null ? l : l.mul(weight);
    }
}
