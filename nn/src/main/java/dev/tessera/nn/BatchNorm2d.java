package dev.tessera.nn;

import dev.tessera.Tensor;

/**
 * Batch normalization of images {@code [N, C, H, W]} per channel over N, H and W (PyTorch {@code nn.BatchNorm2d}):
 * the same math, running statistics, buffers and names as {@link BatchNorm1d} applied to the input viewed as
 * {@code [N, C, H W]}, so {@code n = N H W} values per channel enter each statistic.
 */
public class BatchNorm2d extends BatchNorm1d {
    private final int numFeatures;

    /** PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true, TensorOptions.defaults());
    }

    /** A batch norm layer; see {@link BatchNorm1d#BatchNorm1d(int, double, Double, boolean, boolean, TensorOptions)}. */
    public BatchNorm2d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats,
                       TensorOptions options) {
        super(numFeatures, eps, momentum, affine, trackRunningStats, options);
        this.numFeatures = numFeatures;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.rank() != 4 || input.size(1) != numFeatures) {
            throw new IllegalArgumentException("BatchNorm2d: expected input [N, " + numFeatures + ", H, W], got "
                    + input.shape());
        }
        int n = input.size(0);
        int h = input.size(2);
        int w = input.size(3);
        if (isTraining() && (long) n * h * w <= 1) {
            throw new IllegalArgumentException("BatchNorm2d: training needs more than one value per channel, got "
                    + "input " + input.shape() + " (use a batch of two or more, or eval())");
        }
        return super.forward(input.reshape(n, numFeatures, h * w)).reshape(n, numFeatures, h, w);
    }
}
