package dev.tessera.optim.schedule;

import dev.tessera.nn.Require;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reduce on plateau (PyTorch {@code ReduceLROnPlateau}): after more than {@code patience} observations without
 * improvement the rate is multiplied by {@code factor} (never below {@code minLr}), then {@code cooldown}
 * observations are ignored. An observation a improves on the best b when, for mode MIN, {@code a < b (1 - th)}
 * (relative threshold) or {@code a < b - th} (absolute); for MAX, {@code a > b (1 + th)} or {@code a > b + th}.
 * The rate is {@code max(base * factor^k, minLr)} after k reductions. Unlike PyTorch, a reduction smaller than
 * 1e-8 is not skipped (that only matters for rates below 1e-8).
 */
public final class ReduceOnPlateau implements LrSchedule {
    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final boolean relative;
    private final int cooldown;
    private final double minLr;
    private double best;
    private int badEpochs;
    private int cooldownLeft;
    private int reductions;

    /** A builder starting from PyTorch's defaults (those of {@link #ReduceOnPlateau()}). */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ReduceOnPlateau}; unset settings keep PyTorch's defaults. */
    public static final class Builder {
        private Mode mode = Mode.MIN;
        private double factor = 0.1;
        private int patience = 10;
        private double threshold = 1e-4;
        private boolean relative = true;
        private int cooldown;
        private double minLr;

        private Builder() {
        }

        /** MIN for losses (default), MAX for accuracies. */
        public Builder mode(Mode value) {
            this.mode = value;
            return this;
        }

        /** Rate multiplier per reduction (default 0.1). */
        public Builder factor(double value) {
            this.factor = value;
            return this;
        }

        /** Observations without improvement tolerated (default 10). */
        public Builder patience(int value) {
            this.patience = value;
            return this;
        }

        /** Significance of an improvement (default 1e-4), relative or absolute. */
        public Builder threshold(double value, boolean isRelative) {
            this.threshold = value;
            this.relative = isRelative;
            return this;
        }

        /** Observations ignored after a reduction (default 0). */
        public Builder cooldown(int value) {
            this.cooldown = value;
            return this;
        }

        /** Lower bound of the rate (default 0). */
        public Builder minLr(double value) {
            this.minLr = value;
            return this;
        }

        /**
         * The schedule.
         *
         * @throws IllegalArgumentException naming a setting outside its range
         */
        public ReduceOnPlateau build() {
            return new ReduceOnPlateau(mode, factor, patience, threshold, relative, cooldown, minLr);
        }
    }

    /** PyTorch's defaults: mode MIN, factor 0.1, patience 10, relative threshold 1e-4, no cooldown, minLr 0. */
    public ReduceOnPlateau() {
        this(Mode.MIN, 0.1, 10, 1e-4, true, 0, 0.0);
    }

    /**
     * A plateau schedule.
     *
     * @param mode      MIN for losses, MAX for accuracies
     * @param factor    in [0, 1)
     * @param patience  observations without improvement tolerated, >= 0
     * @param threshold significance of an improvement, >= 0
     * @param relative  relative (true) or absolute threshold
     * @param cooldown  observations ignored after a reduction, >= 0
     * @param minLr     lower bound of the rate, >= 0
     * @throws IllegalArgumentException naming the argument and its accepted range
     */
    public ReduceOnPlateau(Mode mode, double factor, int patience, double threshold, boolean relative, int cooldown,
                           double minLr) {
        Require.in("ReduceOnPlateau", "factor", factor, Require.Unit.CLOSED_OPEN);
        Require.atLeast("ReduceOnPlateau", "patience", patience, 0);
        Require.nonNegative("ReduceOnPlateau", "threshold", threshold);
        Require.atLeast("ReduceOnPlateau", "cooldown", cooldown, 0);
        Require.nonNegative("ReduceOnPlateau", "minLr", minLr);
        this.mode = mode;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.relative = relative;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.best = mode.worst();
    }

    @Override
    public double rate(long step, double base) {
        LrSchedule.checkStep("ReduceOnPlateau", step);
        return Math.max(base * Math.pow(factor, reductions), minLr);
    }

    @Override
    public void observe(double metric) {
        if (improves(metric)) {
            best = metric;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badEpochs = 0;
        }
        if (badEpochs > patience) {
            reductions++;
            cooldownLeft = cooldown;
            badEpochs = 0;
        }
    }

    private boolean improves(double a) {
        if (mode == Mode.MIN) {
            return relative ? a < best * (1 - threshold) : a < best - threshold;
        }
        return relative ? a > best * (1 + threshold) : a > best + threshold;
    }

    /** Reductions so far. */
    public int reductions() {
        return reductions;
    }

    @Override
    public Map<String, String> state() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("best", Double.toString(best));
        s.put("bad_epochs", Integer.toString(badEpochs));
        s.put("cooldown_left", Integer.toString(cooldownLeft));
        s.put("reductions", Integer.toString(reductions));
        return s;
    }

    @Override
    public void loadState(Map<String, String> state) {
        best = Double.parseDouble(LrSchedule.require("ReduceOnPlateau", state, "best"));
        badEpochs = Integer.parseInt(LrSchedule.require("ReduceOnPlateau", state, "bad_epochs"));
        cooldownLeft = Integer.parseInt(LrSchedule.require("ReduceOnPlateau", state, "cooldown_left"));
        reductions = Integer.parseInt(LrSchedule.require("ReduceOnPlateau", state, "reductions"));
    }
}
