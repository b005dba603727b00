package dev.tessera.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A tensor of 2^31 + 64 FLOAT32 elements (8 GiB) on each GPU-style device: filled, scaled, marked past element 2^31,
 * reduced along an axis and read back at offsets beyond 2^31, so every 64-bit size on the way (allocation, strided
 * fill, elementwise, reduce, read offsets) is exercised. The CPU and reference backends refuse such a tensor by
 * design (tested in cpu-backend and engine). A device that cannot hold two such buffers (PoCL's
 * CL_DEVICE_MAX_MEM_ALLOC_SIZE is a quarter of its memory; a small GPU) skips, naming the reason.
 */
class HugeTensorTest {
    private static final int HALF = (1 << 30) + 32;

    static List<String> devices() {
        return AvailableDevices.specs().stream().filter(s -> s.startsWith("cuda") || s.startsWith("opencl")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void aTensorOfMoreThan2To31ElementsComputesAndReadsBack(String spec) {
        Device device = AvailableDevices.open(spec);
        Shape shape = Shape.of(2, HALF);
        assertEquals((1L << 31) + 64, shape.numel());
        try (Scope s = Scope.open()) {
            Tensor ones;
            try {
                ones = Tensor.ones(shape, DType.FLOAT32, device);
            } catch (RuntimeException | OutOfMemoryError e) {
                Assumptions.abort(spec + " cannot hold one buffer of 8 GiB here: " + e.getMessage());
                return;
            }
            ones.select(0, 1).slice(0, HALF - 3, HALF - 2).fill(7); // element 2^31 + 61
            Tensor doubled;
            try {
                doubled = ones.mul(2.0);
            } catch (RuntimeException | OutOfMemoryError e) {
                Assumptions.abort(spec + " cannot hold two buffers of 8 GiB here: " + e.getMessage());
                return;
            }
            float[] tail = doubled.select(0, 1).slice(0, HALF - 4, HALF).toFloatArray();
            assertArrayEquals(new float[]{2, 14, 2, 2}, tail, "elements 2^31 + 60 .. 2^31 + 63");
            assertArrayEquals(new float[]{2, 14}, doubled.max(1, false).toFloatArray());
            float[] sums = doubled.sum(1).toFloatArray();
            assertEquals(2.0 * HALF, sums[0], 2.0 * HALF * 1e-6);
            assertEquals(2.0 * HALF + 12, sums[1], 2.0 * HALF * 1e-6);
        }
    }
}
