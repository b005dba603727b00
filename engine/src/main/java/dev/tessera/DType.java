package dev.tessera;

/**
 * Element types a tensor can hold.
 *
 * <p>FLOAT32 is supported by every backend, FLOAT64 at least by the CPU and reference backends (it is the
 * dtype of reference results and gradient checks), INT32 holds labels and indices.
 *
 * <p>FLOAT16 and BFLOAT16 are the two 16-bit floating types ({@link #isHalf()}). They are storage types first: a
 * backend that {@link dev.tessera.backend.Backend#supports supports} one stores it and converts it in {@code copy}
 * (round to nearest even, {@link HalfFloats}); arithmetic on them runs in FLOAT32 ({@link #computeType()}) unless the
 * backend {@link dev.tessera.backend.Backend#computes computes} in the half type itself. Reductions accumulate in
 * FLOAT32 either way.
 */
public enum DType {
    /** IEEE-754 binary32. */
    FLOAT32(4, true),
    /** IEEE-754 binary64. */
    FLOAT64(8, true),
    /** Two's-complement 32-bit signed integer. */
    INT32(4, false),
    /** IEEE-754 binary16: 1 sign, 5 exponent, 10 fraction bits; largest finite 65504. */
    FLOAT16(2, true),
    /** bfloat16: the upper 16 bits of a binary32 (1 sign, 8 exponent, 7 fraction bits); FLOAT32's range. */
    BFLOAT16(2, true);

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

    /** Whether this is one of the 16-bit floating types (FLOAT16, BFLOAT16). */
    public boolean isHalf() {
        return this == FLOAT16 || this == BFLOAT16;
    }

    /**
     * The type arithmetic on this type runs in where the backend has no kernels of its own for it: FLOAT32 for the
     * half types, this type otherwise (PyTorch's "opmath" type).
     */
    public DType computeType() {
        return isHalf() ? FLOAT32 : this;
    }

    /**
     * The type both operands of a binary op are converted to, as PyTorch promotes tensors of these types: equal types
     * stay; INT32 with a floating type gives the floating type; two floating types give the wider one, where FLOAT16
     * with BFLOAT16 gives FLOAT32 (neither holds the other).
     */
    public static DType promote(DType a, DType b) {
        if (a == b) {
            return a;
        }
        if (!a.floating) {
            return b;
        }
        if (!b.floating) {
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
