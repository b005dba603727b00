package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void backpropExample() {
        try (Scope scope = Scope.open()) {
            backprop(Device.of("reference"));
        }
    }

    private static void backprop(Device d) {
        Tensor w = Tensor.of(d, new double[]{2, -3, -3}).requiresGrad(true);
        Tensor x = Tensor.of(d, new double[]{-1, -2}).requiresGrad(true);
        Tensor f = w.select(0, 0).mul(x.select(0, 0)).add(w.select(0, 1).mul(x.select(0, 1))).add(w.select(0, 2))
                .sigmoid();
        f.backward();
        System.out.println(java.util.Arrays.toString(w.grad().toDoubleArray()));
        System.out.println(java.util.Arrays.toString(x.grad().toDoubleArray()));
        assertArrayEquals(new double[]{-0.20, -0.39, 0.20}, w.grad().toDoubleArray(), 0.005);
        assertArrayEquals(new double[]{0.39, -0.59}, x.grad().toDoubleArray(), 0.005);
    }

    @Test
    void matmulAndSoftmax() {
        try (Scope scope = Scope.open()) {
            matmulAndSoftmax(Device.of("reference"));
        }
    }

    private static void matmulAndSoftmax(Device d) {
        Tensor a = Tensor.of(d, new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(d, new float[]{1, 0, 0, 1, 1, 1}, 3, 2);
        assertArrayEquals(new float[]{4, 5, 10, 11}, a.matmul(b).toFloatArray());
        assertArrayEquals(new float[]{4, 5, 10, 11}, a.matmul(b.t().contiguous().t()).toFloatArray());
        Tensor s = a.softmax(1);
        assertEquals(1.0, s.sum(1).toFloatArray()[0], 1e-6);
    }
}
