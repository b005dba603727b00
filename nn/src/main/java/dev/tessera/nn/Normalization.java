package dev.tessera.nn;

import dev.tessera.Shape;
import dev.tessera.Tensor;

/**
 * What group and layer normalization share: the constant eps added to the variance, the optional affine
 * parameters gamma ({@code weight}, ones) and beta ({@code bias}, zeros), and the standardization
 * {@code (x - mean) / sqrt(var + eps)} with mean and biased variance over given axes.
 */
abstract class Normalization extends Module {
    private final double eps;
    private final Tensor weight;
    private final Tensor bias;

    /**
     * @param layer     the layer's name, for messages
     * @param eps       added to the variance, > 0
     * @param shape     the shape of gamma and beta
     * @param hasWeight whether gamma exists
     * @param hasBias   whether beta exists
     * @throws IllegalArgumentException when eps is not positive
     */
    Normalization(String layer, double eps, Shape shape, boolean hasWeight, boolean hasBias, TensorOptions options) {
        if (!(eps > 0)) {
            throw new IllegalArgumentException(layer + ": eps must be > 0, got " + eps);
        }
        this.eps = eps;
        this.weight = hasWeight ? registerParameter("weight", Tensor.ones(shape, options.dtype(), options.device()))
                : null;
        this.bias = hasBias ? registerParameter("bias", Tensor.zeros(shape, options.dtype(), options.device())) : null;
    }

    /** {@code (x - mean) / sqrt(var + eps)}, the mean and biased variance taken over {@code axes}. */
    final Tensor standardize(Tensor x, int[] axes) {
        return x.sub(x.mean(axes, true)).mul(x.var(axes, 0, true).add(eps).rsqrt());
    }

    /** The constant added to the variance. */
    public double eps() {
        return eps;
    }

    /** gamma, or null when not affine. */
    public Tensor weight() {
        return weight;
    }

    /** beta, or null when there is none. */
    public Tensor bias() {
        return bias;
    }
}
