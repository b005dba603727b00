package dev.tessera.cli;

import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.search.Goal;
import dev.tessera.search.Params;
import dev.tessera.search.Search;
import dev.tessera.search.SearchResult;
import dev.tessera.spark.SparkObjective;
import dev.tessera.spark.SparkSearch;
import dev.tessera.spark.SparkSessions;
import dev.tessera.spark.TaskDevices;
import dev.tessera.train.EpochMetrics;
import dev.tessera.train.TrainingHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code tessera search --spark}: every trial a Spark task ({@link SparkSearch}); an executor loads the dataset of
 * {@code --dataset} itself (the embedded digits anywhere; a folder or file must be readable by every executor) and
 * scores the trial exactly as the local search does, so the table equals the local one. Loaded only with --spark.
 */
final class SparkTrials {
    private SparkTrials() {
    }

    /**
     * One trial on an executor: the base options with the trial's values, trained and scored as the local search
     * scores a trial (the validation accuracy of the best epoch with early stopping, else of the last).
     *
     * @param options the base training options as text
     * @param device  the executors' device ({@code auto}, {@code gpu} or a spec, see {@link TaskDevices#open})
     */
    record Trial(LinkedHashMap<String, String> options, String device) implements SparkObjective {
        @Override
        public double evaluate(Params p) {
            TrainOptions o = new TrainOptions();
            options.forEach(o::set);
            for (Map.Entry<String, Object> e : p.values().entrySet()) {
                o.set(e.getKey(), String.valueOf(e.getValue()));
            }
            Device d = TaskDevices.open(device);
            DataSpec.Loaded data;
            try {
                data = DataSpec.parse(o.dataset).load(null, o.nanPolicy());
            } catch (IOException e) {
                throw new UncheckedIOException("--dataset " + o.dataset + " on an executor: " + e.getMessage(), e);
            }
            try (Scope scope = Scope.open(); TrainingRun run = new TrainingRun(o, d, data)) {
                TrainingHistory h = run.trainer.fit(run.trainBatches, run.valBatches);
                EpochMetrics m = h.bestEpoch() >= 0 ? h.epochs().get(h.bestEpoch() - 1) : h.last();
                return m.valAccuracy();
            }
        }
    }

    /** Runs {@code search} on {@code master} with at most {@code workers} trials at once. */
    static SearchResult run(Search search, TrainOptions base, String device, String master, int workers) {
        LinkedHashMap<String, String> text = new LinkedHashMap<>();
        base.toMap().forEach((k, v) -> text.put(k, v == null ? null : String.valueOf(v)));
        return SparkSearch.run(SparkSessions.open(master, "tessera search"), search, new Trial(text, device),
                Goal.MAXIMIZE, workers).result();
    }
}
