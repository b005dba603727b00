package dev.tessera.cli;

import dev.tessera.Autocast;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tessera predict}: classifies the examples of {@code --input} with the model of a {@code tessera train}
 * output folder, applying the run's normalizer, and writes one CSV line per example: the predicted class name
 * (the argmax of the outputs), the example's own label when the input has labels, and the probability of each
 * class, {@code softmax(outputs)}, under the header {@code class[,label],p_NAME...}. Without {@code --output} the
 * CSV goes to standard output; with it, a summary line (and the accuracy, for labeled input) is printed instead.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false, description = {"Predict the class "
        + "and class probabilities of each example with a trained model.",
    "Example: tessera predict --model runs/train --input new.csv --output preds.csv"})
final class PredictCommand extends IoCommand {
    @Mixin
    TrainedRun model;

    @Option(names = "--input", required = true, paramLabel = "DATA",
            description = "examples: FILE.csv (features[, label] with a header), FILE.npy ([N, features]) or idx:DIR "
                    + "(the t10k files of an IDX folder)")
    String input;

    @Option(names = "--output", paramLabel = "FILE", description = "CSV file to write (default: standard output)")
    Path output;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    public Integer call() throws Exception {
        Device device = deviceOptions.open();
        ModelFiles.Saved saved = ModelFiles.load(model.dir, device);
        try (Scope scope = Scope.open()) {
            PredictInput data = PredictInput.load(input, saved, device);
            Tensor x = saved.normalizer() == null ? data.features() : saved.normalizer().transform(data.features());
            float[] p = probabilities(saved, x);
            LabelMap labels = saved.labels();
            int n = x.size(0);
            int c = saved.classes();
            StringBuilder csv = new StringBuilder("class");
            if (data.labels() != null) {
                csv.append(",label");
            }
            for (String name : labels.names()) {
                csv.append(',').append(field("p_" + name));
            }
            csv.append('\n');
            long correct = 0;
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int k = 1; k < c; k++) {
                    if (p[i * c + k] > p[i * c + best]) {
                        best = k;
                    }
                }
                csv.append(field(labels.name(best)));
                if (data.labels() != null) {
                    csv.append(',').append(field(labels.name(data.labels()[i])));
                    correct += data.labels()[i] == best ? 1 : 0;
                }
                for (int k = 0; k < c; k++) {
                    csv.append(',').append(p[i * c + k]);
                }
                csv.append('\n');
            }
            if (output == null) {
                io.out().print(csv);
                return 0;
            }
            AtomicFiles.write(output, csv.toString());
            io.out().printf(Locale.ROOT, "predicted %d examples of %s with %s (%s) on %s; wrote %s%n", n, input,
                    saved.options().model, model.dir, device, output);
            if (data.labels() != null) {
                io.out().printf(Locale.ROOT, "accuracy=%.4f%n", n == 0 ? Double.NaN : (double) correct / n);
            }
        } finally {
            saved.model().close();
        }
        return 0;
    }

    /** {@code softmax(model(x))} row by row, {@code [N * classes]}, in batches, in evaluation mode. */
    private static float[] probabilities(ModelFiles.Saved saved, Tensor x) {
        int n = x.size(0);
        int c = saved.classes();
        float[] out = new float[n * c];
        saved.model().eval();
        try (GradMode.Guard g = GradMode.noGrad(); Autocast a = saved.options().precision().autocast(x.device())) {
            for (int start = 0; start < n; start += Evaluator.BATCH) {
                int end = Math.min(n, start + Evaluator.BATCH);
                try (Scope s = Scope.open()) {
                    float[] p = saved.model().forward(x.slice(0, start, end)).softmax(1).toFloatArray();
                    System.arraycopy(p, 0, out, start * c, p.length);
                }
            }
        }
        return out;
    }

    /** {@code s} as a CSV field: quoted (inner quotes doubled) when it holds a comma, quote, line break or edge space. */
    static String field(String s) {
        boolean quote = s.isEmpty() || s.strip().length() != s.length() || s.chars().anyMatch(ch -> ch == ','
                || ch == '"' || ch == '\n' || ch == '\r');
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
