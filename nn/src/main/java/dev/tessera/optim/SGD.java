package dev.tessera.optim;

import dev.tessera.ParameterUpdates;
import dev.tessera.SgdHyperparameters;
import dev.tessera.Tensor;
import dev.tessera.nn.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and weight decay, exactly as PyTorch's
 * {@code torch.optim.SGD}: with {@code g = grad + wd p} (coupled decay),
 * <pre>
 *   buf = g                                 (first step)
 *   buf = momentum buf + (1 - dampening) g  (later steps)
 *   d   = nesterov ? g + momentum buf : buf (d = g without momentum)
 *   p   = p - lr d
 * </pre>
 * With decoupled weight decay ("SGDW", Loshchilov and Hutter) the decay is not added to g; instead
 * {@code p = p (1 - lr wd)} first. One fused {@link ParameterUpdates#sgd} call updates a whole group.
 * State per parameter: {@code momentum_buffer} (when momentum &gt; 0).
 */
public final class SGD extends Optimizer {
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final boolean decoupled;

    /** Builds {@link SGD}; unset settings keep PyTorch's defaults (see {@link Optimizers}). */
    public static final class Builder extends OptimizerBuilder<Builder, SGD> {
        private double momentum;
        private double dampening;
        private boolean nesterov;
        private boolean decoupled;

        Builder(List<ParamGroup> groups) {
            super(groups, 1e-3, 0);
        }

        /** Momentum factor (default 0). */
        public Builder momentum(double value) {
            this.momentum = value;
            return this;
        }

        /** Dampening of the momentum (default 0). */
        public Builder dampening(double value) {
            this.dampening = value;
            return this;
        }

        /** Nesterov momentum (default false). */
        public Builder nesterov(boolean value) {
            this.nesterov = value;
            return this;
        }

        /** Decoupled weight decay, "SGDW" (default false). */
        public Builder decoupledWeightDecay(boolean value) {
            this.decoupled = value;
            return this;
        }

        @Override
        public SGD build() {
            return new SGD(groups, lr, momentum, dampening, nesterov, weightDecay, decoupled);
        }
    }

    /** Plain SGD at rate {@code lr} over {@code params}. */
    public SGD(Map<String, Tensor> params, double lr) {
        this(single(params), lr, 0, 0, false, 0, false);
    }

    /** SGD with momentum over {@code params}. */
    public SGD(Map<String, Tensor> params, double lr, double momentum) {
        this(single(params), lr, momentum, 0, false, 0, false);
    }

    /**
     * The full form.
     *
     * @param groups               parameter groups (their own rates and decays override {@code lr} and
     *                             {@code weightDecay})
     * @param lr                   learning rate, in [0, inf)
     * @param momentum             in [0, inf) (usually below 1)
     * @param dampening            in [0, 1]
     * @param nesterov             Nesterov momentum (needs momentum &gt; 0 and dampening 0)
     * @param weightDecay          in [0, inf)
     * @param decoupledWeightDecay decay the weights directly instead of adding {@code wd p} to the gradient
     * @throws IllegalArgumentException naming the argument and its accepted range
     */
    public SGD(List<ParamGroup> groups, double lr, double momentum, double dampening, boolean nesterov,
               double weightDecay, boolean decoupledWeightDecay) {
        super("SGD", groups, lr, weightDecay);
        Require.finiteNonNegative("SGD", "momentum", momentum);
        Require.in("SGD", "dampening", dampening, Require.Unit.CLOSED);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("SGD: nesterov needs momentum > 0 and dampening 0, got momentum "
                    + momentum + " and dampening " + dampening);
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
        this.decoupled = decoupledWeightDecay;
    }

    @Override
    protected void stepGroup(ParamGroup group, List<String> names, List<Tensor> params, List<Tensor> grads) {
        if (momentum == 0) {
            update(names.get(0), params, grads, null, config(group, false));
            return;
        }
        boolean[] first = new boolean[params.size()];
        for (int i = 0; i < first.length; i++) {
            first[i] = !hasState(names.get(i), "momentum_buffer");
        }
        for (boolean firstStep : new boolean[]{true, false}) {
            List<Tensor> p = new ArrayList<>();
            List<Tensor> g = new ArrayList<>();
            List<Tensor> buf = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                if (first[i] == firstStep) {
                    p.add(params.get(i));
                    g.add(grads.get(i));
                    buf.add(state(names.get(i), "momentum_buffer", params.get(i), 0.0));
                }
            }
            if (!p.isEmpty()) {
                update(names.get(params.indexOf(p.get(0))), p, g, buf, config(group, firstStep));
            }
        }
    }

    /** One fused update, or only its step scalars while a replay is prepared. */
    private void update(String firstParam, List<Tensor> p, List<Tensor> g, List<Tensor> buf,
                        SgdHyperparameters hyper) {
        Tensor scalars = stepScalars(firstParam, p.get(0));
        if (updating()) {
            ParameterUpdates.sgd(p, g, buf, hyper, scalars);
        } else {
            ParameterUpdates.sgdScalars(scalars, hyper);
        }
    }

    /** True: the fused update reads its rate from device memory in a captured step. */
    @Override
    public boolean capturable() {
        return true;
    }

    private SgdHyperparameters config(ParamGroup group, boolean firstStep) {
        return new SgdHyperparameters(group.lr(), momentum, dampening, nesterov, group.weightDecay(), decoupled,
                firstStep);
    }
}
