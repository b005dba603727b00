package dev.tessera.train;

/**
 * The result of evaluating a model on a data set.
 *
 * @param loss     mean loss over examples (each batch's loss weighted by its size)
 * @param accuracy fraction of examples classified correctly, NaN when the task is not classification
 * @param samples  examples evaluated
 */
public record Evaluation(double loss, double accuracy, long samples) {
}
