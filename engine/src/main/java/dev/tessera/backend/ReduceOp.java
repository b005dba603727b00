package dev.tessera.backend;

/**
 * The closed set of reduction primitives over the middle axis of a contiguous {@code [outer, n, inner]} block,
 * writing {@code [outer, inner]}.
 *
 * <p>SUM of an empty axis is 0; MAX and MIN propagate NaN and are undefined (core rejects them) on an empty axis;
 * ARGMAX and ARGMIN write INT32 indices of the first extreme element (the first NaN if any). SUM of INT32 never
 * wraps: every backend accumulates without overflow (64-bit integers or doubles) and saturates the result to
 * [-2147483648, 2147483647], as Java's {@code (int)} of a double does (PyTorch instead promotes the sum to int64;
 * Tessera has no INT64).
 */
public enum ReduceOp {
    /** {@code sum_j x[o, j, i]}. */
    SUM,
    /** {@code max_j x[o, j, i]}. */
    MAX,
    /** {@code min_j x[o, j, i]}. */
    MIN,
    /** Index j of the first maximum. Output INT32. */
    ARGMAX,
    /** Index j of the first minimum. Output INT32. */
    ARGMIN;

    /** Whether the output holds INT32 indices. */
    public boolean producesIndices() {
        return this == ARGMAX || this == ARGMIN;
    }
}
