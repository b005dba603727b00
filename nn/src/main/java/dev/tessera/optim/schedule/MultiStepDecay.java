package dev.tessera.optim.schedule;

import dev.tessera.nn.Require;
import java.util.Arrays;

/**
 * Multi-step decay: {@code base * gamma^m(t)}, m(t) the number of milestones {@code <= t} (PyTorch
 * {@code MultiStepLR}).
 */
public final class MultiStepDecay implements LrSchedule {
    private final long[] milestones;
    private final double gamma;

    /**
     * Decay by {@code gamma} at each milestone (steps, strictly increasing).
     *
     * @throws IllegalArgumentException when milestones are negative or not increasing, or gamma is negative
     */
    public MultiStepDecay(double gamma, long... milestones) {
        for (int i = 0; i < milestones.length; i++) {
            if (milestones[i] < 0 || (i > 0 && milestones[i] <= milestones[i - 1])) {
                throw new IllegalArgumentException("MultiStepDecay: milestones must be non-negative and strictly "
                        + "increasing, got " + Arrays.toString(milestones));
            }
        }
        Require.nonNegative("MultiStepDecay", "gamma", gamma);
        this.milestones = milestones.clone();
        this.gamma = gamma;
    }

    @Override
    public double rate(long step, double base) {
        LrSchedule.checkStep("MultiStepDecay", step);
        int passed = 0;
        while (passed < milestones.length && milestones[passed] <= step) {
            passed++;
        }
        return base * Math.pow(gamma, passed);
    }
}
