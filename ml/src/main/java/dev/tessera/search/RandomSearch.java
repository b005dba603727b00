package dev.tessera.search;

import dev.tessera.Require;
import java.util.SplittableRandom;

/**
 * Random search (Bergstra and Bengio): {@code trials} independent points, each dimension sampled per its
 * distribution (uniform, log-uniform, integer, choice) from a generator seeded by {@code seed}.
 */
public final class RandomSearch extends Search {
    private final int trials;
    private final long seed;

    /**
     * {@code trials} random points of {@code space}.
     *
     * @throws IllegalArgumentException when trials is below 1
     */
    public RandomSearch(SearchSpace space, int trials, long seed) {
        super(space);
        Require.atLeast("RandomSearch", "trials", trials, 1);
        this.trials = trials;
        this.seed = seed;
    }

    @Override
    protected void explore(Objective objective, Goal goal) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < trials; i++) {
            evaluate(objective, space.sample(random), 0);
        }
    }
}
