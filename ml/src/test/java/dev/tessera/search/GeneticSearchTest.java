package dev.tessera.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Genetic search converges, never re-evaluates a point, and is reproducible. */
class GeneticSearchTest {
    private final SearchSpace space = new SearchSpace().uniform("x", -5, 5, 2).logUniform("lr", 1e-5, 1, 2)
            .intRange("k", 0, 20).choice("c", "a", "b", "c");

    /** A smooth objective with its optimum at x = 1.5, lr = 1e-2, k = 7, c = "b". */
    private static double distance(Params p) {
        return Math.pow(p.getDouble("x") - 1.5, 2) + Math.pow(Math.log10(p.getDouble("lr")) + 2, 2)
                + Math.pow((p.getInt("k") - 7) / 4.0, 2) + (p.getString("c").equals("b") ? 0 : 1);
    }

    @Test
    void evolvesTowardsTheOptimumAndBeatsItsFirstGeneration() {
        SearchResult r = new GeneticSearch(space, 16, 12, 3, 0.9, 0.3, 2, 5).run(GeneticSearchTest::distance,
                Goal.MINIMIZE);
        double bestFirst = r.ranked().stream().filter(t -> t.generation() == 0).mapToDouble(TrialResult::score)
                .min().orElseThrow();
        double best = r.best().score();
        assertTrue(best < bestFirst / 3, "best " + best + " vs first generation " + bestFirst);
        assertTrue(best < 0.3, "close to the optimum: " + best + " at " + r.best().params());
        assertEquals(11, r.ranked().stream().mapToInt(TrialResult::generation).max().orElseThrow());
    }

    @Test
    void neverEvaluatesAPointTwiceAndIsReproducible() {
        Set<Params> seen = new HashSet<>();
        SearchResult a = new GeneticSearch(space, 8, 6, 2, 0.8, 0.2, 1, 77).run(p -> {
            assertTrue(seen.add(p), "evaluated twice: " + p);
            return distance(p);
        }, Goal.MINIMIZE);
        SearchResult b = new GeneticSearch(space, 8, 6, 2, 0.8, 0.2, 1, 77).run(GeneticSearchTest::distance,
                Goal.MINIMIZE);
        List<Params> pa = a.ranked().stream().map(TrialResult::params).toList();
        List<Params> pb = b.ranked().stream().map(TrialResult::params).toList();
        assertEquals(pa, pb);
    }

    @Test
    void maximizesToo() {
        SearchResult r = new GeneticSearch(space, 10, 8, 3, 0.9, 0.3, 1, 3).run(p -> -distance(p), Goal.MAXIMIZE);
        assertTrue(r.best().score() > -0.5, "score " + r.best().score());
        assertTrue(r.ranked().get(0).score() >= r.ranked().get(1).score());
    }

    @Test
    void rejectsBadSettings() {
        assertEquals("GeneticSearch: tournament must be in [1, population=4], got 5", assertThrows(
                IllegalArgumentException.class, () -> new GeneticSearch(space, 4, 3, 5, 0.5, 0.1, 1, 1)).getMessage());
        assertEquals("GeneticSearch: elitism must be in [0, population), got 4", assertThrows(
                IllegalArgumentException.class, () -> new GeneticSearch(space, 4, 3, 2, 0.5, 0.1, 4, 1)).getMessage());
        assertEquals("GeneticSearch: crossoverRate and mutationRate must be in [0, 1], got 1.5 and 0.1",
                assertThrows(IllegalArgumentException.class, () -> new GeneticSearch(space, 4, 3, 2, 1.5, 0.1, 1, 1))
                        .getMessage());
    }
}
