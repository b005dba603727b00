package dev.tessera.optim;

import dev.tessera.Tensor;
import dev.tessera.nn.Require;
import java.util.List;
import java.util.Map;

/**
 * Adagrad (Duchi et al.), exactly as PyTorch's {@code torch.optim.Adagrad}: with t the parameter's step count and
 * {@code g = grad + wd p},
 * <pre>
 *   clr = lr / (1 + (t - 1) lrDecay)
 *   sum = sum + g^2
 *   p   = p - clr g / (sqrt(sum) + eps)
 * </pre>
 * Written with tensor ops and in-place updates. State per parameter: {@code sum} (starting at
 * {@code initialAccumulatorValue}).
 */
public final class Adagrad extends Optimizer {
    private final double lrDecay;
    private final double initialAccumulator;
    private final double eps;

    /** Builds {@link Adagrad}; unset settings keep PyTorch's defaults (see {@link Optimizers}). */
    public static final class Builder extends OptimizerBuilder<Builder, Adagrad> {
        private double lrDecay;
        private double initialAccumulatorValue;
        private double eps = 1e-10;

        Builder(List<ParamGroup> groups) {
            super(groups, 1e-2, 0);
        }

        /** Rate decay per step (default 0). */
        public Builder lrDecay(double value) {
            this.lrDecay = value;
            return this;
        }

        /** Starting value of the squared-gradient sum (default 0). */
        public Builder initialAccumulatorValue(double value) {
            this.initialAccumulatorValue = value;
            return this;
        }

        /** Added to the denominator (default 1e-10). */
        public Builder eps(double value) {
            this.eps = value;
            return this;
        }

        @Override
        public Adagrad build() {
            return new Adagrad(groups, lr, lrDecay, weightDecay, initialAccumulatorValue, eps);
        }
    }

    /** Adagrad at rate {@code lr} with PyTorch's defaults (no decay, accumulator 0, eps 1e-10). */
    public Adagrad(Map<String, Tensor> params, double lr) {
        this(single(params), lr, 0, 0, 0, 1e-10);
    }

    /**
     * The full form.
     *
     * @throws IllegalArgumentException naming the argument and its accepted range (all in [0, inf))
     */
    public Adagrad(List<ParamGroup> groups, double lr, double lrDecay, double weightDecay,
                   double initialAccumulatorValue, double eps) {
        super("Adagrad", groups, lr, weightDecay);
        Require.finiteNonNegative("Adagrad", "lrDecay", lrDecay);
        Require.finiteNonNegative("Adagrad", "initialAccumulatorValue", initialAccumulatorValue);
        Require.finiteNonNegative("Adagrad", "eps", eps);
        this.lrDecay = lrDecay;
        this.initialAccumulator = initialAccumulatorValue;
        this.eps = eps;
    }

    @Override
    protected void stepGroup(ParamGroup group, List<String> names, List<Tensor> params, List<Tensor> grads) {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            Tensor g = group.weightDecay() != 0 ? grads.get(i).add(p.mul(group.weightDecay())) : grads.get(i);
            Tensor sum = state(names.get(i), "sum", p, initialAccumulator);
            sum.addInPlace(g.square());
            double clr = group.lr() / (1 + (paramStep(names.get(i)) - 1) * lrDecay);
            p.subInPlace(g.div(sum.sqrt().add(eps)).mul(clr));
        }
    }
}
