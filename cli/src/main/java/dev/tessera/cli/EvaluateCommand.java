package dev.tessera.cli;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.data.Batch;
import dev.tessera.data.CsvDataset;
import dev.tessera.train.Evaluation;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tessera evaluate}: loads a trained model from a {@code tessera train} output folder and prints its test
 * loss and {@code test_accuracy=0.NNNN} on the run's dataset (or another with the same features and classes),
 * applying the normalizer fitted during training.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false, description = {"Evaluate a trained model on a test set; prints "
        + "test_accuracy=... (the training run's value, for its own dataset).",
    "Example: tessera evaluate --model runs/train"})
final class EvaluateCommand implements Callable<Integer> {
    private final Io io;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "output folder of a 'tessera train' run")
    Path model;

    @Option(names = "--dataset", paramLabel = "DATA",
            description = "test data: digits, fashion-mnist[:DIR], idx:DIR or csv:FILE (default: the run's dataset)")
    String dataset;

    @Option(names = "--split", paramLabel = "PART",
            description = "test (the run's held-out test part) or all (every example of the data; for data with an "
                    + "official test part, all of that part) (default: test for the run's own dataset, all with "
                    + "--dataset)")
    String split;

    @Mixin
    DeviceOptions deviceOptions;

    EvaluateCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        boolean all = switch (split == null ? (dataset == null ? "test" : "all") : split.trim()) {
            case "test" -> false;
            case "all" -> true;
            default -> throw new IllegalArgumentException("--split: unknown part '" + split + "' (expected test or "
                    + "all)");
        };
        Path dir = RunFolder.resolve(model);
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
            if (data.features() != saved.features() || data.classes() > saved.classes()) {
                throw new IllegalArgumentException("--dataset " + spec.text() + " has " + data.features()
                        + " features and " + data.classes() + " classes, but the model takes " + saved.features()
                        + " features and predicts " + saved.classes() + " classes");
            }
            Batch test = DataTensors.all(all ? data.all() : data.test(), DType.FLOAT32, device);
            Tensor x = saved.normalizer() == null ? test.features() : saved.normalizer().transform(test.features());
            Evaluation e = Evaluator.evaluate(saved.model(), Losses.base(saved.options(), saved.classes()), x,
                    test.targets());
            io.out().printf(Locale.ROOT, "evaluating %s (%s) on %s %d examples of %s, on %s%n",
                    saved.options().model, dir, all ? "all" : "the", x.size(0), all ? data.name() : "the test part of "
                    + data.name(), device);
            io.out().printf(Locale.ROOT, "test_loss=%.4f%n", e.loss());
            io.out().printf(Locale.ROOT, "test_accuracy=%.4f%n", e.accuracy());
        } finally {
            saved.model().close();
        }
        return 0;
    }
}
