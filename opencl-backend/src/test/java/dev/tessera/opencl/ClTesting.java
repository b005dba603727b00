package dev.tessera.opencl;

import static org.junit.jupiter.api.Assertions.fail;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.backend.Backend;
import dev.tessera.backend.DeviceInfo;
import dev.tessera.backend.reference.ReferenceBackend;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;

/**
 * Shared helpers of the OpenCL kernel tests: the device under test ({@code opencl:0}, or the test is skipped with the
 * reason when the machine has none), the scalar reference backend, random integers, and closeness checks that
 * report the first bad element.
 */
final class ClTesting {
    /** The scalar FLOAT64 specification every kernel is compared with. */
    static final ReferenceBackend REF = new ReferenceBackend();

    private ClTesting() {
    }

    /** The backend of {@code opencl:0}; skips the calling test when no OpenCL device is available. */
    static Backend device() {
        List<DeviceInfo> devices = new OpenClProvider().devices();
        DeviceInfo first = devices.get(0);
        Assumptions.assumeTrue(first.available(), () -> "no OpenCL device: " + first.unavailableReason());
        return Device.of("opencl:0").backend();
    }

    /** One check of a primitive on the device, for one dtype it computes and one shape. */
    interface ShapeCheck {
        void run(Backend cl, Random rnd, DType dt, int[] shape);
    }

    /**
     * Runs {@code check} on the device for every dtype it computes ({@link #computedTypes}) and every shape, all
     * drawing from one generator seeded by the op's ordinal; skips like {@link #device()}.
     */
    static void forEachTypeAndShape(Enum<?> op, int[][] shapes, ShapeCheck check) {
        Backend cl = device();
        Random rnd = new Random(op.ordinal());
        for (DType dt : computedTypes(cl)) {
            for (int[] s : shapes) {
                check.run(cl, rnd, dt, s);
            }
        }
    }

    /** {@code n} integers in [lo, hi). */
    static double[] integers(Random rnd, int n, int lo, int hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + rnd.nextInt(hi - lo);
        }
        return v;
    }

    /** The dtypes {@code be} stores ({@link Backend#supports}). */
    static DType[] storedTypes(Backend be) {
        return java.util.Arrays.stream(DType.values()).filter(be::supports).toArray(DType[]::new);
    }

    /** The dtypes whose arithmetic primitives {@code be} runs itself ({@link Backend#computes}). */
    static DType[] computedTypes(Backend be) {
        return java.util.Arrays.stream(DType.values()).filter(be::computes).toArray(DType[]::new);
    }

    /**
     * The tolerances of the conformance suite: rtol 1e-4 / atol 1e-5 for FLOAT32, tight for FLOAT64, exact INT32, about
     * two units in the last place for the half types.
     */
    static double rtol(DType dtype) {
        return tolerances(dtype)[0];
    }

    static double atol(DType dtype) {
        return tolerances(dtype)[1];
    }

    /** {rtol, atol} of {@code dtype}. */
    private static double[] tolerances(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> new double[]{1e-4, 1e-5};
            case FLOAT64 -> new double[]{1e-10, 1e-12};
            case INT32 -> new double[]{0, 0};
            case FLOAT16 -> new double[]{2e-3, 1e-4};
            case BFLOAT16 -> new double[]{1.6e-2, 1e-3};
        };
    }

    /** Fails naming {@code what} and the first element where |actual - expected| > atol + rtol |expected|. */
    static void assertClose(String what, double[] expected, double[] actual, double rtol, double atol) {
        if (expected.length != actual.length) {
            fail(what + ": expected " + expected.length + " elements, got " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            boolean ok = Double.isNaN(e) ? Double.isNaN(a)
                    : e == a || Math.abs(a - e) <= atol + rtol * Math.abs(e);
            if (!ok) {
                fail(what + ": element " + i + " expected " + e + " but got " + a + " (rtol " + rtol + ", atol "
                        + atol + ")");
            }
        }
    }

    /** {@link #assertClose} with the dtype's tolerances. */
    static void assertClose(String what, DType dtype, double[] expected, double[] actual) {
        assertClose(what, expected, actual, rtol(dtype), atol(dtype));
    }
}
