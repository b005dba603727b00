package dev.tessera.spark;

import dev.tessera.Device;
import dev.tessera.loss.Loss;
import dev.tessera.nn.Module;
import dev.tessera.optim.Optimizer;
import dev.tessera.optim.schedule.LrSchedule;
import java.io.Serializable;

/**
 * What every worker of a data-parallel run builds for itself: the model, the loss, the optimizer and the schedule.
 * It is shipped to the executors, so it must be serializable and hold only small values (sizes, rates, seeds), never
 * tensors. Contract: {@link #model} called twice with the same device gives the same initial weights (seed the
 * initialization), so every replica starts equal; {@link #loss} reduces by the MEAN over the batch, so the average of
 * the workers' gradients is the gradient of the global batch.
 */
public interface TrainingRecipe extends Serializable {
    /** A fresh model on {@code device}, initialized from a fixed seed. */
    Module model(Device device);

    /** The training loss of {@code model}'s output (mean over the batch). */
    Loss loss(Module model);

    /** A fresh optimizer over {@code model}'s parameters, at its base (unscaled) learning rate. */
    Optimizer optimizer(Module model);

    /** The schedule applied at every optimizer step; constant by default. */
    default LrSchedule schedule() {
        return LrSchedule.constant();
    }
}
