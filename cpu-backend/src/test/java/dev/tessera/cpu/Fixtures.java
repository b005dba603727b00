package dev.tessera.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.HostArrays;
import dev.tessera.backend.reference.ReferenceBackend;
import dev.tessera.cpu.vector.VectorKernels;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Shared test fixtures: the backend variants every kernel test runs (Vector API kernels, scalar kernels, scalar
 * kernels with the fused defaults), the FLOAT64 reference backend, dtype rounding, and the conformance tolerance
 * check (FLOAT32: |got - want| &lt;= 1e-5 + 1e-4 |want|; FLOAT64: 1e-12 + 1e-10 |want|). Buffer uploads and
 * downloads are {@link dev.tessera.testing.BufferData}'s.
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

    /** The dtypes whose arithmetic primitives {@code be} runs itself ({@link Backend#computes}). */
    static DType[] computedTypes(Backend be) {
        return java.util.Arrays.stream(DType.values()).filter(be::computes).toArray(DType[]::new);
    }

    /** The values of {@code dtype} rounded from {@code values}, widened back to double. */
    static double[] rounded(DType dtype, double[] values) {
        return HostArrays.toDoubles(HostArrays.fromDoubles(values, dtype), dtype).clone();
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
