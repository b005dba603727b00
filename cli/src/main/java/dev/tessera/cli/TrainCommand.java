package dev.tessera.cli;

import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Tessera;
import dev.tessera.train.Checkpoint;
import dev.tessera.train.EpochLogger;
import dev.tessera.train.Evaluation;
import dev.tessera.train.MetricsCsv;
import dev.tessera.train.ProgressBar;
import dev.tessera.train.StepLog;
import dev.tessera.train.Trainer;
import dev.tessera.train.TrainingHistory;
import dev.tessera.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessera train}: trains a classifier, printing one line per epoch (a progress bar on a terminal while it
 * runs) and finally {@code test_accuracy=0.NNNN}; writes metrics.csv (per epoch), steps.jsonl (per optimizer step:
 * loss, learning rate, gradient norm every {@value #GRADIENT_NORM_EVERY} steps, samples/s; see {@link StepLog}),
 * curves.png, the model files ({@link ModelFiles}), the checkpoint last.safetensors and the status file into a run
 * folder (see {@link RunFolder}), from which {@code tessera evaluate} reproduces the test accuracy.
 *
 * <p>Ctrl-C or SIGTERM stops at the next mini-batch: the model of the last completed epoch, its metrics, curves and
 * checkpoint are written, the status says {@code interrupted at epoch E of N}, one line tells how to resume, and the
 * exit status is {@value StopSignal#EXIT_CODE}. {@code --resume DIR} continues such a run from its checkpoint with
 * the options recorded in its config.json, ending where the uninterrupted run would: bit for bit with
 * {@code --deterministic}, within floating-point rounding without it.
 * A run that fails records {@code failed: <why>} in its status file.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, description = {"Train a classifier; print one line per epoch and "
        + "test_accuracy=...; write metrics.csv, curves.png, model.safetensors and config.json.",
    "Example: tessera train --dataset fashion-mnist --model mlp:1024,1024 --lr 1e-3 --batch-size 128 --epochs 5"})
final class TrainCommand extends StoppableCommand {
    /** Options that may accompany {@code --resume} (everything else comes from the run's config.json). */
    private static final Set<String> RESUME_OPTIONS = Set.of("--resume", "--device", "--debug");
    /** Steps between gradient norms in steps.jsonl (each costs a device sync; every step when clipping by norm). */
    static final int GRADIENT_NORM_EVERY = 10;
    /** The per-step log file. */
    static final String STEP_LOG = "steps.jsonl";
    @Spec
    CommandSpec spec;

    @Mixin
    TrainOptions options;

    @Mixin
    RunOutput output;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "continue the interrupted run in DIR from its last completed epoch, with its recorded "
                    + "options")
    Path resume;

    @Mixin
    DeviceOptions deviceOptions;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    int run() throws Exception {
        if (resume != null) {
            prepareResume();
        }
        options.validate();
        if (sparkOptions.enabled()) {
            sparkOptions.checkSparkPresent();
            sparkOptions.checkTrainOptions(options);
        }
        DataSpec spec = DataSpec.parse(options.dataset);
        if (resume != null) {
            spec.verify(ModelFiles.readConfig(resume), resume);
        }
        DataSpec.Loaded data = spec.load(null, options.nanPolicy());
        Device device = deviceOptions.open();
        Path dir = resume != null ? resume : output.create();
        boolean wasDeterministic = Tessera.deterministic();
        try {
            Tessera.setDeterministic(wasDeterministic || options.deterministic);
            return train(dir, data, device);
        } catch (Exception | Error e) {
            RunFolder.failed(dir, e);
            throw e;
        } finally {
            Tessera.setDeterministic(wasDeterministic);
        }
    }

    /** Checks the {@code --resume} folder and reads its options into {@link #options}. */
    private void prepareResume() throws Exception {
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (!RESUME_OPTIONS.contains(o.longestName())) {
                throw new IllegalArgumentException("--resume continues with the options recorded in " + resume
                        + "/" + ModelFiles.CONFIG + "; " + o.longestName() + " cannot be changed (start a new run "
                        + "instead)");
            }
        }
        if (!Files.isRegularFile(resume.resolve(ModelFiles.CONFIG))) {
            throw new IllegalArgumentException("--resume " + resume + ": no " + ModelFiles.CONFIG + " there (expected "
                    + "the folder of an interrupted 'tessera train' run)");
        }
        String status = RunFolder.status(resume);
        if ("completed".equals(status)) {
            throw new IllegalArgumentException("--resume " + resume + ": that run is already completed");
        }
        options = ModelFiles.readOptions(resume);
    }

    private int train(Path dir, DataSpec.Loaded data, Device device) throws Exception {
        Path checkpoint = dir.resolve(Trainer.CHECKPOINT_FILE);
        boolean fromCheckpoint = resume != null && Files.isRegularFile(checkpoint);
        try (Scope scope = Scope.open();
             TrainingRun run = new TrainingRun(options, device, data, dir, fromCheckpoint ? checkpoint : null)) {
            ModelFiles.saveConfig(dir, run, null);
            RunFolder.status(dir, "running");
            int[] n = run.sizes();
            io.out().printf(Locale.ROOT, "%s %s on %s: %d training, %d validation, %d test examples, %d features%s,"
                    + " %d classes, on %s%n", fromCheckpoint ? "resuming" : "training", options.model, data.name(),
                    n[0], n[1], n[2], data.features(), run.inputShape.rank() > 1 ? " as images " + run.inputShape : "",
                    data.classes(), device);
            io.out().printf(Locale.ROOT, "%d parameters; %s lr %s, %s schedule, batch %d, %d epochs; writing to %s%n",
                    run.model.parameterCount(), options.optimizer, options.lr, options.schedule, options.batchSize,
                    options.epochs, dir);
            if (io.terminal()) {
                run.trainer.addListener(new ProgressBar(io.err(), 200, options.batchSize));
            }
            run.trainer.addListener(new EpochLogger(io.out()));
            run.trainer.addListener(new MetricsCsv(dir.resolve("metrics.csv")));
            run.trainer.addListener(new StepLog(dir.resolve(STEP_LOG), GRADIENT_NORM_EVERY));
            run.trainer.addListener(new TrainingListener() {
                @Override
                public void onBatchEnd(int epoch, int batch, int batches, double loss, boolean skipped) {
                    StopSignal.check();
                }
            });
            long t0 = System.nanoTime();
            if (sparkOptions.enabled()) {
                return trainOnSpark(run, dir, t0);
            }
            TrainingHistory history;
            try {
                history = run.trainer.fit(run.trainBatches, run.valBatches);
            } catch (StopSignal.Interrupted e) {
                return interrupted(dir, run, checkpoint);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Evaluation test = run.test();
            ModelFiles.save(dir, run, test);
            List<String> written = new ArrayList<>(writeCurves(history, dir, test, data.name()));
            if (run.normalizer != null) {
                written.add(written.indexOf(ModelFiles.WEIGHTS) + 1, ModelFiles.NORMALIZER_FILE);
            }
            RunFolder.status(dir, "completed");
            io.out().printf(Locale.ROOT, "trained in %.1f s; wrote %s to %s%n", seconds, String.join(", ", written),
                    dir);
            io.out().printf(Locale.ROOT, "test_loss=%.4f%n", test.loss());
            io.out().printf(Locale.ROOT, "test_accuracy=%.4f%n", test.accuracy());
        }
        return 0;
    }

    /**
     * After a stop request: puts the model back to the last completed epoch (from the checkpoint), writes its files
     * and the status, and prints how to resume.
     */
    private int interrupted(Path dir, TrainingRun run, Path checkpoint) throws Exception {
        TrainingHistory history = run.trainer.history();
        int done = history.epochs().size();
        String where = String.format(Locale.ROOT, "interrupted at epoch %d of %d (%d completed)", done + 1,
                options.epochs, done);
        if (done > 0) {
            try (Checkpoint c = Checkpoint.read(checkpoint, run.device)) {
                c.restore(run.model, run.optimizer, run.schedule);
            }
            Evaluation test = run.test();
            ModelFiles.save(dir, run, test);
            writeCurves(history, dir, test, run.data.name());
        }
        RunFolder.status(dir, where);
        io.err().println("tessera train: " + where + "; resume with: tessera train --resume " + dir);
        return StopSignal.EXIT_CODE;
    }

    /**
     * Draws curves.png; a chart that cannot be drawn once the model is saved is a warning, not a failure. Returns
     * the names of the files the run wrote.
     */
    private List<String> writeCurves(TrainingHistory history, Path dir, Evaluation test, String dataName) {
        try {
            Curves.write(history, dataName + " " + options.model, dir.resolve("curves.png"));
            return List.of("metrics.csv", STEP_LOG, "curves.png", ModelFiles.WEIGHTS, LabelMap.FILE, ModelFiles.CONFIG);
        } catch (Exception | LinkageError e) {
            io.err().printf(Locale.ROOT, "tessera train: warning: curves.png not written: %s (the model, metrics.csv "
                    + "and %s are in %s; test accuracy %.4f)%n", Main.describe(e), ModelFiles.CONFIG, dir,
                    test.accuracy());
            return List.of("metrics.csv", STEP_LOG, ModelFiles.WEIGHTS, LabelMap.FILE, ModelFiles.CONFIG);
        }
    }

    /** The --spark path: data-parallel training on Spark, then the same test, files and last lines as locally. */
    private int trainOnSpark(TrainingRun run, Path dir, long t0) throws Exception {
        io.out().printf(Locale.ROOT, "on Spark %s: %d workers of batch %d (global batch %d)%n", sparkOptions.master,
                sparkOptions.workers, options.batchSize / sparkOptions.workers, options.batchSize);
        var result = SparkTraining.train(run, sparkOptions.master, sparkOptions.workers,
                sparkOptions.executorDevice);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] losses = result.losses();
        io.out().printf(Locale.ROOT, "%d steps: loss %.4f -> %.4f; %d failed stage attempts retried; all-reduce "
                + "%.2f s of %.2f s on worker 0%n", result.steps(), losses[0], losses[losses.length - 1],
                result.failedAttempts(), result.allReduceSeconds(), result.allReduceSeconds()
                        + result.computeSeconds());
        Evaluation test = run.test();
        ModelFiles.save(dir, run, test);
        RunFolder.status(dir, "completed");
        io.out().printf(Locale.ROOT, "trained in %.1f s; wrote %s and %s to %s%n", seconds, ModelFiles.WEIGHTS,
                ModelFiles.CONFIG, dir);
        io.out().printf(Locale.ROOT, "test_loss=%.4f%n", test.loss());
        io.out().printf(Locale.ROOT, "test_accuracy=%.4f%n", test.accuracy());
        return 0;
    }
}
