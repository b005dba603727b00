package dev.tessera.search;

/**
 * What a search optimizes: trains a model with the given hyperparameters and returns its validation metric
 * (a loss to minimize or an accuracy to maximize, see {@link Goal}). An exception or a NaN marks the trial failed.
 */
@FunctionalInterface
public interface Objective {
    /** The score of {@code params}. */
    double evaluate(Params params);
}
