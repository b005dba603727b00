package dev.tessera.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Tensor;
import dev.tessera.testing.TorchFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Swish with learnable beta against PyTorch autograd, and its fixed-beta limits. */
class SwishTest {
    private final TensorOptions opts = new TensorOptions(TorchFixture.DEVICE, DType.FLOAT64, new Generator(1));

    @Test
    void learnableBetaGetsPyTorchsGradient() {
        try (TorchFixture fx = TorchFixture.load("activations.safetensors")) {
            Swish m = new Swish(1.0, true, opts);
            m.loadStateDict(Map.of("beta", fx.tensor("swish.beta")));
            Tensor x = fx.tensor("x").copy().requiresGrad(true);
            Tensor y = m.forward(x);
            y.backward(fx.tensor("g"));
            fx.assertClose("swish.y", y, 1e-12, 1e-15);
            fx.assertClose("swish.dx", x.grad(), 1e-12, 1e-15);
            fx.assertClose("swish.dbeta", m.namedParameters().get("beta").grad(), 1e-12, 1e-15);
        }
    }

    @Test
    void fixedBetaHasNoParameterAndEqualsSiluAtOne() {
        Swish fixed = new Swish(1.0, false, opts);
        assertFalse(fixed.learnable());
        assertTrue(fixed.namedParameters().isEmpty());
        Tensor x = Tensor.of(TorchFixture.DEVICE, new double[]{-2, -0.5, 0.3, 4}, 4);
        assertArrayEquals(new SiLU().forward(x).toDoubleArray(), fixed.forward(x).toDoubleArray(), 1e-15);
        assertEquals(2.5, new Swish(2.5, false, opts).beta());
    }

    @Test
    void largeBetaApproachesReluAndZeroBetaHalvesTheInput() {
        Tensor x = Tensor.of(TorchFixture.DEVICE, new double[]{-2, -0.5, 0.3, 4}, 4);
        assertArrayEquals(new double[]{0, 0, 0.3, 4}, new Swish(200, false, opts).forward(x).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[]{-1, -0.25, 0.15, 2}, new Swish(0, true, opts).forward(x).toDoubleArray(),
                1e-15);
    }
}
