package dev.tessera.cli;

import dev.tessera.nn.ELU;
import dev.tessera.nn.GELU;
import dev.tessera.nn.LeakyReLU;
import dev.tessera.nn.Mish;
import dev.tessera.nn.Module;
import dev.tessera.nn.PReLU;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.SiLU;
import dev.tessera.nn.Sigmoid;
import dev.tessera.nn.Swish;
import dev.tessera.nn.Tanh;
import dev.tessera.nn.TensorOptions;
import java.util.List;
import java.util.Locale;

/** The {@code --activation} names and the modules they make. */
final class Activations {
    /** The accepted names. */
    static final List<String> NAMES = List.of("relu", "leaky-relu", "elu", "gelu", "gelu-tanh", "tanh", "sigmoid",
            "silu", "swish", "mish", "prelu");

    private Activations() {
    }

    /**
     * Checks {@code name} is known.
     *
     * @throws IllegalArgumentException naming it and the known ones
     */
    static void check(String name) {
        Checks.oneOf("--activation", name, NAMES);
    }

    /**
     * The activation module for a layer of {@code width} units: PReLU learns one slope per unit (initially 0.25),
     * Swish a beta (initially 1); the others have PyTorch's default constants (leaky slope 0.01, ELU alpha 1).
     */
    static Module create(String name, int width, TensorOptions options) {
        check(name);
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "relu" -> new ReLU();
            case "leaky-relu" -> new LeakyReLU();
            case "elu" -> new ELU();
            case "gelu" -> new GELU(false);
            case "gelu-tanh" -> new GELU(true);
            case "tanh" -> new Tanh();
            case "sigmoid" -> new Sigmoid();
            case "silu" -> new SiLU();
            case "swish" -> new Swish(1.0, true, options);
            case "mish" -> new Mish();
            case "prelu" -> new PReLU(width, 0.25, options);
            default -> throw new IllegalStateException("Activations: unhandled " + name);
        };
    }
}
