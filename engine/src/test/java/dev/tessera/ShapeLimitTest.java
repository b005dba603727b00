package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The per-tensor element limit is reported with the size asked for, and {@link Tensor#eye} builds large identities
 * in row blocks instead of one n x n host array (which overflowed an int and threw NegativeArraySizeException).
 */
class ShapeLimitTest {
    private final Device d = Device.of("reference");

    @Test
    void aShapeOverTheLimitNamesItsElementCountAndTheLimit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shape.of(100_000, 100_000, 100_000, 100_000));
        assertTrue(e.getMessage().contains("has 100000000000000000000 elements, more than 2147483647"),
                e.getMessage());
    }

    @Test
    void eye50000IsRefusedNamingTheSizeAndTheLimit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.eye(50_000));
        assertTrue(e.getMessage().startsWith("eye(50000)") && e.getMessage().contains("2500000000 elements")
                && e.getMessage().contains("2147483647"), e.getMessage());
    }

    @Test
    void eyeSpanningSeveralHostBlocksIsTheIdentity() {
        int n = 1_500; // 699 rows per block of 2^20 elements: blocks of 699, 699 and 102 rows
        for (DType dtype : DType.values()) {
            try (Tensor t = Tensor.eye(n, dtype, d)) {
                assertEquals(Shape.of(n, n), t.shape());
                double[] v = t.toDoubleArray();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        assertEquals(i == j ? 1 : 0, v[i * n + j], dtype + " element (" + i + ", " + j + ")");
                    }
                }
            }
        }
        try (Tensor empty = Tensor.eye(0, DType.FLOAT32, d)) {
            assertEquals(Shape.of(0, 0), empty.shape());
        }
    }
}
