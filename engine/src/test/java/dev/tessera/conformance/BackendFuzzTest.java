package dev.tessera.conformance;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.DeviceUnavailableException;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing of a backend: seeded random programs of tensor ops ({@link FuzzProgram}) run on the device
 * under test (FLOAT32) and on the FLOAT64 reference; every intermediate value and the inputs' gradients must agree.
 * A failing program is shrunk (truncated at the first diverging value, steps removed while it still fails) and
 * reported as a reproducible Java snippet with its seed.
 *
 * <p>CI runs {@code -Dtessera.fuzz.cases} cases (default 300); {@code -Dtessera.fuzz.seed} moves the seed range.
 */
public abstract class BackendFuzzTest {
    private static final double RTOL = 2e-3;
    private static final double ATOL = 2e-4;
    private static final double GRAD_RTOL = 1e-2;
    private static final double GRAD_ATOL = 2e-3;

    /** The spec of the device under test. */
    protected abstract String deviceSpec();

    @Test
    void randomProgramsAgreeWithTheReference() {
        Device device;
        try {
            device = Device.of(deviceSpec());
        } catch (DeviceUnavailableException e) {
            Assumptions.abort(deviceSpec() + " is not available here: " + e.getMessage());
            return;
        }
        int cases = Integer.getInteger("tessera.fuzz.cases", 300);
        long base = Long.getLong("tessera.fuzz.seed", 20261126L);
        Device ref = Device.of("reference");
        for (int c = 0; c < cases; c++) {
            long seed = base + c;
            FuzzProgram program = FuzzProgram.random(seed);
            String failure = mismatch(program, device, ref);
            if (failure != null) {
                FuzzProgram small = shrink(program, device, ref);
                throw new AssertionError("fuzz case " + c + " (seed " + seed + ") on " + device + ": "
                        + mismatch(small, device, ref) + "\nreproduce with -Dtessera.fuzz.seed=" + seed
                        + " -Dtessera.fuzz.cases=1, or run this program on device " + device + " and on reference:\n"
                        + small.snippet());
            }
        }
        System.out.println("fuzz: " + cases + " random programs agreed with the reference on " + device);
    }

    /** A description of the first disagreement, or null when the program agrees everywhere. */
    private static String mismatch(FuzzProgram p, Device device, Device ref) {
        FuzzProgram.Outcome expected;
        try {
            expected = p.run(ref, DType.FLOAT64);
        } catch (RuntimeException e) {
            return null;
        }
        FuzzProgram.Outcome actual;
        try {
            actual = p.run(device, DType.FLOAT32);
        } catch (RuntimeException e) {
            return "the device threw " + e + " where the reference did not";
        }
        for (int i = 0; i < expected.values().size(); i++) {
            String d = differ(expected.values().get(i), actual.values().get(i), RTOL, ATOL);
            if (d != null) {
                return "value of node " + i + " differs: " + d;
            }
        }
        for (int i = 0; i < expected.gradients().size(); i++) {
            String d = differ(expected.gradients().get(i), actual.gradients().get(i), GRAD_RTOL, GRAD_ATOL);
            if (d != null) {
                return "gradient of input node " + i + " differs: " + d;
            }
        }
        return null;
    }

    private static String differ(double[] e, double[] a, double rtol, double atol) {
        if (e.length != a.length) {
            return "lengths " + e.length + " vs " + a.length;
        }
        for (int k = 0; k < e.length; k++) {
            boolean bothNan = Double.isNaN(e[k]) && Double.isNaN(a[k]);
            if (!bothNan && !(Math.abs(e[k] - a[k]) <= atol + rtol * Math.abs(e[k]))) {
                return "element " + k + ": reference " + e[k] + ", device " + a[k];
            }
        }
        return null;
    }

    /** Truncates at the first diverging value, then removes steps while the program still fails. */
    private static FuzzProgram shrink(FuzzProgram p, Device device, Device ref) {
        FuzzProgram current = p;
        for (int last = 0; last < p.nodes.size(); last++) {
            FuzzProgram prefix = p.prefix(last);
            if (mismatch(prefix, device, ref) != null) {
                current = prefix;
                break;
            }
        }
        boolean progress = true;
        while (progress) {
            progress = false;
            List<FuzzProgram> variants = current.smallerVariants();
            for (FuzzProgram v : variants) {
                boolean fails;
                try {
                    fails = mismatch(v, device, ref) != null;
                } catch (RuntimeException e) {
                    fails = false;
                }
                if (fails) {
                    current = v;
                    progress = true;
                    break;
                }
            }
        }
        return current;
    }
}
