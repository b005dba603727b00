package dev.tessera.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Tensor;
import dev.tessera.testing.TorchFixture;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What the layer parity tests against PyTorch fixtures share: FLOAT64 parameters on the test device, the
 * tolerances (relative 1e-9, absolute 1e-11), the case lists, and the check of every parameter's gradient.
 */
final class ModuleParity {
    static final double RTOL = 1e-9;
    static final double ATOL = 1e-11;

    private ModuleParity() {
    }

    /** FLOAT64 parameters on the fixtures' device, initialized from a generator seeded with {@code seed}. */
    static TensorOptions float64(long seed) {
        return new TensorOptions(TorchFixture.DEVICE, DType.FLOAT64, new Generator(seed));
    }

    /** The names of the cases in fixture file {@code file}. */
    static Stream<String> cases(String file) {
        return TorchFixture.caseNames(file).stream();
    }

    /** The module {@code build} makes from case {@code name}'s configuration, holding PyTorch's state dict. */
    static <M extends Module> M loaded(TorchFixture fx, String name, Function<Map<String, String>, M> build) {
        M m = build.apply(fx.config(name));
        m.loadStateDict(fx.withPrefix(name + ".p."));
        return m;
    }

    /**
     * Checks that {@code m}'s parameters are exactly those with a gradient {@code name.d.*} in the fixture and that
     * each one's gradient matches it.
     */
    static void assertParameterGradients(TorchFixture fx, String name, Module m) {
        Map<String, Tensor> grads = fx.withPrefix(name + ".d.");
        assertEquals(new TreeSet<>(grads.keySet()), new TreeSet<>(m.namedParameters().keySet()), name);
        grads.forEach((k, g) -> fx.assertClose(name + ".d." + k, m.namedParameters().get(k).grad(), RTOL, ATOL));
    }
}
