package dev.tessera.train;

/**
 * Thrown when a training loss is NaN or infinite and the trainer is set to stop on it; the message names the
 * epoch, the batch and the global step. The trainer finds it on the device and raises it at the next sync (see
 * {@link TrainerConfig.NanPolicy#STOP}).
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The epoch's number, counted from 1. */
    private final int epoch;
    /** The 0-based batch within the epoch. */
    private final int batch;
    /** Optimizer steps taken before. */
    private final long step;

    /**
     * A loss that was not finite at 0-based {@code batch} of epoch number {@code epoch} (global optimizer step
     * {@code step}), found on the device at a later sync, so its value is not known and the steps after it have
     * been applied.
     */
    public TrainingDivergedException(int epoch, int batch, long step) {
        super("training loss is not finite (NaN or infinite) at epoch " + epoch + ", batch " + (batch + 1)
                + " (optimizer step " + step + "); found on the device at the next sync, so the parameters hold the "
                + "updates after it (resume from a checkpoint); lower the learning rate, clip gradients, or set "
                + "NanPolicy.SKIP to skip such steps");
        this.epoch = epoch;
        this.batch = batch;
        this.step = step;
    }

    /** The epoch's number, counted from 1. */
    public int epoch() {
        return epoch;
    }

    /** The 0-based batch within the epoch. */
    public int batch() {
        return batch;
    }

    /** The number of optimizer steps taken before. */
    public long step() {
        return step;
    }
}
