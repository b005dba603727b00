package dev.tessera.train;

import dev.tessera.Autocast;
import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.EnumNames;
import java.util.Arrays;
import java.util.Locale;

/**
 * The numeric precision of a training run ({@link TrainerConfig#precision()}, the CLI's {@code --precision}).
 * Parameters, gradients and optimizer state stay FLOAT32 in every mode (master weights); the modes differ in what the
 * forward pass and the loss compute in.
 */
public enum Precision {
    /** Everything in FLOAT32. */
    FP32(null),
    /** Forward and loss under {@link dev.tessera.Autocast} with BFLOAT16 (FLOAT32's range: no loss scaling). */
    BF16(DType.BFLOAT16),
    /**
     * Forward and loss under {@link dev.tessera.Autocast} with FLOAT16, the loss scaled by a
     * {@link dev.tessera.optim.GradScaler} so that small gradients survive FLOAT16's range.
     */
    FP16(DType.FLOAT16),
    /**
     * FLOAT32 tensors whose matrix products may round their operands to TF32 on devices with TF32 units (CUDA): a
     * Trainer in this mode sets {@link dev.tessera.MatmulPrecision#HIGH} process-wide. Elsewhere, the CPU included,
     * the same as FP32, as PyTorch ignores {@code allow_tf32} on the CPU.
     */
    TF32(null);

    private final DType half;

    Precision(DType half) {
        this.half = half;
    }

    /** The autocast type of this mode, or null when the forward pass runs in FLOAT32. */
    public DType autocastType() {
        return half;
    }

    /**
     * The mode named {@code name} ({@code fp32}, {@code bf16}, {@code fp16} or {@code tf32}, any case).
     *
     * @throws IllegalArgumentException naming the value and the accepted names otherwise
     */
    public static Precision parse(String name) {
        return EnumNames.find(Precision.class, name, EnumNames::isLowerName)
                .orElseThrow(() -> new IllegalArgumentException("precision: '" + name + "' is not one of "
                        + Arrays.stream(values()).map(Precision::label).toList()));
    }

    /**
     * Checks that {@code device} can run this mode: it must store the autocast type.
     *
     * @throws IllegalArgumentException in one line naming the mode, the device and the type otherwise (never a
     *                                  silent FLOAT32 run)
     */
    public void checkDevice(Device device) {
        if (half != null && !device.supports(half)) {
            throw new IllegalArgumentException("precision " + label() + ": device " + device + " cannot store " + half
                    + " tensors (use --precision fp32 there)");
        }
    }

    /**
     * The autocast scope this mode runs a forward pass in on {@code device}, or null (no scope: FLOAT32) for FP32
     * and TF32. For try-with-resources, which skips a null resource.
     *
     * @throws IllegalArgumentException when the device cannot store the autocast type ({@link #checkDevice})
     */
    public Autocast autocast(Device device) {
        checkDevice(device);
        return half == null ? null : Autocast.enable(half);
    }

    /** The lower-case name the CLI and config.json use. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
