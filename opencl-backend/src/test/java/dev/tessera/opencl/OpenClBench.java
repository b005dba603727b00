package dev.tessera.opencl;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.TensorInternals;
import dev.tessera.Tessera;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.UnaryOp;
import dev.tessera.testing.MlpTraining;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Throughput of the OpenCL backend through the public Tensor API, next to another device when asked: SGEMM,
 * {@code x * 2}, relu, a sum, and one 784-1024-1024-10 Adam training step. A bench script, not a test: each number
 * is the median of 5 timed batches of back-to-back calls between two synchronizations.
 *
 * <pre>
 *   java -cp CLASSPATH dev.tessera.opencl.OpenClBench [--device opencl:0] [--compare cpu] [--large]
 *        [--gemm-sweep] [--json FILE]
 * </pre>
 * {@code --large} runs the GPU set of scripts/gpu/torch_bench.py and CudaBench under their names (SGEMM 4096,
 * {@code x * 2} on 64M floats, the MLP steps at batch 256 and 4096 and the 784-4096-4096-4096-10 MLP);
 * {@code --gemm-sweep} also times every gemm.cl block shape (the shipped ones and a few candidates) on the OpenCL
 * device; {@code --json} appends one JSON object per result ({@code "backend":"tessera-opencl"}) to FILE.
 */
public final class OpenClBench {
    private static final int TRIALS = 5;
    private static final double MIN_BATCH_SECONDS = 0.2;

    /** One measurement: seconds per call and the rate in {@code unit} (TFLOP/s or TB/s). */
    private record Result(String device, String name, double seconds, double rate, String unit) {
        String line() {
            return String.format(Locale.ROOT, "%-10s %-40s %10.3f ms %10.4g %s", device, name, seconds * 1e3, rate,
                    unit);
        }

        String json(String card) {
            return String.format(Locale.ROOT, "{\"backend\":\"tessera-opencl\",\"device\":\"%s\",\"card\":\"%s\","
                    + "\"name\":\"%s\",\"median_ms\":%.4f,\"rate\":%.2f,\"unit\":\"%s\"}", device, card, name,
                    seconds * 1e3, rate, unit);
        }
    }

    private OpenClBench() {
    }

    public static void main(String[] args) throws IOException {
        List<String> a = Arrays.asList(args);
        String spec = option(args, "--device", "opencl:0");
        String compare = option(args, "--compare", null);
        String json = option(args, "--json", null);
        boolean large = a.contains("--large");
        Tessera.setIndexChecks(false); // no label read-back per step, as in CudaBench
        Device device = Device.of(spec);
        System.out.println("device " + device + ": " + device.info().name() + " " + device.info().details());
        if (a.contains("--gemm-sweep")) {
            gemmSweep((OpenClBackend) device.backend(), large ? 4096 : 1024);
        }
        List<Device> devices = new ArrayList<>(List.of(device));
        if (compare != null) {
            devices.add(Device.of(compare));
        }
        List<Result> results = new ArrayList<>();
        for (Device d : devices) {
            List<Result> mine = large ? gpuSet(d) : cpuSet(d);
            mine.forEach(r -> System.out.println(r.line()));
            results.addAll(mine);
        }
        if (json != null) {
            StringBuilder lines = new StringBuilder();
            for (Result r : results) {
                lines.append(r.json(Device.of(r.device()).info().name())).append('\n');
            }
            Files.writeString(Path.of(json), lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** The GPU sizes, under the names of scripts/gpu/torch_bench.py. */
    private static List<Result> gpuSet(Device d) {
        return List.of(sgemm(d, 4096), scale(d, 64 << 20, "mul2_64M_fp32"),
                mlp(d, new int[]{784, 1024, 1024, 10}, 256), mlp(d, new int[]{784, 1024, 1024, 10}, 4096),
                mlp(d, new int[]{784, 4096, 4096, 4096, 10}, 4096));
    }

    /** Sizes a 2-core machine runs in minutes, for PoCL next to the CPU backend. */
    private static List<Result> cpuSet(Device d) {
        return List.of(sgemm(d, 256), sgemm(d, 1024), scale(d, 16 << 20, "mul2_16M_fp32"), relu(d, 16 << 20),
                sum(d, 16 << 20), mlp(d, new int[]{784, 1024, 1024, 10}, 256),
                mlp(d, new int[]{784, 1024, 1024, 10}, 1024));
    }

    // ---------------------------------------------------------------- benchmarks

    private static Result sgemm(Device d, int n) {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.normal(new Generator(1), 0, 1, Shape.of(n, n), DType.FLOAT32, d);
            Tensor b = Tensor.normal(new Generator(2), 0, 1, Shape.of(n, n), DType.FLOAT32, d);
            double sec = time(d, () -> a.matmul(b).close());
            return new Result(d.spec(), "sgemm_" + n + "_fp32", sec, 2.0 * n * n * (double) n / sec / 1e12,
                    "TFLOP/s");
        }
    }

    private static Result scale(Device d, int n, String name) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.normal(new Generator(3), 0, 1, Shape.of(n), DType.FLOAT32, d);
            double sec = time(d, () -> x.mul(2.0).close());
            return new Result(d.spec(), name, sec, 8.0 * n / sec / 1e12, "TB/s");
        }
    }

