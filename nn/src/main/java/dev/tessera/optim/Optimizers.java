package dev.tessera.optim;

import dev.tessera.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Builders for every optimizer, starting from PyTorch's defaults, so only what differs is named:
 * {@code Optimizers.adamW(model.namedParameters()).lr(3e-4).build()}.
 *
 * <table>
 *   <caption>Defaults (as {@code torch.optim})</caption>
 *   <tr><th>optimizer</th><th>defaults</th></tr>
 *   <tr><td>{@link #sgd}</td><td>lr 1e-3, momentum 0, dampening 0, nesterov false, weight decay 0</td></tr>
 *   <tr><td>{@link #adagrad}</td><td>lr 1e-2, lrDecay 0, weight decay 0, initial accumulator 0, eps 1e-10</td></tr>
 *   <tr><td>{@link #rmsprop}</td><td>lr 1e-2, alpha 0.99, eps 1e-8, weight decay 0, momentum 0, centered false</td></tr>
 *   <tr><td>{@link #adam}</td><td>lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0, amsgrad false</td></tr>
 *   <tr><td>{@link #adamW}</td><td>lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.01, amsgrad false</td></tr>
 * </table>
 * Each entry point takes one group ({@code model.namedParameters()}) or a list of {@link ParamGroup}s.
 */
public final class Optimizers {
    private Optimizers() {
    }

    /** SGD over one group. */
    public static SGD.Builder sgd(Map<String, Tensor> params) {
        return new SGD.Builder(OptimizerBuilder.single(params));
    }

    /** SGD over several groups. */
    public static SGD.Builder sgd(List<ParamGroup> groups) {
        return new SGD.Builder(groups);
    }

    /** Adagrad over one group. */
    public static Adagrad.Builder adagrad(Map<String, Tensor> params) {
        return new Adagrad.Builder(OptimizerBuilder.single(params));
    }

    /** Adagrad over several groups. */
    public static Adagrad.Builder adagrad(List<ParamGroup> groups) {
        return new Adagrad.Builder(groups);
    }

    /** RMSprop over one group. */
    public static RMSprop.Builder rmsprop(Map<String, Tensor> params) {
        return new RMSprop.Builder(OptimizerBuilder.single(params));
    }

    /** RMSprop over several groups. */
    public static RMSprop.Builder rmsprop(List<ParamGroup> groups) {
        return new RMSprop.Builder(groups);
    }

    /** Adam over one group. */
    public static Adam.Builder<Adam> adam(Map<String, Tensor> params) {
        return new Adam.Builder<>(OptimizerBuilder.single(params), false);
    }

    /** Adam over several groups. */
    public static Adam.Builder<Adam> adam(List<ParamGroup> groups) {
        return new Adam.Builder<>(groups, false);
    }

    /** AdamW over one group. */
    public static Adam.Builder<AdamW> adamW(Map<String, Tensor> params) {
        return new Adam.Builder<>(OptimizerBuilder.single(params), true);
    }

    /** AdamW over several groups. */
    public static Adam.Builder<AdamW> adamW(List<ParamGroup> groups) {
        return new Adam.Builder<>(groups, true);
    }
}
