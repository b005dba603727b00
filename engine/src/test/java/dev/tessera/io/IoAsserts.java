package dev.tessera.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.Tensor;

/** Assertions the file-format tests share. */
final class IoAsserts {
    private IoAsserts() {
    }

    /** {@code actual}, read back from a file, has the shape, dtype and values (bit for bit) of {@code expected}. */
    static void assertSameTensor(String what, Tensor expected, Tensor actual) {
        assertEquals(expected.shape(), actual.shape(), what);
        assertEquals(expected.dtype(), actual.dtype(), what);
        assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), 0.0, what);
    }
}
