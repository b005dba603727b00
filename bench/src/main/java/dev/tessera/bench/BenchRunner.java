package dev.tessera.bench;

import dev.tessera.AdamHyperparameters;
import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.MatmulPrecision;
import dev.tessera.ParameterUpdates;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.Tessera;
import dev.tessera.backend.DeviceInfo;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The device benchmark behind {@code tessera bench}: SGEMM, the MLP training step, memory-bound elementwise ops,
 * softmax cross-entropy, the Adam step, per-op dispatch cost and a Conv2d forward + backward ({@link ConvWorkload}),
 * timed as medians after warm-up, written only against the public API (so it serves every backend).
 *
 * <pre>
 *   BenchRunner [--device DEV] [--json] [--quick] [--only work,work,...]
 * </pre>
 * With {@code --json} it prints one JSON object per line, e.g.
 * <pre>
 *   {"work":"sgemm","device":"cpu","n":1024,"threads":2,"gflops":612.3,"ms":3.51}
 *   {"work":"mlp_step","device":"cpu","layers":"784-1024-1024-10","batch":256,"ms":9.1,"samples_per_s":28131}
 *   {"work":"relu","device":"cpu","n":67108864,"gbps":41.2,"ms":13.0}
 *   {"work":"conv2d","device":"cpu","shape":"128x32x28x28-64-k3p1","batch":128,"threads":2,"ms":160.2,"gflops":69.6}
 * </pre>
 * and otherwise the same records as aligned text, one table per work (see {@link TextTable}) printed when the work
 * ends. Each work warms up for a second or more first (5 s for the
 * training steps: on the CPU backend the JIT needs about that long to compile every kernel of a step) and then until
 * its run time is stable ({@link Timer}), then reports the median of its timed runs. {@code --quick} uses small sizes and short budgets (a smoke test). Works:
 * {@value #WORKS}.
 */
public final class BenchRunner {
    static final String WORKS = "sgemm,mlp_step,lstm_step,relu,add,mul2,softmax_xent,adam,dispatch,conv2d";

    private final Device device;
    private final boolean json;
    private final boolean quick;
    private final PrintStream out;
    /** How mlp_step and sgemm run: eager or captured, and the precision. */
    private final Settings settings;
    /** The text mode's records of the work running now, printed as one table when it ends. */
    private final List<Map<String, Object>> table = new ArrayList<>();

    /**
     * How the training step and the products run, and the mode name each JSON record carries.
     *
     * @param capture   mlp_step through {@link dev.tessera.train.CompiledStep} with step capture (falls back to eager
     *                  where the device cannot capture, named in the record's {@code eager_reason})
     * @param precision fp32, tf32 (FLOAT32 products at {@link MatmulPrecision#HIGH}), bf16 or fp16 (mlp_step under
     *                  {@link dev.tessera.Autocast}, sgemm on tensors of that type)
     * @param mode      the label recorded as {@code "mode"}
     */
    record Settings(boolean capture, String precision, String mode) {
        static final Settings DEFAULT = new Settings(false, "fp32", "eager");

        /** The default mode name: eager, graph, bf16, bf16_graph, tf32, ... */
        static String modeName(String precision, boolean capture) {
            if (precision.equals("fp32")) {
                return capture ? "graph" : "eager";
            }
            return capture ? precision + "_graph" : precision;
        }

        /** The half type of bf16 or fp16, else null. */
        DType half() {
            return switch (precision) {
                case "bf16" -> DType.BFLOAT16;
                case "fp16" -> DType.FLOAT16;
                default -> null;
            };
        }
    }

    BenchRunner(Device device, boolean json, boolean quick, PrintStream out) {
        this(device, json, quick, out, Settings.DEFAULT);
    }

    BenchRunner(Device device, boolean json, boolean quick, PrintStream out, Settings settings) {
        this.device = device;
        this.json = json;
        this.quick = quick;
        this.out = out;
        this.settings = settings;
    }

    /** Command-line entry: see the class comment. Exit status 2 on bad arguments. */
    public static void main(String[] args) {
        String spec = null;
        boolean json = false;
        boolean quick = false;
        boolean capture = false;
        String precision = "fp32";
        String mode = null;
        Set<String> only = new LinkedHashSet<>(List.of(WORKS.split(",")));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--device" -> spec = value(args, ++i, "--device");
                case "--json" -> json = true;
                case "--quick" -> quick = true;
                case "--capture" -> capture = true;
                case "--precision" -> {
                    precision = value(args, ++i, "--precision");
                    if (!List.of("fp32", "tf32", "bf16", "fp16").contains(precision)) {
                        usage("--precision must be fp32, tf32, bf16 or fp16, got '" + precision + "'");
                    }
                }
                case "--mode" -> mode = value(args, ++i, "--mode");
                case "--only" -> {
                    only = new LinkedHashSet<>(List.of(value(args, ++i, "--only").split(",")));
                    for (String w : only) {
                        if (!List.of(WORKS.split(",")).contains(w)) {
                            usage("unknown work '" + w + "' (known: " + WORKS + ")");
                        }
                    }
                }
                case "--help", "-h" -> {
                    System.out.println("usage: BenchRunner [--device DEV] [--json] [--quick] [--only WORKS] "
                            + "[--capture] [--precision fp32|tf32|bf16|fp16] [--mode NAME]\nworks: " + WORKS);
                    return;
                }
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        Device device = spec == null ? Device.defaultDevice() : Device.of(spec);
        if (precision.equals("tf32")) {
            Tessera.setFloat32MatmulPrecision(MatmulPrecision.HIGH);
        }
        Settings settings = new Settings(capture, precision, mode != null ? mode : Settings.modeName(precision, capture));
        new BenchRunner(device, json, quick, System.out, settings).run(only);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            usage(flag + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("bench: " + problem + "\nusage: BenchRunner [--device DEV] [--json] [--quick] "
                + "[--only WORKS] [--capture] [--precision fp32|tf32|bf16|fp16] [--mode NAME]");
        System.exit(2);
    }

    /**
     * Runs the named works (a subset of {@link #WORKS}) on {@code device} and prints the records to {@code out}: the
     * entry point of {@code tessera bench}.
     *
     * @throws IllegalArgumentException naming an unknown work
     */
    public static void run(Device device, boolean json, boolean quick, Set<String> works, PrintStream out) {
        for (String w : works) {
            if (!List.of(WORKS.split(",")).contains(w)) {
                throw new IllegalArgumentException("bench: unknown work '" + w + "' (known: " + WORKS + ")");
            }
        }
        new BenchRunner(device, json, quick, out).run(works);
    }

    /** The works {@link #run(Device, boolean, boolean, Set, PrintStream)} knows, comma-separated. */
    public static String works() {
        return WORKS;
    }

    /** Runs the named works in the order of {@link #WORKS}. */
    void run(Set<String> works) {
        for (String w : WORKS.split(",")) {
            if (!works.contains(w)) {
                continue;
            }
            switch (w) {
                case "sgemm" -> sgemm();
                case "mlp_step" -> mlpStep();
                case "lstm_step" -> lstmStep();
                case "relu" -> relu();
                case "add" -> add();
                case "mul2" -> mul2();
                case "softmax_xent" -> softmaxXent();
                case "adam" -> adam();
                case "dispatch" -> dispatch();
                case "conv2d" -> conv2d();
                default -> throw new IllegalStateException(w);
            }
            if (!table.isEmpty()) {
                out.println(TextTable.format(table));
                out.flush();
                table.clear();
            }
        }
    }

    // ---------------------------------------------------------------- works

    private void sgemm() {
        int[] sizes = quick ? new int[]{128, 256} : new int[]{256, 512, 1024, 2048, 4096};
        Generator g = new Generator(1);
        for (int n : sizes) {
            try (Scope s = Scope.open()) {
                DType dtype = settings.half() != null ? settings.half() : DType.FLOAT32;
                Tensor a = Tensor.normal(g, 0, 1, Shape.of(n, n), dtype, device);
                Tensor b = Tensor.normal(g, 0, 1, Shape.of(n, n), dtype, device);
                double sec = Timer.median(device, () -> a.matmul(b).close(), quick ? 0.05 : 1.0,
                        quick ? 0.05 : 2.0, 3, 200);
                Map<String, Object> r = record("sgemm");
                r.put("n", n);
                threads(r);
                r.put("gflops", 2.0 * n * n * (double) n / sec / 1e9);
                r.put("ms", sec * 1e3);
                emit(r);
            }
        }
    }

    /**
     * The MLP training step: 784-1024-1024-10 at batch 256 and 1024 on a CPU, and on an accelerator issue 13's shapes
     * (784-1024-1024-10 at 256 and 4096, 784-4096-4096-4096-10 at 4096). With {@link Settings#capture} or a half
     * precision it runs as a user of nn would ({@link ModuleMlpWorkload}), else over the bare tensor API.
     */
    private void mlpStep() {
        int[][] shapes;
        if (quick) {
            shapes = new int[][]{{64, 128, 10}};
        } else if (device.info().kind() == DeviceInfo.Kind.CPU) {
            shapes = new int[][]{{784, 1024, 1024, 10}, {784, 1024, 1024, 10}};
        } else {
            shapes = new int[][]{{784, 1024, 1024, 10}, {784, 1024, 1024, 10}, {784, 4096, 4096, 4096, 10}};
        }
        int[] batches = quick ? new int[]{32} : device.info().kind() == DeviceInfo.Kind.CPU
                ? new int[]{256, 1024} : new int[]{256, 4096, 4096};
        boolean viaModules = settings.capture() || settings.half() != null;
        for (int i = 0; i < shapes.length; i++) {
            int[] layers = shapes[i];
            int batch = batches[i];
            String eagerReason = null;
            double sec;
            if (viaModules) {
                try (ModuleMlpWorkload w = new ModuleMlpWorkload(device, layers, batch, settings.capture(),
                        settings.half())) {
                    sec = Timer.median(device, w::step, quick ? 0.05 : 5.0, quick ? 0.05 : 3.0, 5, 500);
                    eagerReason = w.eagerReason();
                }
            } else {
                try (MlpWorkload w = new MlpWorkload(device, layers, batch)) {
                    sec = Timer.median(device, w::step, quick ? 0.05 : 5.0, quick ? 0.05 : 3.0, 5, 500);
                }
            }
            Map<String, Object> r = record("mlp_step");
            r.put("layers", join(layers));
            r.put("batch", batch);
            threads(r);
            r.put("ms", sec * 1e3);
            r.put("samples_per_s", batch / sec);
            if (eagerReason != null && !eagerReason.isEmpty()) {
                r.put("eager_reason", eagerReason);
            }
            emit(r);
        }
    }

    private void lstmStep() {
        int[] sizes = quick ? new int[]{30, 16, 32, 8, 4} : LstmWorkload.ANCHOR;
        try (LstmWorkload w = new LstmWorkload(device, sizes)) {
            double sec = Timer.median(device, w::step, quick ? 0.05 : 5.0, quick ? 0.05 : 3.0, 5, 500);
            Map<String, Object> r = record("lstm_step");
            r.put("vocab", sizes[0]);
            r.put("embedding", sizes[1]);
            r.put("hidden", sizes[2]);
            r.put("seq", sizes[3]);
            r.put("batch", sizes[4]);
            threads(r);
            r.put("ms", sec * 1e3);
            emit(r);
        }
    }

    private void relu() {
        streaming("relu", 1, 2, 8.0, x -> x[0].relu());
    }

    private void add() {
        streaming("add", 2, 3, 12.0, x -> x[0].add(x[1]));
    }

    /** {@code x * 2} on 64M floats, one launch per run (issue 13's elementwise bandwidth work). */
    private void mul2() {
        streaming("mul2", 1, 3, 8.0, x -> x[0].mul(2.0));
    }

    /**
     * A memory-bound elementwise work on 64M floats ({@code inputs} normal tensors drawn with seeds {@code seed},
     * {@code seed + 1}, ...), reported as bandwidth at {@code bytesPerElement} moved per element. Each output is
     * closed at once, so the next one reuses its memory.
     */
    private void streaming(String work, int inputs, long seed, double bytesPerElement,
                           java.util.function.Function<Tensor[], Tensor> op) {
        int n = quick ? 1 << 20 : 1 << 26;
        try (Scope s = Scope.open()) {
            Tensor[] x = new Tensor[inputs];
            for (int i = 0; i < inputs; i++) {
                x[i] = Tensor.normal(new Generator(seed + i), 0, 1, Shape.of(n), DType.FLOAT32, device);
            }
            double sec = Timer.median(device, () -> op.apply(x).close(), quick ? 0.05 : 1.0, quick ? 0.05 : 2.0, 5,
                    200);
            bandwidth(work, n, bytesPerElement * n, sec);
        }
    }

    private void softmaxXent() {
        int[][] shapes = quick ? new int[][]{{64, 10}} : new int[][]{{1024, 10}, {256, 1000}, {4096, 1000}};
        for (int[] shape : shapes) {
            try (Scope s = Scope.open()) {
                Generator g = new Generator(5);
                Tensor logits = Tensor.normal(g, 0, 3, Shape.of(shape[0], shape[1]), DType.FLOAT32, device)
                        .requiresGrad(true);
                int[] y = new int[shape[0]];
                for (int i = 0; i < y.length; i++) {
                    y[i] = (i * 7) % shape[1];
                }
                Tensor labels = Tensor.of(device, y, shape[0]);
                double sec = Timer.median(device, () -> {
                    try (Scope step = Scope.open()) {
                        logits.softmaxCrossEntropy(labels, null, 0).mean().backward();
                        logits.zeroGrad();
                    }
                }, quick ? 0.05 : 1.0, quick ? 0.05 : 2.0, 5, 2000);
                Map<String, Object> r = record("softmax_xent");
                r.put("rows", shape[0]);
                r.put("classes", shape[1]);
                r.put("ms", sec * 1e3);
                emit(r);
            }
        }
    }

    private void adam() {
        int[] layers = quick ? new int[]{64, 128, 10} : new int[]{784, 1024, 1024, 10};
        try (Scope s = Scope.open()) {
            OptimizerTensors t = OptimizerTensors.mlp(new Generator(6), layers, device);
            long count = t.count();
            long[] step = {0};
            double sec = Timer.median(device, () -> ParameterUpdates.adam(t.params(), t.grads(), t.first(), t.second(),
                    null, new AdamHyperparameters(1e-3, 0.9, 0.999, 1e-8, 0, false, false, ++step[0])),
                    quick ? 0.05 : 1.0, quick ? 0.05 : 2.0, 5, 2000);
            Map<String, Object> r = record("adam");
            r.put("params", count);
            r.put("ms", sec * 1e3);
            r.put("gbps", 16.0 * count / sec / 1e9 + 12.0 * count / sec / 1e9);
            emit(r);
        }
    }

    /** Conv2d forward + backward ({@link ConvWorkload}): [128, 32, 28, 28] to 64 channels, 3x3, padding 1. */
    private void conv2d() {
        int[] c = quick ? new int[]{8, 8, 12, 16} : new int[]{128, 32, 28, 64};
        try (ConvWorkload w = new ConvWorkload(device, c[0], c[1], c[2], c[3], 3, 1)) {
            double sec = Timer.median(device, w::step, quick ? 0.05 : 5.0, quick ? 0.05 : 3.0, 5, 200);
            Map<String, Object> r = record("conv2d");
            r.put("shape", c[0] + "x" + c[1] + "x" + c[2] + "x" + c[2] + "-" + c[3] + "-k3p1");
            r.put("batch", c[0]);
            threads(r);
            r.put("ms", sec * 1e3);
            r.put("gflops", w.flops() / sec / 1e9);
            emit(r);
        }
    }

    private void dispatch() {
        int ops = quick ? 1000 : 20000;
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.ones(Shape.of(16), DType.FLOAT32, device);
            Tensor b = Tensor.ones(Shape.of(16), DType.FLOAT32, device);
            double sec = Timer.median(device, () -> {
                for (int i = 0; i < ops; i++) {
                    a.add(b).close();
                }
            }, quick ? 0.05 : 1.0, quick ? 0.05 : 2.0, 5, 200);
            Map<String, Object> r = record("dispatch");
            r.put("op", "add");
            r.put("n", 16);
            r.put("ns_per_op", sec / ops * 1e9);
            emit(r);
        }
    }

    // ---------------------------------------------------------------- output

    private Map<String, Object> record(String work) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("work", work);
        r.put("device", device.spec());
        r.put("mode", settings.mode());
        return r;
    }

    /** Adds the device's thread count when it reports one (CPU devices). */
    private void threads(Map<String, Object> r) {
        String t = device.info().details().get("threads");
        if (t != null) {
            r.put("threads", Integer.parseInt(t));
        }
    }

    private void bandwidth(String work, int n, double bytes, double sec) {
        Map<String, Object> r = record(work);
        r.put("n", n);
        r.put("gbps", bytes / sec / 1e9);
        r.put("ms", sec * 1e3);
        emit(r);
    }

    private static String join(int[] layers) {
        StringBuilder sb = new StringBuilder();
        for (int l : layers) {
            sb.append(sb.length() == 0 ? "" : "-").append(l);
        }
        return sb.toString();
    }

    private void emit(Map<String, Object> r) {
        if (json) {
            out.println(toJson(r));
            out.flush();
        } else {
            table.add(r);
        }
    }

    /** One JSON object: strings quoted, integers as integers, doubles with 4 significant digits. */
    static String toJson(Map<String, Object> r) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : r.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(e.getKey()).append("\":").append(jsonValue(e.getValue()));
        }
        return sb.append('}').toString();
    }

    private static String jsonValue(Object v) {
        if (v instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.4g", d).replaceAll("e\\+?", "e");
        }
        return v.toString();
    }
}
