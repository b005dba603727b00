package dev.tessera.cli;

import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.train.EpochLogger;
import dev.tessera.train.Evaluation;
import dev.tessera.train.MetricsCsv;
import dev.tessera.train.ProgressBar;
import dev.tessera.train.StepLog;
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
 * runs) and finally {@code test_accuracy=0.NNNN}; writes metrics.csv (per epoch), steps.jsonl (per optimizer step:
 * loss, learning rate, gradient norm every {@value #GRADIENT_NORM_EVERY} steps, samples/s; see {@link StepLog}),
 * curves.png and the model files ({@link ModelFiles}) into the output folder, from which {@code tessera evaluate}
 * reproduces the test accuracy.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, description = {"Train a classifier; print one line per epoch and "
        + "test_accuracy=...; write metrics.csv, curves.png, model.safetensors and config.json.",
    "Example: tessera train --dataset fashion-mnist --model mlp:1024,1024 --lr 1e-3 --batch-size 128 --epochs 5"})
final class TrainCommand implements Callable<Integer> {
    /** Steps between gradient norms in steps.jsonl (each costs a device sync; every step when clipping by norm). */
    static final int GRADIENT_NORM_EVERY = 10;
    /** The per-step log file. */
    static final String STEP_LOG = "steps.jsonl";
    private final Io io;

    @Mixin
    TrainOptions options;

    @Option(names = "--out", defaultValue = "runs/train", paramLabel = "DIR",
            description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin
    DeviceOptions deviceOptions;

    TrainCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        options.validate();
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
            run.trainer.addListener(new StepLog(out.resolve(STEP_LOG), GRADIENT_NORM_EVERY));
            long t0 = System.nanoTime();
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
            io.out().printf(Locale.ROOT, "trained in %.1f s; wrote metrics.csv, %s, curves.png, %s, %s%s and %s to "
                    + "%s%n", seconds, STEP_LOG, ModelFiles.WEIGHTS, run.normalizer == null ? ""
                    : ModelFiles.NORMALIZER_FILE + ", ", LabelMap.FILE, ModelFiles.CONFIG, out);
            io.out().printf(Locale.ROOT, "test_loss=%.4f%n", test.loss());
            io.out().printf(Locale.ROOT, "test_accuracy=%.4f%n", test.accuracy());
        }
        return 0;
    }
}
