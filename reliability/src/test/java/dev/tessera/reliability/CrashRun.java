package dev.tessera.reliability;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.nn.Module;
import dev.tessera.nn.Sequential;
import dev.tessera.optim.Adam;
import dev.tessera.optim.schedule.Mode;
import dev.tessera.optim.schedule.ReduceOnPlateau;
import dev.tessera.train.TensorBatches;
import dev.tessera.train.Trainer;
import dev.tessera.train.TrainerConfig;

/**
 * The training run of the crash test, defined once so the child JVM that gets killed and the test's uninterrupted
 * reference run are the same computation: the soak MLP (batch norm, dropout) on the CPU, Adam, a plateau schedule
 * with state, shuffled mini-batches, everything from fixed seeds; its checkpoints are about 4 MiB.
 */
final class CrashRun implements AutoCloseable {
    /** Trainer seed (data order). */
    static final long SEED = 61;
    final Sequential model;
    final Adam optimizer;
    final ReduceOnPlateau schedule;
    private final Tensor x;
    private final Tensor y;
    final TensorBatches data;

    CrashRun(Device device) {
        model = new Sequential(Models.mlp(device, 62, 16, 128, 4), new Ballast(device));
        optimizer = new Adam(model.namedParameters(), 3e-3);
        schedule = new ReduceOnPlateau(Mode.MIN, 0.5, 2, 1e-3, true, 0, 0.0);
        x = Models.features(device, 63, 96, 16);
        y = Models.labels(device, x, 4);
        data = new TensorBatches(x, y, 16, true, false);
    }

    /**
     * A 4 MiB buffer that the model carries but does not use: it makes each checkpoint write last a few
     * milliseconds, so the kills aimed right after an epoch ends land inside the write.
     */
    private static final class Ballast extends Module {
        Ballast(Device device) {
            registerBuffer("data", Tensor.full(0.5, Shape.of(1 << 20), DType.FLOAT32, device));
        }

        @Override
        public Tensor forward(Tensor input) {
            return input;
        }
    }

    /** A trainer of this run with {@code config}. */
    Trainer trainer(TrainerConfig config) {
        return new Trainer(model, new CrossEntropyLoss(), optimizer, schedule, config);
    }

    @Override
    public void close() {
        optimizer.closeState();
        model.close();
        x.close();
        y.close();
    }
}
