package dev.tessera.bench;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * One SGEMM size in one short JVM, for counting how the speed differs from one JVM start to the next
 * ({@code bench/jvm-variance.sh}): {@code C = A B} with n x n FLOAT32 operands on the default device (or
 * {@code --device}), warmed up for {@code --warmup} seconds, then {@code --runs} timed products. Prints one JSON line:
 * {@code {"work":"sgemm_probe","n":1024,"threads":2,"gflops":...,"caller_cpu_gflops":...}}, where {@code gflops}
 * is {@code 2 n^3} over the median wall time of one product and {@code caller_cpu_gflops} is {@code 2 n^3} per run
 * over the calling thread's CPU time per run: with one thread, the kernel's own rate, which the other processes of
 * a loaded machine do not lower (with more threads it counts only the caller's share).
 */
public final class GemmProbe {
    private GemmProbe() {
    }

    /** {@code GemmProbe [--n N] [--warmup SECONDS] [--runs R] [--device DEV]}. */
    public static void main(String[] args) {
        int n = 1024;
        double warmup = 3;
        int runs = 15;
        String spec = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--n" -> n = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Double.parseDouble(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--device" -> spec = args[i + 1];
                default -> throw new IllegalArgumentException("gemm probe: unknown argument " + args[i]
                        + " (known: --n, --warmup, --runs, --device)");
            }
        }
        if (n < 1 || runs < 1 || warmup < 0) {
            throw new IllegalArgumentException("gemm probe: expected n >= 1, runs >= 1, warmup >= 0, got n " + n
                    + ", runs " + runs + ", warmup " + warmup);
        }
        Device device = spec == null ? Device.defaultDevice() : Device.of(spec);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (Scope s = Scope.open()) {
            Generator g = new Generator(1);
            Tensor a = Tensor.normal(g, 0, 1, Shape.of(n, n), DType.FLOAT32, device);
            Tensor b = Tensor.normal(g, 0, 1, Shape.of(n, n), DType.FLOAT32, device);
            long warmEnd = System.nanoTime() + (long) (warmup * 1e9);
            do {
                a.matmul(b).close();
                device.synchronize();
            } while (System.nanoTime() < warmEnd);
            double[] wall = new double[runs];
            long cpu0 = mx.getCurrentThreadCpuTime();
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                a.matmul(b).close();
                device.synchronize();
                wall[r] = (System.nanoTime() - t0) * 1e-9;
            }
            double cpu = (mx.getCurrentThreadCpuTime() - cpu0) * 1e-9 / runs;
            Arrays.sort(wall);
            double median = runs % 2 == 1 ? wall[runs / 2] : 0.5 * (wall[runs / 2 - 1] + wall[runs / 2]);
            double flops = 2.0 * n * n * (double) n;
            String threads = device.info().details().getOrDefault("threads", "null");
            System.out.printf("{\"work\":\"sgemm_probe\",\"device\":\"%s\",\"n\":%d,\"threads\":%s,\"gflops\":%.2f,"
                    + "\"caller_cpu_gflops\":%.2f}%n", device.spec(), n, threads, flops / median / 1e9,
                    flops / cpu / 1e9);
        }
    }
}
