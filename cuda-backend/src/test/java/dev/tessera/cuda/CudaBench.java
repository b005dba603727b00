package dev.tessera.cuda;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.MatmulPrecision;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.Tessera;
import dev.tessera.testing.MlpTraining;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The CUDA benchmarks of issue 7, run on the GPU machine by the bundle's run.sh next to PyTorch's side of the same
 * work (scripts/gpu/torch_bench.py): SGEMM 4096 fp32 with TF32 off and on ({@link MatmulPrecision}), BF16 and FP16
 * GEMM 4096 on tensor cores, {@code x * 2} on 64M floats, and one
 * Adam + cross-entropy training step of the MLPs 784-1024-1024-10 (batch 256 and 4096) and 784-4096-4096-4096-10
 * (batch 4096). Every measurement is the median over repetitions of the device time between CUDA events recorded
 * around one repetition, after warm-up; a training step's time therefore includes any gap in which the GPU waited
 * for the host.
 *
 * <p>Index checks are switched off ({@link Tessera#setIndexChecks}): the label range check reads the labels back to
 * the host, a synchronisation inside every step that PyTorch does not make either.
 *
 * <p>Usage: {@code CudaBench [--json FILE] [--quick]}; writes one JSON object per line to FILE.
 */
public final class CudaBench {
    /** One measured workload: the median time, the rate in its unit, and device work items per repetition. */
    record Result(String name, double medianMs, double rate, String unit, double workPerRep) {
        String json(String card) {
            return String.format(Locale.ROOT, "{\"backend\":\"tessera\",\"device\":\"cuda:0\",\"card\":\"%s\","
                    + "\"name\":\"%s\",\"median_ms\":%.4f,\"rate\":%.2f,\"unit\":\"%s\",\"launches_per_rep\":%.1f}",
                    card, name, medianMs, rate, unit, workPerRep);
        }
    }

    private final Device device;
    private final CudaBackend backend;
    private final int reps;

    private CudaBench(Device device, int reps) {
        this.device = device;
        this.backend = (CudaBackend) device.backend();
        this.reps = reps;
    }

    public static void main(String[] args) throws IOException {
        Path json = null;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--json")) {
                json = Path.of(args[++i]);
            } else if (args[i].equals("--quick")) {
                quick = true;
            } else {
                throw new IllegalArgumentException("usage: CudaBench [--json FILE] [--quick]");
            }
        }
        Device device = Device.of("cuda:0");
        System.out.println("device: " + device.info().name() + " " + device.info().details());
        Tessera.setIndexChecks(false);
        CudaBench b = new CudaBench(device, quick ? 5 : 30);
        List<Result> results = new ArrayList<>();
        results.add(b.gemm(4096, DType.FLOAT32, MatmulPrecision.HIGHEST));
        if (b.backend.gemmPath().startsWith("cublas")) {
            results.add(b.gemm(4096, DType.FLOAT32, MatmulPrecision.HIGH));
            results.add(b.gemm(4096, DType.BFLOAT16, MatmulPrecision.HIGHEST));
            results.add(b.gemm(4096, DType.FLOAT16, MatmulPrecision.HIGHEST));
        }
        results.add(b.scale(64 << 20));
        results.add(b.mlp(new int[]{784, 1024, 1024, 10}, 256));
        results.add(b.mlp(new int[]{784, 1024, 1024, 10}, 4096));
        results.add(b.mlp(new int[]{784, 4096, 4096, 4096, 10}, 4096));
        String card = device.info().name();
        StringBuilder lines = new StringBuilder();
        for (Result r : results) {
            lines.append(r.json(card)).append('\n');
        }
        if (json != null) {
            Files.writeString(json, lines.toString());
        }
        System.out.print(lines);
        System.out.printf(Locale.ROOT, "%-34s %10s %12s %10s%n", "tessera cuda:0", "median ms", "rate", "launches");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-34s %10.3f %8.1f %-5s %8.1f%n", r.name(), r.medianMs(), r.rate(),
                    r.unit(), r.workPerRep());
        }
    }

    /** The median device time of {@code reps} repetitions of {@code work} after {@code warmup} unmeasured ones. */
    private Result measure(String name, int warmup, Runnable work, double amount, String unit) {
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        device.synchronize();
        float[] ms = new float[reps];
        long before = backend.submittedWork();
        for (int i = 0; i < reps; i++) {
            ms[i] = backend.time(work);
        }
        double perRep = (backend.submittedWork() - before) / (double) reps;
        Arrays.sort(ms);
        double median = reps % 2 == 1 ? ms[reps / 2] : (ms[reps / 2 - 1] + ms[reps / 2]) / 2.0;
        return new Result(name, median, amount / (median * 1e-3), unit, perRep);
    }

    /**
     * GEMM {@code n} x {@code n} x {@code n} through the engine's API: a half dtype (tensor cores, FP32
     * accumulation) or FLOAT32 at the given {@link Tessera#setFloat32MatmulPrecision} (HIGH: TF32 through
     * cublasGemmEx, the path {@code --precision tf32} takes).
     */
    private Result gemm(int n, DType dtype, MatmulPrecision precision) {
        Generator g = new Generator(1);
        MatmulPrecision before = Tessera.float32MatmulPrecision();
        Tessera.setFloat32MatmulPrecision(precision);
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.normal(g, 0, 1, Shape.of(n, n), DType.FLOAT32, device).to(dtype);
            Tensor b = Tensor.normal(g, 0, 1, Shape.of(n, n), DType.FLOAT32, device).to(dtype);
            String name = dtype == DType.FLOAT32
                    ? "sgemm_" + n + "_fp32" + (precision == MatmulPrecision.HIGH ? "_tf32" : "")
                    : "gemm_" + n + "_" + dtype.name().toLowerCase(Locale.ROOT);
            return measure(name, 5, () -> a.matmul(b).close(), 2.0 * n * n * (double) n / 1e12, "TFLOP/s");
        } finally {
            Tessera.setFloat32MatmulPrecision(before);
        }
    }

    private Result scale(int n) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.normal(new Generator(2), 0, 1, Shape.of(n), DType.FLOAT32, device);
            return measure("mul2_64M_fp32", 10, () -> x.mul(2.0).close(), 8.0 * n / 1e12, "TB/s");
        }
    }

    /** One training step of {@link MlpTraining}: fused linear + ReLU layers, cross-entropy, backward, fused Adam. */
    private Result mlp(int[] widths, int batch) {
        try (MlpTraining mlp = new MlpTraining(device, widths, batch, 3, 1e-3)) {
            return measure(mlp.name(), 10, () -> mlp.step(false), mlp.flopsPerStep() / 1e12, "TFLOP/s");
        }
    }
}
