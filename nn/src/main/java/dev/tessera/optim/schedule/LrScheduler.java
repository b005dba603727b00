package dev.tessera.optim.schedule;

import dev.tessera.optim.Optimizer;

/**
 * A schedule attached to an optimizer, PyTorch's {@code scheduler.step()} idiom: creating it sets every group to the
 * rate of step 0, and each {@link #step()} advances the count and sets {@code rate(t, group.initialLr())}, so after t
 * steps the groups hold {@code rate(t, base)} exactly as {@code optimizer.param_groups[i]['lr']} does in PyTorch.
 * The explicit form, {@link LrSchedule#apply(Optimizer, long)}, stays available.
 */
public final class LrScheduler {
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private long step;

    /**
     * Attaches {@code schedule} to {@code optimizer} and applies the rate of step 0.
     *
     * @throws IllegalArgumentException when either is null
     */
    public LrScheduler(Optimizer optimizer, LrSchedule schedule) {
        if (optimizer == null || schedule == null) {
            throw new IllegalArgumentException("LrScheduler: optimizer and schedule must not be null, got "
                    + optimizer + " and " + schedule);
        }
        this.optimizer = optimizer;
        this.schedule = schedule;
        schedule.apply(optimizer, 0);
    }

    /** Advances one step (an optimizer step or an epoch, as the caller decides) and sets the groups' rates. */
    public void step() {
        step++;
        schedule.apply(optimizer, step);
    }

    /** Gives the schedule a validation metric ({@link LrSchedule#observe}), then advances as {@link #step()}. */
    public void step(double metric) {
        schedule.observe(metric);
        step();
    }

    /** Steps taken so far. */
    public long steps() {
        return step;
    }

    /** The first group's current rate (PyTorch's {@code get_last_lr()[0]}). */
    public double lastLr() {
        return optimizer.groups().get(0).lr();
    }

    /** The schedule. */
    public LrSchedule schedule() {
        return schedule;
    }
}
