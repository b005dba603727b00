package dev.tessera;

/**
 * Conversions between {@code float} and the bit patterns of the two 16-bit floating types, {@link DType#FLOAT16}
 * (IEEE-754 binary16) and {@link DType#BFLOAT16} (the upper half of a binary32). A half value travels as the
 * {@code short} holding its bits; host arrays of half tensors are {@code short[]} of such bits.
 *
 * <p>Narrowing rounds to nearest, ties to even, as IEEE-754 and PyTorch do: FLOAT16 overflows to infinity from
 * 65520 up (the midpoint between 65504, the largest finite value, and 2^16), keeps subnormals down to 2^-24 and
 * rounds magnitudes up to 2^-25 to a signed zero. NaN stays NaN (quiet, sign kept). Widening is exact. A
 * {@code double} narrows through {@code float} first, as PyTorch's {@code c10::Half(double)} does.
 */
public final class HalfFloats {
    private static final int FLOAT_SIGN = 0x8000_0000;
    private static final int FLOAT_INF = 0x7f80_0000;
    /** 65520.0f: the smallest float that rounds to FLOAT16 infinity. */
    private static final int FLOAT16_OVERFLOW = 0x477f_f000;
    /** 2^-14.0f: the smallest normal FLOAT16. */
    private static final int FLOAT16_MIN_NORMAL = 0x3880_0000;
    /** 2^-25.0f: half the smallest subnormal FLOAT16; it and anything smaller round to zero. */
    private static final int FLOAT16_ZERO_LIMIT = 0x3300_0000;

    private HalfFloats() {
    }

    /** The FLOAT16 bits nearest to {@code value} (ties to even). */
    public static short toFloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & ~FLOAT_SIGN;
        if (abs > FLOAT_INF) {
            return (short) (sign | 0x7e00 | ((abs >>> 13) & 0x3ff));
        }
        if (abs >= FLOAT16_OVERFLOW) {
            return (short) (sign | 0x7c00);
        }
        if (abs >= FLOAT16_MIN_NORMAL) {
            int half = ((abs >>> 23) - 127 + 15) << 10 | (abs & 0x7f_ffff) >>> 13;
            return (short) (sign | roundHalfEven(half, abs & 0x1fff, 13));
        }
        if (abs <= FLOAT16_ZERO_LIMIT) {
            return (short) sign;
        }
        int significand = (abs & 0x7f_ffff) | 0x80_0000;
        int shift = 126 - (abs >>> 23);
        return (short) (sign | roundHalfEven(significand >>> shift, significand & ((1 << shift) - 1), shift));
    }

    /** The value of the FLOAT16 bits {@code bits} (exact). */
    public static float fromFloat16(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | FLOAT_INF | mantissa << 13);
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | (exponent - 15 + 127) << 23 | mantissa << 13);
    }

    /** The BFLOAT16 bits nearest to {@code value} (ties to even). */
    public static short toBFloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & ~FLOAT_SIGN) > FLOAT_INF) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    /** The value of the BFLOAT16 bits {@code bits} (exact). */
    public static float fromBFloat16(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** The bits of {@code value} narrowed to the half type {@code dtype}. */
    public static short narrow(DType dtype, float value) {
        return switch (dtype) {
            case FLOAT16 -> toFloat16(value);
            case BFLOAT16 -> toBFloat16(value);
            case FLOAT32, FLOAT64, INT32 -> throw notHalf(dtype);
        };
    }

    /** The value of the bits {@code bits} of the half type {@code dtype}. */
    public static float widen(DType dtype, short bits) {
        return switch (dtype) {
            case FLOAT16 -> fromFloat16(bits);
            case BFLOAT16 -> fromBFloat16(bits);
            case FLOAT32, FLOAT64, INT32 -> throw notHalf(dtype);
        };
    }

    /**
     * {@code kept} rounded up by one unit when the {@code dropped} low bits (of {@code width} bits) are above half a
     * unit, or exactly half and {@code kept} is odd. A carry out of the mantissa correctly moves to the next binade.
     */
    private static int roundHalfEven(int kept, int dropped, int width) {
        int halfUnit = 1 << (width - 1);
        return dropped > halfUnit || (dropped == halfUnit && (kept & 1) != 0) ? kept + 1 : kept;
    }

    private static IllegalArgumentException notHalf(DType dtype) {
        return new IllegalArgumentException("HalfFloats: " + dtype + " is not a 16-bit floating type "
                + "(expected FLOAT16 or BFLOAT16)");
    }
}
