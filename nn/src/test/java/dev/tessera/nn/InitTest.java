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
import org.junit.jupiter.api.Test;

/** Variances of the random initializers, orthogonality, determinism from the seed, and argument checks. */
class InitTest {
    private static Tensor weight(int out, int in) {
        return Tensor.zeros(Shape.of(out, in), DType.FLOAT64, TorchFixture.DEVICE);
    }

    private static double variance(Tensor t) {
        return t.var().item();
    }

    @Test
    void xavierVarianceIsTwoOverFanInPlusFanOut() {
        Tensor w = weight(200, 100);
        double expected = 2.0 / 300;
        Init.xavierUniform(w, 1.0, new Generator(1));
        assertEquals(expected, variance(w), expected * 0.05);
        Init.xavierNormal(w, 1.0, new Generator(2));
        assertEquals(expected, variance(w), expected * 0.05);
        assertEquals(0.0, w.mean().item(), 0.002);
    }

    @Test
    void kaimingVarianceIsGainSquaredOverFan() {
        Tensor w = weight(120, 150);
        Init.kaimingUniform(w, 0, Init.FanMode.FAN_IN, Init.Nonlinearity.RELU, new Generator(3));
        assertEquals(2.0 / 150, variance(w), 2.0 / 150 * 0.05);
        Init.kaimingNormal(w, 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU, new Generator(4));
        assertEquals(2.0 / 120, variance(w), 2.0 / 120 * 0.05);
        Init.kaimingNormal(w, 0.2, Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU, new Generator(5));
        assertEquals(2.0 / (1 + 0.04) / 150, variance(w), 2.0 / 150 * 0.05);
    }

    @Test
    void gainsAreTorchs() {
        assertEquals(5.0 / 3, Init.gain(Init.Nonlinearity.TANH, 0));
        assertEquals(Math.sqrt(2), Init.gain(Init.Nonlinearity.RELU, 0));
        assertEquals(Math.sqrt(2 / 1.0001), Init.gain(Init.Nonlinearity.LEAKY_RELU, 0.01), 1e-15);
        assertEquals(0.75, Init.gain(Init.Nonlinearity.SELU, 0));
    }

    @Test
    void orthogonalGivesOrthonormalRowsOrColumns() {
        for (int[] s : new int[][]{{6, 4}, {4, 6}, {5, 5}}) {
            Tensor w = weight(s[0], s[1]);
            Init.orthogonal(w, 2.0, new Generator(6));
            Tensor gram = s[0] >= s[1] ? w.t().matmul(w) : w.matmul(w.t());
            int k = Math.min(s[0], s[1]);
            double[] g = gram.toDoubleArray();
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    assertEquals(i == j ? 4.0 : 0.0, g[i * k + j], 1e-12, "gram of " + s[0] + "x" + s[1]);
                }
            }
        }
    }

    @Test
    void sameSeedSameValues() {
        Tensor a = weight(5, 7);
        Tensor b = weight(5, 7);
        Init.xavierUniform(a, 1, new Generator(42));
        Init.xavierUniform(b, 1, new Generator(42));
        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 0.0);
        Init.orthogonal(a, 1, new Generator(42));
        Init.orthogonal(b, 1, new Generator(42));
        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 0.0);
    }

    @Test
    void constantAndZerosWorkOnParameters() {
        Tensor p = weight(2, 2).requiresGrad(true);
        Init.constant(p, 0.5);
        assertArrayEquals(new double[]{0.5, 0.5, 0.5, 0.5}, p.toDoubleArray());
        Init.zeros(p);
        assertEquals(0.0, p.abs().sum().item());
    }

    @Test
    void fansNeedRankTwo() {
        Tensor v = Tensor.zeros(Shape.of(5), DType.FLOAT64, TorchFixture.DEVICE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Init.xavierUniform(v, 1, new Generator(1)));
        assertEquals("Init.xavierUniform: fan-in and fan-out need a tensor of rank >= 2, got shape [5]",
                e.getMessage());
        assertArrayEquals(new int[]{3 * 4 * 5, 2 * 4 * 5},
                Init.fans(Tensor.zeros(Shape.of(2, 3, 4, 5), DType.FLOAT32, TorchFixture.DEVICE), "x"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Init.normal(v, 0, -1, new Generator(1)))
                .getMessage().contains("std must be >= 0"));
    }
}
