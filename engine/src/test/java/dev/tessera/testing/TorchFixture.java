package dev.tessera.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.Device;
import dev.tessera.Tensor;
import dev.tessera.io.Safetensors;
import dev.tessera.io.SafetensorsContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One PyTorch parity fixture file (written by scripts/fixtures/make_torch_fixtures.py) loaded on the reference
 * device, with helpers to read its tensors, its "key=value;..." configs and to compare against it.
 */
public final class TorchFixture implements AutoCloseable {
    /** The device every fixture test runs on. */
    public static final Device DEVICE = Device.of("reference");
    private final SafetensorsContent content;
    private final String file;

    private TorchFixture(String file, SafetensorsContent content) {
        this.file = file;
        this.content = content;
    }

    /**
     * Loads {@code fixtures/torch/<file>} from the test resources (a test-jar's too: a resource inside a jar is first
     * copied to a temporary file, deleted when the JVM exits).
     */
    public static TorchFixture load(String file) {
        URL url = TorchFixture.class.getResource("/fixtures/torch/" + file);
        if (url == null) {
            throw new IllegalStateException("missing fixture " + file
                    + "; run scripts/fixtures/make_torch_fixtures.py");
        }
        try {
            return new TorchFixture(file, Safetensors.read(localPath(url, file), DEVICE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path localPath(URL url, String file) throws IOException, URISyntaxException {
        if ("file".equals(url.toURI().getScheme())) {
            return Path.of(url.toURI());
        }
        Path copy = Files.createTempFile("fixture-", "-" + file);
        copy.toFile().deleteOnExit();
        try (InputStream in = url.openStream()) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }

    /** The tensor {@code name} (owned by this fixture). */
    public Tensor tensor(String name) {
        Tensor t = content.tensors().get(name);
        if (t == null) {
            throw new IllegalArgumentException(file + " has no tensor " + name);
        }
        return t;
    }

    /** The names of every tensor in the file. */
    public Set<String> names() {
        return content.tensors().keySet();
    }

    /** The case names of a fixture file whose tensors are named {@code CASE.rest}, sorted. */
    public static List<String> caseNames(String file) {
        try (TorchFixture fx = load(file)) {
            TreeSet<String> names = new TreeSet<>();
            fx.names().forEach(n -> names.add(n.substring(0, n.indexOf('.'))));
            return List.copyOf(names);
        }
    }

    /** The tensors whose names start with {@code prefix}, keyed by the rest of the name. */
    public Map<String, Tensor> withPrefix(String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        content.tensors().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** The tensor {@code name} as doubles. */
    public double[] doubles(String name) {
        return tensor(name).toDoubleArray();
    }

    /** The config string {@code key} of the metadata parsed into a map. */
    public Map<String, String> config(String key) {
        String raw = content.metadata().get(key);
        if (raw == null) {
            throw new IllegalArgumentException(file + " has no metadata " + key);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : raw.split(";")) {
            int eq = kv.indexOf('=');
            out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return out;
    }

    /** A numeric field of config {@code key}. */
    public double number(String key, String field) {
        String v = config(key).get(field);
        if (v == null) {
            throw new IllegalArgumentException(file + " metadata " + key + " has no field " + field);
        }
        return Double.parseDouble(v);
    }

    /** Asserts {@code actual} equals the fixture tensor {@code name} elementwise within relative+absolute tol. */
    public void assertClose(String name, Tensor actual, double rtol, double atol) {
        assertClose(name, doubles(name), actual.toDoubleArray(), rtol, atol);
        assertEquals(tensor(name).shape(), actual.shape(), name + " shape");
    }

    /** Asserts two arrays agree: {@code |a - e| <= atol + rtol |e|} for every element. */
    public static void assertClose(String what, double[] expected, double[] actual, double rtol, double atol) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            double tol = atol + rtol * Math.abs(expected[i]);
            if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
                throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + " but got " + actual[i]
                        + " (difference " + Math.abs(actual[i] - expected[i]) + " > tolerance " + tol + ")");
            }
        }
    }

    @Override
    public void close() {
        content.close();
    }
}
