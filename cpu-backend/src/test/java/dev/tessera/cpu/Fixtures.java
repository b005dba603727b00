package dev.tessera.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.reference.ReferenceBackend;
import dev.tessera.cpu.vector.VectorKernels;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Shared test fixtures: the backend variants every kernel test runs (Vector API kernels, scalar kernels, scalar
 * kernels with the fused defaults), the FLOAT64 reference backend, buffer helpers, and the conformance tolerance
 * check (FLOAT32: |got - want| &lt;= 1e-5 + 1e-4 |want|; FLOAT64: 1e-12 + 1e-10 |want|).
 */
final class Fixtures {
    /** The reference (oracle) backend. */
    static final ReferenceBackend REF = new ReferenceBackend();
    /** A two-member pool, so threaded paths run even on one core. */
    static final WorkerPool POOL = CpuBackend.pool(2);

    private Fixtures() {
    }

    /** The variants under test, as (name, backend) arguments. */
    static Stream<Arguments> backends() {
        return Stream.of(
                Arguments.of("vector", new CpuBackend(new VectorKernels(), true, POOL)),
                Arguments.of("scalar", new CpuBackend(new ScalarKernels(), true, POOL)),
                Arguments.of("defaults", new CpuBackend(new ScalarKernels(), false, POOL)));
    }

    /** The two kernel sets, as (name, kernels) arguments. */
    static Stream<Arguments> kernels() {
        return Stream.of(Arguments.of("vector", new VectorKernels()), Arguments.of("scalar", new ScalarKernels()));
    }

    /** {@code n} uniform values in [lo, hi). */
    static double[] uniform(Random r, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        return v;
    }

    /** A buffer of {@code dtype} on {@code be} holding {@code values} (rounded to the dtype). */
    static Buffer buffer(Backend be, DType dtype, double[] values) {
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
        }
        return b;
    }

    /** The values of {@code dtype} rounded from {@code values}, widened back to double. */
    static double[] rounded(DType dtype, double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = switch (dtype) {
                case FLOAT32 -> (float) values[i];
                case FLOAT64 -> values[i];
                case INT32 -> (int) values[i];
            };
        }
        return out;
    }

    /** A buffer's contents widened to double. */
    static double[] read(Backend be, Buffer b) {
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
        }
        return out;
    }

    /** Asserts {@code got} matches {@code want} within the tolerance of {@code dtype} (exactly for INT32). */
    static void assertClose(String what, DType dtype, double[] want, double[] got) {
        double atol = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
        double rtol = dtype == DType.FLOAT32 ? 1e-4 : 1e-10;
        assertClose(what, want, got, atol, rtol, dtype == DType.INT32);
    }

    /** Asserts closeness with explicit tolerances; NaN must match NaN and infinities must match exactly. */
    static void assertClose(String what, double[] want, double[] got, double atol, double rtol, boolean exact) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            double w = want[i];
            double g = got[i];
            boolean ok;
            if (Double.isNaN(w) || Double.isNaN(g)) {
                ok = Double.isNaN(w) && Double.isNaN(g);
            } else if (Double.isInfinite(w) || Double.isInfinite(g) || exact) {
                ok = w == g;
            } else {
                ok = Math.abs(g - w) <= atol + rtol * Math.abs(w);
            }
            if (!ok) {
                fail(what + ": element " + i + " of " + want.length + ": expected " + w + " but got " + g);
            }
        }
    }
}
