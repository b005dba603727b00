package dev.tessera.data;

/**
 * A dataset's official training and test parts.
 *
 * @param train the training examples (split a validation set off these, never off the test set)
 * @param test  the held-out test examples
 */
public record TrainTest(InMemoryDataset train, InMemoryDataset test) {
}
