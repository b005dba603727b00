package dev.tessera.optim;

import dev.tessera.AdamHyperparameters;
import dev.tessera.ParameterUpdates;
import dev.tessera.Tensor;
import dev.tessera.nn.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adam (Kingma and Ba), optionally AMSGrad, with coupled weight decay, exactly as PyTorch's {@code torch.optim.Adam}
 * (see {@link AdamHyperparameters} for the update, t being the parameter's own step count). {@link AdamW} is the
 * decoupled variant. One fused {@link ParameterUpdates#adam} call updates all parameters of a group that share a
 * step count.
 * State per parameter: {@code exp_avg}, {@code exp_avg_sq} and, with AMSGrad, {@code max_exp_avg_sq}.
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean amsgrad;
    private final boolean decoupled;

    /**
     * Builds {@link Adam} or {@link AdamW}; unset settings keep PyTorch's defaults (see {@link Optimizers}).
     *
     * @param <O> the optimizer built
     */
    public static final class Builder<O extends Adam> extends OptimizerBuilder<Builder<O>, O> {
        private final boolean decoupled;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private boolean amsgrad;

        Builder(List<ParamGroup> groups, boolean decoupled) {
            super(groups, 1e-3, decoupled ? 0.01 : 0);
            this.decoupled = decoupled;
        }

        /** First- and second-moment decays (default 0.9, 0.999). */
        public Builder<O> betas(double first, double second) {
            this.beta1 = first;
            this.beta2 = second;
            return this;
        }

        /** Added to the denominator (default 1e-8). */
        public Builder<O> eps(double value) {
            this.eps = value;
            return this;
        }

        /** Use the running maximum of the second moment (default false). */
        public Builder<O> amsgrad(boolean value) {
            this.amsgrad = value;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public O build() {
            return (O) (decoupled ? new AdamW(groups, lr, beta1, beta2, eps, weightDecay, amsgrad)
                    : new Adam(groups, lr, beta1, beta2, eps, weightDecay, amsgrad));
        }
    }

    /** Adam at rate {@code lr} with PyTorch's defaults (betas 0.9, 0.999; eps 1e-8). */
    public Adam(Map<String, Tensor> params, double lr) {
        this(single(params), lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /**
     * The full form.
     *
     * @param groups      parameter groups
     * @param lr          learning rate, in [0, inf)
     * @param beta1       first-moment decay, in [0, 1)
     * @param beta2       second-moment decay, in [0, 1)
     * @param eps         added to the denominator, in [0, inf)
     * @param weightDecay L2 coefficient added to the gradient, in [0, inf)
     * @param amsgrad     use the running maximum of the second moment
     * @throws IllegalArgumentException naming the argument and its accepted range
     */
    public Adam(List<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weightDecay,
                boolean amsgrad) {
        this("Adam", groups, lr, beta1, beta2, eps, weightDecay, amsgrad, false);
    }

    Adam(String name, List<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weightDecay,
         boolean amsgrad, boolean decoupled) {
        super(name, groups, lr, weightDecay);
        Require.in(name, "beta1", beta1, Require.Unit.CLOSED_OPEN);
        Require.in(name, "beta2", beta2, Require.Unit.CLOSED_OPEN);
        Require.finiteNonNegative(name, "eps", eps);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.amsgrad = amsgrad;
        this.decoupled = decoupled;
    }

    /** True: the fused update reads its rate and bias corrections from device memory in a captured step. */
    @Override
    public boolean capturable() {
        return true;
    }

    @Override
    protected void stepGroup(ParamGroup group, List<String> names, List<Tensor> params, List<Tensor> grads) {
        Map<Long, List<Integer>> byStep = new TreeMap<>();
        for (int i = 0; i < names.size(); i++) {
            byStep.computeIfAbsent(paramStep(names.get(i)), k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<Long, List<Integer>> e : byStep.entrySet()) {
            List<Tensor> p = new ArrayList<>();
            List<Tensor> g = new ArrayList<>();
            List<Tensor> m = new ArrayList<>();
            List<Tensor> v = new ArrayList<>();
            List<Tensor> vmax = amsgrad ? new ArrayList<>() : null;
            for (int i : e.getValue()) {
                String n = names.get(i);
                Tensor param = params.get(i);
                p.add(param);
                g.add(grads.get(i));
                m.add(state(n, "exp_avg", param, 0.0));
                v.add(state(n, "exp_avg_sq", param, 0.0));
                if (amsgrad) {
                    vmax.add(state(n, "max_exp_avg_sq", param, 0.0));
                }
            }
            AdamHyperparameters hyper = new AdamHyperparameters(group.lr(), beta1, beta2, eps,
                    group.weightDecay(), decoupled, amsgrad, e.getKey());
            Tensor scalars = stepScalars(names.get(e.getValue().get(0)), p.get(0));
            if (updating()) {
                ParameterUpdates.adam(p, g, m, v, vmax, hyper, scalars);
            } else {
                ParameterUpdates.adamScalars(scalars, hyper);
            }
        }
    }
}