    private static Result relu(Device d, int n) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.normal(new Generator(4), 0, 1, Shape.of(n), DType.FLOAT32, d);
            double sec = time(d, () -> x.apply(UnaryOp.RELU, 0).close());
            return new Result(d.spec(), "relu_" + (n >> 20) + "M_fp32", sec, 8.0 * n / sec / 1e12, "TB/s");
        }
    }

    private static Result sum(Device d, int n) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.normal(new Generator(5), 0, 1, Shape.of(n), DType.FLOAT32, d);
            double sec = time(d, () -> x.sum().close());
            return new Result(d.spec(), "sum_" + (n >> 20) + "M_fp32", sec, 4.0 * n / sec / 1e12, "TB/s");
        }
    }

    /** One training step of {@link MlpTraining} (as CudaBench). */
    private static Result mlp(Device d, int[] widths, int batch) {
        try (MlpTraining mlp = new MlpTraining(d, widths, batch, 6, 1e-3)) {
            double sec = time(d, () -> mlp.step(false));
            return new Result(d.spec(), mlp.name(), sec, mlp.flopsPerStep() / sec / 1e12, "TFLOP/s");
        }
    }

    /** Times every gemm.cl block shape (the shipped ones and a few candidates) at n^3, both B layouts. */
    private static void gemmSweep(OpenClBackend be, int n) {
        List<GemmOps.Config> configs = new ArrayList<>(Arrays.asList(GemmOps.GPU_CONFIGS));
        configs.addAll(Arrays.asList(GemmOps.CPU_CONFIGS));
        configs.addAll(List.of(new GemmOps.Config(128, 128, 16, 8, 8), new GemmOps.Config(128, 64, 8, 8, 8),
                new GemmOps.Config(64, 128, 8, 8, 8), new GemmOps.Config(128, 128, 8, 8, 4),
                new GemmOps.Config(64, 64, 16, 4, 4), new GemmOps.Config(64, 64, 8, 8, 8)));
        Device d = Device.of(be.deviceSpec());
        try (Scope s = Scope.open()) {
            ClBuffer a = (ClBuffer) TensorInternals.buffer(
                    Tensor.normal(new Generator(7), 0, 1, Shape.of(n, n), DType.FLOAT32, d));
            ClBuffer b = (ClBuffer) TensorInternals.buffer(
                    Tensor.normal(new Generator(8), 0, 1, Shape.of(n, n), DType.FLOAT32, d));
            ClBuffer c = (ClBuffer) TensorInternals.buffer(
                    Tensor.zeros(Shape.of(n, n), DType.FLOAT32, d));
            for (boolean transB : new boolean[]{false, true}) {
                Gemm g = Gemm.simple(n, n, n, false, transB);
                for (GemmOps.Config cfg : configs) {
                    try {
                        double sec = time(d, () -> be.gemmOps().matmul(g, a, b, c, cfg));
                        System.out.printf(Locale.ROOT, "gemm-sweep n=%d transB=%b %s: %.3f ms, %.2f TFLOP/s%n", n,
                                transB, cfg, sec * 1e3, g.flops() / sec / 1e12);
                    } catch (RuntimeException e) {
                        System.out.println("gemm-sweep " + cfg + ": " + e.getMessage());
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Median seconds per call of {@code op} over TRIALS batches, each at least MIN_BATCH_SECONDS long. */
    private static double time(Device d, Runnable op) {
        op.run();
        d.synchronize();
        long t0 = System.nanoTime();
        op.run();
        d.synchronize();
        double once = Math.max(1e-6, (System.nanoTime() - t0) / 1e9);
        int reps = (int) Math.max(1, Math.min(10_000, MIN_BATCH_SECONDS / once));
        double[] trials = new double[TRIALS];
        for (int t = 0; t < TRIALS; t++) {
            long start = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                op.run();
            }
            d.synchronize();
            trials[t] = (System.nanoTime() - start) / 1e9 / reps;
        }
        Arrays.sort(trials);
        return trials[TRIALS / 2];
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
