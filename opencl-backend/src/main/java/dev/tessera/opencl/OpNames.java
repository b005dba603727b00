package dev.tessera.opencl;

import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.UnaryOp;

/**
 * The kernel-name fragment of each primitive, as used by the macros in the .cl files
 * ({@code unary_<name>_dense}, {@code binary_<name>_strided}, {@code reduce_rows_<name>}, ...). Exhaustive switches,
 * so a new primitive does not compile until it has a kernel here.
 */
final class OpNames {
    private OpNames() {
    }

    static String unary(UnaryOp op) {
        return switch (op) {
            case NEG -> "neg";
            case EXP -> "exp";
            case LOG -> "log";
            case SQRT -> "sqrt";
            case RSQRT -> "rsqrt";
            case ABS -> "abs";
            case SIGN -> "sign";
            case RECIPROCAL -> "reciprocal";
            case SIGMOID -> "sigmoid";
            case TANH -> "tanh";
            case RELU -> "relu";
            case LEAKY_RELU -> "leaky_relu";
            case ELU -> "elu";
            case GELU -> "gelu";
            case GELU_TANH -> "gelu_tanh";
            case SILU -> "silu";
            case MISH -> "mish";
            case SOFTPLUS -> "softplus";
        };
    }

    static String binary(BinaryOp op) {
        return switch (op) {
            case ADD -> "add";
            case SUB -> "sub";
            case MUL -> "mul";
            case DIV -> "div";
            case POW -> "pow";
            case MAXIMUM -> "maximum";
            case MINIMUM -> "minimum";
            case EQ -> "eq";
            case NE -> "ne";
            case LT -> "lt";
            case LE -> "le";
            case GT -> "gt";
            case GE -> "ge";
        };
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
