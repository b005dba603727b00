package dev.tessera.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.Tessera;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Module;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.Tanh;
import dev.tessera.nn.TensorOptions;
import dev.tessera.optim.SGD;
import dev.tessera.search.GeneticSearch;
import dev.tessera.search.Goal;
import dev.tessera.search.Params;
import dev.tessera.search.RandomSearch;
import dev.tessera.search.Search;
import dev.tessera.search.SearchResult;
import dev.tessera.search.SearchSpace;
import dev.tessera.search.TrialResult;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Distributed searches on local[2] give the local search's table with the same seed. */
class SparkSearchTest {
    @BeforeAll
    static void deterministic() {
        Tessera.setDeterministic(true);
    }

    /** Trains a small MLP for 15 full-batch steps on fixed blobs; the score is the final training loss. */
    record TinyTraining() implements SparkObjective {
        @Override
        public double evaluate(Params p) {
            Device cpu = Device.cpu();
            SplittableRandom random = new SplittableRandom(3);
            int n = 60;
            float[] x = new float[n * 4];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = i % 3;
                for (int j = 0; j < 4; j++) {
                    x[i * 4 + j] = (float) (y[i] * (j % 2 == 0 ? 1 : -1) + random.nextGaussian() * 0.5);
                }
            }
            String act = p.getString("act");
            TensorOptions o = new TensorOptions(cpu, DType.FLOAT32, new Generator(5));
            Module activation = switch (act) {
                case "tanh" -> new Tanh();
                case "relu" -> new ReLU();
                default -> throw new IllegalArgumentException("unknown activation '" + act + "'");
            };
            try (Scope s = Scope.open(); Module m = new Sequential(new Linear(4, p.getInt("hidden"), true, o),
                    activation, new Linear(p.getInt("hidden"), 3, true, o))) {
                SGD opt = new SGD(m.namedParameters(), p.getDouble("lr"), 0.9);
                CrossEntropyLoss loss = new CrossEntropyLoss();
                Tensor xs = Tensor.of(cpu, x, n, 4);
                Tensor ys = Tensor.of(cpu, y, n);
                double last = Double.NaN;
                for (int step = 0; step < 15; step++) {
                    try (Scope t = Scope.open()) {
                        Tensor l = loss.compute(m.forward(xs), ys);
                        last = l.item();
                        l.backward();
                        opt.step();
                        opt.zeroGrad();
                    }
                }
                opt.closeState();
                return last;
            }
        }
    }

    private static SearchSpace space() {
        return new SearchSpace().logUniform("lr", 1e-3, 0.5, 3).intRange("hidden", 2, 12)
                .choice("act", "tanh", "relu", "bogus");
    }

    private static void assertSameTable(SearchResult local, SearchResult distributed) {
        List<TrialResult> a = local.ranked();
        List<TrialResult> b = distributed.ranked();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            TrialResult x = a.get(i);
            TrialResult y = b.get(i);
            String where = "rank " + (i + 1);
            assertEquals(x.index(), y.index(), where);
            assertEquals(x.generation(), y.generation(), where);
            assertEquals(x.params(), y.params(), where);
            assertEquals(Double.doubleToLongBits(x.score()), Double.doubleToLongBits(y.score()), where);
            assertEquals(x.error(), y.error(), where);
        }
    }

    @Test
    void randomSearchAsSparkTasksEqualsTheLocalSearch() {
        Search search = new RandomSearch(space(), 8, 42);
        SearchResult local = search.run(new TinyTraining(), Goal.MINIMIZE);
        SparkSearch.Outcome distributed = SparkSearch.run(LocalSpark.get(), search, new TinyTraining(),
                Goal.MINIMIZE, 2);
        assertSameTable(local, distributed.result());
        assertEquals(1, distributed.jobs(), "independent trials run as one job");
        assertTrue(local.ranked().stream().anyMatch(TrialResult::failed), "the space has failing trials, replayed");
    }

    @Test
    void geneticSearchAsSparkTasksEqualsTheLocalSearch() {
        Search search = new GeneticSearch(space(), 4, 3, 2, 0.9, 0.3, 1, 9);
        SearchResult local = search.run(new TinyTraining(), Goal.MINIMIZE);
        SparkSearch.Outcome distributed = SparkSearch.run(LocalSpark.get(), search, new TinyTraining(),
                Goal.MINIMIZE, 2);
        assertSameTable(local, distributed.result());
        assertEquals(3, distributed.jobs(), "one job per generation");
        assertEquals(local.toTable().lines().count(), distributed.result().toTable().lines().count());
    }
}
