package dev.tessera.spark;

import dev.tessera.search.Params;
import java.io.Serializable;
import java.util.LinkedHashMap;
import org.apache.spark.api.java.function.Function;

/**
 * Runs one trial on an executor: the score, or the exception the objective threw (to be replayed on the driver). The
 * point travels as its value map, since {@link Params} is not serializable.
 */
final class TrialTask implements Function<LinkedHashMap<String, Object>, TrialTask.Outcome> {
    private static final long serialVersionUID = 1L;
    private final SparkObjective objective;

    TrialTask(SparkObjective objective) {
        this.objective = objective;
    }

    /**
     * A trial's outcome.
     *
     * @param values  the point's values
     * @param score   its score (NaN on failure)
     * @param failure what the objective threw, or null
     * @param seconds the trial's wall time on the executor
     */
    record Outcome(LinkedHashMap<String, Object> values, double score, RuntimeException failure, double seconds)
            implements Serializable {
        /** The point. */
        Params params() {
            return new Params(values);
        }
    }

    @Override
    public Outcome call(LinkedHashMap<String, Object> values) {
        long t0 = System.nanoTime();
        try {
            return new Outcome(values, objective.evaluate(new Params(values)), null, (System.nanoTime() - t0) / 1e9);
        } catch (RuntimeException e) {
            return new Outcome(values, Double.NaN, e, (System.nanoTime() - t0) / 1e9);
        }
    }
}
