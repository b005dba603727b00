package dev.tessera.optim.schedule;

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
        if (tMax < 1) {
            throw new IllegalArgumentException("CosineAnnealing: tMax must be >= 1, got " + tMax);
        }
        if (!(etaMin >= 0)) {
            throw new IllegalArgumentException("CosineAnnealing: etaMin must be >= 0, got " + etaMin);
        }
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    @Override
    public double rate(long step, double base) {
        LrSchedule.checkStep("CosineAnnealing", step);
        return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * step / tMax)) / 2;
    }
}
