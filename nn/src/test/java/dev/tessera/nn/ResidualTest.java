package dev.tessera.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.testing.TorchFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Residual connections with identity and projected skips. */
class ResidualTest {
    private final TensorOptions opts = new TensorOptions(TorchFixture.DEVICE, DType.FLOAT64, new Generator(3));

    @Test
    void identitySkipAddsTheInput() {
        Linear inner = new Linear(3, 3, true, opts);
        Residual r = new Residual(inner);
        Tensor x = Tensor.of(TorchFixture.DEVICE, new double[]{1, 2, 3}, 1, 3);
        assertArrayEquals(inner.forward(x).add(x).toDoubleArray(), r.forward(x).toDoubleArray(), 0.0);
        assertEquals(List.of("block.weight", "block.bias"), List.copyOf(r.namedParameters().keySet()));
    }

    @Test
    void projectionWhenWidthChangesAndGradientReachesIt() {
        Residual r = Residual.projected(new Linear(3, 5, true, opts), 3, 5, opts);
        assertEquals(List.of("block.weight", "block.bias", "projection.weight"),
                List.copyOf(r.namedParameters().keySet()));
        Tensor x = Tensor.ones(Shape.of(2, 3), DType.FLOAT64, TorchFixture.DEVICE);
        r.forward(x).sum().backward();
        assertArrayEquals(new double[15], new double[15]);
        assertEquals(2.0 * 5 * 3 / 15 * 15, r.namedParameters().get("projection.weight").grad().sum().item(), 1e-12);
    }

    @Test
    void missingProjectionIsNamed() {
        Residual r = new Residual(new Linear(3, 4, true, opts));
        Tensor x = Tensor.ones(Shape.of(2, 3), DType.FLOAT64, TorchFixture.DEVICE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.forward(x));
        assertTrue(e.getMessage().contains("block output [2, 4] does not match the skip [2, 3]"), e.getMessage());
    }
}
