package dev.tessera.optim.schedule;

import dev.tessera.optim.Optimizer;
import dev.tessera.optim.ParamGroup;
import java.util.Map;

/**
 * A learning-rate schedule: the rate at step t (a step being an optimizer step or an epoch, as the caller decides)
 * for a group whose base rate is {@code base}. Schedules that depend only on the step are pure functions of it and
 * equal PyTorch's closed forms; the others ({@link ReduceOnPlateau}, {@link Newbob}) also react to a validation
 * metric given to {@link #observe} and keep that state, which {@link #state()} exports for checkpoints.
 *
 * <p>Convention, as in PyTorch: {@code rate(0, base)} is the rate of the first step; PyTorch's
 * {@code optimizer.param_groups[0]['lr']} after t calls of {@code scheduler.step()} is {@code rate(t, base)}.
 */
public interface LrSchedule {
    /** The learning rate at step {@code step} (from 0) for a group whose initial rate is {@code base}. */
    double rate(long step, double base);

    /** Takes the validation metric measured after a step or epoch; schedules driven only by the step ignore it. */
    default void observe(double metric) {
    }

    /** Whether the schedule asks training to stop (e.g. newbob after its last halving); false by default. */
    default boolean shouldStop() {
        return false;
    }

    /** The state a checkpoint must save to resume this schedule exactly (empty for pure functions of the step). */
    default Map<String, String> state() {
        return Map.of();
    }

    /**
     * Restores what {@link #state()} saved.
     *
     * @throws IllegalArgumentException when a key is missing or malformed
     */
    default void loadState(Map<String, String> state) {
    }

    /** Sets every group of {@code optimizer} to {@code rate(step, group.initialLr())}. */
    default void apply(Optimizer optimizer, long step) {
        for (ParamGroup g : optimizer.groups()) {
            g.setLr(rate(step, g.initialLr()));
        }
    }

    /** The rate {@code base} at every step. */
    static LrSchedule constant() {
        return (step, base) -> base;
    }

    /** Reads a required key of a saved state. */
    static String require(String schedule, Map<String, String> state, String key) {
        String v = state.get(key);
        if (v == null) {
            throw new IllegalArgumentException(schedule + ".loadState: missing '" + key + "' (have " + state.keySet()
                    + ")");
        }
        return v;
    }

    /** Checks a non-negative step. */
    static void checkStep(String schedule, long step) {
        if (step < 0) {
            throw new IllegalArgumentException(schedule + ": step must be >= 0, got " + step);
        }
    }
}
