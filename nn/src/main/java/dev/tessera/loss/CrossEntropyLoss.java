package dev.tessera.loss;

import dev.tessera.Tensor;
import dev.tessera.nn.Require;

/**
 * Cross-entropy of logits {@code [N, C]} against INT32 class labels {@code [N]} in {@code [0, C)}, fused with the
 * softmax for stability and speed ({@link Tensor#softmaxCrossEntropy}). With class weights w (all 1 by default),
 * label smoothing eps and {@code lp = log_softmax(x)}, per row
 * <pre>
 *   l_r = -(1 - eps) w[y_r] lp[r, y_r] - (eps / C) sum_c w[c] lp[r, c]
 * </pre>
 * and {@link Reduction#MEAN} divides {@code sum_r l_r} by {@code sum_r w[y_r]} (by N when unweighted): exactly
 * PyTorch's {@code F.cross_entropy(x, y, weight, reduction, label_smoothing)}.
 */
public final class CrossEntropyLoss implements Loss {
    private final Tensor classWeights;
    private final double labelSmoothing;
    private final Reduction reduction;

    /** Unweighted, no smoothing, mean. */
    public CrossEntropyLoss() {
        this(null, 0.0, Reduction.MEAN);
    }

    /**
     * A cross-entropy loss.
     *
     * @param classWeights   {@code [C]} weights of the logits' dtype, or null; read, not modified
     * @param labelSmoothing eps in [0, 1]
     * @param reduction      mean, sum or none (per row)
     * @throws IllegalArgumentException when eps is outside [0, 1] or the weights are not 1-D
     */
    public CrossEntropyLoss(Tensor classWeights, double labelSmoothing, Reduction reduction) {
        Require.in("CrossEntropyLoss", "labelSmoothing", labelSmoothing, Require.Unit.CLOSED);
        if (classWeights != null && classWeights.rank() != 1) {
            throw new IllegalArgumentException("CrossEntropyLoss: classWeights must be 1-D [C], got "
                    + classWeights.shape());
        }
        this.classWeights = classWeights;
        this.labelSmoothing = labelSmoothing;
        this.reduction = reduction;
    }

    /**
     * The loss of logits {@code [N, C]} against labels {@code [N]}.
     *
     * @throws IllegalArgumentException  when the labels are not INT32 {@code [N]} or the weights are not {@code [C]}
     * @throws IndexOutOfBoundsException naming a label outside {@code [0, C)}
     */
    @Override
    public Tensor compute(Tensor logits, Tensor labels) {
        Tensor perRow = logits.softmaxCrossEntropy(labels, classWeights, labelSmoothing);
        if (reduction != Reduction.MEAN || classWeights == null) {
            return reduction.apply(perRow);
        }
        Tensor weightOfLabels = classWeights.indexSelect(0, labels);
        return perRow.sum().div(weightOfLabels.sum());
    }
}
