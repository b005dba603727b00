package dev.tessera.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Activation;
import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.testing.TorchFixture;
import org.junit.jupiter.api.Test;

/** Linear's PyTorch layout, fused activation, initialization bounds and argument checks. */
class LinearTest {
    private final TensorOptions opts = new TensorOptions(TorchFixture.DEVICE, DType.FLOAT64, new Generator(1));

    @Test
    void computesXWTransposePlusBiasWithPyTorchLayout() {
        Linear l = new Linear(3, 2, true, opts);
        try (dev.tessera.autograd.GradMode.Guard g = dev.tessera.autograd.GradMode.noGrad()) {
            l.weight().assign(Tensor.of(TorchFixture.DEVICE, new double[]{1, 2, 3, 4, 5, 6}, 2, 3));
            l.bias().assign(Tensor.of(TorchFixture.DEVICE, new double[]{0.5, -1}, 2));
        }
        Tensor x = Tensor.of(TorchFixture.DEVICE, new double[]{1, 0, -1, 2, 1, 0}, 2, 3);
        assertArrayEquals(new double[]{-1.5, -3, 4.5, 12}, l.forward(x).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[]{0, 0, 4.5, 12}, l.forward(x, Activation.RELU).toDoubleArray(), 1e-15);
        Tensor batched = Tensor.ones(Shape.of(4, 5, 3), DType.FLOAT64, TorchFixture.DEVICE);
        assertEquals(Shape.of(4, 5, 2), l.forward(batched).shape());
    }

    @Test
    void initializesUniformlyWithinOneOverSqrtFanIn() {
        Linear l = new Linear(400, 50, true, opts);
        double bound = 1 / Math.sqrt(400);
        for (Tensor p : l.parameters()) {
            assertTrue(p.abs().max().item() <= bound);
            assertEquals(bound * bound / 3, p.var().item(), bound * bound / 3 * 0.2);
        }
        assertNull(new Linear(2, 2, false, opts).bias());
    }

    @Test
    void rejectsBadSizesAndInputs() {
        assertEquals("Linear: inFeatures and outFeatures must be > 0, got 0 and 3",
                assertThrows(IllegalArgumentException.class, () -> new Linear(0, 3, true, opts)).getMessage());
        Linear l = new Linear(3, 2, true, opts);
        Tensor x = Tensor.ones(Shape.of(2, 4), DType.FLOAT64, TorchFixture.DEVICE);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> l.forward(x)).getMessage()
                .contains("does not end in the weight's in-features 3"));
    }
}
