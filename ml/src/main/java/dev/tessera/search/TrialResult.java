package dev.tessera.search;

/**
 * One evaluated point.
 *
 * @param index      the order in which it was evaluated (0-based)
 * @param generation the genetic generation that produced it (0 for grid and random search)
 * @param params     the hyperparameters
 * @param score      the objective's value, NaN when the trial failed
 * @param seconds    wall time of the evaluation
 * @param error      the failure message, or null
 */
public record TrialResult(int index, int generation, Params params, double score, double seconds, String error) {
    /** The trial's number as tables and logs show it: its evaluation order counted from 1 ({@code index + 1}). */
    public int number() {
        return index + 1;
    }

    /** Whether the trial failed (exception or NaN). */
    public boolean failed() {
        return error != null || Double.isNaN(score);
    }
}
