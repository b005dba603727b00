package dev.tessera.opencl;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.ParameterUpdates;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.backend.AdamConfig;
import dev.tessera.backend.Backend;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.Operand;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.UnaryOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Throughput of the OpenCL backend's main kernels and of one training step, next to another device (the CPU
 * backend by default), for docs/BENCHMARKS.md and for tuning GEMM block shapes on a GPU. A bench script, not a
 * test: each number is the median of 5 timed runs of back-to-back launches between two synchronizations.
 *
 * <pre>
 *   java -cp CLASSPATH dev.tessera.opencl.OpenClBench [--device opencl:0] [--compare cpu|none] [--large]
 *        [--gemm-sweep]
 * </pre>
 * {@code --large} adds the GPU-sized problems (SGEMM 4096, 64M-element elementwise); {@code --gemm-sweep} times
 * every block configuration of gemm.cl (and a few candidates) on the OpenCL device.
 */
public final class OpenClBench {
    private static final int TRIALS = 5;
    private static final double MIN_SECONDS = 0.2;

    private OpenClBench() {
    }

    public static void main(String[] args) {
        String spec = option(args, "--device", "opencl:0");
        String compare = option(args, "--compare", "cpu");
        boolean large = Arrays.asList(args).contains("--large");
        Device device = Device.of(spec);
        System.out.println("device " + device + ": " + device.info().name() + " " + device.info().details());
        List<Device> devices = new ArrayList<>(List.of(device));
        if (!compare.equals("none")) {
            devices.add(Device.of(compare));
        }
        if (Arrays.asList(args).contains("--gemm-sweep")) {
            gemmSweep((OpenClBackend) device.backend(), large ? 4096 : 1024);
        }
        int[] gemmSizes = large ? new int[]{256, 1024, 4096} : new int[]{256, 1024};
        int elements = large ? 1 << 26 : 1 << 24;
        for (Device d : devices) {
            boolean slowHost = d != device;
            for (int n : gemmSizes) {
                if (!(slowHost && n > 1024)) {
                    gemm(d, n);
                }
            }
            elementwise(d, elements);
            reduce(d, elements);
            for (int batch : new int[]{256, 1024}) {
                trainingStep(d, batch);
            }
        }
    }

    // ---------------------------------------------------------------- benchmarks

    private static void gemm(Device d, int n) {
        Backend be = d.backend();
        Buffer a = filled(be, n * n);
        Buffer b = filled(be, n * n);
        Buffer c = be.allocate(DType.FLOAT32, n * n);
        Gemm g = Gemm.simple(n, n, n, false, false);
        double s = time(be, () -> be.matmul(g, a, b, c));
        report(d, "sgemm " + n + "^3", s, String.format(Locale.ROOT, "%.1f GFLOP/s", g.flops() / s / 1e9));
        be.free(a);
        be.free(b);
        be.free(c);
    }

    private static void elementwise(Device d, int n) {
        Backend be = d.backend();
        Buffer x = filled(be, n);
        Buffer y = be.allocate(DType.FLOAT32, n);
        int[] shape = {n};
        double s = time(be, () -> be.binary(BinaryOp.MUL, Operand.contiguous(x, shape), Operand.constant(2),
                Operand.contiguous(y, shape), shape));
        report(d, "x * 2, " + n + " floats", s, String.format(Locale.ROOT, "%.1f GB/s", 8.0 * n / s / 1e9));
        double r = time(be, () -> be.unary(UnaryOp.RELU, 0, Operand.contiguous(x, shape),
                Operand.contiguous(y, shape), shape));
        report(d, "relu, " + n + " floats", r, String.format(Locale.ROOT, "%.1f GB/s", 8.0 * n / r / 1e9));
        be.free(x);
        be.free(y);
    }

    private static void reduce(Device d, int n) {
        Backend be = d.backend();
        Buffer x = filled(be, n);
        Buffer out = be.allocate(DType.FLOAT32, 1);
        double s = time(be, () -> be.reduce(ReduceOp.SUM, x, out, 1, n, 1));
        report(d, "sum of " + n + " floats", s, String.format(Locale.ROOT, "%.1f GB/s", 4.0 * n / s / 1e9));
        be.free(x);
        be.free(out);
    }

