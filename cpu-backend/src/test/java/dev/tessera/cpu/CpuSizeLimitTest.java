package dev.tessera.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The CPU backend stores each tensor in one Java array, so it refuses a buffer of more than
 * {@link dev.tessera.Sizes#MAX_ARRAY_LENGTH} elements with an error naming itself, the limit and the request (a
 * valid 64-bit shape, which a GPU device can hold), before allocating anything.
 */
class CpuSizeLimitTest {
    private static final String EYE_50000 = "cpu: a FLOAT32 buffer of 2,500,000,000 elements exceeds this backend's "
            + "limit of 2,147,483,639 elements per tensor (Java arrays); use a GPU device";

    @Test
    void allocateRefusesMoreThanOneJavaArray() {
        CpuBackend be = (CpuBackend) Device.of("cpu").backend();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> be.allocate(DType.FLOAT32, 2_500_000_000L));
        assertEquals(EYE_50000, e.getMessage());
        IllegalArgumentException doubles = assertThrows(IllegalArgumentException.class,
                () -> be.allocate(DType.FLOAT64, Integer.MAX_VALUE - 7L));
        assertEquals("cpu: a FLOAT64 buffer of 2,147,483,640 elements exceeds this backend's limit of "
                + "2,147,483,639 elements per tensor (Java arrays); use a GPU device", doubles.getMessage());
    }

    @Test
    void eye50000IsAValidShapeThatTheCpuRefusesClearly() {
        Device cpu = Device.of("cpu");
        assertEquals(2_500_000_000L, Shape.of(50_000, 50_000).numel());
        long before = cpu.memoryStats().bytesInUse();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.eye(50_000, DType.FLOAT32, cpu));
        assertEquals(EYE_50000, e.getMessage());
        assertEquals(before, cpu.memoryStats().bytesInUse(), "nothing was allocated");
    }
}
