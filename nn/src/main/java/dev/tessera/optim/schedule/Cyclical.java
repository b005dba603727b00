package dev.tessera.optim.schedule;

import dev.tessera.nn.Require;

/**
 * Cyclical learning rates (Smith, arXiv 1506.01186; PyTorch {@code CyclicLR}, rates only): the rate moves linearly
 * between {@code baseLr} and {@code maxLr} in cycles of {@code up + down} steps. With
 * {@code c = floor(1 + t / (up + down))} and {@code x = 1 + t / (up + down) - c}, the height is {@code x / r} on the
 * way up ({@code x <= r = up / (up + down)}) and {@code (x - 1) / (r - 1)} on the way down, and
 * {@code rate = baseLr + (maxLr - baseLr) height scale}, scale being 1 (triangular), {@code 1 / 2^(c-1)}
 * (triangular2: the amplitude halves every cycle) or {@code gamma^t} (exp_range). The rates are absolute: the
 * group's base rate is not used.
 */
public final class Cyclical implements LrSchedule {
    /** How the amplitude changes from cycle to cycle. */
    public enum Policy {
        /** Constant amplitude. */
        TRIANGULAR,
        /** Amplitude halved each cycle. */
        TRIANGULAR2,
        /** Amplitude times gamma^t. */
        EXP_RANGE
    }

    private final double baseLr;
    private final double maxLr;
    private final long up;
    private final long down;
    private final Policy policy;
    private final double gamma;

    /**
     * A builder cycling between {@code baseLr} and {@code maxLr}, from PyTorch's {@code CyclicLR} defaults:
     * 2000 steps up, as many down, TRIANGULAR, gamma 1.
     */
    public static Builder builder(double baseLr, double maxLr) {
        return new Builder(baseLr, maxLr);
    }

    /** Builds a {@link Cyclical}; unset settings keep PyTorch's defaults. */
    public static final class Builder {
        private final double baseLr;
        private final double maxLr;
        private long up = 2000;
        private long down = -1;
        private Policy policy = Policy.TRIANGULAR;
        private double gamma = 1.0;

        private Builder(double baseLr, double maxLr) {
            this.baseLr = baseLr;
            this.maxLr = maxLr;
        }

        /** Steps rising (default 2000). */
        public Builder stepsUp(long value) {
            this.up = value;
            return this;
        }

        /** Steps falling (default: the same as rising). */
        public Builder stepsDown(long value) {
            this.down = value;
            return this;
        }

        /** Amplitude policy (default TRIANGULAR). */
        public Builder policy(Policy value) {
            this.policy = value;
            return this;
        }

        /** EXP_RANGE's decay per step (default 1). */
        public Builder gamma(double value) {
            this.gamma = value;
            return this;
        }

        /**
         * The schedule.
         *
         * @throws IllegalArgumentException naming a setting outside its range
         */
        public Cyclical build() {
            return new Cyclical(baseLr, maxLr, up, down < 0 ? up : down, policy, gamma);
        }
    }

    /**
     * A cyclical schedule.
     *
     * @param gamma used by EXP_RANGE only, in (0, 1]
     * @throws IllegalArgumentException naming the argument and its accepted range
     */
    public Cyclical(double baseLr, double maxLr, long up, long down, Policy policy, double gamma) {
        if (!(baseLr >= 0) || !(maxLr >= 0)) {
            throw new IllegalArgumentException("Cyclical: baseLr and maxLr must be >= 0, got " + baseLr + " and "
                    + maxLr);
        }
        if (up < 1 || down < 1) {
            throw new IllegalArgumentException("Cyclical: up and down must be >= 1 step, got " + up + " and " + down);
        }
        Require.in("Cyclical", "gamma", gamma, Require.Unit.OPEN_CLOSED);
        this.baseLr = baseLr;
        this.maxLr = maxLr;
        this.up = up;
        this.down = down;
        this.policy = policy;
        this.gamma = gamma;
    }

    @Override
    public double rate(long step, double base) {
        LrSchedule.checkStep("Cyclical", step);
        double total = up + down;
        double ratio = up / total;
        double cycle = Math.floor(1 + step / total);
        double x = 1.0 + step / total - cycle;
        double height = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
        double amplitude = (maxLr - baseLr) * height;
        double scale = switch (policy) {
            case TRIANGULAR -> 1.0;
            case TRIANGULAR2 -> 1 / Math.pow(2, cycle - 1);
            case EXP_RANGE -> Math.pow(gamma, step);
        };
        return baseLr + amplitude * scale;
    }
}
