package dev.tessera.optim.schedule;

import dev.tessera.nn.Require;

/**
 * The one-cycle policy (Smith; PyTorch {@code OneCycleLR}, rates only): from {@code maxLr / div} up to
 * {@code maxLr} over the first {@code pctStart} of {@code totalSteps}, then down to
 * {@code maxLr / (div finalDiv)}; with three phases, up, back down to {@code maxLr / div} over an equal span,
 * then down to the minimum. Each phase anneals by cosine, {@code end + (start - end)(1 + cos(pi pct))/2}, or
 * linearly. Phase boundaries are PyTorch's ({@code pctStart * totalSteps - 1}, ...). The rates are absolute: the
 * group's base rate is not used. Steps at or beyond {@code totalSteps} keep the final rate (PyTorch raises).
 */
public final class OneCycle implements LrSchedule {
    private final double[] ends;
    private final double[][] rates;
    private final boolean cosine;
    private final long totalSteps;

    /** A builder for a cycle peaking at {@code maxLr} over {@code totalSteps}, from PyTorch's defaults. */
    public static Builder builder(double maxLr, long totalSteps) {
        return new Builder(maxLr, totalSteps);
    }

    /** Builds a {@link OneCycle}; unset settings keep PyTorch's defaults. */
    public static final class Builder {
        private final double maxLr;
        private final long totalSteps;
        private double pctStart = 0.3;
        private boolean cosine = true;
        private double div = 25;
        private double finalDiv = 1e4;
        private boolean threePhase;

        private Builder(double maxLr, long totalSteps) {
            this.maxLr = maxLr;
            this.totalSteps = totalSteps;
        }

        /** Fraction of the steps spent rising (default 0.3). */
        public Builder pctStart(double value) {
            this.pctStart = value;
            return this;
        }

        /** Cosine (default) or linear annealing. */
        public Builder cosine(boolean value) {
            this.cosine = value;
            return this;
        }

        /** Initial rate is maxLr / div (default 25). */
        public Builder div(double value) {
            this.div = value;
            return this;
        }

        /** Final rate is the initial one / finalDiv (default 1e4). */
        public Builder finalDiv(double value) {
            this.finalDiv = value;
            return this;
        }

        /** Three phases instead of two (default false). */
        public Builder threePhase(boolean value) {
            this.threePhase = value;
            return this;
        }

        /**
         * The schedule.
         *
         * @throws IllegalArgumentException naming a setting outside its range
         */
        public OneCycle build() {
            return new OneCycle(maxLr, totalSteps, pctStart, cosine, div, finalDiv, threePhase);
        }
    }

    /** PyTorch's defaults: pctStart 0.3, cosine, div 25, finalDiv 1e4, two phases. */
    public OneCycle(double maxLr, long totalSteps) {
        this(maxLr, totalSteps, 0.3, true, 25, 1e4, false);
    }

    /**
     * A one-cycle schedule.
     *
     * @throws IllegalArgumentException naming the argument and its accepted range
     */
    public OneCycle(double maxLr, long totalSteps, double pctStart, boolean cosine, double div, double finalDiv,
                    boolean threePhase) {
        Require.nonNegative("OneCycle", "maxLr", maxLr);
        Require.atLeast("OneCycle", "totalSteps", totalSteps, 2);
        Require.in("OneCycle", "pctStart", pctStart, Require.Unit.OPEN);
        if (!(div > 0) || !(finalDiv > 0)) {
            throw new IllegalArgumentException("OneCycle: div and finalDiv must be > 0, got " + div + " and "
                    + finalDiv);
        }
        double initial = maxLr / div;
        double min = initial / finalDiv;
        double up = pctStart * totalSteps - 1;
        if (threePhase) {
            ends = new double[]{up, 2 * pctStart * totalSteps - 2, totalSteps - 1};
            rates = new double[][]{{initial, maxLr}, {maxLr, initial}, {initial, min}};
        } else {
            ends = new double[]{up, totalSteps - 1};
            rates = new double[][]{{initial, maxLr}, {maxLr, min}};
        }
        this.cosine = cosine;
        this.totalSteps = totalSteps;
    }

    @Override
    public double rate(long step, double base) {
        LrSchedule.checkStep("OneCycle", step);
        double t = Math.min(step, totalSteps - 1);
        double start = 0;
        for (int i = 0; i < ends.length; i++) {
            if (t <= ends[i] || i == ends.length - 1) {
                double pct = (t - start) / (ends[i] - start);
                double a = rates[i][0];
                double b = rates[i][1];
                return cosine ? b + (a - b) / 2 * (Math.cos(Math.PI * pct) + 1) : (b - a) * pct + a;
            }
            start = ends[i];
        }
        throw new IllegalStateException("unreachable: the last phase always matches");
    }
}
