package dev.tessera.nn;

import dev.tessera.DType;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;

/**
 * Batch normalization over a 2-D input {@code [N, C]} or a 3-D input {@code [N, C, L]} (PyTorch
 * {@code nn.BatchNorm1d}): per channel c,
 * <pre>
 *   y = (x - mu_c) / sqrt(var_c + eps) * gamma_c + beta_c
 * </pre>
 * In training mode mu and var are the batch mean and biased variance over N (and L); the running statistics are
 * then updated as {@code running = (1 - momentum) running + momentum stat}, with the unbiased variance
 * {@code var n / (n - 1)} going into {@code running_var} (n = N L), and {@code num_batches_tracked} counts the
 * batches. With momentum {@code null} the running statistics are the cumulative average
 * (momentum = 1 / num_batches_tracked). In evaluation mode mu and var are the running statistics. gamma
 * ({@code weight}, ones) and beta ({@code bias}, zeros) exist when affine. Buffers {@code running_mean} (zeros),
 * {@code running_var} (ones) and {@code num_batches_tracked} (INT32) exist when tracking running statistics;
 * without them batch statistics are used in both modes. Names match PyTorch's state dict.
 */
public class BatchNorm1d extends Module {
    private final int numFeatures;
    private final double eps;
    private final Double momentum;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor batchesTracked;

    /** PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true, TensorOptions.defaults());
    }

    /**
     * A batch norm layer.
     *
     * @param numFeatures       the channel count C
     * @param eps               added to the variance, > 0
     * @param momentum          weight of the new statistic in [0, 1], or null for a cumulative average
     * @param affine            whether to learn gamma and beta
     * @param trackRunningStats whether to keep running statistics for evaluation
     * @param options           device and dtype
     * @throws IllegalArgumentException naming the argument and its accepted range
     */
    public BatchNorm1d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats,
                       TensorOptions options) {
        Require.atLeast("BatchNorm1d", "numFeatures", numFeatures, 1);
        Require.positive("BatchNorm1d", "eps", eps);
        if (momentum != null && !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm1d: momentum must be in [0, 1] (or null), got " + momentum);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        Shape c = Shape.of(numFeatures);
        this.weight = affine ? registerParameter("weight", Tensor.ones(c, options.dtype(), options.device())) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(c, options.dtype(), options.device())) : null;
        if (trackRunningStats) {
            this.runningMean = registerBuffer("running_mean", Tensor.zeros(c, options.dtype(), options.device()));
            this.runningVar = registerBuffer("running_var", Tensor.ones(c, options.dtype(), options.device()));
            this.batchesTracked = registerBuffer("num_batches_tracked",
                    Tensor.zeros(Shape.scalar(), DType.INT32, options.device()));
        } else {
            this.runningMean = null;
            this.runningVar = null;
            this.batchesTracked = null;
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        if ((input.rank() != 2 && input.rank() != 3) || input.size(1) != numFeatures) {
            throw new IllegalArgumentException("BatchNorm1d: expected input [N, " + numFeatures + "] or [N, "
                    + numFeatures + ", L], got " + input.shape());
        }
        int[] axes = input.rank() == 2 ? new int[]{0} : new int[]{0, 2};
        int[] channelShape = input.rank() == 2 ? new int[]{numFeatures} : new int[]{numFeatures, 1};
        boolean useBatchStats = isTraining() || runningMean == null;
        Tensor mean;
        Tensor var;
        if (useBatchStats) {
            long n = input.numel() / numFeatures;
            if (isTraining() && n <= 1) {
                throw new IllegalArgumentException("BatchNorm1d: training needs more than one value per channel, "
                        + "got input " + input.shape() + " (a last mini-batch of one example? drop it (DataLoader "
                        + "dropLast, tessera --drop-last) or pick a batch size that does not leave one)");
            }
            mean = input.mean(axes, true);
            var = input.var(axes, 0, true);
            if (isTraining() && runningMean != null) {
                updateRunningStats(mean, var, n);
            }
        } else {
            mean = runningMean.reshape(channelShape);
            var = runningVar.reshape(channelShape);
        }
        Tensor y = input.sub(mean).mul(var.add(eps).rsqrt());
        if (weight != null) {
            y = y.mul(weight.reshape(channelShape)).add(bias.reshape(channelShape));
        }
        return y;
    }

    private void updateRunningStats(Tensor mean, Tensor var, long n) {
        try (GradMode.Guard g = GradMode.noGrad()) {
            batchesTracked.addInPlace(1.0);
            double m = momentum != null ? momentum : 1.0 / batchesTracked.item();
            try (Tensor batchMean = mean.reshape(numFeatures);
                 Tensor unbiased = var.reshape(numFeatures).mul((double) n / (n - 1))) {
                runningMean.mulInPlace(1 - m);
                try (Tensor t = batchMean.mul(m)) {
                    runningMean.addInPlace(t);
                }
                runningVar.mulInPlace(1 - m);
                try (Tensor t = unbiased.mul(m)) {
                    runningVar.addInPlace(t);
                }
            }
        }
    }

    /** gamma {@code [C]}, or null when not affine. */
    public Tensor weight() {
        return weight;
    }

    /** beta {@code [C]}, or null when not affine. */
    public Tensor bias() {
        return bias;
    }

    /** The constant added to the variance. */
    public double eps() {
        return eps;
    }

    /** The running mean {@code [C]}, or null when not tracked. */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance {@code [C]}, or null when not tracked. */
    public Tensor runningVar() {
        return runningVar;
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + momentum + ", affine=" + (weight != null)
                + ", trackRunningStats=" + (runningMean != null);
    }
}
