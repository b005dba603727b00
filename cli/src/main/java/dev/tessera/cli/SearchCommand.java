package dev.tessera.cli;

import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.search.GeneticSearch;
import dev.tessera.search.GridSearch;
import dev.tessera.search.Goal;
import dev.tessera.search.Objective;
import dev.tessera.search.Params;
import dev.tessera.search.RandomSearch;
import dev.tessera.search.Search;
import dev.tessera.search.SearchResult;
import dev.tessera.search.SearchSpace;
import dev.tessera.search.TrialResult;
import dev.tessera.train.EpochMetrics;
import dev.tessera.train.TrainingHistory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tessera search}: hyperparameter search. Each trial trains with the training options, some of them replaced
 * by the trial's values, and is scored by its validation accuracy (that of the best epoch with early stopping, else
 * of the last). Ranges are declared with {@code --param NAME=KIND:...} (any training option by name):
 * {@code log:LOW:HIGH} (log-uniform), {@code uniform:LOW:HIGH}, {@code int:LOW:HIGH} or {@code choice:A|B|C}.
 * Prints the ranked table and writes it to search.csv, which is rewritten after every finished trial. Ctrl-C or
 * SIGTERM stops the trial running at its next mini-batch; the finished trials stay in search.csv and are printed,
 * and the exit status is {@value StopSignal#EXIT_CODE}.
 */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false, description = {"Hyperparameter search (grid, random or genetic) "
        + "scored by validation accuracy; prints the ranked table and writes search.csv. Takes the options of "
        + "'train' as the base of every trial.",
    "Example: tessera search --strategy random --trials 8 --param lr=log:1e-4:1e-2 --param dropout=uniform:0:0.3"})
final class SearchCommand extends StoppableCommand {
    /** The space searched when no {@code --param} is given. */
    static final List<String> DEFAULT_SPACE = List.of("lr=log:1e-4:1e-2", "model=choice:mlp:64|mlp:128,64");
    @Mixin
    TrainOptions options;

    @Option(names = "--strategy", defaultValue = "random", paramLabel = "NAME",
            description = "grid, random or genetic (default: ${DEFAULT-VALUE})")
    String strategy;

    @Option(names = "--trials", defaultValue = "8", paramLabel = "N",
            description = "trials to run at most (a grid must fit in it) (default: ${DEFAULT-VALUE})")
    int trials;

    @Option(names = "--param", paramLabel = "NAME=RANGE",
            description = "a searched option: NAME=log:LOW:HIGH, uniform:LOW:HIGH, int:LOW:HIGH or choice:A|B|... "
                    + "(repeatable; default: lr=log:1e-4:1e-2 model=choice:mlp:64|mlp:128,64)")
    List<String> params;

    @Option(names = "--grid-points", defaultValue = "3", paramLabel = "K",
            description = "values per real range in a grid (default: ${DEFAULT-VALUE})")
    int gridPoints;

    @Option(names = "--population", defaultValue = "4", paramLabel = "P",
            description = "population of the genetic search (default: ${DEFAULT-VALUE})")
    int population;

    @Mixin
    OutputFolder out;

