package dev.tessera.cli;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.data.CharTextDataset;
import dev.tessera.data.TextCorpus;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.loss.Loss;
import dev.tessera.nn.TensorOptions;
import dev.tessera.optim.Adam;
import dev.tessera.optim.Optimizers;
import dev.tessera.optim.schedule.LrSchedule;
import dev.tessera.train.BatchSource;
import dev.tessera.train.EpochLogger;
import dev.tessera.train.EpochMetrics;
import dev.tessera.train.MetricsCsv;
import dev.tessera.train.ProgressBar;
import dev.tessera.train.StepLog;
import dev.tessera.train.Trainer;
import dev.tessera.train.TrainerConfig;
import dev.tessera.train.TrainingHistory;
import dev.tessera.train.TrainingListener;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tessera lm}: trains a character-level language model on a text ({@link CharTextDataset}: the last
 * {@code --val-fraction} of the characters for validation, the vocabulary from the rest), minimizing the mean
 * cross-entropy of the next character in nats per character with Adam. Training runs {@code --steps} optimizer steps
 * (validating every {@code --eval-every}; each such interval is one "epoch" of metrics.csv) or {@code --epochs}
 * passes (one pass = as many steps as fill the training part with non-overlapping windows). Prints one line per
 * interval and finally {@code validation_nats_per_char=...}; writes metrics.csv, steps.jsonl, curves.png and the
 * files of {@link LmFiles} into a run folder ({@link RunFolder}, default {@code runs/lm/<date-time>}).
 *
 * <p>The defaults are the anchor: {@code lstm:256} with embeddings of 64, sequences of 64, batches of 32,
 * Adam at 2e-3, 300 steps. Ctrl-C stops at the next batch and saves the model as it is then (status
 * {@code interrupted at step S of N}, exit {@value StopSignal#EXIT_CODE}).
 */
@Command(name = "lm", mixinStandardHelpOptions = true, sortOptions = false, description = {"Train a character-level "
        + "language model; print the validation loss in nats/char; write metrics.csv, curves.png, model.safetensors, "
        + "vocabulary.txt and config.json.",
    "Example: tessera lm --corpus fortunes --model lstm:256 --steps 300"})
final class LmCommand extends IoCommand {
    /** Steps between gradient norms in steps.jsonl. */
    static final int GRADIENT_NORM_EVERY = 10;
    /** Optimizer steps when neither --steps nor --epochs is given (the anchor). */
    static final int DEFAULT_STEPS = 300;
    @Option(names = "--corpus", defaultValue = "fortunes", paramLabel = "fortunes|FILE",
            description = "the text: 'fortunes' (Debian's fortunes package) or a UTF-8 file (default: "
                    + "${DEFAULT-VALUE})")
    String corpus;

    @Option(names = "--model", defaultValue = "lstm:256", paramLabel = "SPEC",
            description = "lstm:H, gru:H or transformer:LAYERS,DIM,HEADS (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--embedding", defaultValue = "64", paramLabel = "E",
            description = "embedding size of lstm and gru models (a transformer's is DIM) (default: ${DEFAULT-VALUE})")
    int embedding;

    @Option(names = "--seq", defaultValue = "64", paramLabel = "L",
            description = "characters per training window; a transformer's context (default: ${DEFAULT-VALUE})")
    int seq;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "B",
            description = "windows per batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--steps", paramLabel = "N",
            description = "optimizer steps (default: " + DEFAULT_STEPS + " unless --epochs)")
    Integer steps;

    @Option(names = "--epochs", paramLabel = "N",
            description = "passes over the training part instead of --steps, validating after each")
    Integer epochs;

    @Option(names = "--eval-every", defaultValue = "100", paramLabel = "N",
            description = "with --steps, validate every N steps (default: ${DEFAULT-VALUE})")
    int evalEvery;

    @Option(names = "--lr", defaultValue = "2e-3", description = "Adam's learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--clip-norm", paramLabel = "MAX", description = "clip the global gradient norm to MAX (default: "
            + "no clipping)")
    Double clipNorm;

    @Option(names = "--val-fraction", defaultValue = "0.1", paramLabel = "F",
            description = "fraction of the text, at its end, kept for validation (default: ${DEFAULT-VALUE})")
    double valFraction;

    @Option(names = "--seed", defaultValue = "0",
            description = "seed of initialization and window order (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    RunOutput output;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    public Integer call() throws Exception {
        LmSpec spec = validate();
        String text = corpus.equals("fortunes") ? TextCorpus.fortunes() : TextCorpus.read(Path.of(corpus));
        CharTextDataset data = CharTextDataset.split(text, valFraction, seq);
        Device device = deviceOptions.open();
        Path dir = output.create();
        try (AutoCloseable stop = StopSignal.arm()) {
            return train(spec, data, device, dir);
        } catch (Exception | Error e) {
            RunFolder.failed(dir, e);
            throw e;
        }
    }

    /** Checks every option; returns the parsed model. */
    private LmSpec validate() {
        LmSpec spec = LmSpec.parse(model);
        if (steps != null && epochs != null) {
            throw new IllegalArgumentException("give --steps or --epochs, not both");
        }
        if (steps == null && epochs == null) {
            steps = DEFAULT_STEPS;
        }
        if (steps != null) {
            Checks.atLeast("--steps", steps, 1);
        }
        if (epochs != null) {
            Checks.atLeast("--epochs", epochs, 1);
        }
        Checks.atLeast("--eval-every", evalEvery, 1);
        Checks.atLeast("--embedding", embedding, 1);
        Checks.atLeast("--seq", seq, 1);
        Checks.atLeast("--batch", batch, 1);
        Checks.positive("--lr", lr);
        if (clipNorm != null) {
            Checks.positive("--clip-norm", clipNorm);
        }
        if (!(valFraction > 0 && valFraction < 1)) {
            throw new IllegalArgumentException("--val-fraction must be in (0, 1), got " + valFraction);
        }
        return spec;
    }

    private int train(LmSpec spec, CharTextDataset data, Device device, Path dir) throws Exception {
        int vocabulary = data.vocabulary().size();
        int perEpoch = Math.max(1, (data.trainSize() - 1) / (batch * seq));
        int[] rounds = LmBatches.rounds(steps, epochs, evalEvery, perEpoch);
        int total = java.util.Arrays.stream(rounds).sum();
        try (Scope scope = Scope.open();
             LanguageModel net = spec.build(vocabulary, embedding, seq,
                     new TensorOptions(device, DType.FLOAT32, new Generator(seed)))) {
            Adam adam = Optimizers.adam(net.namedParameters()).lr(lr).build();
            CrossEntropyLoss ce = new CrossEntropyLoss();
            Loss loss = (logits, targets) -> ce.compute(logits.reshape(-1, vocabulary), targets.reshape(-1));
            TrainerConfig.Builder config = TrainerConfig.builder().epochs(rounds.length).seed(seed)
                    .scheduleUnit(TrainerConfig.ScheduleUnit.STEP);
            if (clipNorm != null) {
                config.clipNorm(clipNorm);
            }
            Trainer trainer = new Trainer(net, loss, adam, LrSchedule.constant(), config.build());
            BatchSource train = LmBatches.training(data, batch, seed, rounds, device);
            BatchSource validation = LmBatches.validation(data, device);
            Map<String, Object> record = record(data, net.parameterCount());
            LmFiles.saveConfig(dir, record);
            RunFolder.status(dir, "running");
            io.out().printf(Locale.ROOT, "lm %s on %s: %d training, %d validation characters (%d windows of %d), %d "
                    + "symbols, on %s%n", spec.text(), corpusName(), data.trainSize(), data.validationSize(),
                    data.validationWindows(), seq, vocabulary, device);
            io.out().printf(Locale.ROOT, "%d parameters; adam lr %s, batch %d x %d characters, %d steps in %d rounds;"
                    + " writing to %s%n", net.parameterCount(), lr, batch, seq, total, rounds.length, dir);
            if (io.terminal()) {
                trainer.addListener(new ProgressBar(io.err(), 200, batch));
            }
            trainer.addListener(new EpochLogger(io.out()));
            trainer.addListener(new MetricsCsv(dir.resolve("metrics.csv")));
            trainer.addListener(new StepLog(dir.resolve(TrainCommand.STEP_LOG), GRADIENT_NORM_EVERY));
            trainer.addListener(new TrainingListener() {
                @Override
                public void onBatchEnd(int epoch, int b, int batches, double value, boolean skipped) {
                    StopSignal.check();
                }
            });
            TrainingHistory history;
            try {
                history = trainer.fit(train, validation);
            } catch (StopSignal.Interrupted e) {
                String where = String.format(Locale.ROOT, "interrupted at step %d of %d", trainer.step(), total);
                LmFiles.save(dir, net, data.vocabulary(), record);
                RunFolder.status(dir, where);
                io.err().println("tessera lm: " + where + "; the model of that step is in " + dir);
                return StopSignal.EXIT_CODE;
            }
            EpochMetrics last = history.last();
            double seconds = history.epochs().stream().mapToDouble(EpochMetrics::seconds).sum();
            record.put("validation_nats_per_char", last.valLoss());
            record.put("train_seconds", seconds);
            record.put("ms_per_step", 1000 * seconds / total);
            LmFiles.save(dir, net, data.vocabulary(), record);
            String curves = writeCurves(history, spec, dir);
            RunFolder.status(dir, "completed");
            io.out().printf(Locale.ROOT, "trained %d steps in %.1f s (%.1f ms/step); wrote metrics.csv, %s, %s%s, %s "
                    + "and %s to %s%n", total, seconds, 1000 * seconds / total, TrainCommand.STEP_LOG, curves,
                    ModelFiles.WEIGHTS, LmFiles.VOCABULARY, ModelFiles.CONFIG, dir);
            io.out().printf(Locale.ROOT, "validation_nats_per_char=%.4f%n", last.valLoss());
        }
        return 0;
    }

    /** The options and data sizes recorded in config.json. */
    private Map<String, Object> record(CharTextDataset data, long parameters) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("corpus", corpus.equals("fortunes") ? corpus : Path.of(corpus).toAbsolutePath().toString());
        m.put("model", model);
        m.put("embedding", embedding);
        m.put("seq", seq);
        m.put("batch", batch);
        m.put("steps", steps);
        m.put("epochs", epochs);
        m.put("eval-every", evalEvery);
        m.put("lr", lr);
        m.put("clip-norm", clipNorm);
        m.put("val-fraction", valFraction);
        m.put("seed", seed);
        m.put("vocabulary_size", data.vocabulary().size());
        m.put("train_characters", data.trainSize());
        m.put("validation_characters", data.validationSize());
        m.put("parameters", parameters);
        return m;
    }

    private String corpusName() {
        return corpus.equals("fortunes") ? "fortunes" : Path.of(corpus).getFileName().toString();
    }

    /** Draws curves.png; returns {@code "curves.png, "}, or warns and returns "" when it cannot be drawn. */
    private String writeCurves(TrainingHistory history, LmSpec spec, Path dir) {
        try {
            Curves.write(history, corpusName() + " " + spec.text() + " (nats/char)", dir.resolve("curves.png"));
            return "curves.png, ";
        } catch (Exception | LinkageError e) {
            io.err().println("tessera lm: warning: curves.png not written: " + Main.describe(e));
            return "";
        }
    }
}
