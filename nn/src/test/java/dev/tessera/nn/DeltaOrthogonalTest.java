package dev.tessera.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.testing.TorchFixture;
import org.junit.jupiter.api.Test;

/**
 * Delta-orthogonal init (Xiao et al. 2018): the convolution operator it gives is an isometry, checked on its
 * full matrix (every singular value 1: M^T M = I) and on random inputs (norms preserved); conv fans as PyTorch's.
 */
class DeltaOrthogonalTest {
    private static final TensorOptions OPTS = new TensorOptions(TorchFixture.DEVICE, DType.FLOAT64, new Generator(21));

    private static Conv2d initialized(int in, int out, int k) {
        Conv2d conv = new Conv2d(ConvSpec.builder(in, out, k).paddingSame().bias(false).options(OPTS));
        Init.deltaOrthogonal(conv.weight(), 1.0, new Generator(4));
        return conv;
    }

    @Test
    void theConvolutionOperatorHasUnitSingularValues() {
        int in = 3;
        int out = 5;
        int h = 4;
        int w = 3;
        Conv2d conv = initialized(in, out, 3);
        int n = in * h * w;
        int m = out * h * w;
        double[] columns = new double[m * n];
        try (GradMode.Guard g = GradMode.noGrad()) {
            for (int j = 0; j < n; j++) {
                double[] e = new double[n];
                e[j] = 1;
                double[] y = conv.forward(Tensor.of(OPTS.device(), e, 1, in, h, w)).toDoubleArray();
                for (int i = 0; i < m; i++) {
                    columns[i * n + j] = y[i];
                }
            }
        }
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double dot = 0;
                for (int i = 0; i < m; i++) {
                    dot += columns[i * n + a] * columns[i * n + b];
                }
                assertEquals(a == b ? 1.0 : 0.0, dot, 1e-12, "(M^T M)[" + a + ", " + b + "]");
            }
        }
    }

    @Test
    void randomInputsKeepTheirNormThroughManyLayers() {
        Conv2d[] layers = new Conv2d[20];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = initialized(8, 8, 3);
        }
        Tensor x = Tensor.normal(new Generator(2), 0, 1, Shape.of(2, 8, 7, 6), DType.FLOAT64, OPTS.device());
        double before = Math.sqrt(x.square().sum().item());
        Tensor y = x;
        try (GradMode.Guard g = GradMode.noGrad()) {
            for (Conv2d layer : layers) {
                y = layer.forward(y);
            }
        }
        assertEquals(before, Math.sqrt(y.square().sum().item()), 1e-10 * before);
    }

    @Test
    void onlyTheCentreTapIsNonZeroAndBadKernelsAreRejected() {
        Tensor k = Tensor.zeros(Shape.of(4, 2, 3, 5), DType.FLOAT64, OPTS.device());
        Init.deltaOrthogonal(k, 2.0, new Generator(1));
        double[] v = k.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            if (i % 15 != 7) {
                assertEquals(0.0, v[i], "tap " + i);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Init.deltaOrthogonal(
                Tensor.zeros(Shape.of(4, 2, 2, 2), DType.FLOAT64, OPTS.device()), 1, new Generator(1)));
        assertThrows(IllegalArgumentException.class, () -> Init.deltaOrthogonal(
                Tensor.zeros(Shape.of(4, 2), DType.FLOAT64, OPTS.device()), 1, new Generator(1)));
    }

    @Test
    void convolutionFansAreComputedAsPyTorchDoes() {
        Tensor conv = Tensor.zeros(Shape.of(16, 3, 5, 5), DType.FLOAT64, OPTS.device());
        assertArrayEquals(new int[]{75, 400}, Init.fans(conv, "test"));
        Tensor conv1d = Tensor.zeros(Shape.of(8, 4, 3), DType.FLOAT64, OPTS.device());
        assertArrayEquals(new int[]{12, 24}, Init.fans(conv1d, "test"));
    }
}
