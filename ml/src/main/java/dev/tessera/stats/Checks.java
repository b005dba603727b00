package dev.tessera.stats;

import dev.tessera.Scope;
import dev.tessera.Tensor;

/** Argument checks shared by the estimators. */
final class Checks {
    private Checks() {
    }

    /**
     * Throws naming {@code op} unless x is a floating 2-D tensor with at least {@code minRows} rows and only finite
     * values (one reduction on the device).
     */
    static void matrix(String op, Tensor x, int minRows) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException(op + ": expected data of shape [N, d], got " + x.shape());
        }
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": expected FLOAT32 or FLOAT64 data, got " + x.dtype());
        }
        if (x.size(0) < minRows || x.size(1) == 0) {
            throw new IllegalArgumentException(op + ": need at least " + minRows + " rows and 1 column, got "
                    + x.shape());
        }
        try (Scope s = Scope.open()) {
            double largest = x.abs().max().item();
            if (!Double.isFinite(largest)) {
                throw new IllegalArgumentException(op + ": the data holds " + (Double.isNaN(largest) ? "NaN" : "an"
                        + " infinite value") + "; remove or impute it first");
            }
        }
    }

    /** Throws naming {@code op} unless x is [N, features] and floating. */
    static void columns(String op, Tensor x, int features) {
        if (x.rank() != 2 || x.size(1) != features) {
            throw new IllegalArgumentException(op + ": expected [N, " + features + "], got " + x.shape());
        }
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": expected FLOAT32 or FLOAT64 data, got " + x.dtype());
        }
    }
}
