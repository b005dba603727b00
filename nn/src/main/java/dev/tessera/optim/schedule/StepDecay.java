package dev.tessera.optim.schedule;

import dev.tessera.nn.Require;

/**
 * Step decay: {@code base * gamma^floor(t / stepSize)}, the rate multiplied by gamma every {@code stepSize} steps
 * (PyTorch {@code StepLR}).
 */
public final class StepDecay implements LrSchedule {
    private final long stepSize;
    private final double gamma;

    /**
     * Decay by PyTorch's default gamma 0.1 every {@code stepSize} steps.
     *
     * @throws IllegalArgumentException when stepSize &lt; 1
     */
    public StepDecay(long stepSize) {
        this(stepSize, 0.1);
    }

    /**
     * Decay by {@code gamma} every {@code stepSize} steps.
     *
     * @throws IllegalArgumentException when stepSize &lt; 1 or gamma is negative
     */
    public StepDecay(long stepSize, double gamma) {
        Require.atLeast("StepDecay", "stepSize", stepSize, 1);
        Require.nonNegative("StepDecay", "gamma", gamma);
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    @Override
    public double rate(long step, double base) {
        LrSchedule.checkStep("StepDecay", step);
        return base * Math.pow(gamma, step / stepSize);
    }
}
