package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The one helper where 64-bit sizes meet Java arrays: exact limits and messages that name the operation. */
class SizesTest {

    @Test
    void anArrayLengthUpToTheLimitPassesThrough() {
        assertEquals(0, Sizes.arrayLength("toFloatArray", 0));
        assertEquals(Sizes.MAX_ARRAY_LENGTH, Sizes.arrayLength("toFloatArray", Integer.MAX_VALUE - 8));
    }

    @Test
    void aLongerArrayIsRefusedNamingTheOperationTheSizeAndTheLimit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sizes.arrayLength("toFloatArray", Integer.MAX_VALUE - 7L));
        assertEquals("toFloatArray: 2,147,483,640 elements do not fit one Java array (limit 2,147,483,639 elements)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sizes.arrayLength("toIntArray", -1));
    }

    @Test
    void aHeapBackendRefusesABufferBeyondOneArrayNamingItselfTheLimitAndTheRequest() {
        assertEquals(1000, Sizes.heapBufferLength("cpu", DType.FLOAT32, 1000));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sizes.heapBufferLength("cpu", DType.FLOAT32, 2_500_000_000L));
        assertEquals("cpu: a FLOAT32 buffer of 2,500,000,000 elements exceeds this backend's limit of "
                + "2,147,483,639 elements per tensor (Java arrays); use a GPU device", e.getMessage());
    }

    @Test
    void sizesAreGroupedInThousands() {
        assertEquals("9,223,372,036,854,775,807", Sizes.grouped(Long.MAX_VALUE));
        assertEquals("12", Sizes.grouped(12));
    }
}
