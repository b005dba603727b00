package dev.tessera.bench;

import dev.tessera.Autocast;
import dev.tessera.DType;
import dev.tessera.DeferredChecks;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
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

/**
 * The {@code mlp_step} work as a user of the nn layer runs it: a ReLU MLP of {@link Linear} layers, cross-entropy and
 * Adam (lr 1e-3) on a fixed random batch, stepped by {@link CompiledStep}, captured as a graph or eager, optionally
 * under {@link Autocast} (FLOAT32 master weights, as {@code torch.autocast}). Label range checks are deferred, as the
 * Trainer defers them (no host read in a step).
 */
final class ModuleMlpWorkload implements AutoCloseable {
    private final Module model;
    private final CompiledStep step;
    private final Tensor x;
    private final Tensor labels;
    private final DType autocast;
    private long steps;

    /**
     * @param layers   widths, input first
     * @param batch    rows per step
     * @param capture  whether steps are captured as a graph (eager when the device cannot; see {@link #eagerReason})
     * @param autocast the half type of an autocast scope around each step, or null for none
     */
    ModuleMlpWorkload(Device device, int[] layers, int batch, boolean capture, DType autocast) {
        TensorOptions o = TensorOptions.defaults().onDevice(device).seeded(1);
        List<Module> parts = new ArrayList<>();
        for (int i = 0; i + 1 < layers.length; i++) {
            parts.add(new Linear(layers[i], layers[i + 1], true, o.seeded(i + 1)));
            if (i + 2 < layers.length) {
                parts.add(new ReLU());
            }
        }
        model = new Sequential(parts.toArray(new Module[0]));
        Optimizer adam = Optimizers.adam(model.namedParameters()).lr(1e-3).build();
        step = CompiledStep.builder(model, new CrossEntropyLoss(), adam).capture(capture).build();
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = (int) ((i * 2654435761L) % layers[layers.length - 1]);
        }
        x = Tensor.normal(new Generator(7), 0, 1, Shape.of(batch, layers[0]), DType.FLOAT32, device);
        labels = Tensor.of(device, y, batch);
        this.autocast = autocast;
    }

    /** One training step, queued on the device. */
    void step() {
        run();
    }

    /** One training step and its loss (read back: waits for the device). */
    double stepLoss() {
        return run().item();
    }

    private Tensor run() {
        try (DeferredChecks.Context c = DeferredChecks.defer("bench step " + steps++)) {
            if (autocast == null) {
                return step.run(x, labels);
            }
            try (Autocast a = Autocast.enable(autocast)) {
                return step.run(x, labels);
            }
        }
    }

    /** Why the steps run eagerly although capture was asked for, or "" (captured, or capture not asked for). */
    String eagerReason() {
        return step.eagerReason().orElse("");
    }

    @Override
    public void close() {
        step.close();
        x.close();
        labels.close();
        model.close();
    }
}
