package dev.tessera.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Random search distributions, reproducibility, failed trials and CSV. */
class RandomSearchTest {
    @TempDir
    Path dir;

    private final SearchSpace space = new SearchSpace().logUniform("lr", 1e-4, 1, 2).uniform("m", 0.5, 0.99, 2)
            .intRange("width", 8, 64).choice("opt", "sgd", "adam");

    @Test
    void samplesStayInTheirRangesAndLogUniformCoversDecadesEvenly() {
        int[] perDecade = new int[4];
        SearchResult r = new RandomSearch(space, 400, 9).run(p -> {
            double lr = p.getDouble("lr");
            assertTrue(lr >= 1e-4 && lr <= 1);
            perDecade[Math.min(3, (int) Math.floor(Math.log10(lr) + 4))]++;
            assertTrue(p.getDouble("m") >= 0.5 && p.getDouble("m") <= 0.99);
            assertTrue(p.getInt("width") >= 8 && p.getInt("width") <= 64);
            assertTrue(List.of("sgd", "adam").contains(p.getString("opt")));
            return p.getDouble("m");
        }, Goal.MAXIMIZE);
        for (int c : perDecade) {
            assertEquals(100, c, 30, "log-uniform: about a quarter per decade");
        }
        assertEquals(400, r.ranked().size());
        assertTrue(r.best().score() > 0.98);
    }

    @Test
    void sameSeedSameTrialsDifferentSeedDifferentTrials() {
        List<Params> a = new RandomSearch(space, 5, 1).run(p -> 0, Goal.MINIMIZE).ranked().stream()
                .map(TrialResult::params).toList();
        List<Params> b = new RandomSearch(space, 5, 1).run(p -> 0, Goal.MINIMIZE).ranked().stream()
                .map(TrialResult::params).toList();
        List<Params> c = new RandomSearch(space, 5, 2).run(p -> 0, Goal.MINIMIZE).ranked().stream()
                .map(TrialResult::params).toList();
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void failedTrialsRankLastWithTheirErrorAndCsvIsWritten() throws Exception {
        int[] n = {0};
        SearchResult r = new RandomSearch(space, 4, 3).run(p -> {
            n[0]++;
            if (n[0] == 1) {
                throw new IllegalStateException("diverged, at step 3");
            }
            return n[0] == 2 ? Double.NaN : n[0];
        }, Goal.MINIMIZE);
        assertEquals(3.0, r.best().score());
        assertTrue(r.ranked().get(3).failed());
        assertTrue(r.toTable().contains("failed: IllegalStateException: diverged, at step 3"), r.toTable());
        Path csv = dir.resolve("search.csv");
        r.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("rank,trial,generation,lr,m,width,opt,score,seconds,error", lines.get(0));
        assertTrue(lines.get(1).startsWith("1,3,0,"), "rank 1 is the third trial, trials numbered from 1: "
                + lines.get(1));
        assertTrue(r.toTable().lines().skip(1).findFirst().orElseThrow().matches("1 +3 .*"), r.toTable());
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(",\"IllegalStateException: diverged, at step 3\"")));
    }

    @Test
    void rejectsBadDeclarations() {
        assertEquals("LogUniform 'lr': low must be > 0, got 0.0", assertThrows(IllegalArgumentException.class,
                () -> new SearchSpace().logUniform("lr", 0, 1, 2)).getMessage());
        assertEquals("SearchSpace: 'a' is declared twice", assertThrows(IllegalArgumentException.class,
                () -> new SearchSpace().choice("a", 1).choice("a", 2)).getMessage());
        assertEquals("SearchSpace: no dimension declared", assertThrows(IllegalArgumentException.class,
                () -> new RandomSearch(new SearchSpace(), 3, 1)).getMessage());
        assertEquals("RandomSearch: trials must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> new RandomSearch(space, 0, 1)).getMessage());
    }
}
