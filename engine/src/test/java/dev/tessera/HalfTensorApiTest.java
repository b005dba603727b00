package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.backend.Backend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Tensor API on half types: every creation function gives its FLOAT32 result rounded once to the half type,
 * reads widen exactly, printing shows the dtype, the shorthands cast, and a device whose backend does not store a
 * half type refuses it by name instead of falling back to FLOAT32.
 */
class HalfTensorApiTest {
    private static final Device REF = Device.of("reference");

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void creationFunctionsRoundTheirFloat32ValuesOnce(DType half) {
        try (Scope s = Scope.open()) {
            assertRounded(half, Tensor.zeros(Shape.of(3, 4), DType.FLOAT32, REF),
                    Tensor.zeros(Shape.of(3, 4), half, REF));
            assertRounded(half, Tensor.ones(Shape.of(5), DType.FLOAT32, REF), Tensor.ones(Shape.of(5), half, REF));
            assertRounded(half, Tensor.full(0.1, Shape.of(2, 3), DType.FLOAT32, REF),
                    Tensor.full(0.1, Shape.of(2, 3), half, REF));
            assertRounded(half, Tensor.arange(-3, 300, 0.7, DType.FLOAT32, REF),
                    Tensor.arange(-3, 300, 0.7, half, REF));
            assertRounded(half, Tensor.linspace(-1, 1, 11, DType.FLOAT32, REF), Tensor.linspace(-1, 1, 11, half, REF));
            assertRounded(half, Tensor.eye(5, DType.FLOAT32, REF), Tensor.eye(5, half, REF));
            assertRounded(half, Tensor.uniform(new Generator(7), -2, 2, Shape.of(100), DType.FLOAT32, REF),
                    Tensor.uniform(new Generator(7), -2, 2, Shape.of(100), half, REF));
            assertRounded(half, Tensor.normal(new Generator(8), 1, 3, Shape.of(100), DType.FLOAT32, REF),
                    Tensor.normal(new Generator(8), 1, 3, Shape.of(100), half, REF));
            assertRounded(half, Tensor.zerosLike(Tensor.ones(Shape.of(2), DType.FLOAT32, REF)),
                    Tensor.zerosLike(Tensor.ones(Shape.of(2), half, REF)));
            assertRounded(half, Tensor.scalar(1.0 / 3, DType.FLOAT32, REF), Tensor.scalar(1.0 / 3, half, REF));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void readsWidenExactly(DType half) {
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.of(REF, half, new double[]{0.1, -2.5, 1000.7}, 3);
            float[] held = new float[3];
            double[] v = {0.1, -2.5, 1000.7};
            for (int i = 0; i < 3; i++) {
                held[i] = HalfFloats.widen(half, HalfFloats.narrow(half, (float) v[i]));
            }
            assertArrayEquals(held, t.toFloatArray());
            assertEquals(held[2], t.select(0, 2).item());
            assertEquals(held[0], t.get(0));
            assertArrayEquals(new int[]{0, -2, (int) held[2]}, t.toIntArray());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void printsValuesAndDtype(DType half) {
        try (Scope s = Scope.open()) {
            String text = Tensor.of(REF, half, new double[]{0.5, -2, 1.0 / 3}, 3).toString();
            String third = half == DType.FLOAT16 ? "0.3333" : "0.3340";
            assertEquals("tensor([ 0.5000, -2.0000,  " + third + "], dtype=" + half + ", device=reference)", text);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void shorthandsCastAndDifferentiate(DType half) {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.of(REF, new float[]{0.1f, 3f}).requiresGrad(true);
            Tensor h = half == DType.FLOAT16 ? w.half() : w.bfloat16();
            assertEquals(half, h.dtype());
            assertArrayEquals(w.to(half).toDoubleArray(), h.toDoubleArray());
            Tensor y = h.mul(h).sum();
            assertEquals(half, y.dtype());
            y.backward();
            assertEquals(DType.FLOAT32, w.grad().dtype(), "a cast's gradient has the source's dtype");
            Tensor leaf = Tensor.of(REF, half, new double[]{1.5, -0.25}, 2).requiresGrad(true);
            leaf.exp().sum().backward();
            assertEquals(half, leaf.grad().dtype(), "a half leaf's gradient is half");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void aDeviceThatDoesNotStoreAHalfTypeRefusesItByName(DType half) {
        Backend reference = REF.backend();
        Backend fullWidthOnly = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
                new Class<?>[]{Backend.class}, (proxy, method, args) -> {
                    if (method.getName().equals("supports") && ((DType) args[0]).isHalf()) {
                        return false;
                    }
                    if (method.getName().equals("deviceSpec")) {
                        return "nohalf:0";
                    }
                    try {
                        return method.invoke(reference, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Device device = new Device("nohalf:0", fullWidthOnly);
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.ones(Shape.of(2), DType.FLOAT32, device);
            for (Runnable attempt : new Runnable[]{() -> Tensor.zeros(Shape.of(2), half, device),
                () -> Tensor.of(device, half, new double[]{1, 2}), () -> x.to(half),
                () -> Tensor.uniform(new Generator(1), 0, 1, Shape.of(2), half, device)}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, attempt::run);
                assertTrue(e.getMessage().startsWith("device nohalf:0 does not support dtype " + half),
                        e.getMessage());
                assertTrue(e.getMessage().contains("no FLOAT32 fallback"), e.getMessage());
            }
        }
    }

    private static void assertRounded(DType half, Tensor wide, Tensor narrow) {
        assertEquals(half, narrow.dtype());
        assertArrayEquals(wide.shape().dims(), narrow.shape().dims());
        double[] w = wide.toDoubleArray();
        double[] expected = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            expected[i] = HalfFloats.widen(half, HalfFloats.narrow(half, (float) w[i]));
        }
        assertArrayEquals(expected, narrow.toDoubleArray());
    }
}
