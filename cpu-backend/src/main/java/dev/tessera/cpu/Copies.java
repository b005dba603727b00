package dev.tessera.cpu;

/**
 * Strided copies between {@code float[]}, {@code double[]} and {@code int[]} runs, converting as Java casts do
 * (float to int truncates toward zero, NaN becomes 0, out-of-range values saturate), which is the conversion the
 * reference backend specifies. Dense same-type runs use {@link System#arraycopy}; a stride-0 source fills.
 */
final class Copies {
    private Copies() {
    }

    /** {@code dst[d + i*ds] = convert(src[s + i*ss])} for {@code i < n}. */
    static void copy(Object src, int s, int ss, Object dst, int d, int ds, int n) {
        if (src.getClass() == dst.getClass() && ss == 1 && ds == 1) {
            System.arraycopy(src, s, dst, d, n);
            return;
        }
        if (src instanceof float[] f) {
            if (dst instanceof float[] o) {
                if (ss == 0 && ds == 1) {
                    java.util.Arrays.fill(o, d, d + n, f[s]);
                    return;
                }
                for (int i = 0; i < n; i++) {
                    o[d + i * ds] = f[s + i * ss];
                }
            } else if (dst instanceof double[] o) {
                for (int i = 0; i < n; i++) {
                    o[d + i * ds] = f[s + i * ss];
                }
            } else {
                int[] o = (int[]) dst;
                for (int i = 0; i < n; i++) {
                    o[d + i * ds] = (int) f[s + i * ss];
                }
            }
        } else if (src instanceof double[] x) {
            if (dst instanceof float[] o) {
                for (int i = 0; i < n; i++) {
                    o[d + i * ds] = (float) x[s + i * ss];
                }
            } else if (dst instanceof double[] o) {
                if (ss == 0 && ds == 1) {
                    java.util.Arrays.fill(o, d, d + n, x[s]);
                    return;
                }
                for (int i = 0; i < n; i++) {
                    o[d + i * ds] = x[s + i * ss];
                }
            } else {
                int[] o = (int[]) dst;
                for (int i = 0; i < n; i++) {
                    o[d + i * ds] = (int) x[s + i * ss];
                }
            }
        } else {
            int[] x = (int[]) src;
            if (dst instanceof float[] o) {
                for (int i = 0; i < n; i++) {
                    o[d + i * ds] = x[s + i * ss];
                }
            } else if (dst instanceof double[] o) {
                for (int i = 0; i < n; i++) {
                    o[d + i * ds] = x[s + i * ss];
                }
            } else {
                int[] o = (int[]) dst;
                if (ss == 0 && ds == 1) {
                    java.util.Arrays.fill(o, d, d + n, x[s]);
                    return;
                }
                for (int i = 0; i < n; i++) {
                    o[d + i * ds] = x[s + i * ss];
                }
            }
        }
    }
}
