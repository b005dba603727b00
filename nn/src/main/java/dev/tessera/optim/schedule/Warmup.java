package dev.tessera.optim.schedule;

import dev.tessera.nn.Require;
import java.util.Map;

/**
 * Linear warm-up in front of any schedule: for {@code t < W} the rate rises linearly,
 * {@code base (s + (1 - s) t / W)} with start factor s; from {@code t = W} on it is {@code inner.rate(t - W, base)},
 * so the inner schedule starts when the warm-up ends. With a constant inner schedule this is PyTorch's
 * {@code LinearLR(start_factor=s, end_factor=1, total_iters=W)}; with another it is
 * {@code SequentialLR([LinearLR(...), inner], milestones=[W])}. Metrics, stop requests and state pass through to
 * the inner schedule.
 */
public final class Warmup implements LrSchedule {
    private final long steps;
    private final double startFactor;
    private final LrSchedule inner;

    /**
     * Warm up over {@code steps} steps from {@code startFactor * base}, then follow {@code inner}.
     *
     * @throws IllegalArgumentException when steps is negative or startFactor outside (0, 1]
     */
    public Warmup(long steps, double startFactor, LrSchedule inner) {
        Require.atLeast("Warmup", "steps", steps, 0);
        Require.in("Warmup", "startFactor", startFactor, Require.Unit.OPEN_CLOSED);
        this.steps = steps;
        this.startFactor = startFactor;
        this.inner = inner;
    }

    @Override
    public double rate(long step, double base) {
        LrSchedule.checkStep("Warmup", step);
        if (step < steps) {
            return base * (startFactor + (1 - startFactor) * step / steps);
        }
        return inner.rate(step - steps, base);
    }

    @Override
    public void observe(double metric) {
        inner.observe(metric);
    }

    @Override
    public boolean shouldStop() {
        return inner.shouldStop();
    }

    @Override
    public Map<String, String> state() {
        return inner.state();
    }

    @Override
    public void loadState(Map<String, String> state) {
        inner.loadState(state);
    }
}
