package dev.tessera.opencl;

import dev.tessera.backend.ReduceOp;

/**
 * The kernel-name fragment of each reduction, as used by the macros in reduce.cl ({@code reduce_rows_<name>}, ...).
 * An exhaustive switch, so a new reduction does not compile until it has a kernel here. (Unary and binary ops are
 * dispatched by op code, their ordinal; the per-op fused kernels use {@code UnaryOp.symbol()}.)
 */
final class OpNames {
    private OpNames() {
    }

    static String reduce(ReduceOp op) {
        return switch (op) {
            case SUM -> "sum";
            case MAX -> "max";
            case MIN -> "min";
            case ARGMAX -> "argmax";
            case ARGMIN -> "argmin";
        };
    }
}
