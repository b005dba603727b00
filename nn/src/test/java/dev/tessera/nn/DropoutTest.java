package dev.tessera.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.testing.TorchFixture;
import org.junit.jupiter.api.Test;

/**
 * Dropout's statistics as PyTorch defines them: in training each element is zeroed with probability p and the
 * survivors are scaled by exactly 1/(1-p) (so the mean is preserved), in eval mode it is the identity.
 */
class DropoutTest {
    private static final int N = 20000;

    @Test
    void trainingZeroesAFractionPAndScalesSurvivorsByOneOverOneMinusP() {
        for (double p : new double[]{0.1, 0.33, 0.5, 0.8}) {
            Dropout d = new Dropout(p, new Generator(11));
            Tensor x = Tensor.full(2.0, Shape.of(N), DType.FLOAT32, TorchFixture.DEVICE);
            float[] y = d.forward(x).toFloatArray();
            int zeros = 0;
            double sum = 0;
            for (float v : y) {
                if (v == 0f) {
                    zeros++;
                } else {
                    assertEquals((float) (2.0 / (1 - p)), v, "survivor scaled by 1/(1-p)");
                }
                sum += v;
            }
            double sigma = Math.sqrt(p * (1 - p) / N);
            assertEquals(p, zeros / (double) N, 5 * sigma, "fraction dropped for p=" + p);
            assertEquals(2.0, sum / N, 2.0 / (1 - p) * 5 * sigma, "mean preserved for p=" + p);
        }
    }

    @Test
    void gradientFlowsOnlyThroughSurvivorsWithTheSameScale() {
        Dropout d = new Dropout(0.5, new Generator(3));
        Tensor x = Tensor.ones(Shape.of(64), DType.FLOAT64, TorchFixture.DEVICE).requiresGrad(true);
        Tensor y = d.forward(x);
        y.sum().backward();
        assertArrayEquals(y.toDoubleArray(), x.grad().toDoubleArray(), 0.0);
    }

    @Test
    void evalModeAndZeroPReturnTheInput() {
        Tensor x = Tensor.ones(Shape.of(8), DType.FLOAT32, TorchFixture.DEVICE);
        Dropout d = new Dropout(0.5, new Generator(1));
        d.eval();
        assertSame(x, d.forward(x));
        assertSame(x, new Dropout(0.0, new Generator(1)).forward(x));
    }

    @Test
    void sameSeedGivesSameMasksAndRestoredGeneratorContinuesTheStream() {
        Tensor x = Tensor.ones(Shape.of(100), DType.FLOAT32, TorchFixture.DEVICE);
        Dropout a = new Dropout(0.3, new Generator(7));
        Dropout b = new Dropout(0.3, new Generator(7));
        assertArrayEquals(a.forward(x).toFloatArray(), b.forward(x).toFloatArray());
        Generator g = a.namedGenerators().get("rng");
        Dropout c = new Dropout(0.3, new Generator(99));
        c.restoreGenerator("rng", g.seed(), g.offset());
        assertArrayEquals(a.forward(x).toFloatArray(), c.forward(x).toFloatArray());
    }

    @Test
    void rejectsPOutsideZeroOne() {
        for (double p : new double[]{-0.1, 1.0, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(p));
            assertTrue(e.getMessage().startsWith("Dropout: p must be in [0, 1), got "), e.getMessage());
        }
    }
}
