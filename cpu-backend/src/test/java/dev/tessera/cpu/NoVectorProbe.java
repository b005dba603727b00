package dev.tessera.cpu;

import dev.tessera.Device;
import dev.tessera.Tensor;

/**
 * A program for {@link CpuConfigTest} to run in a JVM without {@code --add-modules jdk.incubator.vector}: it opens
 * the CPU device twice (the warning must appear once), runs an elementwise op, a reduction and a matrix product, and
 * prints the kernel set and the results.
 */
public final class NoVectorProbe {
    private NoVectorProbe() {
    }

    public static void main(String[] args) {
        CpuBackend first = new CpuBackend();
        new CpuBackend();
        Device cpu = Device.of("cpu");
        Tensor a = Tensor.of(cpu, new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(cpu, new float[]{1, 0, 0, 1, 1, 1}, 3, 2);
        System.out.println("kernels=" + first.info().details().get("kernels"));
        System.out.println("sum=" + a.relu().sum().item());
        System.out.println("matmul=" + java.util.Arrays.toString(a.matmul(b).toFloatArray()));
    }
}
