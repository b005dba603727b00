package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HalfFloatsTest {

    @Test
    void everyFloat16RoundTripsThroughFloat() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float v = HalfFloats.fromFloat16((short) bits);
            if (Float.isNaN(v)) {
                assertTrue(Float.isNaN(HalfFloats.fromFloat16(HalfFloats.toFloat16(v))), "NaN " + bits);
            } else {
                assertEquals(bits, HalfFloats.toFloat16(v) & 0xffff, "FLOAT16 bits " + Integer.toHexString(bits));
            }
        }
    }

    @Test
    void everyBFloat16RoundTripsThroughFloat() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float v = HalfFloats.fromBFloat16((short) bits);
            if (!Float.isNaN(v)) {
                assertEquals(bits, HalfFloats.toBFloat16(v) & 0xffff, "BFLOAT16 bits " + Integer.toHexString(bits));
            }
        }
    }

    @Test
    void float16NarrowingIsNearestTiesToEvenForFloatsOfEveryMagnitude() {
        assertRandomFloatsNarrowToNearest(DType.FLOAT16, 7);
        for (int bits = 0; bits < 0x7c00; bits++) {
            float lo = HalfFloats.fromFloat16((short) bits);
            float hi = HalfFloats.fromFloat16((short) (bits + 1));
            float mid = (float) (((double) lo + hi) / 2);
            assertEquals(nearest(mid, DType.FLOAT16), HalfFloats.toFloat16(mid) & 0xffff, "midpoint above " + lo);
        }
    }

    /** 400,000 random float bit patterns (NaNs skipped) narrow to the nearest {@code half} value. */
    private static void assertRandomFloatsNarrowToNearest(DType half, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int n = 0; n < 400_000; n++) {
            float f = Float.intBitsToFloat(rng.nextInt());
            if (!Float.isNaN(f)) {
                assertEquals(nearest(f, half), HalfFloats.narrow(half, f) & 0xffff, half + " of " + f);
            }
        }
    }

    @Test
    void bfloat16NarrowingIsNearestTiesToEven() {
        assertRandomFloatsNarrowToNearest(DType.BFLOAT16, 11);
        assertEquals(0x3f80, HalfFloats.toBFloat16(Float.intBitsToFloat(0x3f80_8000)) & 0xffff, "tie to even (down)");
        assertEquals(0x3f82, HalfFloats.toBFloat16(Float.intBitsToFloat(0x3f81_8000)) & 0xffff, "tie to even (up)");
    }

    @Test
    void float16EdgesMatchIeee() {
        assertEquals(65504f, HalfFloats.fromFloat16(HalfFloats.toFloat16(65519.996f)));
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.fromFloat16(HalfFloats.toFloat16(65520f)));
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloats.fromFloat16(HalfFloats.toFloat16(-1e6f)));
        assertEquals(0x1p-24f, HalfFloats.fromFloat16(HalfFloats.toFloat16(0x1p-24f)));
        assertEquals(0x1p-24f, HalfFloats.fromFloat16(HalfFloats.toFloat16(0x1.0001p-25f)), "above half the smallest");
        assertEquals(0x8000, HalfFloats.toFloat16(-0x1p-25f) & 0xffff, "half the smallest subnormal ties to -0");
        assertEquals(1.0009765625f, HalfFloats.fromFloat16(HalfFloats.toFloat16(1.0009765625f)));
        assertEquals(1f, HalfFloats.fromFloat16(HalfFloats.toFloat16(1.00048828125f)), "tie at 1 + 2^-11 to even");
        assertTrue(Float.isNaN(HalfFloats.fromFloat16(HalfFloats.toFloat16(Float.NaN))));
        assertTrue(Float.isNaN(HalfFloats.fromBFloat16(HalfFloats.toBFloat16(Float.NaN))));
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.fromBFloat16(HalfFloats.toBFloat16(Float.MAX_VALUE)));
    }

    @Test
    void narrowAndWidenRefuseNonHalfTypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HalfFloats.narrow(DType.FLOAT32, 1f));
        assertTrue(e.getMessage().contains("FLOAT32"), e.getMessage());
        assertEquals(1.5f, HalfFloats.widen(DType.BFLOAT16, HalfFloats.narrow(DType.BFLOAT16, 1.5f)));
    }

    /** The bits of the half value nearest to f by exhaustive search in double (exact for these magnitudes). */
    private static int nearest(float f, DType dtype) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        int sign = f < 0 || (f == 0 && 1 / f < 0) ? 0x8000 : 0;
        int limit = dtype == DType.FLOAT16 ? 0x7c00 : 0x7f80;
        double target = Math.abs((double) f);
        double overflow = dtype == DType.FLOAT16 ? 65520 : Float.intBitsToFloat(0x7f7f_8000);
        if (target >= overflow) {
            return sign | limit;
        }
        int lo = 0;
        int hi = limit - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (HalfFloats.widen(dtype, (short) mid) < target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int bits = Math.max(0, lo - 1); bits <= lo; bits++) {
            double distance = Math.abs(HalfFloats.widen(dtype, (short) bits) - target);
            boolean tieToEven = distance == bestDistance && (bits & 1) == 0;
            if (distance < bestDistance || tieToEven) {
                best = bits;
                bestDistance = distance;
            }
        }
        return sign | best;
    }
}
