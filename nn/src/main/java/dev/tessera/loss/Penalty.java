package dev.tessera.loss;

import dev.tessera.Tensor;
import dev.tessera.nn.Require;
import java.util.List;

/**
 * An explicit regularization term added to a loss: {@code coefficient * sum_i |w_i|} (L1, which drives weights to
 * exactly zero, "feature selection") or {@code coefficient * sum_i w_i^2} (L2, which spreads them), summed over
 * every element of the chosen parameters (typically the weights, not biases or norm parameters). For plain SGD,
 * an L2 penalty with coefficient c equals weight decay 2c; for adaptive optimizers use decoupled weight decay
 * (AdamW) instead.
 */
public final class Penalty {
    /** The two norms. */
    public enum Kind {
        /** {@code sum |w|}. */
        L1,
        /** {@code sum w^2}. */
        L2
    }

    private final Kind kind;
    private final double coefficient;
    private final List<Tensor> parameters;

    /**
     * A penalty of the given kind and coefficient on {@code parameters} (read at each {@link #term()}).
     *
     * @throws IllegalArgumentException when the coefficient is negative or the list is empty
     */
    public Penalty(Kind kind, double coefficient, List<Tensor> parameters) {
        Require.nonNegative("Penalty", "coefficient", coefficient);
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("Penalty: the parameter list is empty");
        }
        this.kind = kind;
        this.coefficient = coefficient;
        this.parameters = List.copyOf(parameters);
    }

    /** {@code sum_i |w_i|} over all elements of {@code parameters} (differentiable). */
    public static Tensor l1(List<Tensor> parameters) {
        return total(Kind.L1, parameters);
    }

    /** {@code sum_i w_i^2} over all elements of {@code parameters} (differentiable). */
    public static Tensor l2(List<Tensor> parameters) {
        return total(Kind.L2, parameters);
    }

    private static Tensor total(Kind kind, List<Tensor> parameters) {
        Tensor sum = null;
        for (Tensor p : parameters) {
            Tensor t = kind == Kind.L1 ? p.abs().sum() : p.square().sum();
            sum = sum == null ? t : sum.add(t);
        }
        if (sum == null) {
            throw new IllegalArgumentException("Penalty: the parameter list is empty");
        }
        return sum;
    }

    /** {@code coefficient * norm} of the parameters' current values. */
    public Tensor term() {
        return total(kind, parameters).mul(coefficient);
    }

    /** {@code loss + term()}. */
    public Tensor addTo(Tensor loss) {
        return loss.add(term().to(loss.dtype()));
    }
}
