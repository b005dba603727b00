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
        Map<String, Module> modules = Map.ofEntries(
                Map.entry("sigmoid", new Sigmoid()), Map.entry("tanh", new Tanh()), Map.entry("relu", new ReLU()),
                Map.entry("leaky_relu", new LeakyReLU(fx.number("leaky_relu", "slope"))),
                Map.entry("elu", new ELU(fx.number("elu", "alpha"))), Map.entry("gelu", new GELU()),
                Map.entry("gelu_tanh", new GELU(true)), Map.entry("silu", new SiLU()), Map.entry("mish", new Mish()),
                Map.entry("hardswish", new Hardswish()), Map.entry("hardsigmoid", new Hardsigmoid()),
                Map.entry("logsigmoid", new LogSigmoid()), Map.entry("softplus", new Softplus()),
                Map.entry("softplus_beta", new Softplus(fx.number("softplus_beta", "beta"),
                        fx.number("softplus_beta", "threshold"))));
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            Tensor x = fx.tensor("x").copy().requiresGrad(true);
            Tensor y = e.getValue().forward(x);
            y.backward(fx.tensor("g"));
            fx.assertClose(e.getKey() + ".y", y, 1e-12, 1e-14);
            // PyTorch's FLOAT64 hardsigmoid backward multiplies by the float constant 1.0f/6.0f (3e-8 off 1/6)
            double rtol = e.getKey().equals("hardsigmoid") ? 1e-7 : 1e-12;
            fx.assertClose(e.getKey() + ".dx", x.grad(), rtol, 1e-14);
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
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> new Softplus(0, 20));
        assertEquals("Softplus: beta must be finite and > 0 and threshold finite, got beta 0.0, threshold 20.0",
                s.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Softplus(1, Double.NaN));
    }
}
