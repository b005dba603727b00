package dev.tessera.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Device;
import dev.tessera.testing.MlpTraining;
import org.junit.jupiter.api.Test;

/**
 * The CPU backend as a device: discovery, reported details, and a small MLP trained end to end through the public
 * API (fused linear, cross-entropy, backward, fused Adam) that must follow the reference device's losses and, once
 * warm, allocate no fresh arrays per step.
 */
class CpuBackendTest {

    @Test
    void theCpuDeviceIsThisBackendAndDescribesItself() {
        Device cpu = Device.of("cpu");
        CpuBackend be = assertInstanceOf(CpuBackend.class, cpu.backend());
        var details = be.info().details();
        boolean fast = CpuConfig.fastRequested();
        assertTrue(details.get("kernels").startsWith(fast ? "vector-" : "scalar"), details.toString());
        assertTrue(details.get("gemm").contains("fp32") && details.get("gemm").contains("fp64"), details.toString());
        assertEquals(fast ? "kernels" : "defaults", details.get("fused ops"));
        assertEquals("cpu", be.deviceSpec());
    }

    @Test
    void trainingFollowsTheReferenceAndAllocatesNothingOnceWarm() {
        int[] sizes = {40, 64, 48, 7};
        MlpTraining cpu = new MlpTraining(Device.of("cpu"), sizes, 96, 42, 1e-2);
        MlpTraining ref = new MlpTraining(Device.of("reference"), sizes, 96, 42, 1e-2);
        for (int i = 0; i < 8; i++) {
            double a = cpu.step(true);
            double b = ref.step(true);
            assertEquals(b, a, 1e-4 * Math.abs(b) + 1e-5, "loss of step " + i);
        }
        CpuBackend be = (CpuBackend) Device.of("cpu").backend();
        long before = be.freshArrays();
        long inUse = be.memoryStats().bytesInUse();
        for (int i = 0; i < 5; i++) {
            cpu.step(true);
        }
        assertEquals(before, be.freshArrays(), "a warm training step must reuse pooled arrays");
        assertEquals(inUse, be.memoryStats().bytesInUse(), "a training step must free what it allocates");
    }
}
