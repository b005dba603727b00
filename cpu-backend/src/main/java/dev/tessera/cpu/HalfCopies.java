package dev.tessera.cpu;

import dev.tessera.DType;
import dev.tessera.HalfFloats;
import dev.tessera.backend.HostArrays;

/**
 * Strided copies where either side is FLOAT16 or BFLOAT16 (held as {@code short[]} bits): the conversions
 * {@link dev.tessera.backend.Backend#copy} specifies. Narrowing to a half type rounds to nearest even through float
 * ({@link HalfFloats}); widening is exact; half to INT32 truncates toward zero. Dense runs between FLOAT32 and a
 * half type go to the {@link Kernels} conversions (vectorized where the Vector API is present). {@link Copies} covers
 * the other types, where the array class alone names the type.
 */
final class HalfCopies {
    private HalfCopies() {
    }

    /** Whether a copy from {@code from} to {@code to} needs this class. */
    static boolean involves(DType from, DType to) {
        return from.isHalf() || to.isHalf();
    }

    /** {@code dst[d + i*ds] = convert(src[s + i*ss])} for {@code i < n}. */
    static void copy(Kernels k, DType from, Object src, int s, int ss, DType to, Object dst, int d, int ds, int n) {
        boolean dense = ss == 1 && ds == 1;
        if (dense && to.isHalf() && src instanceof float[] f) {
            k.narrowHalf(to, f, s, (short[]) dst, d, n);
        } else if (dense && from.isHalf() && dst instanceof float[] o) {
            k.widenHalf(from, (short[]) src, s, o, d, n);
        } else if (from == to) {
            short[] x = (short[]) src;
            short[] o = (short[]) dst;
            for (int i = 0; i < n; i++) {
                o[d + i * ds] = x[s + i * ss];
            }
        } else if (to.isHalf()) {
            short[] o = (short[]) dst;
            if (src instanceof float[] f) {
                for (int i = 0; i < n; i++) {
                    o[d + i * ds] = HalfFloats.narrow(to, f[s + i * ss]);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    o[d + i * ds] = HalfFloats.narrow(to, (float) HostArrays.element(src, from, s + i * ss));
                }
            }
        } else {
            short[] x = (short[]) src;
            if (dst instanceof float[] o) {
                for (int i = 0; i < n; i++) {
                    o[d + i * ds] = HalfFloats.widen(from, x[s + i * ss]);
                }
            } else if (dst instanceof double[] o) {
                for (int i = 0; i < n; i++) {
                    o[d + i * ds] = HalfFloats.widen(from, x[s + i * ss]);
                }
            } else {
                int[] o = (int[]) dst;
                for (int i = 0; i < n; i++) {
                    o[d + i * ds] = (int) HalfFloats.widen(from, x[s + i * ss]);
                }
            }
        }
    }
}
