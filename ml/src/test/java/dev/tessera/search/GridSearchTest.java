package dev.tessera.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Grid search enumeration order, ranking and table. */
class GridSearchTest {
    @Test
    void triesEveryCombinationAndRanksByTheGoal() {
        SearchSpace space = new SearchSpace().logUniform("lr", 1e-3, 1e-1, 3).choice("act", "relu", "tanh")
                .uniform("p", 0, 0.5, 2);
        List<Params> seen = new ArrayList<>();
        SearchResult r = new GridSearch(space).run(p -> {
            seen.add(p);
            return Math.abs(Math.log10(p.getDouble("lr")) + 2) + (p.getString("act").equals("relu") ? 0 : 1)
                    + p.getDouble("p");
        }, Goal.MINIMIZE);
        assertEquals(12, new GridSearch(space).size());
        assertEquals(12, seen.size());
        assertEquals(1e-3, seen.get(0).getDouble("lr"), 1e-18);
        assertEquals(0.5, seen.get(1).getDouble("p"));
        assertEquals("tanh", seen.get(2).getString("act"));
        TrialResult best = r.best();
        assertEquals(0.01, best.params().getDouble("lr"), 1e-15);
        assertEquals("relu", best.params().getString("act"));
        assertEquals(0.0, best.params().getDouble("p"));
        assertEquals(0.0, best.score(), 1e-12);
        String table = r.toTable();
        String[] lines = table.split("\n");
        assertTrue(lines[0].matches("rank  trial  lr +act +p +score +seconds"), lines[0]);
        // trials are numbered from 1: the fifth and sixth points of the grid
        assertTrue(lines[1].matches("1 +5 +0\\.01 +relu +0 +2\\.22045e-16 +\\d+\\.\\d\\d"), lines[1]);
        assertTrue(lines[2].matches("2 +6 +0\\.01 +relu +0\\.5 +0\\.5 .*"), lines[2]);
        assertEquals(13, table.split("\n").length);
    }
}
