package dev.tessera.optim.schedule;

import dev.tessera.nn.Require;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Newbob (from the ICSI QuickNet recipe of speech recognition): the rate is multiplied by {@code factor} (halved by
 * default) every time the validation error fails to improve on the previous observation by more than
 * {@code minImprovement}; optionally training stops after {@code maxHalvings} reductions. The rate is
 * {@code base * factor^k} after k reductions. PyTorch has no such schedule.
 */
public final class Newbob implements LrSchedule {
    private final Mode mode;
    private final double factor;
    private final double minImprovement;
    private final int maxHalvings;
    private double previous = Double.NaN;
    private int halvings;

    /** Halve whenever the error (lower is better) goes up; never ask to stop. */
    public Newbob() {
        this(Mode.MIN, 0.5, 0.0, 0);
    }

    /**
     * A newbob schedule.
     *
     * @param mode           MIN for errors and losses, MAX for accuracies
     * @param factor         in (0, 1)
     * @param minImprovement improvement (absolute) needed to keep the rate, >= 0
     * @param maxHalvings    stop after this many reductions, or 0 never to stop
     * @throws IllegalArgumentException naming the argument and its accepted range
     */
    public Newbob(Mode mode, double factor, double minImprovement, int maxHalvings) {
        Require.in("Newbob", "factor", factor, Require.Unit.OPEN);
        Require.nonNegative("Newbob", "minImprovement", minImprovement);
        if (maxHalvings < 0) {
            throw new IllegalArgumentException("Newbob: maxHalvings must be >= 0 (0: never stop), got "
                    + maxHalvings);
        }
        this.mode = mode;
        this.factor = factor;
        this.minImprovement = minImprovement;
        this.maxHalvings = maxHalvings;
    }

    @Override
    public double rate(long step, double base) {
        LrSchedule.checkStep("Newbob", step);
        return base * Math.pow(factor, halvings);
    }

    @Override
    public void observe(double metric) {
        if (!Double.isNaN(previous)) {
            double gain = mode == Mode.MIN ? previous - metric : metric - previous;
            if (!(gain > minImprovement)) {
                halvings++;
            }
        }
        previous = metric;
    }

    @Override
    public boolean shouldStop() {
        return maxHalvings > 0 && halvings >= maxHalvings;
    }

    /** Reductions so far. */
    public int halvings() {
        return halvings;
    }

    @Override
    public Map<String, String> state() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("previous", Double.toString(previous));
        s.put("halvings", Integer.toString(halvings));
        return s;
    }

    @Override
    public void loadState(Map<String, String> state) {
        previous = Double.parseDouble(LrSchedule.require("Newbob", state, "previous"));
        halvings = Integer.parseInt(LrSchedule.require("Newbob", state, "halvings"));
    }
}
