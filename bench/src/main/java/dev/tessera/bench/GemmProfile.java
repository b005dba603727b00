package dev.tessera.bench;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time of the CPU GEMM goes (issue 17): runs one work, warmed up, then records it with JFR's execution
 * sampler for a fixed time and prints the samples by GEMM phase and by top frame. Works: {@code sgemm} ({@code C = A B},
 * n x n FLOAT32) and {@code mlp_step} ({@link MlpWorkload}, 784-1024-1024-10, Adam, one batch size).
 *
 * <p>The recording starts before the warm-up (starting it deoptimizes compiled code); only the samples of the timed
 * steps are counted. Besides wall-clock rates it reports the rate over the <em>process</em> CPU time (all threads: on a loaded
 * machine the time-slicing that lowers wall-clock rates does not lower this one, but spinning in a barrier or while
 * waiting for a job does count) and over the calling thread's CPU time. Run with
 * {@code -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints} so that samples land on the inlined method that
 * was running, not on the nearest safepoint's. The phases, by the innermost frame of the stack that names one:
 * {@code kernel} (the generated micro-kernels), {@code packA}, {@code packB} ({@code packB}, {@code packRows},
 * {@code packTransposedPanel}), {@code edge} ({@code storeTile}: tiles cut by the matrix's edge), {@code scale}
 * (beta), {@code barrier} (a team member waiting for the others), {@code hand-off} (a caller waiting for its
 * workers, a worker waiting for a job), {@code driver} (the GEMM loops themselves), else {@code other}.
 *
 * <pre>GemmProfile --work sgemm|mlp_step [--n N] [--batch B] [--warmup S] [--seconds S] [--jfr FILE]</pre>
 */
public final class GemmProfile {
    /** Phases by method name, checked from the innermost frame outwards; the first match names the sample. */
    private static final List<Map.Entry<String, String>> PHASES = List.of(
            Map.entry("VectorFloatGemm.kernel", "kernel"),
            Map.entry("VectorDoubleGemm.kernel", "kernel"),
            Map.entry(".packA", "packA"),
            Map.entry(".packB", "packB"),
            Map.entry(".packRows", "packB"),
            Map.entry(".packTransposedPanel", "packB"),
            Map.entry(".storeTile", "edge"),
            Map.entry("GemmKernel.scale", "scale"),
            Map.entry("WorkerPool$Barrier.await", "barrier"),
            Map.entry("WorkerPool$Job.finish", "hand-off"),
            Map.entry("WorkerPool$Worker.awaitJob", "hand-off"),
            Map.entry("GemmDriver", "driver"));

    private GemmProfile() {
    }

    /** See the class comment. */
    public static void main(String[] args) throws IOException, java.text.ParseException {
        String work = "sgemm";
        int n = 1024;
        int batch = 256;
        double warmup = 5;
        double seconds = 10;
        Path jfr = Path.of("gemm-profile.jfr");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--work" -> work = args[i + 1];
                case "--n" -> n = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Double.parseDouble(args[i + 1]);
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                case "--jfr" -> jfr = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("gemm profile: unknown argument " + args[i]
                        + " (known: --work, --n, --batch, --warmup, --seconds, --jfr)");
            }
        }
        if (n < 1 || batch < 1 || warmup < 0 || seconds <= 0) {
            throw new IllegalArgumentException("gemm profile: expected n >= 1, batch >= 1, warmup >= 0, seconds > 0,"
                    + " got n " + n + ", batch " + batch + ", warmup " + warmup + ", seconds " + seconds);
        }
        Device device = Device.defaultDevice();
        try (Scope s = Scope.open()) {
            Runnable step;
            double flopsPerStep;
            String label;
            switch (work) {
                case "sgemm" -> {
                    Generator g = new Generator(1);
                    Tensor a = Tensor.normal(g, 0, 1, Shape.of(n, n), DType.FLOAT32, device);
                    Tensor b = Tensor.normal(g, 0, 1, Shape.of(n, n), DType.FLOAT32, device);
                    step = () -> a.matmul(b).close();
                    flopsPerStep = 2.0 * n * n * (double) n;
                    label = "\"n\":" + n;
                }
                case "mlp_step" -> {
                    MlpWorkload mlp = new MlpWorkload(device, new int[]{784, 1024, 1024, 10}, batch);
                    step = mlp::step;
                    // forward and the two backward products of each layer: 3 x 2 x batch x in x out
                    flopsPerStep = 6.0 * batch * (784.0 * 1024 + 1024.0 * 1024 + 1024.0 * 10);
                    label = "\"batch\":" + batch;
                }
                default -> throw new IllegalArgumentException("gemm profile: --work must be sgemm or mlp_step, got "
                        + work);
            }
            Result r;
            Instant measured;
            // started before the warm-up: starting a recording deoptimized the compiled code (the first steps after
            // it ran interpreted Vector API fallbacks for about a second)
            try (Recording rec = new Recording(Configuration.getConfiguration("profile"))) {
                rec.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(10));
                rec.start();
                run(device, step, warmup);
                measured = Instant.now();
                r = run(device, step, seconds);
                rec.stop();
                rec.dump(jfr);
            }
            String threads = device.info().details().getOrDefault("threads", "null");
            System.out.printf(Locale.ROOT, "{\"work\":\"%s\",%s,\"threads\":%s,\"steps\":%d,\"wall_gflops\":%.2f,"
                    + "\"process_cpu_gflops\":%.2f,\"caller_cpu_gflops\":%.2f,\"ms_per_step\":%.3f,"
                    + "\"process_cpu_ms_per_step\":%.3f}%n", work, label, threads, r.steps,
                    flopsPerStep * r.steps / r.wall / 1e9, flopsPerStep * r.steps / r.processCpu / 1e9,
                    flopsPerStep * r.steps / r.callerCpu / 1e9, r.wall * 1e3 / r.steps,
                    r.processCpu * 1e3 / r.steps);
            report(jfr, measured);
        }
    }

    private record Result(int steps, double wall, double processCpu, double callerCpu) {
    }

    /** Runs {@code step} (synchronized) for at least {@code seconds} and two steps. */
    private static Result run(Device device, Runnable step, double seconds) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = ManagementFactory.getThreadMXBean();
        long p0 = os.getProcessCpuTime();
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        int steps = 0;
        while (steps < 2 || System.nanoTime() < end) {
            step.run();
            device.synchronize();
            steps++;
        }
        return new Result(steps, (System.nanoTime() - t0) * 1e-9, (os.getProcessCpuTime() - p0) * 1e-9,
                (threads.getCurrentThreadCpuTime() - c0) * 1e-9);
    }

    /** Prints the execution samples from {@code from} on by phase and the 15 most frequent top frames. */
    private static void report(Path jfr, Instant from) throws IOException {
        Map<String, Long> phases = new LinkedHashMap<>();
        Map<String, Long> top = new LinkedHashMap<>();
        long total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null
                    || e.getStackTrace().getFrames().isEmpty() || e.getStartTime().isBefore(from)) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            total++;
            top.merge(name(frames.get(0)), 1L, Long::sum);
            phases.merge(phase(frames), 1L, Long::sum);
        }
        System.out.println("samples: " + total);
        print("phase", phases, total, Integer.MAX_VALUE);
        print("top frame", top, total, 15);
    }

    private static String phase(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String name = name(f);
            for (Map.Entry<String, String> p : PHASES) {
                if (name.contains(p.getKey())) {
                    return p.getValue();
                }
            }
        }
        return "other";
    }

    private static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    private static void print(String title, Map<String, Long> counts, long total, int limit) {
        System.out.printf(Locale.ROOT, "%-60s %8s %7s%n", title, "samples", "share");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(limit)
                .forEach(en -> System.out.printf(Locale.ROOT, "%-60s %8d %6.1f%%%n", en.getKey(), en.getValue(),
                        100.0 * en.getValue() / total));
    }
}
