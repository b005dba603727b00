package dev.tessera.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.Tensor;
import dev.tessera.testing.TorchFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every fixed-parameter activation module against PyTorch, forward and backward, in FLOAT64. */
class UnaryActivationTest {
    private static TorchFixture fx;

    @BeforeAll
    static void load() {
        fx = TorchFixture.load("activations.safetensors");
    }

    @AfterAll
    static void close() {
        fx.close();
    }

    @Test
    void forwardAndBackwardMatchPyTorch() {
        Map<String, Module> modules = Map.of(
                "sigmoid", new Sigmoid(), "tanh", new Tanh(), "relu", new ReLU(),
                "leaky_relu", new LeakyReLU(fx.number("leaky_relu", "slope")),
                "elu", new ELU(fx.number("elu", "alpha")), "gelu", new GELU(), "gelu_tanh", new GELU(true),
                "silu", new SiLU(), "mish", new Mish());
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            Tensor x = fx.tensor("x").copy().requiresGrad(true);
            Tensor y = e.getValue().forward(x);
            y.backward(fx.tensor("g"));
            fx.assertClose(e.getKey() + ".y", y, 1e-12, 1e-14);
            fx.assertClose(e.getKey() + ".dx", x.grad(), 1e-12, 1e-14);
        }
    }

    @Test
    void softmaxMatchesPyTorch() {
        Tensor x = fx.tensor("x").reshape(3, 4).copy().requiresGrad(true);
        Tensor y = new Softmax(-1).forward(x);
        y.backward(fx.tensor("g").reshape(3, 4));
        fx.assertClose("softmax.y", y, 1e-12, 1e-15);
        fx.assertClose("softmax.dx", x.grad(), 1e-12, 1e-15);
    }

    @Test
    void rejectsNonFiniteParameters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ELU(Double.NaN));
        assertEquals("elu: alpha must be finite, got NaN", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(Double.POSITIVE_INFINITY));
    }
}
