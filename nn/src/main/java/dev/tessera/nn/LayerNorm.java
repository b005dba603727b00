package dev.tessera.nn;

import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.util.Arrays;

/**
 * Layer normalization over the last axes (PyTorch {@code nn.LayerNorm}): for each position, with mean mu and
 * biased variance var over the trailing {@code normalizedShape} axes,
 * {@code y = (x - mu) / sqrt(var + eps) * gamma + beta}; gamma ({@code weight}, ones) and beta ({@code bias}, zeros)
 * have shape {@code normalizedShape} and exist when elementwise-affine. The same in training and evaluation.
 */
public class LayerNorm extends Normalization {
    private final int[] normalizedShape;

    /** Normalization over the last axis of size {@code features}; eps 1e-5, affine, on the default device. */
    public LayerNorm(int features) {
        this(new int[]{features}, 1e-5, true, true, TensorOptions.defaults());
    }

    /**
     * A layer norm.
     *
     * @param normalizedShape   the sizes of the trailing axes normalized over
     * @param eps               added to the variance, > 0
     * @param elementwiseAffine whether to learn gamma (and beta)
     * @param bias              whether beta exists (when affine)
     * @param options           device and dtype
     * @throws IllegalArgumentException naming the argument when a size or eps is out of range
     */
    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine, boolean bias,
                     TensorOptions options) {
        super("LayerNorm", eps, Shape.of(checkShape(normalizedShape)), elementwiseAffine, elementwiseAffine && bias,
                options);
        this.normalizedShape = normalizedShape.clone();
    }

    private static int[] checkShape(int[] normalizedShape) {
        if (normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("LayerNorm: normalizedShape must be one or more sizes >= 1, got "
                    + Arrays.toString(normalizedShape));
        }
        return normalizedShape;
    }

    @Override
    public Tensor forward(Tensor input) {
        int k = normalizedShape.length;
        int r = input.rank();
        int[] dims = input.shape().dims();
        if (r < k || !Arrays.equals(Arrays.copyOfRange(dims, r - k, r), normalizedShape)) {
            throw new IllegalArgumentException("LayerNorm" + Arrays.toString(normalizedShape) + ": expected input [..., "
                    + Arrays.toString(normalizedShape).replaceAll("[\\[\\]]", "") + "], got " + input.shape());
        }
        int[] axes = new int[k];
        for (int i = 0; i < k; i++) {
            axes[i] = r - k + i;
        }
        Tensor y = standardize(input, axes);
        if (weight() != null) {
            y = y.mul(weight());
        }
        return bias() != null ? y.add(bias()) : y;
    }

    /** The sizes of the trailing axes normalized over. */
    public int[] normalizedShape() {
        return normalizedShape.clone();
    }

    @Override
    protected String extraRepr() {
        return Arrays.toString(normalizedShape) + ", eps=" + eps() + ", affine=" + (weight() != null);
    }
}
