package dev.tessera.search;

import dev.tessera.Require;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A genetic algorithm over a {@link SearchSpace}. Generation 0 is {@code population} random points; each later
 * generation keeps the {@code elitism} best individuals unchanged and fills the rest with children: two parents
 * chosen by tournament selection (the best of {@code tournament} random individuals), combined by uniform crossover
 * with probability {@code crossoverRate} (each hyperparameter from either parent, else a copy of the first
 * parent), then each hyperparameter mutated with probability {@code mutationRate} (a normal step of a tenth of
 * its range, on the log scale for log-uniform ones; another value for choices). A point already evaluated is not
 * evaluated again (its score is reused). Everything random comes from one generator seeded by {@code seed}.
 */
public final class GeneticSearch extends Search {
    private final int population;
    private final int generations;
    private final int tournament;
    private final double crossoverRate;
    private final double mutationRate;
    private final int elitism;
    private final long seed;

    /**
     * A genetic search.
     *
     * @throws IllegalArgumentException naming the argument and its accepted range
     */
    public GeneticSearch(SearchSpace space, int population, int generations, int tournament, double crossoverRate,
                         double mutationRate, int elitism, long seed) {
        super(space);
        Require.atLeast("GeneticSearch", "population", population, 2);
        Require.atLeast("GeneticSearch", "generations", generations, 1);
        if (tournament < 1 || tournament > population) {
            throw new IllegalArgumentException("GeneticSearch: tournament must be in [1, population=" + population
                    + "], got " + tournament);
        }
        if (!(crossoverRate >= 0 && crossoverRate <= 1) || !(mutationRate >= 0 && mutationRate <= 1)) {
            throw new IllegalArgumentException("GeneticSearch: crossoverRate and mutationRate must be in [0, 1], got "
                    + crossoverRate + " and " + mutationRate);
        }
        if (elitism < 0 || elitism >= population) {
            throw new IllegalArgumentException("GeneticSearch: elitism must be in [0, population), got " + elitism);
        }
        this.population = population;
        this.generations = generations;
        this.tournament = tournament;
        this.crossoverRate = crossoverRate;
        this.mutationRate = mutationRate;
        this.elitism = elitism;
        this.seed = seed;
    }

    @Override
    protected void explore(Objective objective, Goal goal) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<Params, Double> seen = new HashMap<>();
        List<Scored> current = new ArrayList<>();
        for (int i = 0; i < population; i++) {
            current.add(score(objective, space.sample(random), 0, seen));
        }
        for (int gen = 1; gen < generations; gen++) {
            current.sort((a, b) -> goal.better(a.score, b.score) ? -1 : goal.better(b.score, a.score) ? 1 : 0);
            List<Scored> next = new ArrayList<>(current.subList(0, elitism));
            while (next.size() < population) {
                Params a = select(current, random, goal);
                Params b = select(current, random, goal);
                Params child = mutate(random.nextDouble() < crossoverRate ? crossover(a, b, random) : a, random);
                next.add(score(objective, child, gen, seen));
            }
            current = next;
        }
    }

    private record Scored(Params params, double score) {
    }

    private Scored score(Objective objective, Params p, int generation, Map<Params, Double> seen) {
        Double known = seen.get(p);
        if (known != null) {
            return new Scored(p, known);
        }
        double s = evaluate(objective, p, generation).score();
        seen.put(p, s);
        return new Scored(p, s);
    }

    private Params select(List<Scored> pool, SplittableRandom random, Goal goal) {
        Scored best = null;
        for (int i = 0; i < tournament; i++) {
            Scored s = pool.get(random.nextInt(pool.size()));
            if (best == null || goal.better(s.score, best.score)) {
                best = s;
            }
        }
        return best.params;
    }

    private Params crossover(Params a, Params b, SplittableRandom random) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (Dimension d : space.dimensions()) {
            v.put(d.name(), random.nextBoolean() ? a.get(d.name()) : b.get(d.name()));
        }
        return new Params(v);
    }

    private Params mutate(Params p, SplittableRandom random) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (Dimension d : space.dimensions()) {
            Object x = p.get(d.name());
            v.put(d.name(), random.nextDouble() < mutationRate ? d.mutate(x, random) : x);
        }
        return new Params(v);
    }
}
