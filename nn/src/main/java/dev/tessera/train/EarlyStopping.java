package dev.tessera.train;

import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.nn.Module;
import dev.tessera.nn.Require;
import dev.tessera.optim.schedule.Mode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops training when a monitored metric has not improved for {@code patience} epochs. An epoch improves when its
 * value beats the best so far by more than {@code minDelta} ({@code v < best - minDelta} for losses,
 * {@code v > best + minDelta} for accuracies); after {@code patience} epochs in a row without improvement training
 * stops (patience 0: at the first). With {@code restoreBest}, a copy of the model's state is kept at each
 * improvement and loaded back when training ends.
 */
public final class EarlyStopping implements AutoCloseable {
    private final Monitor monitor;
    private final int patience;
    private final double minDelta;
    private final boolean restoreBest;
    private double best;
    private int bestEpoch = -1;
    private int wait;
    private final Map<String, Tensor> bestState = new LinkedHashMap<>();

    /**
     * Early stopping on {@code monitor}.
     *
     * @throws IllegalArgumentException when patience is negative or minDelta negative or NaN
     */
    public EarlyStopping(Monitor monitor, int patience, double minDelta, boolean restoreBest) {
        Require.atLeast("EarlyStopping", "patience", patience, 0);
        Require.nonNegative("EarlyStopping", "minDelta", minDelta);
        this.monitor = monitor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.restoreBest = restoreBest;
        this.best = monitor.mode().worst();
    }

    /** The monitored metric. */
    public Monitor monitor() {
        return monitor;
    }

    /**
     * Takes an epoch's metrics; returns whether training should stop now.
     */
    public boolean update(EpochMetrics metrics, Module model) {
        double v = monitor.of(metrics);
        boolean improved = monitor.mode() == Mode.MIN ? v < best - minDelta : v > best + minDelta;
        if (improved) {
            best = v;
            bestEpoch = metrics.epoch();
            wait = 0;
            if (restoreBest) {
                keep(model.stateDict());
            }
            return false;
        }
        wait++;
        return wait >= patience;
    }

    private void keep(Map<String, Tensor> state) {
        try (GradMode.Guard g = GradMode.noGrad()) {
            for (Map.Entry<String, Tensor> e : state.entrySet()) {
                Tensor copy = bestState.get(e.getKey());
                if (copy == null) {
                    bestState.put(e.getKey(), Scope.persist(e.getValue().copy()));
                } else {
                    copy.assign(e.getValue());
                }
            }
        }
    }

    /** Loads the best state into {@code model} if restoring was asked for and an epoch improved. */
    public void restore(Module model) {
        if (restoreBest && !bestState.isEmpty()) {
            model.loadStateDict(bestState);
        }
    }

    /** The number (from 1) of the best epoch so far (-1 before any). */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best value so far. */
    public double best() {
        return best;
    }

    /** Forgets everything seen (a new run starts). */
    void reset() {
        best = monitor.mode().worst();
        bestEpoch = -1;
        wait = 0;
        close();
    }

    /** Scalar state for checkpoints. */
    Map<String, String> state() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("best", Double.toString(best));
        s.put("best_epoch", Integer.toString(bestEpoch));
        s.put("wait", Integer.toString(wait));
        return s;
    }

    /** The kept best state (the live copies), by model key. */
    Map<String, Tensor> bestState() {
        return bestState;
    }

    /** Restores what {@link #state()} and {@link #bestState()} saved. */
    void load(Map<String, String> s, Map<String, Tensor> weights) {
        best = Double.parseDouble(s.get("best"));
        bestEpoch = Integer.parseInt(s.get("best_epoch"));
        wait = Integer.parseInt(s.get("wait"));
        close();
        if (!weights.isEmpty()) {
            keep(weights);
        }
    }

    /** Releases the kept copy of the best state. */
    @Override
    public void close() {
        bestState.values().forEach(Tensor::close);
        bestState.clear();
    }
}
