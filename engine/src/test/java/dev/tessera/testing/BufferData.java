package dev.tessera.testing;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import java.util.Random;

/**
 * Moves test data between {@code double[]} arrays and backend buffers of any dtype, so that kernel tests of every
 * backend compare results in FLOAT64: an upload rounds each value to the buffer's dtype ({@code (float) v} for
 * FLOAT32, {@code (int) v}, truncation toward zero, for INT32) and a download widens each element back exactly.
 */
public final class BufferData {
    private BufferData() {
    }

    /** A new buffer of {@code dtype} on {@code be} holding {@code values} rounded to {@code dtype}. */
    public static Buffer upload(Backend be, DType dtype, double[] values) {
        Buffer b = be.allocate(dtype, values.length);
        switch (dtype) {
            case FLOAT32 -> {
                float[] f = new float[values.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) values[i];
                }
                be.write(b, 0, f, 0, f.length);
            }
            case FLOAT64 -> be.write(b, 0, values.clone(), 0, values.length);
            case INT32 -> {
                int[] v = new int[values.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (int) values[i];
                }
                be.write(b, 0, v, 0, v.length);
            }
            default -> throw new IllegalArgumentException("upload: no writer for dtype " + dtype);
        }
        return b;
    }

    /** The whole contents of {@code b} (read through {@code be}), each element widened to double. */
    public static double[] download(Backend be, Buffer b) {
        int n = Math.toIntExact(b.numel());
        double[] out = new double[n];
        switch (b.dtype()) {
            case FLOAT32 -> {
                float[] f = new float[n];
                be.read(b, 0, f, 0, n);
                for (int i = 0; i < n; i++) {
                    out[i] = f[i];
                }
            }
            case FLOAT64 -> be.read(b, 0, out, 0, n);
            case INT32 -> {
                int[] v = new int[n];
                be.read(b, 0, v, 0, n);
                for (int i = 0; i < n; i++) {
                    out[i] = v[i];
                }
            }
            default -> throw new IllegalArgumentException("download: no reader for dtype " + b.dtype());
        }
        return out;
    }

    /** {@code n} values {@code lo + (hi - lo) u} with {@code u} uniform in [0, 1) drawn from {@code rnd}. */
    public static double[] uniform(Random rnd, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * rnd.nextDouble();
        }
        return v;
    }
}
