package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.search.Dimension;
import dev.tessera.search.Params;
import dev.tessera.search.SearchSpace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tessera search}: declared ranges, every strategy end to end, the table and the CSV. */
class SearchCommandTest {
    @TempDir
    Path dir;

    @Test
    void parsesEveryKindOfRange() {
        SearchSpace s = SearchCommand.space(List.of("lr=log:1e-4:1e-1", "dropout=uniform:0:0.5",
                "batch-size=int:16:64", "model=choice:mlp:32|mlp:64,32"), 4);
        List<Dimension> d = s.dimensions();
        assertEquals(new Dimension.LogUniform("lr", 1e-4, 1e-1, 4), d.get(0));
        assertEquals(new Dimension.Uniform("dropout", 0, 0.5, 4), d.get(1));
        assertEquals(new Dimension.IntRange("batch-size", 16, 64), d.get(2));
        assertEquals(List.of("mlp:32", "mlp:64,32"), ((Dimension.Choice) d.get(3)).values());
        assertThrows(IllegalArgumentException.class, () -> SearchCommand.space(List.of("lr"), 3));
        assertThrows(IllegalArgumentException.class, () -> SearchCommand.space(List.of("lr=log:1e-4"), 3));
        assertThrows(IllegalArgumentException.class, () -> SearchCommand.space(List.of("lr=log:0:1"), 3));
    }

    @Test
    void describesTrialsWithShortNumbers() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("lr", 0.010000000000000004);
        v.put("model", "mlp:16");
        v.put("batch-size", 32);
        v.put("l2", 100000.0);
        v.put("l1", 1.5e-5);
        assertEquals("lr=0.01, model=mlp:16, batch-size=32, l2=100000, l1=1.5e-05",
                SearchCommand.describe(new Params(v)));
    }

    @Test
    void everyStrategyRunsRanksAndWritesTheTable() throws Exception {
        for (String strategy : new String[]{"grid", "random", "genetic"}) {
            Path out = dir.resolve(strategy);
            CliRun r = CliRun.ok("search", "--strategy", strategy, "--trials", "4", "--population", "2",
                    "--grid-points", "2", "--param", "lr=log:1e-3:1e-2", "--param", "model=choice:mlp:16|mlp:24",
                    "--epochs", "2", "--device", "cpu", "--out", out.toString());
            assertTrue(r.out().contains("rank  trial  lr"), r::toString);
            double best = Double.parseDouble(r.value("best_val_accuracy"));
            assertTrue(best > 0.5 && best <= 1, strategy + ": " + best);
            List<String> csv = Files.readAllLines(out.resolve("search.csv"));
            assertEquals("rank,trial,generation,lr,model,score,seconds,error", csv.get(0));
            assertTrue(csv.size() >= 3 && csv.size() <= 5, strategy + ": " + csv.size() + " rows");
            double first = Double.parseDouble(csv.get(1).split(",")[5]);
            assertEquals(best, first, 1e-4, "the best trial is ranked first");
        }
    }

    @Test
    void aStopRequestKeepsTheFinishedTrialsAndExits130() throws Exception {
        Path out = dir.resolve("stopped");
        CliRun r = CliRun.stoppedAfter(out.resolve("search.csv"), 3, "search", "--trials", "40", "--param",
                "lr=log:1e-3:1e-2", "--epochs", "1", "--device", "cpu", "--out", out.toString());
        assertEquals(StopSignal.EXIT_CODE, r.code(), "the search ended before the stop request\n" + r);
        List<String> err = r.errLines();
        assertEquals(1, err.size(), r::toString);
        assertTrue(err.get(0).matches("tessera search: interrupted in trial \\d+ of 40; the \\d+ finished trials are "
                + "in .*search.csv"), err.get(0));
        List<String> csv = Files.readAllLines(out.resolve("search.csv"));
        assertTrue(csv.size() >= 3 && csv.size() < 41, csv.size() + " rows");
        assertTrue(csv.stream().skip(1).allMatch(l -> l.endsWith(",")), "no failed trial in the table: " + csv);
    }

    @Test
    void aGeneticSearchSaysWhenItRunsFewerTrialsThanAsked() {
        CliRun r = CliRun.ok("search", "--strategy", "genetic", "--trials", "5", "--population", "2", "--param",
                "model=choice:mlp:16", "--epochs", "1", "--device", "cpu", "--out", dir.resolve("g").toString());
        assertTrue(r.out().contains("trials of the 5 asked: the genetic search evaluates 2 points per generation for "
                + "--trials / --population = 2 generations, and reuses the score of a point it has already tried"),
                r::toString);
    }
}