    /** One step of a 784-1024-1024-10 ReLU MLP with cross-entropy and Adam (BASELINES.md's training step). */
    private static void trainingStep(Device d, int batch) {
        Generator gen = new Generator(1);
        int[] sizes = {784, 1024, 1024, 10};
        List<Tensor> params = new ArrayList<>();
        for (int l = 0; l + 1 < sizes.length; l++) {
            params.add(Tensor.normal(gen, 0, Math.sqrt(2.0 / sizes[l]), Shape.of(sizes[l + 1], sizes[l]),
                    DType.FLOAT32, d).requiresGrad(true));
            params.add(Tensor.zeros(Shape.of(sizes[l + 1]), DType.FLOAT32, d).requiresGrad(true));
        }
        List<Tensor> m = new ArrayList<>();
        List<Tensor> v = new ArrayList<>();
        for (Tensor p : params) {
            m.add(Tensor.zeros(p.shape(), DType.FLOAT32, d));
            v.add(Tensor.zeros(p.shape(), DType.FLOAT32, d));
        }
        Tensor x = Tensor.normal(gen, 0, 1, Shape.of(batch, 784), DType.FLOAT32, d);
        int[] labelValues = new int[batch];
        for (int i = 0; i < batch; i++) {
            labelValues[i] = i % 10;
        }
        Tensor labels = Tensor.of(d, labelValues, batch);
        long[] step = {0};
        double s = time(d.backend(), () -> {
            try (Scope scope = Scope.open()) {
                Tensor h = x;
                for (int l = 0; l < 3; l++) {
                    h = h.linear(params.get(2 * l), params.get(2 * l + 1), l < 2 ? UnaryOp.RELU : null, 0);
                }
                h.softmaxCrossEntropy(labels, null, 0).mean().backward();
                List<Tensor> grads = new ArrayList<>();
                for (Tensor p : params) {
                    grads.add(p.grad());
                }
                ParameterUpdates.adam(params, grads, m, v, null,
                        new AdamConfig(1e-3, 0.9, 0.999, 1e-8, 0, false, false, ++step[0]));
                for (Tensor p : params) {
                    p.zeroGrad();
                }
            }
        });
        report(d, "MLP 784-1024-1024-10 Adam step, batch " + batch, s, "");
        for (Tensor t : params) {
            t.close();
        }
        m.forEach(Tensor::close);
        v.forEach(Tensor::close);
        x.close();
        labels.close();
    }

    /** Times every gemm.cl configuration (the shipped ones and a few candidates) at n^3. */
    private static void gemmSweep(OpenClBackend be, int n) {
        List<GemmOps.Config> configs = new ArrayList<>(Arrays.asList(GemmOps.GPU_CONFIGS));
        configs.addAll(Arrays.asList(GemmOps.CPU_CONFIGS));
        configs.addAll(List.of(new GemmOps.Config(128, 128, 16, 8, 8), new GemmOps.Config(128, 64, 8, 8, 8),
                new GemmOps.Config(64, 128, 8, 8, 8), new GemmOps.Config(128, 128, 8, 8, 4),
                new GemmOps.Config(64, 64, 16, 4, 4), new GemmOps.Config(64, 64, 8, 8, 8)));
        ClBuffer a = (ClBuffer) filled(be, n * n);
        ClBuffer b = (ClBuffer) filled(be, n * n);
        ClBuffer c = (ClBuffer) be.allocate(DType.FLOAT32, n * n);
        for (boolean transB : new boolean[]{false, true}) {
            Gemm g = Gemm.simple(n, n, n, false, transB);
            for (GemmOps.Config cfg : configs) {
                try {
                    double s = time(be, () -> be.gemmOps().matmul(g, a, b, c, cfg));
                    System.out.printf(Locale.ROOT, "gemm-sweep n=%d transB=%b %s: %.3f ms, %.1f GFLOP/s%n", n,
                            transB, cfg, s * 1e3, g.flops() / s / 1e9);
                } catch (RuntimeException e) {
                    System.out.println("gemm-sweep " + cfg + ": " + e.getMessage());
                }
            }
        }
        be.free(a);
        be.free(b);
        be.free(c);
    }

    // ---------------------------------------------------------------- helpers

    /** Median seconds per call of {@code op} over TRIALS timed runs, each at least MIN_SECONDS long. */
    private static double time(Backend be, Runnable op) {
        op.run();
        be.synchronize();
        long t0 = System.nanoTime();
        op.run();
        be.synchronize();
        double once = Math.max(1e-6, (System.nanoTime() - t0) / 1e9);
        int reps = (int) Math.max(1, Math.min(10_000, MIN_SECONDS / once));
        double[] trials = new double[TRIALS];
        for (int t = 0; t < TRIALS; t++) {
            long start = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                op.run();
            }
            be.synchronize();
            trials[t] = (System.nanoTime() - start) / 1e9 / reps;
        }
        Arrays.sort(trials);
        return trials[TRIALS / 2];
    }

    private static Buffer filled(Backend be, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i % 17) * 0.0625f - 0.5f;
        }
        Buffer b = be.allocate(DType.FLOAT32, n);
        be.write(b, 0, v, 0, n);
        return b;
    }

    private static void report(Device d, String what, double seconds, String rate) {
        System.out.printf(Locale.ROOT, "%-10s %-44s %10.3f ms  %s%n", d.spec(), what, seconds * 1e3, rate);
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
