package dev.tessera.train;

/**
 * Thrown when a training loss is NaN or infinite and the trainer is set to stop on it; the message names the
 * epoch, the batch and the global step.
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
     * The loss {@code loss} appeared in epoch number {@code epoch} (from 1), at 0-based {@code batch}, global optimizer
     * step {@code step}.
     */
    public TrainingDivergedException(double loss, int epoch, int batch, long step) {
        super("training loss is " + loss + " at epoch " + epoch + ", batch " + (batch + 1) + " (optimizer step "
                + step + "); lower the learning rate, clip gradients, or set NanPolicy.SKIP to skip such steps");
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
