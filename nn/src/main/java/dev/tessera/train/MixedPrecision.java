package dev.tessera.train;

import dev.tessera.Autocast;
import dev.tessera.Device;
import dev.tessera.MatmulPrecision;
import dev.tessera.Tensor;
import dev.tessera.Tessera;
import dev.tessera.optim.GradScaler;
import dev.tessera.optim.Optimizer;
import java.util.Map;

/**
 * What a {@link Precision} changes in the {@link Trainer}'s step, at two points: the forward pass and loss run
 * inside {@link #autocast()}, and the backward pass and update go through {@link #scale}, {@link #unscale} (before
 * clipping) and {@link #step}. FP32 and TF32 leave the step as it is; BF16 adds autocast; FP16 adds autocast and a
 * {@link GradScaler} (whose state goes into checkpoints, {@link #state()}).
 */
final class MixedPrecision {
    private final Precision precision;
    private final Device device;
    private final GradScaler scaler;

    /**
     * The step changes of {@code precision} for a model on {@code device}. TF32 sets the process-wide FLOAT32 matmul
     * precision to {@link MatmulPrecision#HIGH} ({@link Tessera#setFloat32MatmulPrecision}), as a PyTorch user sets
     * {@code torch.backends.cuda.matmul.allow_tf32}; backends without TF32 units (reference, cpu, OpenCL) compute in
     * FP32 either way, as PyTorch does on the CPU.
     *
     * @throws IllegalArgumentException when the device cannot store the autocast type
     *                                  ({@link Precision#checkDevice})
     */
    MixedPrecision(Precision precision, Device device) {
        precision.checkDevice(device);
        if (precision == Precision.TF32) {
            Tessera.setFloat32MatmulPrecision(MatmulPrecision.HIGH);
        }
        this.precision = precision;
        this.device = device;
        this.scaler = precision == Precision.FP16 ? new GradScaler() : null;
    }

    /** The autocast scope of the forward pass and loss, or null (no scope) when the mode has none. */
    Autocast autocast() {
        return precision.autocast(device);
    }

    /** The loss to differentiate: scaled by the GradScaler in FP16, else {@code loss} itself. */
    Tensor scale(Tensor loss) {
        return scaler == null ? loss : scaler.scale(loss);
    }

    /** Divides the gradients by the loss scale (FP16), before anything reads them (clipping, norms). */
    void unscale(Optimizer optimizer) {
        if (scaler != null) {
            scaler.unscale(optimizer);
        }
    }

    /** Steps the optimizer: in FP16 only when the gradients are finite, then adjusts the scale. */
    void step(Optimizer optimizer) {
        if (scaler == null) {
            optimizer.step();
        } else {
            scaler.step(optimizer);
            scaler.update();
        }
    }

    /** The state a checkpoint keeps: the GradScaler's (FP16), else nothing. */
    Map<String, String> state() {
        return scaler == null ? Map.of() : scaler.state();
    }

    /**
     * Restores {@link #state()} from a checkpoint's metadata (FP16; a checkpoint of another mode starts from the
     * initial scale).
     *
     * @throws IllegalArgumentException when the saved state is malformed
     */
    void loadState(Map<String, String> metadata) {
        if (scaler != null && metadata.containsKey(GradScaler.PREFIX + "scale")) {
            scaler.loadState(metadata);
        }
    }
}
