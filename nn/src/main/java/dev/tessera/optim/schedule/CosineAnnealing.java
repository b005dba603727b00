package dev.tessera.optim.schedule;

import dev.tessera.nn.Require;

/**
 * Cosine annealing {@code etaMin + (base - etaMin) (1 + cos(pi t / tMax)) / 2} (PyTorch
 * {@code CosineAnnealingLR}, closed form): from base at t = 0 down to etaMin at t = tMax; beyond, it rises again
 * periodically as PyTorch's does.
 */
public final class CosineAnnealing implements LrSchedule {
    private final long tMax;
    private final double etaMin;

    /**
     * Anneal over {@code tMax} steps down to PyTorch's default etaMin 0.
     *
     * @throws IllegalArgumentException when tMax &lt; 1
     */
    public CosineAnnealing(long tMax) {
        this(tMax, 0);
    }

    /**
     * Anneal over {@code tMax} steps down to {@code etaMin}.
     *
     * @throws IllegalArgumentException when tMax &lt; 1 or etaMin is negative
     */
    public CosineAnnealing(long tMax, double etaMin) {
        Require.atLeast("CosineAnnealing", "tMax", tMax, 1);
        Require.nonNegative("CosineAnnealing", "etaMin", etaMin);
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    @Override
    public double rate(long step, double base) {
        LrSchedule.checkStep("CosineAnnealing", step);
        return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * step / tMax)) / 2;
    }
}
