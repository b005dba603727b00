package dev.tessera.cli;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.data.Batch;
import dev.tessera.data.CsvDataset;
import dev.tessera.data.IdxFolder;
import dev.tessera.data.InMemoryDataset;
import dev.tessera.data.TargetKind;
import dev.tessera.io.CsvReader;
import dev.tessera.io.CsvTable;
import dev.tessera.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The examples {@code tessera predict} classifies, from a {@code --input} value:
 * <ul>
 * <li>{@code FILE.csv}: a CSV file with a header and one row per example: the features only, or the features then
 *     the label (the layout {@code --dataset csv:FILE} trains on);</li>
 * <li>{@code FILE.npy}: a NumPy array {@code [N, ...]} of features, no labels;</li>
 * <li>{@code idx:DIR}: the test part ({@code t10k} files) of a folder in the MNIST IDX layout, with its labels.</li>
 * </ul>
 * The feature count must be the model's. A model of flat features takes any example shape of that many values
 * (flattened, row-major); a model of images {@code [C, H, W]} takes examples of exactly that shape, {@code [H, W]}
 * when {@code C = 1}, or flat ones (a CSV row, an array {@code [N, C H W]}) read row-major as {@code [C, H, W]}.
 * Labels, when present, are mapped to the model's classes by name.
 *
 * @param features FLOAT32 features {@code [N, ...inputShape]} on the device, in the shape the model takes (raw, not
 *                 normalized)
 * @param labels   per example the model's class index of its label, or null when the input has none
 */
record PredictInput(Tensor features, int[] labels) {
    private static final String EXPECTED = "expected FILE.csv, FILE.npy or idx:DIR";

    /**
     * Loads {@code text} for a model of {@code model.features()} features and classes {@code model.labels()}.
     *
     * @throws IllegalArgumentException in one line naming both sides, when the feature count or the label names do
     *                                  not match the model, or for an unknown kind of input
     * @throws IOException              when the file or folder is missing or malformed
     */
    static PredictInput load(String text, ModelFiles.Saved model, Device device) throws IOException {
        String what = "--input " + text;
        String lower = text.trim().toLowerCase(Locale.ROOT);
        if (lower.startsWith("idx:")) {
            Path dir = Path.of(text.trim().substring(4));
            if (!Files.isDirectory(dir)) {
                throw new NoSuchFileException(dir.toString(), null, "--input idx: the folder does not exist "
                        + "(expected a folder holding " + String.join(", ", IdxFolder.FILES) + ")");
            }
            return labeled(IdxFolder.load(dir, List.of()).test(), what, model, device);
        }
        Path file = Path.of(text.trim());
        if (!lower.endsWith(".csv") && !lower.endsWith(".npy")) {
            throw new IllegalArgumentException("--input: unknown input '" + text + "' (" + EXPECTED + ")");
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "--input: the file does not exist (" + EXPECTED
                    + ")");
        }
        return lower.endsWith(".npy") ? npy(file, what, model, device) : csv(file, what, model, device);
    }

    private static PredictInput csv(Path file, String what, ModelFiles.Saved model, Device device)
            throws IOException {
        CsvTable table = CsvReader.defaults().read(file);
        if (table.columns() == model.features() + 1) {
            return labeled(CsvDataset.fromTable(table, "-1", TargetKind.CLASS), what, model, device);
        }
        if (table.columns() != model.features()) {
            throw new IllegalArgumentException(what + " has " + table.columns() + " columns but the model takes "
                    + model.features() + " features (expected " + model.features() + " feature columns, optionally "
                    + "followed by the label)");
        }
        int n = table.rows();
        int d = table.columns();
        float[] x = new float[n * d];
        for (int c = 0; c < d; c++) {
            double[] v = table.numbers(c);
            for (int r = 0; r < n; r++) {
                x[r * d + c] = (float) v[r];
            }
        }
        return new PredictInput(DataTensors.shaped(Tensor.of(device, x, n, d), model.inputShape()), null);
    }

    private static PredictInput npy(Path file, String what, ModelFiles.Saved model, Device device)
            throws IOException {
        Tensor a = Npy.readTensor(file, Device.cpu());
        if (a.rank() < 1 || a.size(0) == 0 || a.numel() / a.size(0) != model.features()) {
            throw new IllegalArgumentException(what + " has shape " + a.shape() + ", "
                    + (a.rank() < 1 || a.size(0) == 0 ? "no examples" : a.numel() / a.size(0) + " features per example")
                    + ", but the model takes " + model.features() + " features (expected " + accepted(model) + ")");
        }
        int[] d = a.shape().dims();
        checkImage(Shape.of(Arrays.copyOfRange(d, 1, d.length)), what + " has shape " + a.shape(), model);
        Tensor x = DataTensors.shaped(a, model.inputShape()).to(DType.FLOAT32);
        return new PredictInput(x.device() == device ? x : x.to(device), null);
    }

    private static PredictInput labeled(InMemoryDataset data, String what, ModelFiles.Saved model, Device device) {
        int features = data.featureShape().numel();
        if (features != model.features()) {
            throw new IllegalArgumentException(what + " has " + features + " features per example but the model takes "
                    + model.features());
        }
        checkImage(data.featureShape(), what + " has examples " + data.featureShape(), model);
        LabelMap names = data.classNames().size() == data.numClasses() ? new LabelMap(data.classNames())
                : LabelMap.numbered(data.numClasses());
        int[] toModel = model.labels().indexIn(names, what);
        Batch b = DataTensors.all(data, model.inputShape(), DType.FLOAT32, device);
        int[] labels = new int[data.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = toModel[data.label(i)];
        }
        return new PredictInput(b.features(), labels);
    }

    /**
     * Checks that examples of shape {@code example} (as many values as the model takes) have a layout an image
     * model takes: its {@code [C, H, W]}, {@code [H, W]} when {@code C = 1}, or flat. Any layout suits a model of
     * flat features.
     *
     * @throws IllegalArgumentException starting with {@code what}, naming the accepted shapes
     */
    private static void checkImage(Shape example, String what, ModelFiles.Saved model) {
        Shape input = model.inputShape();
        boolean grey = input.rank() == 3 && input.dim(0) == 1 && example.equals(Shape.of(input.dim(1), input.dim(2)));
        if (input.rank() > 1 && example.rank() > 1 && !example.equals(input) && !grey) {
            throw new IllegalArgumentException(what + ", but the model takes images " + input + " (expected "
                    + accepted(model) + ")");
        }
    }

    /** The array shapes the model takes, e.g. {@code [N, 1, 28, 28], [N, 28, 28] or [N, 784]}. */
    private static String accepted(ModelFiles.Saved model) {
        Shape input = model.inputShape();
        String flat = "[N, " + model.features() + "]";
        if (input.rank() == 1) {
            return flat;
        }
        String full = "[N, " + Arrays.toString(input.dims()).substring(1);
        String grey = input.rank() == 3 && input.dim(0) == 1 ? ", [N, " + input.dim(1) + ", " + input.dim(2) + "]"
                : "";
        return full + grey + " or " + flat;
    }
}
