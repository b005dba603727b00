package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * FLOAT16 and BFLOAT16 on the reference backend, which stores them and computes in FLOAT32 through
 * {@link HalfComputeBackend}: each op's result is its FLOAT32 result rounded once to the half type.
 */
class HalfPrecisionTest {
    private static final Device REF = Device.of("reference");

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void storesValuesRoundedToNearestEven(DType half) {
        double[] v = {1.0, -2.5, 1.0 / 3, 65504, 1e-3, 0};
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.of(REF, half, v);
            assertEquals(half, t.dtype());
            assertArrayEquals(rounded(half, v), t.toDoubleArray());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void elementwiseOpsRoundTheirFloat32ResultOnce(DType half) {
        double[] a = {0.1, 1.7, -3.3, 100.25};
        double[] b = {0.2, -0.6, 2.9, 0.125};
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(REF, half, a);
            Tensor y = Tensor.of(REF, half, b);
            double[] xa = x.toDoubleArray();
            double[] ya = y.toDoubleArray();
            double[] sum = new double[a.length];
            double[] exp = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                sum[i] = (float) ((float) xa[i] + (float) ya[i]);
                exp[i] = (float) Math.exp((float) xa[i]);
            }
            Tensor added = x.add(y);
            assertEquals(half, added.dtype());
            assertArrayEquals(rounded(half, sum), added.toDoubleArray());
            assertArrayEquals(rounded(half, exp), x.exp().toDoubleArray(), 0.0);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void sumsAccumulateInFloat32(DType half) {
        try (Scope s = Scope.open()) {
            Tensor ones = Tensor.ones(Shape.of(4096), half, REF);
            assertEquals(4096.0, ones.sum().item(), 0.0, "a half accumulator would stop at 256 (BF16) or 2048 (F16)");
            assertEquals(half, ones.sum().dtype());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void matmulAccumulatesInFloat32AndRoundsTheProduct(DType half) {
        int n = 64;
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.sin(i) * 0.5;
            b[i] = Math.cos(i * 0.7) * 0.5;
        }
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(REF, half, a, n, n);
            Tensor y = Tensor.of(REF, half, b, n, n);
            Tensor wide = x.to(DType.FLOAT32).matmul(y.to(DType.FLOAT32));
            Tensor product = x.matmul(y);
            assertEquals(half, product.dtype());
            assertArrayEquals(rounded(half, wide.toDoubleArray()), product.toDoubleArray());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void promotesWithFloat32AndDifferentiatesThroughTheCast(DType half) {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.of(REF, new float[]{0.5f, -1.25f, 2f}).requiresGrad(true);
            Tensor h = w.to(half);
            Tensor mixed = h.mul(Tensor.of(REF, new float[]{2f, 2f, 2f}));
            assertEquals(DType.FLOAT32, mixed.dtype());
            h.mul(h).sum().backward();
            assertArrayEquals(new float[]{1f, -2.5f, 4f}, w.grad().toFloatArray());
        }
        assertEquals(DType.FLOAT32, DType.promote(DType.FLOAT16, DType.BFLOAT16));
        assertEquals(DType.FLOAT16, DType.promote(DType.INT32, DType.FLOAT16));
        assertEquals(DType.FLOAT64, DType.promote(DType.BFLOAT16, DType.FLOAT64));
    }

    private static double[] rounded(DType half, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = HalfFloats.widen(half, HalfFloats.narrow(half, (float) v[i]));
        }
        return out;
    }
}
