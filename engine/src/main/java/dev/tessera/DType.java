package dev.tessera;

/**
 * Element types a tensor can hold.
 *
 * <p>FLOAT32 is supported by every backend, FLOAT64 at least by the CPU and reference backends (it is the
 * dtype of reference results and gradient checks), INT32 holds labels and indices.
 */
public enum DType {
    /** IEEE-754 binary32. */
    FLOAT32(4, true),
    /** IEEE-754 binary64. */
    FLOAT64(8, true),
    /** Two's-complement 32-bit signed integer. */
    INT32(4, false);

    private final int byteSize;
    private final boolean floating;

    DType(int byteSize, boolean floating) {
        this.byteSize = byteSize;
        this.floating = floating;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether this is a floating-point type. */
    public boolean isFloating() {
        return floating;
    }

    /**
     * The type both operands of a binary op are converted to: the wider float if either is floating, else INT32.
     * Mirrors PyTorch's promotion for these three types (int op float gives the float type).
     */
    public static DType promote(DType a, DType b) {
        if (a == b) {
            return a;
        }
        if (a == FLOAT64 || b == FLOAT64) {
            return FLOAT64;
        }
        return FLOAT32;
    }

    /** The floating type an op producing real numbers (exp, mean, division) returns for this input type. */
    public DType toFloating() {
        return floating ? this : FLOAT32;
    }
}
