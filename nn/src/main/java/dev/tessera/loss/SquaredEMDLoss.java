package dev.tessera.loss;

import dev.tessera.DType;
import dev.tessera.Shape;
import dev.tessera.Autocast;
import dev.tessera.Tensor;

/**
 * Squared earth mover's distance for ordered classes (Hou, Yu and Samaras, arXiv 1611.05916): with
 * {@code p = softmax(logits)} per row and t the target distribution (one-hot of an INT32 label, or a given
 * {@code [N, C]} distribution),
 * <pre>
 *   l_r = sum_{k=1..C} (CDF_k(p_r) - CDF_k(t_r))^2,   CDF_k(q) = sum_{i &lt;= k} q_i
 * </pre>
 * so predicting a class near the true one costs less than predicting a far one, unlike cross-entropy. The CDFs are
 * products with an upper-triangular matrix of ones. PyTorch has no such loss; the fixtures check it against the
 * formula written in PyTorch.
 */
public final class SquaredEMDLoss implements Loss {
    private final Reduction reduction;

    /** Reduced by {@code reduction} over rows. */
    public SquaredEMDLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    /**
     * The loss of logits {@code [N, C]} against INT32 labels {@code [N]} or a floating distribution {@code [N, C]}.
     *
     * @throws IllegalArgumentException  when shapes do not fit
     * @throws IndexOutOfBoundsException naming a label outside {@code [0, C)}
     */
    @Override
    public Tensor compute(Tensor logits, Tensor target) {
        logits = Autocast.float32(logits);
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("SquaredEMDLoss: logits must be [N, C], got " + logits.shape());
        }
        int n = logits.size(0);
        int c = logits.size(1);
        Tensor dist;
        if (target.dtype() == DType.INT32) {
            if (!target.shape().equals(Shape.of(n))) {
                throw new IllegalArgumentException("SquaredEMDLoss: labels shape " + target.shape()
                        + " does not match logits " + logits.shape() + " (expected [" + n + "])");
            }
            dist = target.oneHot(c).to(logits.dtype());
        } else {
            Loss.checkSameShape("SquaredEMDLoss", logits, target);
            dist = target;
        }
        double[] upper = new double[c * c];
        for (int i = 0; i < c; i++) {
            for (int k = i; k < c; k++) {
                upper[i * c + k] = 1;
            }
        }
        Tensor cumulate = Tensor.of(logits.device(), upper, c, c).to(logits.dtype());
        Tensor gap = logits.softmax(1).sub(dist).matmul(cumulate);
        return reduction.apply(gap.square().sum(1));
    }
}
