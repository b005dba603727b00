package dev.tessera.optim;

import static dev.tessera.optim.OptimizerParity.FX;
import static dev.tessera.optim.OptimizerParity.num;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gradient clipping by global norm and by value against PyTorch. */
class GradientClippingTest {
    @Test
    void clipByGlobalNormMatchesPyTorchIncludingTheReturnedNorms() {
        String n = "clip_norm";
        double[] norms = FX.doubles(n + ".norms");
        List<Double> seen = new ArrayList<>();
        OptimizerParity.check(n, p -> new SGD(p, num(n, "lr"), num(n, "momentum")),
                p -> seen.add(GradientClipping.clipByGlobalNorm(List.copyOf(p.values()), num(n, "max"))));
        for (int i = 0; i < norms.length; i++) {
            assertEquals(norms[i], seen.get(i), 1e-12 * norms[i], "norm at step " + (i + 1));
        }
    }

    @Test
    void clipByValueMatchesPyTorch() {
        String n = "clip_value";
        OptimizerParity.check(n, p -> new SGD(p, num(n, "lr"), num(n, "momentum")),
                p -> GradientClipping.clipByValue(List.copyOf(p.values()), num(n, "max")));
    }

    @Test
    void smallGradientsAreLeftAloneAndMissingOnesSkipped() {
        Tensor a = Tensor.of(dev.tessera.testing.TorchFixture.DEVICE, new double[]{0.3, 0.4}, 2).requiresGrad(true);
        a.mul(a.detach()).sum().backward();
        Tensor noGrad = Tensor.of(dev.tessera.testing.TorchFixture.DEVICE, new double[]{1}, 1).requiresGrad(true);
        assertEquals(0.5, GradientClipping.clipByGlobalNorm(List.of(a, noGrad), 1.0), 1e-15);
        assertArrayEquals(new double[]{0.3, 0.4}, a.grad().toDoubleArray(), 0.0);
        assertEquals("clipByGlobalNorm: maxNorm must be in [0, inf), got -1.0", assertThrows(
                IllegalArgumentException.class, () -> GradientClipping.clipByGlobalNorm(List.of(a), -1)).getMessage());
    }
}
