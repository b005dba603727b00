package dev.tessera.loss;

import dev.tessera.Tensor;

/**
 * How a loss combines its per-element (or per-row) values, as PyTorch's {@code reduction} argument: their mean,
 * their sum, or none (the values themselves).
 *
 * <p>The course notes' "sum of squared errors" {@code L = 1/2 sum_n (y_n - q_n)^2} is {@code 0.5 *}
 * {@link MSELoss} with {@link #SUM}; PyTorch's default {@code MSELoss()} is {@link #MEAN}.
 */
public enum Reduction {
    /** The mean of the values (a scalar). */
    MEAN,
    /** The sum of the values (a scalar). */
    SUM,
    /** The values unchanged. */
    NONE;

    /** Reduces {@code values} accordingly. */
    public Tensor apply(Tensor values) {
        return switch (this) {
            case MEAN -> values.mean();
            case SUM -> values.sum();
            case NONE -> values;
        };
    }
}
