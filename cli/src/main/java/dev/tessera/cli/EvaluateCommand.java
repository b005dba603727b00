package dev.tessera.cli;

import dev.tessera.Autocast;
import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.cli.plot.Figure;
import dev.tessera.cli.plot.Heatmap;
import dev.tessera.data.Batch;
import dev.tessera.data.CsvDataset;
import dev.tessera.train.Evaluation;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tessera evaluate}: loads a trained model from a {@code tessera train} output folder and prints its test
 * loss and {@code test_accuracy=0.NNNN} on the run's dataset (or another with the same features and classes; for a
 * CNN, images of the same shape or flat rows of as many values, read row-major),
 * applying the normalizer fitted during training; then precision, recall and F1 per class and macro-averaged
 * ({@link ClassMetrics}, also {@code macro_f1=...}) and the confusion matrix, written to the report folder as
 * {@value #CONFUSION_CSV}, {@value #CONFUSION_PNG} and {@value #METRICS_CSV}.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false, description = {"Evaluate a trained model on a test set; prints "
        + "test_accuracy=... (the training run's value, for its own dataset).",
    "Example: tessera evaluate --model runs/train"})
final class EvaluateCommand extends IoCommand {
    /** The confusion matrix (rows true, columns predicted). */
    static final String CONFUSION_CSV = "confusion.csv";
    /** Its picture. */
    static final String CONFUSION_PNG = "confusion.png";
    /** Precision, recall, F1 and support per class, and the macro averages. */
    static final String METRICS_CSV = "class_metrics.csv";
    /** Width and height of the confusion picture. */
    static final int PNG_SIZE = 720;
    @Mixin
    TrainedRun model;

    @Option(names = "--dataset", paramLabel = "DATA",
            description = "test data: digits, fashion-mnist[:DIR], idx:DIR or csv:FILE (default: the run's dataset)")
    String dataset;

    @Option(names = "--split", paramLabel = "PART",
            description = "test (the run's held-out test part) or all (every example of the data; for data with an "
                    + "official test part, all of that part) (default: test for the run's own dataset, all with "
                    + "--dataset)")
    String split;

    @Option(names = "--report", paramLabel = "DIR",
            description = "folder for confusion.csv, confusion.png and class_metrics.csv (default: the --model DIR)")
    Path report;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    public Integer call() throws Exception {
        boolean all = switch (split == null ? (dataset == null ? "test" : "all") : split.trim()) {
            case "test" -> false;
            case "all" -> true;
            default -> throw new IllegalArgumentException("--split: unknown part '" + split + "' (expected test or "
                    + "all)");
        };
        Path dir = RunFolder.resolve(model.dir);
        String status = RunFolder.status(dir);
        if (status != null && status.startsWith("failed")) {
            throw new IllegalArgumentException("--model " + dir + ": that run " + status);
        }
        Device device = deviceOptions.open();
        ModelFiles.Saved saved = ModelFiles.load(dir, device);
        try (Scope scope = Scope.open()) {
            DataSpec spec = DataSpec.parse(dataset != null ? dataset : saved.options().dataset);
            if (dataset == null) {
                spec.verify(saved.config(), dir);
            }
            DataSpec.Loaded data = spec.load(saved.classNames(), CsvDataset.NanPolicy.ERROR);
            Shape input = saved.inputShape();
            boolean fits = data.example().equals(input)
                    || (input.rank() == 1 || data.example().rank() == 1) && data.features() == saved.features();
            if (!fits || data.classes() > saved.classes()) {
                throw new IllegalArgumentException("--dataset " + spec.text() + " has " + describe(data.example(),
                        input) + " and " + data.classes() + " classes, but the model takes " + describe(input, input)
                        + " and predicts " + saved.classes() + " classes");
            }
            Batch test = DataTensors.all(all ? data.all() : data.test(), input, DType.FLOAT32, device);
            Tensor x = saved.normalizer() == null ? test.features() : saved.normalizer().transform(test.features());
            ConfusionMatrix confusion = new ConfusionMatrix(saved.classes());
            Evaluation e;
            try (Autocast a = saved.options().precision().autocast(device)) {
                e = Evaluator.evaluate(saved.model(), Losses.base(saved.options(), saved.classes()), x, test.targets(),
                        confusion);
            }
            io.out().printf(Locale.ROOT, "evaluating %s (%s) on %s %d examples of %s, on %s%n",
                    saved.options().model, dir, all ? "all" : "the", x.size(0), all ? data.name() : "the test part of "
                    + data.name(), device);
            io.out().printf(Locale.ROOT, "test_loss=%.4f%n", e.loss());
            io.out().printf(Locale.ROOT, "test_accuracy=%.4f%n", e.accuracy());
            ClassMetrics metrics = ClassMetrics.of(confusion);
            io.out().print(metrics.table(saved.labels(), false));
            io.out().printf(Locale.ROOT, "macro_f1=%.4f%n", metrics.macroF1());
            io.out().print(confusion.toCsv(saved.labels()));
            Path reportDir = report != null ? report : dir;
            AtomicFiles.write(reportDir.resolve(CONFUSION_CSV), confusion.toCsv(saved.labels()));
            AtomicFiles.write(reportDir.resolve(METRICS_CSV), metrics.table(saved.labels(), true));
            Figure.writePng(Heatmap.draw(data.name() + " " + saved.options().model + ": confusion matrix",
                    "true class", "predicted class", saved.labels().names(), confusion.counts(), PNG_SIZE),
                    reportDir.resolve(CONFUSION_PNG));
            io.out().printf(Locale.ROOT, "wrote %s, %s and %s to %s%n", CONFUSION_CSV, CONFUSION_PNG, METRICS_CSV,
                    reportDir);
        } finally {
            saved.model().close();
        }
        return 0;
    }

    /** {@code "N features"} for a model of flat input, {@code "images [C, H, W]"} for one of image input. */
    private static String describe(Shape example, Shape input) {
        return input.rank() == 1 ? example.numel() + " features" : (example.rank() == 3 ? "images " : "examples ")
                + example;
    }
}
