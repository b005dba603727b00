package dev.tessera.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.DType;
import dev.tessera.HalfFloats;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dense half-precision conversions of both kernel sets against {@link HalfFloats}, bit for bit: every half value,
 * its float neighbours, every midpoint between consecutive half values and its neighbours (each rounding decision,
 * ties included), overflow, subnormals, signed zeros, infinities, NaN payloads and random bit patterns, at offsets
 * and lengths that leave vector tails; and widening of all 65,536 bit patterns.
 */
class HalfConversionKernelsTest {
    /** Floats at every rounding decision of {@code half}, then random bit patterns. */
    private static float[] edges(DType half) {
        float[] f = new float[65536 * 6 + 10_007];
        int k = 0;
        for (int h = 0; h < 65536; h++) {
            float v = HalfFloats.widen(half, (short) h);
            float w = HalfFloats.widen(half, (short) (h + 1));
            int vb = Float.floatToRawIntBits(v);
            int mb = Float.floatToRawIntBits((float) (((double) v + w) / 2));
            for (int bits : new int[]{vb, vb + 1, vb - 1, mb, mb + 1, mb - 1}) {
                f[k++] = Float.intBitsToFloat(bits);
            }
        }
        SplittableRandom r = new SplittableRandom(13);
        while (k < f.length) {
            f[k++] = Float.intBitsToFloat(r.nextInt());
        }
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tessera.cpu.Fixtures#kernels")
    void narrowingMatchesHalfFloatsBitForBit(String name, Kernels k) {
        for (DType half : new DType[]{DType.FLOAT16, DType.BFLOAT16}) {
            float[] f = edges(half);
            short[] out = new short[f.length + 5];
            k.narrowHalf(half, f, 3, out, 5, f.length - 3);
            for (int i = 3; i < f.length; i++) {
                short expected = HalfFloats.narrow(half, f[i]);
                if (out[i + 2] != expected) {
                    assertEquals(Integer.toHexString(expected & 0xffff), Integer.toHexString(out[i + 2] & 0xffff),
                            name + " " + half + " narrowing " + f[i] + " (bits " + Integer.toHexString(
                            Float.floatToRawIntBits(f[i])) + ")");
                }
            }
            assertEquals(0, out[4], "nothing written before the run");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tessera.cpu.Fixtures#kernels")
    void wideningIsExactForEveryBitPattern(String name, Kernels k) {
        short[] all = new short[65536 + 7];
        for (int i = 0; i < all.length; i++) {
            all[i] = (short) i;
        }
        for (DType half : new DType[]{DType.FLOAT16, DType.BFLOAT16}) {
            float[] out = new float[all.length + 1];
            k.widenHalf(half, all, 1, out, 2, all.length - 1);
            for (int i = 1; i < all.length; i++) {
                float expected = HalfFloats.widen(half, all[i]);
                if (Float.floatToRawIntBits(out[i + 1]) != Float.floatToRawIntBits(expected)) {
                    assertEquals(Integer.toHexString(Float.floatToRawIntBits(expected)),
                            Integer.toHexString(Float.floatToRawIntBits(out[i + 1])),
                            name + " " + half + " widening " + Integer.toHexString(all[i] & 0xffff));
                }
            }
        }
    }
}
