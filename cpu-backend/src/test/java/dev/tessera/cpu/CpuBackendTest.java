package dev.tessera.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Activation;
import dev.tessera.AdamHyperparameters;
import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.ParameterUpdates;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.util.ArrayList;
import java.util.List;
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

    /** A three-layer MLP and its Adam state on one device, trained on a fixed batch. */
    private static final class Mlp {
        final Device device;
        final List<Tensor> params = new ArrayList<>();
        final List<Tensor> m = new ArrayList<>();
        final List<Tensor> v = new ArrayList<>();
        final Tensor x;
        final Tensor y;
        long step;

        Mlp(Device device, int[] sizes, int batch) {
            this.device = device;
            Generator g = new Generator(42);
            for (int i = 0; i + 1 < sizes.length; i++) {
                double bound = 1 / Math.sqrt(sizes[i]);
                params.add(Tensor.uniform(g, -bound, bound, Shape.of(sizes[i + 1], sizes[i]), DType.FLOAT32, device)
                        .requiresGrad(true));
                params.add(Tensor.uniform(g, -bound, bound, Shape.of(sizes[i + 1]), DType.FLOAT32, device)
                        .requiresGrad(true));
            }
            for (Tensor p : params) {
                m.add(Tensor.zeros(p.shape(), DType.FLOAT32, device));
                v.add(Tensor.zeros(p.shape(), DType.FLOAT32, device));
            }
            x = Tensor.normal(g, 0, 1, Shape.of(batch, sizes[0]), DType.FLOAT32, device);
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = (i * 7) % sizes[sizes.length - 1];
            }
            y = Tensor.of(device, labels, batch);
        }

        double step() {
            double loss;
            try (Scope s = Scope.open()) {
                Tensor h = x;
                int layers = params.size() / 2;
                for (int i = 0; i < layers; i++) {
                    h = h.linear(params.get(2 * i), params.get(2 * i + 1), i + 1 < layers ? Activation.RELU : null);
                }
                Tensor l = h.softmaxCrossEntropy(y, null, 0).mean();
                l.backward();
                loss = l.item();
                List<Tensor> grads = new ArrayList<>();
                for (Tensor p : params) {
                    grads.add(p.grad());
                }
                ParameterUpdates.adam(params, grads, m, v, null,
                        new AdamHyperparameters(1e-2, 0.9, 0.999, 1e-8, 0, false, false, ++step));
                for (Tensor p : params) {
                    p.zeroGrad();
                }
            }
            return loss;
        }
    }

    @Test
    void trainingFollowsTheReferenceAndAllocatesNothingOnceWarm() {
        int[] sizes = {40, 64, 48, 7};
        Mlp cpu = new Mlp(Device.of("cpu"), sizes, 96);
        Mlp ref = new Mlp(Device.of("reference"), sizes, 96);
        for (int i = 0; i < 8; i++) {
            double a = cpu.step();
            double b = ref.step();
            assertEquals(b, a, 1e-4 * Math.abs(b) + 1e-5, "loss of step " + i);
        }
        CpuBackend be = (CpuBackend) Device.of("cpu").backend();
        long before = be.freshArrays();
        long inUse = be.memoryStats().bytesInUse();
        for (int i = 0; i < 5; i++) {
            cpu.step();
        }
        assertEquals(before, be.freshArrays(), "a warm training step must reuse pooled arrays");
        assertEquals(inUse, be.memoryStats().bytesInUse(), "a training step must free what it allocates");
    }
}
