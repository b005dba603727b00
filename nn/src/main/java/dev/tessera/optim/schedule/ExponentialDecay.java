package dev.tessera.optim.schedule;

import dev.tessera.nn.Require;

/**
 * Exponential decay {@code base * gamma^t} (PyTorch {@code ExponentialLR}); the notes' "multiply by
 * exp(rate * epoch)" is gamma = e^rate.
 */
public final class ExponentialDecay implements LrSchedule {
    private final double gamma;

    /**
     * Multiply by {@code gamma} every step.
     *
     * @throws IllegalArgumentException when gamma is negative
     */
    public ExponentialDecay(double gamma) {
        Require.nonNegative("ExponentialDecay", "gamma", gamma);
        this.gamma = gamma;
    }

    @Override
    public double rate(long step, double base) {
        LrSchedule.checkStep("ExponentialDecay", step);
        return base * Math.pow(gamma, step);
    }
}
