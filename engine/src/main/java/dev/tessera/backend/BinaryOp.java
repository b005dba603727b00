package dev.tessera.backend;

/**
 * The closed set of elementwise binary primitives {@code out = a op b}. Both operands have the output's dtype
 * (core converts them first). Comparisons write 1 for true and 0 for false in that same dtype. {@link #apply} is
 * the FLOAT64 specification; on INT32 the arithmetic ops wrap as Java {@code int} arithmetic does.
 */
public enum BinaryOp {
    /** {@code a + b}. */
    ADD,
    /** {@code a - b}. */
    SUB,
    /** {@code a * b}. */
    MUL,
    /** {@code a / b} (floating types only). */
    DIV,
    /** {@code a^b} (floating types only). */
    POW,
    /** {@code max(a, b)}; NaN if either is NaN. */
    MAXIMUM,
    /** {@code min(a, b)}; NaN if either is NaN. */
    MINIMUM,
    /** {@code a == b}. */
    EQ,
    /** {@code a != b}. */
    NE,
    /** {@code a < b}. */
    LT,
    /** {@code a <= b}. */
    LE,
    /** {@code a > b}. */
    GT,
    /** {@code a >= b}. */
    GE;

    /** Whether the result is a 0/1 truth value. */
    public boolean isComparison() {
        return ordinal() >= EQ.ordinal();
    }

    /** Whether the op needs a floating dtype (integer operands are converted to FLOAT32 by core). */
    public boolean requiresFloating() {
        return this == DIV || this == POW;
    }

    /** The FLOAT64 specification. */
    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAXIMUM -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
            case MINIMUM -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
        };
    }

    /** The INT32 specification (DIV and POW are never called on integers). */
    public int applyInt(int a, int b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> (int) Math.pow(a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
        };
    }
}
