package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Sizes are 64-bit: a shape whose element count overflows a long is refused naming it, a heap backend refuses a
 * buffer beyond one Java array naming itself, the limit and the request, and {@link Tensor#eye} builds large
 * identities in row blocks instead of one n x n host array (which overflowed an int and threw
 * NegativeArraySizeException).
 */
class ShapeLimitTest {
    private final Device d = Device.of("reference");

    @Test
    void aShapeOverTheLimitNamesItsElementCountAndTheLimit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shape.of(100_000, 100_000, 100_000, 100_000));
        assertTrue(e.getMessage().contains("spans 100000000000000000000 elements, more than 9223372036854775807"),
                e.getMessage());
    }

    @Test
    void eye50000IsAValidShapeThatTheReferenceBackendRefusesNamingTheSizeAndTheLimit() {
        assertEquals(2_500_000_000L, Shape.of(50_000, 50_000).numel());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.eye(50_000, DType.FLOAT32, d));
        assertEquals("reference: a FLOAT32 buffer of 2,500,000,000 elements exceeds this backend's limit of "
                + "2,147,483,639 elements per tensor (Java arrays); use a GPU device", e.getMessage());
    }

    @Test
    void softmaxRowsBeyondAnIntAreRefusedNamingTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Fused.outerNInner(Shape.of(1 << 16, 1 << 16, 2), 2));
        assertEquals("softmax: shape [65536, 65536, 2] has 4,294,967,296 rows before and 1 columns after axis 2; "
                + "each may be at most 2,147,483,647", e.getMessage());
        assertArrayEquals(new int[]{1 << 16, 1 << 16, 2}, Fused.outerNInner(Shape.of(1 << 16, 1 << 16, 2), 1));
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
