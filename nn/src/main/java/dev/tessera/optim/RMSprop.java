package dev.tessera.optim;

import dev.tessera.Tensor;
import dev.tessera.nn.Require;
import java.util.List;
import java.util.Map;

/**
 * RMSprop (Hinton), exactly as PyTorch's {@code torch.optim.RMSprop}: with {@code g = grad + wd p},
 * <pre>
 *   sq  = alpha sq + (1 - alpha) g^2
 *   ga  = alpha ga + (1 - alpha) g                    (centered only)
 *   avg = sqrt(sq - ga^2) + eps   (centered)    or    sqrt(sq) + eps
 *   buf = momentum buf + g / avg;  p = p - lr buf     (momentum &gt; 0)
 *   p   = p - lr g / avg                              (otherwise)
 * </pre>
 * Written with tensor ops and in-place updates. State per parameter: {@code square_avg}, {@code grad_avg}
 * (centered), {@code momentum_buffer} (momentum).
 */
public final class RMSprop extends Optimizer {
    private final double alpha;
    private final double eps;
    private final double momentum;
    private final boolean centered;

    /** Builds {@link RMSprop}; unset settings keep PyTorch's defaults (see {@link Optimizers}). */
    public static final class Builder extends OptimizerBuilder<Builder, RMSprop> {
        private double alpha = 0.99;
        private double eps = 1e-8;
        private double momentum;
        private boolean centered;

        Builder(List<ParamGroup> groups) {
            super(groups, 1e-2, 0);
        }

        /** Smoothing constant (default 0.99). */
        public Builder alpha(double value) {
            this.alpha = value;
            return this;
        }

        /** Added to the denominator (default 1e-8). */
        public Builder eps(double value) {
            this.eps = value;
            return this;
        }

        /** Momentum factor (default 0). */
        public Builder momentum(double value) {
            this.momentum = value;
            return this;
        }

        /** Normalize by the estimated variance instead of the second moment (default false). */
        public Builder centered(boolean value) {
            this.centered = value;
            return this;
        }

        @Override
        public RMSprop build() {
            return new RMSprop(groups, lr, alpha, eps, weightDecay, momentum, centered);
        }
    }

    /** RMSprop at rate {@code lr} with PyTorch's defaults (alpha 0.99, eps 1e-8). */
    public RMSprop(Map<String, Tensor> params, double lr) {
        this(single(params), lr, 0.99, 1e-8, 0, 0, false);
    }

    /**
     * The full form.
     *
     * @param alpha smoothing constant in [0, 1]
     * @throws IllegalArgumentException naming the argument and its accepted range
     */
    public RMSprop(List<ParamGroup> groups, double lr, double alpha, double eps, double weightDecay, double momentum,
                   boolean centered) {
        super("RMSprop", groups, lr, weightDecay);
        Require.in("RMSprop", "alpha", alpha, Require.Unit.CLOSED);
        Require.finiteNonNegative("RMSprop", "eps", eps);
        Require.finiteNonNegative("RMSprop", "momentum", momentum);
        this.alpha = alpha;
        this.eps = eps;
        this.momentum = momentum;
        this.centered = centered;
    }

    @Override
    protected void stepGroup(ParamGroup group, List<String> names, List<Tensor> params, List<Tensor> grads) {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            String n = names.get(i);
            Tensor g = group.weightDecay() != 0 ? grads.get(i).add(p.mul(group.weightDecay())) : grads.get(i);
            Tensor sq = state(n, "square_avg", p, 0.0);
            sq.mulInPlace(alpha).addInPlace(g.square().mul(1 - alpha));
            Tensor avg;
            if (centered) {
                Tensor ga = state(n, "grad_avg", p, 0.0);
                ga.mulInPlace(alpha).addInPlace(g.mul(1 - alpha));
                avg = sq.sub(ga.square()).sqrt().add(eps);
            } else {
                avg = sq.sqrt().add(eps);
            }
            if (momentum > 0) {
                Tensor buf = state(n, "momentum_buffer", p, 0.0);
                buf.mulInPlace(momentum).addInPlace(g.div(avg));
                p.subInPlace(buf.mul(group.lr()));
            } else {
                p.subInPlace(g.div(avg).mul(group.lr()));
            }
        }
    }
}
