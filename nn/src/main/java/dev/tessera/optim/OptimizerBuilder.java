package dev.tessera.optim;

import dev.tessera.Tensor;
import java.util.List;
import java.util.Map;

/**
 * What every optimizer's builder shares: the parameters (one group, or several {@link ParamGroup}s), the learning
 * rate and the weight decay, each starting at the optimizer's PyTorch default. Subclasses add their own settings
 * and {@link #build()}; values are checked by the optimizer's constructor, with messages naming the argument.
 *
 * @param <B> the concrete builder, returned by the setters for chaining
 * @param <O> the optimizer built
 */
public abstract class OptimizerBuilder<B extends OptimizerBuilder<B, O>, O extends Optimizer> {
    final List<ParamGroup> groups;
    double lr;
    double weightDecay;

    OptimizerBuilder(List<ParamGroup> groups, double defaultLr, double defaultWeightDecay) {
        this.groups = groups;
        this.lr = defaultLr;
        this.weightDecay = defaultWeightDecay;
    }

    static List<ParamGroup> single(Map<String, Tensor> params) {
        return List.of(ParamGroup.of(params));
    }

    /** The learning rate (groups that set their own keep theirs). */
    public B lr(double rate) {
        this.lr = rate;
        return self();
    }

    /** The weight decay (groups that set their own keep theirs). */
    public B weightDecay(double decay) {
        this.weightDecay = decay;
        return self();
    }

    /**
     * The optimizer.
     *
     * @throws IllegalArgumentException for a value outside its accepted range, naming it
     */
    public abstract O build();

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
