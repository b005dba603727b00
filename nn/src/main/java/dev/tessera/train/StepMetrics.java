package dev.tessera.train;

/**
 * What one optimizer step did, for per-step logs. With gradient accumulation a step spans several micro-batches;
 * skipped (non-finite) batches do not count.
 *
 * @param step              the 0-based index of the step over the whole run
 * @param epoch             the number (from 1) of the epoch it belongs to
 * @param loss              the mean of its micro-batches' losses (read at the trainer's next sync)
 * @param lr                the learning rate of its first parameter group, as set for this step
 * @param gradientNorm      the global L2 norm of the gradients before clipping, or NaN when not computed this step
 *                          (see {@link TrainingListener#wantsGradientNorm})
 * @param samples           the examples it used
 * @param samplesPerSecond  its throughput: samples over the wall time from the end of the previous step (or the
 *                          epoch start) to the end of this one
 */
public record StepMetrics(long step, int epoch, double loss, double lr, double gradientNorm, long samples,
                          double samplesPerSecond) {
}
