package dev.tessera.cli;

import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.train.EpochLogger;
import dev.tessera.train.Evaluation;
import dev.tessera.train.MetricsCsv;
import dev.tessera.train.ProgressBar;
import dev.tessera.train.TrainingHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tessera train}: trains a classifier, printing one line per epoch (a progress bar on a terminal while it
 * runs) and finally {@code test_accuracy=0.NNNN}; writes metrics.csv, curves.png, model.safetensors and config.json
 * into the output folder, from which {@code tessera evaluate} reproduces the test accuracy.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, description = {"Train a classifier; print one line per epoch and "
        + "test_accuracy=...; write metrics.csv, curves.png, model.safetensors and config.json.",
    "Example: tessera train --dataset fashion-mnist --model mlp:1024,1024 --lr 1e-3 --batch-size 128 --epochs 5"})
final class TrainCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    TrainOptions options;

    @Option(names = "--out", defaultValue = "runs/train", paramLabel = "DIR",
            description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin
    DeviceOptions deviceOptions;

    @Mixin
    SparkOptions sparkOptions;

    TrainCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        options.validate();
        if (sparkOptions.enabled()) {
            sparkOptions.checkSparkPresent();
            sparkOptions.checkTrainOptions(options);
        }
        DataSpec.Loaded data = DataSpec.parse(options.dataset).load();
        Device device = deviceOptions.open();
        Files.createDirectories(out);
        try (Scope scope = Scope.open(); TrainingRun run = new TrainingRun(options, device, data)) {
            int[] n = run.sizes();
            io.out().printf(Locale.ROOT, "training %s on %s: %d training, %d validation, %d test examples, %d features,"
                    + " %d classes, on %s%n", options.model, data.name(), n[0], n[1], n[2], data.features(),
                    data.classes(), device);
            io.out().printf(Locale.ROOT, "%d parameters; %s lr %s, %s schedule, batch %d, %d epochs%n",
                    run.model.parameterCount(), options.optimizer, options.lr, options.schedule, options.batchSize,
                    options.epochs);
            if (io.terminal()) {
                run.trainer.addListener(new ProgressBar(io.err(), 200));
            }
            run.trainer.addListener(new EpochLogger(io.out()));
            run.trainer.addListener(new MetricsCsv(out.resolve("metrics.csv")));
            long t0 = System.nanoTime();
            if (sparkOptions.enabled()) {
                trainOnSpark(run, out, t0);
                return 0;
            }
            TrainingHistory history = run.trainer.fit(run.trainBatches, run.valBatches);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Evaluation test = run.test();
            ModelFiles.save(out, run, test);
            try {
                Curves.write(history, data.name() + " " + options.model, out.resolve("curves.png"));
            } catch (IllegalStateException e) {
                throw new IllegalStateException("curves.png not written: " + e.getMessage() + " (test accuracy "
                        + String.format(Locale.ROOT, "%.4f", test.accuracy()) + "; " + ModelFiles.WEIGHTS + ", "
                        + "metrics.csv and " + ModelFiles.CONFIG + " are in " + out + ")", e);
            }
            io.out().printf(Locale.ROOT, "trained in %.1f s; wrote metrics.csv, curves.png, %s and %s to %s%n",
                    seconds, ModelFiles.WEIGHTS, ModelFiles.CONFIG, out);
            io.out().printf(Locale.ROOT, "test_loss=%.4f%n", test.loss());
            io.out().printf(Locale.ROOT, "test_accuracy=%.4f%n", test.accuracy());
        }
        return 0;
    }

    /** The --spark path: data-parallel training on Spark, then the same test, files and last lines as locally. */
    private void trainOnSpark(TrainingRun run, Path out, long t0) throws java.io.IOException {
        io.out().printf(Locale.ROOT, "on Spark %s: %d workers of batch %d (global batch %d)%n", sparkOptions.master,
                sparkOptions.workers, options.batchSize / Math.max(1, sparkOptions.workers), options.batchSize);
        var result = SparkTraining.train(run, sparkOptions.master, sparkOptions.workers,
                sparkOptions.executorDevice);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] losses = result.losses();
        io.out().printf(Locale.ROOT, "%d steps: loss %.4f -> %.4f; %d failed stage attempts retried; all-reduce "
                + "%.2f s of %.2f s on worker 0%n", result.steps(), losses[0], losses[losses.length - 1],
                result.failedAttempts(), result.allReduceSeconds(), result.allReduceSeconds()
                        + result.computeSeconds());
        Evaluation test = run.test();
        ModelFiles.save(out, run, test);
        io.out().printf(Locale.ROOT, "trained in %.1f s; wrote %s and %s to %s%n", seconds, ModelFiles.WEIGHTS,
                ModelFiles.CONFIG, out);
        io.out().printf(Locale.ROOT, "test_loss=%.4f%n", test.loss());
        io.out().printf(Locale.ROOT, "test_accuracy=%.4f%n", test.accuracy());
    }
}
