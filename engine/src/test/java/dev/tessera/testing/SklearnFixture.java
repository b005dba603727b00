package dev.tessera.testing;

import dev.tessera.Device;
import dev.tessera.Tensor;
import dev.tessera.io.Npy;
import dev.tessera.io.NpyArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Reads the arrays scripts/fixtures/make_sklearn_fixtures.py wrote under fixtures/sklearn/CASE/NAME.npy. */
public final class SklearnFixture {
    private final String folder;

    private SklearnFixture(String folder) {
        this.folder = folder;
    }

    /** The fixture folder of one case, e.g. {@code pca} or {@code gmm_full_converged}. */
    public static SklearnFixture of(String folder) {
        return new SklearnFixture(folder);
    }

    /** The array {@code name}. */
    public NpyArray array(String name) {
        try {
            Path p = Path.of(SklearnFixture.class.getResource("/fixtures/sklearn/" + folder + "/" + name + ".npy")
                    .toURI());
            return Npy.read(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + folder + "/" + name
                    + "; run /usr/bin/python3 scripts/fixtures/make_sklearn_fixtures.py", e);
        }
    }

    /** The array {@code name} as doubles, row-major. */
    public double[] doubles(String name) {
        return array(name).toDoubleArray();
    }

    /** The 0-d array {@code name}. */
    public double scalar(String name) {
        return doubles(name)[0];
    }

    /** The array {@code name} as a new tensor on {@code device} (f8 as FLOAT64, integers as INT32). */
    public Tensor tensor(String name, Device device) {
        return array(name).toTensor(device);
    }

    /** Asserts {@code actual} equals {@code expected} within {@code tol * max(1, |expected|)} per element. */
    public static void assertClose(double[] expected, double[] actual, double tol, String what) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": length " + actual.length + ", expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]);
            if (!(err <= tol * Math.max(1, Math.abs(expected[i])))) {
                throw new AssertionError(what + "[" + i + "]: " + actual[i] + ", expected " + expected[i]
                        + " (error " + err + ", tolerance " + tol + " relative)");
            }
        }
    }
}
