package dev.tessera.search;

import java.util.ArrayList;
import java.util.List;

/**
 * A hyperparameter search over a {@link SearchSpace}: evaluates points with an {@link Objective} and ranks them by
 * {@link Goal}. Implementations are reproducible: the same seed (and a deterministic objective) gives the same
 * trials in the same order.
 */
public abstract class Search {
    /** The space explored. */
    protected final SearchSpace space;
    private final List<TrialResult> trials = new ArrayList<>();

    /** A search over {@code space}. */
    protected Search(SearchSpace space) {
        space.checkNotEmpty();
        this.space = space;
    }

    /** Runs the search; returns every trial ranked. */
    public final SearchResult run(Objective objective, Goal goal) {
        trials.clear();
        explore(objective, goal);
        List<String> columns = new ArrayList<>();
        space.dimensions().forEach(d -> columns.add(d.name()));
        return new SearchResult(trials, columns, goal);
    }

    /** Evaluates the points this search chooses, each through {@link #evaluate}. */
    protected abstract void explore(Objective objective, Goal goal);

    /**
     * Evaluates {@code params} once, timing it; an exception or NaN is recorded as a failed trial (score NaN).
     */
    protected final TrialResult evaluate(Objective objective, Params params, int generation) {
        long t0 = System.nanoTime();
        double score;
        String error = null;
        try {
            score = objective.evaluate(params);
            if (Double.isNaN(score)) {
                error = "objective returned NaN";
            }
        } catch (RuntimeException e) {
            score = Double.NaN;
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        TrialResult r = new TrialResult(trials.size(), generation, params, score, (System.nanoTime() - t0) / 1e9,
                error);
        trials.add(r);
        return r;
    }
}
