package dev.tessera.data;

import dev.tessera.nn.Require;

/**
 * A random train/validation split of one dataset: a seeded permutation ({@link Shuffle}, stream 0) whose first
 * {@code validationSize} positions form the validation set and the rest the training set (each in permutation
 * order). The two subsets are disjoint and together hold every example once.
 *
 * @param train      the training examples
 * @param validation the validation examples
 */
public record Split(Subset train, Subset validation) {

    /**
     * Splits off {@code round(fraction * size)} examples for validation.
     *
     * @throws IllegalArgumentException for a fraction outside {@code [0, 1]}
     */
    public static Split random(Dataset data, double validationFraction, long seed) {
        Require.in("Split.random", "validationFraction", validationFraction, Require.Unit.CLOSED);
        return random(data, (int) Math.round(validationFraction * data.size()), seed);
    }

    /**
     * Splits off exactly {@code validationSize} examples for validation.
     *
     * @throws IllegalArgumentException for a size outside {@code [0, data.size()]}
     */
    public static Split random(Dataset data, int validationSize, long seed) {
        int n = data.size();
        if (validationSize < 0 || validationSize > n) {
            throw new IllegalArgumentException("Split.random: validationSize must be in [0, " + n + "], got "
                    + validationSize);
        }
        int[] p = Shuffle.permutation(n, seed, 0);
        return new Split(new Subset(data, java.util.Arrays.copyOfRange(p, validationSize, n)),
                new Subset(data, java.util.Arrays.copyOfRange(p, 0, validationSize)));
    }
}
