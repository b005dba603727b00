package dev.tessera.train;

/**
 * Receives a {@link Trainer}'s progress: for progress bars, per-epoch log lines, metric files, plots. Every method
 * does nothing by default; the trainer calls them on its own thread, in order. Batch and step events
 * ({@link #onBatchEnd}, {@link #onStep}) arrive in bursts at the trainer's syncs, with exact values, so that a step
 * need not wait for the device to read its loss (see {@link TrainerConfig.Builder#listenerSync}).
 */
public interface TrainingListener {
    /**
     * Training starts, or resumes after the epochs already in {@code history} (empty for a fresh run); it will run
     * up to {@code epochs} epochs in total.
     */
    default void onTrainStart(TrainingHistory history, int epochs) {
    }

    /** Epoch number {@code epoch} (counted from 1) starts; it has {@code batches} batches, or -1 when unknown. */
    default void onEpochStart(int epoch, int batches) {
    }

    /**
     * A training batch is done.
     *
     * @param epoch   the epoch's number, counted from 1
     * @param batch   its 0-based index in the epoch
     * @param batches batches in the epoch, or -1 when unknown
     * @param loss    its loss (not finite when the step was skipped)
     * @param skipped whether the step was skipped because the loss was not finite
     */
    default void onBatchEnd(int epoch, int batch, int batches, double loss, boolean skipped) {
    }

    /**
     * Whether this listener wants the gradient norm of optimizer step {@code step} in its {@link StepMetrics}.
     * Computing it costs a reduction over every gradient and a wait for the device, so ask only for the steps that
     * are logged; it is free on steps that clip by norm (the trainer computes it anyway). Default: never.
     */
    default boolean wantsGradientNorm(long step) {
        return false;
    }

    /** An optimizer step is done (its parameters updated). */
    default void onStep(StepMetrics metrics) {
    }

    /** An epoch is done, validation included. */
    default void onEpochEnd(EpochMetrics metrics) {
    }

    /** Training ended, normally or early; {@code history} holds every epoch, those before a resume included. */
    default void onTrainEnd(TrainingHistory history) {
    }
}
