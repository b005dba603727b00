package dev.tessera.cli;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.data.Batch;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A small model trained on the digits by {@code tessera train} (with a z-score normalizer), and the run's held-out
 * test examples as raw features and labels, for the predict and export tests.
 *
 * @param dir      the run folder
 * @param train    what the training run printed
 * @param features the test examples' raw features, row-major {@code [n, 64]}
 * @param labels   their labels
 */
record TrainedDigits(Path dir, CliRun train, float[] features, int[] labels) {
    /** Features per example. */
    static final int FEATURES = 64;

    /** Trains into {@code root/run}. */
    static TrainedDigits train(Path root) throws IOException {
        Path dir = root.resolve("run");
        CliRun train = CliRun.ok("train", "--model", "mlp:16", "--epochs", "2", "--activation", "prelu",
                "--batchnorm", "--device", "cpu", "--out", dir.toString());
        Batch test = DataTensors.all(DataSpec.parse("digits").load().test(), DType.FLOAT32, Device.cpu());
        return new TrainedDigits(dir, train, test.features().toFloatArray(), test.targets().toIntArray());
    }

    /** Test examples. */
    int size() {
        return labels.length;
    }

    /** Writes the test examples as CSV (header f0..f63, then {@code labelHeader} unless null). */
    Path csv(Path file, String labelHeader, String[] labelNames) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < FEATURES; j++) {
            sb.append(j > 0 ? "," : "").append('f').append(j);
        }
        sb.append(labelHeader == null ? "" : "," + labelHeader).append('\n');
        for (int i = 0; i < size(); i++) {
            for (int j = 0; j < FEATURES; j++) {
                sb.append(j > 0 ? "," : "").append(String.format(Locale.ROOT, "%s", features[i * FEATURES + j]));
            }
            if (labelHeader != null) {
                sb.append(',').append(labelNames == null ? Integer.toString(labels[i]) : labelNames[labels[i]]);
            }
            sb.append('\n');
        }
        Files.writeString(file, sb);
        return file;
    }

    /** Writes the test examples as an MNIST-layout folder of 8x8 unsigned-byte images (train part: the same). */
    Path idx(Path folder) throws IOException {
        return idxFolder(folder, features, labels, 8);
    }

    /**
     * Writes {@code labels.length} images of {@code side x side} pixels ({@code pixels} row-major, rounded to
     * unsigned bytes) and their labels as an MNIST-layout folder whose train and t10k parts are the same.
     */
    static Path idxFolder(Path folder, float[] pixels, int[] labels, int side) throws IOException {
        Files.createDirectories(folder);
        byte[] x = new byte[pixels.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (byte) Math.round(pixels[i]);
        }
        byte[] y = new byte[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (byte) labels[i];
        }
        for (String part : new String[]{"train", "t10k"}) {
            writeIdx(folder.resolve(part + "-images-idx3-ubyte"), new int[]{labels.length, side, side}, x);
            writeIdx(folder.resolve(part + "-labels-idx1-ubyte"), new int[]{labels.length}, y);
        }
        return folder;
    }

    private static void writeIdx(Path p, int[] shape, byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[]{0, 0, 8, (byte) shape.length});
        for (int d : shape) {
            out.writeInt(d);
        }
        out.write(payload);
        Files.write(p, bytes.toByteArray());
    }
}
