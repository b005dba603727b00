package dev.tessera.bench;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.Tessera;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Module;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.TensorOptions;
import dev.tessera.optim.Optimizer;
import dev.tessera.optim.Optimizers;
import dev.tessera.train.CompiledStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Milliseconds per training step of an MLP (ReLU hidden layers, softmax cross-entropy, Adam 1e-3) run by
 * {@link CompiledStep} eagerly and captured as a graph, interleaved in one JVM (eager, captured, eager, captured,
 * ...), each run warmed up for the given seconds before it is timed for as long again. Index checks are off in both
 * (a label range check would make the captured side fall back to eager). Prints one raw line per run and the
 * captured side's eager reason, if any. Usage:
 * {@code CapturedStepBench DEVICE LAYERS BATCH ROUNDS SECONDS}, e.g. {@code cuda:0 784,1024,1024,10 256 3 5}.
 */
public final class CapturedStepBench {
    private CapturedStepBench() {
    }

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: CapturedStepBench DEVICE LAYERS BATCH ROUNDS SECONDS, e.g. "
                    + "cuda:0 784,1024,1024,10 256 3 5");
        }
        Device device = Device.of(args[0]);
        String[] widths = args[1].split(",");
        int[] layers = new int[widths.length];
        for (int i = 0; i < widths.length; i++) {
            layers[i] = Integer.parseInt(widths[i].trim());
        }
        int batch = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        double seconds = Double.parseDouble(args[4]);
        Tessera.setIndexChecks(false);
        System.out.printf(Locale.ROOT, "device=%s layers=%s batch=%d rounds=%d seconds=%.1f%n", device.spec(),
                args[1], batch, rounds, seconds);
        for (int r = 1; r <= rounds; r++) {
            for (boolean capture : new boolean[]{false, true}) {
                System.out.println(run(device, layers, batch, seconds, capture, r));
            }
        }
    }

    /** One warmed-up, timed run; its raw result line. */
    private static String run(Device device, int[] layers, int batch, double seconds, boolean capture, int round) {
        TensorOptions o = TensorOptions.defaults().onDevice(device).seeded(1);
        List<Module> parts = new ArrayList<>();
        for (int i = 0; i + 1 < layers.length; i++) {
            parts.add(new Linear(layers[i], layers[i + 1], true, o.seeded(i + 1)));
            if (i + 2 < layers.length) {
                parts.add(new ReLU());
            }
        }
        Module model = new Sequential(parts.toArray(new Module[0]));
        Optimizer adam = Optimizers.adam(model.namedParameters()).lr(1e-3).build();
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = (int) ((i * 2654435761L) % layers[layers.length - 1]);
        }
        try (Tensor x = Tensor.normal(new Generator(7), 0, 1, Shape.of(batch, layers[0]), DType.FLOAT32, device);
             Tensor labels = Tensor.of(device, y, batch);
             CompiledStep step = CompiledStep.builder(model, new CrossEntropyLoss(), adam).capture(capture).build()) {
            long steps = 0;
            long warmEnd = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < warmEnd) {
                step.run(x, labels);
                steps++;
            }
            device.synchronize();
            long start = System.nanoTime();
            long timed = 0;
            while (System.nanoTime() - start < seconds * 1e9) {
                step.run(x, labels);
                timed++;
            }
            device.synchronize();
            double ms = (System.nanoTime() - start) / 1e6 / timed;
            double loss = step.run(x, labels).item();
            return String.format(Locale.ROOT, "round=%d mode=%s ms_per_step=%.4f timed_steps=%d warmup_steps=%d "
                    + "loss=%.5f eager_reason=%s", round, capture ? "captured" : "eager", ms, timed, steps, loss,
                    step.eagerReason().orElse("-").replace(' ', '_'));
        } finally {
            model.close();
        }
    }
}