    @Mixin
    DeviceOptions deviceOptions;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    int run() throws Exception {
        options.validate();
        Checks.atLeast("--trials", trials, 1);
        Checks.atLeast("--grid-points", gridPoints, 1);
        if (options.valFraction == 0) {
            throw new IllegalArgumentException("search scores trials by validation accuracy: it needs --val-fraction"
                    + " > 0");
        }
        SearchSpace space = space(params == null || params.isEmpty() ? DEFAULT_SPACE : params, gridPoints);
        Search search = switch (strategy.trim().toLowerCase(Locale.ROOT)) {
            case "grid" -> {
                GridSearch g = new GridSearch(space);
                if (g.size() > trials) {
                    throw new IllegalArgumentException("--strategy grid: the grid has " + g.size() + " points but "
                            + "--trials is " + trials + "; raise --trials or lower --grid-points");
                }
                yield g;
            }
            case "random" -> new RandomSearch(space, trials, options.seed);
            case "genetic" -> {
                Checks.atLeast("--population", population, 2);
                if (population > trials) {
                    throw new IllegalArgumentException("--population " + population + " exceeds --trials " + trials);
                }
                yield new GeneticSearch(space, population, trials / population, 2, 0.9, 0.2, 1, options.seed);
            }
            default -> throw new IllegalArgumentException("--strategy: unknown strategy '" + strategy
                    + "' (expected grid, random or genetic)");
        };
        if (sparkOptions.enabled()) {
            sparkOptions.checkSparkPresent();
            io.out().printf(Locale.ROOT, "%s search over %s on %s, scored by validation accuracy, as Spark tasks on %s"
                    + "%n", strategy, space.dimensions().stream().map(d -> d.name()).toList(), options.dataset,
                    sparkOptions.master);
            return report(SparkTrials.run(search, options, sparkOptions.executorDevice != null
                    ? sparkOptions.executorDevice : deviceOptions.device, sparkOptions.master,
                    sparkOptions.workers));
        }
        DataSpec.Loaded data = DataSpec.parse(options.dataset).load(null, options.nanPolicy());
        Device device = deviceOptions.open();
        io.out().printf(Locale.ROOT, "%s search over %s on %s, scored by validation accuracy, on %s%n", strategy,
                space.dimensions().stream().map(d -> d.name()).toList(), data.name(), device);
        int[] count = {0};
        List<String> names = space.dimensions().stream().map(d -> d.name()).toList();
        List<TrialResult> finished = new ArrayList<>();
        Objective objective = p -> {
            StopSignal.check();
            long t0 = System.nanoTime();
            double score = trial(p, data, device, ++count[0]);
            finished.add(new TrialResult(count[0], 0, p, score, (System.nanoTime() - t0) / 1e9, null));
            try {
                AtomicFiles.write(out.resolve("search.csv"), SearchResult.of(finished, names, Goal.MAXIMIZE).toCsv());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write " + out.resolve("search.csv") + ": "
                        + e.getMessage(), e);
            }
            return score;
        };
        SearchResult result = search.run(objective, Goal.MAXIMIZE);
        if (StopSignal.requested()) {
            SearchResult done = SearchResult.of(finished, names, Goal.MAXIMIZE);
            io.out().print(done.toTable());
            io.err().printf(Locale.ROOT, "tessera search: interrupted in trial %d of %d; the %d finished trials are "
                    + "in %s%n", count[0], trials, finished.size(), out.resolve("search.csv"));
            return StopSignal.EXIT_CODE;
        }
        if (count[0] < trials) {
            io.out().printf(Locale.ROOT, "ran %d trials of the %d asked: %s%n", count[0], trials,
                    strategy.trim().equalsIgnoreCase("genetic") ? "the genetic search evaluates " + population
                            + " points per generation for --trials / --population = " + (trials / population)
                            + " generations, and reuses the score of a point it has already tried"
                            : "the grid has " + count[0] + " points");
        }
        return report(result);
    }

    /** Prints the table and the best trial, and writes search.csv. */
    private int report(SearchResult result) throws java.io.IOException {
        io.out().print(result.toTable());
        AtomicFiles.write(out.resolve("search.csv"), result.toCsv());
        io.out().println("wrote search.csv to " + out);
        Params best = result.best().params();
        io.out().println("best: " + describe(best));
        io.out().printf(Locale.ROOT, "best_val_accuracy=%.4f%n", result.best().score());
        return 0;
    }

    private double trial(Params p, DataSpec.Loaded data, Device device, int number) {
        TrainOptions o = options.copy();
        for (Map.Entry<String, Object> e : p.values().entrySet()) {
            o.set(e.getKey(), String.valueOf(e.getValue()));
        }
        long t0 = System.nanoTime();
        try (Scope scope = Scope.open(); TrainingRun run = new TrainingRun(o, device, data)) {
            run.trainer.addListener(new dev.tessera.train.TrainingListener() {
                @Override
                public void onBatchEnd(int epoch, int batch, int batches, double loss, boolean skipped) {
                    StopSignal.check();
                }
            });
            TrainingHistory h = run.trainer.fit(run.trainBatches, run.valBatches);
            EpochMetrics m = h.bestEpoch() >= 0 ? h.epochs().get(h.bestEpoch() - 1) : h.last();
            io.out().printf(Locale.ROOT, "trial %d: %s -> val_accuracy %.4f (%.1f s)%n", number, describe(p),
                    m.valAccuracy(), (System.nanoTime() - t0) / 1e9);
            return m.valAccuracy();
        } catch (StopSignal.Interrupted e) {
            throw e;
        } catch (RuntimeException e) {
            io.out().printf(Locale.ROOT, "trial %d: %s -> failed: %s%n", number, describe(p), Main.describe(e));
            throw e;
        }
    }

    /** {@code lr=0.001, model=mlp:64}: the trial's values, real numbers to 6 significant digits. */
    static String describe(Params p) {
        List<String> parts = new ArrayList<>();
        p.values().forEach((k, v) -> parts.add(k + "=" + (v instanceof Double d ? shortNumber(d) : v)));
        return String.join(", ", parts);
    }

    private static String shortNumber(double d) {
        String s = String.format(Locale.ROOT, "%.6g", d);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return e < 0 ? mantissa : mantissa + s.substring(e);
    }

    /**
     * The space declared by {@code --param} values.
     *
     * @throws IllegalArgumentException naming a malformed declaration or an unknown option
     */
    static SearchSpace space(List<String> declarations, int gridPoints) {
        SearchSpace space = new SearchSpace();
        List<String> known = new ArrayList<>(new TrainOptions().toMap().keySet());
        for (String d : declarations) {
            int eq = d.indexOf('=');
            int colon = d.indexOf(':', eq + 1);
            if (eq <= 0 || colon < 0) {
                throw new IllegalArgumentException("--param: '" + d + "' is not NAME=KIND:... (e.g. lr=log:1e-4:1e-1,"
                        + " dropout=uniform:0:0.5, batch-size=int:16:128, optimizer=choice:adam|sgd)");
            }
            String name = d.substring(0, eq).trim();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("--param: unknown training option '" + name + "' (known: "
                        + String.join(", ", known) + ")");
            }
            String kind = d.substring(eq + 1, colon).trim().toLowerCase(Locale.ROOT);
            String rest = d.substring(colon + 1);
            try {
                switch (kind) {
                    case "log", "uniform" -> {
                        double[] r = bounds(rest);
                        if (kind.equals("log")) {
                            space.logUniform(name, r[0], r[1], gridPoints);
                        } else {
                            space.uniform(name, r[0], r[1], gridPoints);
                        }
                    }
                    case "int" -> {
                        double[] r = bounds(rest);
                        space.intRange(name, (int) r[0], (int) r[1]);
                    }
                    case "choice" -> space.choice(name, Arrays.stream(rest.split("\\|")).map(String::trim)
                            .filter(s -> !s.isEmpty()).toArray());
                    default -> throw new IllegalArgumentException("unknown kind '" + kind
                            + "' (expected log, uniform, int or choice)");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--param " + d + ": " + e.getMessage(), e);
            }
        }
        return space;
    }

    private static double[] bounds(String rest) {
        String[] b = rest.split(":");
        if (b.length != 2) {
            throw new IllegalArgumentException("expected LOW:HIGH after the kind");
        }
        try {
            return new double[]{Double.parseDouble(b[0].trim()), Double.parseDouble(b[1].trim())};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + rest + "' is not LOW:HIGH with numbers", e);
        }
    }
}
