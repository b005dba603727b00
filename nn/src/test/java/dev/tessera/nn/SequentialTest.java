package dev.tessera.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Tensor;
import dev.tessera.testing.TorchFixture;
import org.junit.jupiter.api.Test;

/** Sequential's fused Linear+activation path equals applying the layers one by one. */
class SequentialTest {
    private final TensorOptions opts = new TensorOptions(TorchFixture.DEVICE, DType.FLOAT64, new Generator(5));

    @Test
    void fusedLinearActivationEqualsTheLayersAppliedInTurn() {
        // Softplus with beta 2.5 is not one primitive: Sequential must not fuse it as SOFTPLUS(threshold)
        Sequential fused = new Sequential(new Linear(3, 4, true, opts), new GELU(), new Linear(4, 2, true, opts),
                new LeakyReLU(0.2), new Linear(2, 2, true, opts), new Softplus(2.5, 4.0));
        Tensor x = Tensor.normal(new Generator(9), 0, 1, dev.tessera.Shape.of(5, 3), DType.FLOAT64,
                TorchFixture.DEVICE);
        Tensor y = fused.forward(x);
        y.sum().backward();
        double[] fusedGrad = fused.parameters().get(0).grad().toDoubleArray();
        fused.zeroGrad();
        Tensor manual = x;
        for (Module m : fused.layers()) {
            manual = m.forward(manual);
        }
        manual.sum().backward();
        assertArrayEquals(manual.toDoubleArray(), y.toDoubleArray(), 1e-14);
        assertArrayEquals(fused.parameters().get(0).grad().toDoubleArray(), fusedGrad, 1e-14);
    }

    @Test
    void rejectsNullLayer() {
        assertThrows(IllegalArgumentException.class, () -> new Sequential(new ReLU(), null));
    }
}
