package dev.tessera.testing;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.HostArrays;
import java.util.Random;

/**
 * Moves test data between {@code double[]} arrays and backend buffers of any dtype, so that kernel tests of every
 * backend compare results in FLOAT64: an upload rounds each value to the buffer's dtype ({@code (float) v} for
 * FLOAT32, {@code (int) v}, truncation toward zero, for INT32, nearest even through float for the half types, as
 * {@link HostArrays} converts) and a download widens each element back exactly.
 */
public final class BufferData {
    private BufferData() {
    }

    /** A new buffer of {@code dtype} on {@code be} holding {@code values} rounded to {@code dtype}. */
    public static Buffer upload(Backend be, DType dtype, double[] values) {
        Buffer b = be.allocate(dtype, values.length);
        be.write(b, 0, HostArrays.fromDoubles(values.clone(), dtype), 0, values.length);
        return b;
    }

    /** The whole contents of {@code b} (read through {@code be}), each element widened to double. */
    public static double[] download(Backend be, Buffer b) {
        int n = Math.toIntExact(b.numel());
        Object host = HostArrays.allocate(b.dtype(), n);
        be.read(b, 0, host, 0, n);
        return HostArrays.toDoubles(host, b.dtype());
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
