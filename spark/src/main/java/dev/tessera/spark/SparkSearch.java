package dev.tessera.spark;

import dev.tessera.search.Goal;
import dev.tessera.search.Params;
import dev.tessera.search.Search;
import dev.tessera.search.SearchResult;
import dev.tessera.search.TrialResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a hyperparameter search ({@link dev.tessera.search.GridSearch}, {@link dev.tessera.search.RandomSearch},
 * {@link dev.tessera.search.GeneticSearch}, or any {@link Search}) with its trials as Spark tasks, one task per
 * trial, and returns the same ranked table as the local {@code search.run(objective, goal)}.
 *
 * <p>How, without changing the searches: a search is reproducible (same seed and scores, same trials in the same
 * order) and only a genetic search's later generations depend on scores. So the driver replays the search with an
 * objective that answers from the scores known so far and marks every other point pending; the pending points of
 * the earliest generation that has any are exactly the next trials the local search would run, and they do not
 * depend on one another. They run in parallel as one Spark job, their scores join the known ones, and the replay
 * repeats: one job for a grid or random search, one per generation for a genetic one. The last replay knows every
 * score and is the result. A trial's exception is shipped back and rethrown in the replay, so a failed trial reads
 * as it would locally. The table's seconds column is the replay's (near zero); {@link Outcome#trialSeconds()}
 * holds each trial's time on its executor.
 */
public final class SparkSearch {
    private SparkSearch() {
    }

    /**
     * The distributed result.
     *
     * @param result       the ranked table, equal to the local search's but for the seconds column
     * @param trialSeconds each distinct point's wall time on its executor
     * @param jobs         Spark jobs run (one per round of independent trials)
     */
    public record Outcome(SearchResult result, Map<Params, Double> trialSeconds, int jobs) {
    }

    /** Thrown by the replay objective for a point whose score is not known yet. */
    private static final class Pending extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Pending() {
            super("pending", null, false, false);
        }
    }

    /**
     * Runs {@code search} on the session's executors.
     *
     * @param parallelism at most this many trials run at once (the partitions of each job)
     */
    public static Outcome run(SparkSession spark, Search search, SparkObjective objective, Goal goal,
                              int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("SparkSearch: parallelism must be >= 1, got " + parallelism);
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Map<Params, TrialTask.Outcome> known = new HashMap<>();
        int jobs = 0;
        while (true) {
            Set<Params> pending = new LinkedHashSet<>();
            SearchResult replay = search.run(p -> {
                TrialTask.Outcome o = known.get(p);
                if (o == null) {
                    pending.add(p);
                    throw new Pending();
                }
                if (o.failure() != null) {
                    throw o.failure();
                }
                return o.score();
            }, goal);
            if (pending.isEmpty()) {
                Map<Params, Double> seconds = new HashMap<>();
                known.forEach((p, o) -> seconds.put(p, o.seconds()));
                return new Outcome(replay, seconds, jobs);
            }
            List<Params> next = nextRound(replay, pending);
            List<LinkedHashMap<String, Object>> points = new ArrayList<>();
            next.forEach(p -> points.add(new LinkedHashMap<>(p.values())));
            List<TrialTask.Outcome> outcomes = sc.parallelize(points, Math.min(parallelism, points.size()))
                    .map(new TrialTask(objective)).collect();
            jobs++;
            for (TrialTask.Outcome o : outcomes) {
                known.put(o.params(), o);
            }
        }
    }

    /** The pending points of the earliest generation that has any, in the order the search asked for them. */
    private static List<Params> nextRound(SearchResult replay, Set<Params> pending) {
        List<TrialResult> byIndex = new ArrayList<>(replay.ranked());
        byIndex.sort((a, b) -> Integer.compare(a.index(), b.index()));
        int generation = Integer.MAX_VALUE;
        for (TrialResult t : byIndex) {
            if (pending.contains(t.params())) {
                generation = Math.min(generation, t.generation());
            }
        }
        Set<Params> round = new LinkedHashSet<>();
        for (TrialResult t : byIndex) {
            if (t.generation() == generation && pending.contains(t.params())) {
                round.add(t.params());
            }
        }
        return new ArrayList<>(round);
    }
}
