package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.autograd.GradientChecker;
import dev.tessera.backend.fused.ConvShape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The convolution ops on the reference backend (their default compositions) against a direct FLOAT64 loop over the
 * formula of {@link ConvShape}, the transposed convolution as the adjoint of the convolution, finite-difference
 * gradients, and the shape errors.
 */
class ConvolutionsTest {
    private final Device d = Device.of("reference");

    /** Shapes covering stride, padding, dilation, groups, depthwise, rectangular kernels and an uncovered border. */
    static List<ConvShape> shapes() {
        return List.of(
                ConvShape.of(2, 3, 5, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                ConvShape.of(1, 4, 7, 5, 6, 3, 2, 2, 1, 1, 0, 1, 2, 2),
                ConvShape.of(3, 4, 6, 6, 4, 3, 3, 1, 2, 2, 1, 1, 1, 4),
                ConvShape.of(2, 2, 4, 9, 6, 1, 3, 1, 1, 0, 2, 1, 1, 2),
                new ConvShape(1, 2, 7, 7, 3, 3, 3, 2, 3, 2, 2, 0, 1, 1, 1, 1));
    }

    @Test
    void forwardMatchesTheFormula() {
        for (ConvShape s : shapes()) {
            double[] x = random(s.inputNumel(), 1);
            double[] w = random(s.weightNumel(), 2);
            Tensor y = Convolutions.conv2d(input(s, x), weight(s, w), s);
            assertArrayEquals(direct(s, x, w), y.toDoubleArray(), 1e-12, s.toString());
        }
    }

    @Test
    void transposedIsTheAdjoint() {
        for (ConvShape s : shapes()) {
            double[] x = random(s.inputNumel(), 3);
            double[] w = random(s.weightNumel(), 4);
            double[] u = random(s.outputNumel(), 5);
            double lhs = dot(direct(s, x, w), u);
            Tensor t = Convolutions.conv2dTranspose(
                    Tensor.of(d, u, s.batch(), s.outChannels(), s.outH(), s.outW()), weight(s, w), s);
            assertEquals(lhs, dot(x, t.toDoubleArray()), 1e-10 * (1 + Math.abs(lhs)), s.toString());
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        GradientChecker checker = new GradientChecker();
        for (ConvShape s : shapes()) {
            Tensor x = input(s, random(s.inputNumel(), 6));
            Tensor w = weight(s, random(s.weightNumel(), 7));
            Tensor u = Tensor.of(d, random(s.outputNumel(), 8), s.batch(), s.outChannels(), s.outH(), s.outW());
            checker.assertGradients(t -> Convolutions.conv2d(t[0], t[1], s), x, w);
            checker.assertGradients(t -> Convolutions.conv2dTranspose(t[0], t[1], s), u, w);
        }
    }

    @Test
    void badShapesNameTheExpectedLayout() {
        ConvShape s = ConvShape.of(2, 3, 5, 5, 4, 3, 3, 1, 1, 0, 0, 1, 1, 1);
        Tensor w = weight(s, random(s.weightNumel(), 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Convolutions.conv2d(Tensor.zeros(Shape.of(2, 4, 5, 5), DType.FLOAT64, d), w, s));
        assertTrue(e.getMessage().contains("conv2d: expected input [2, 3, 5, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Convolutions.conv2d(
                input(s, random(s.inputNumel(), 1)), Tensor.zeros(Shape.of(4, 3, 2, 3), DType.FLOAT64, d), s));
        assertTrue(e.getMessage().contains("expected weight [4, 3, 3, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConvShape.of(1, 3, 4, 4, 4, 3, 3, 1, 1, 0, 0, 1, 1, 2));
        assertTrue(e.getMessage().contains("groups=2 must divide"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConvShape.of(1, 3, 2, 4, 4, 3, 3, 1, 1, 0, 0, 1, 1, 1));
        assertTrue(e.getMessage().contains("spans more than the padded input"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConvShape.of(1, 3, 4, 4, 4, 3, 3, 0, 1, 0, 0, 1, 1, 1));
        assertTrue(e.getMessage().contains("stride"), e.getMessage());
    }

    private Tensor input(ConvShape s, double[] x) {
        return Tensor.of(d, x, s.batch(), s.inChannels(), s.height(), s.width());
    }

    private Tensor weight(ConvShape s, double[] w) {
        return Tensor.of(d, w, s.outChannels(), s.groupIn(), s.kernelH(), s.kernelW());
    }

    /** The formula of {@link ConvShape}, one output element at a time. */
    static double[] direct(ConvShape s, double[] x, double[] w) {
        double[] y = new double[s.outputNumel()];
        int cg = s.groupIn();
        for (int n = 0; n < s.batch(); n++) {
            for (int o = 0; o < s.outChannels(); o++) {
                int g = o / s.groupOut();
                for (int i = 0; i < s.outH(); i++) {
                    for (int j = 0; j < s.outW(); j++) {
                        double acc = 0;
                        for (int c = 0; c < cg; c++) {
                            for (int ky = 0; ky < s.kernelH(); ky++) {
                                for (int kx = 0; kx < s.kernelW(); kx++) {
                                    int iy = i * s.strideH() + ky * s.dilationH() - s.padH();
                                    int ix = j * s.strideW() + kx * s.dilationW() - s.padW();
                                    if (iy >= 0 && iy < s.height() && ix >= 0 && ix < s.width()) {
                                        acc += w[((o * cg + c) * s.kernelH() + ky) * s.kernelW() + kx]
                                                * x[((n * s.inChannels() + g * cg + c) * s.height() + iy)
                                                * s.width() + ix];
                                    }
                                }
                            }
                        }
                        y[((n * s.outChannels() + o) * s.outH() + i) * s.outW() + j] = acc;
                    }
                }
            }
        }
        return y;
    }

    private static double[] random(int n, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
