package dev.tessera.cli;

import dev.tessera.Shape;
import dev.tessera.data.CsvDataset;
import dev.tessera.data.Dataset;
import dev.tessera.data.Digits;
import dev.tessera.data.FashionMnist;
import dev.tessera.data.IdxFolder;
import dev.tessera.data.InMemoryDataset;
import dev.tessera.data.Split;
import dev.tessera.data.TargetKind;
import dev.tessera.data.TrainTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A {@code --dataset} value and how to load it as a classification problem, each example keeping its shape:
 * <ul>
 * <li>{@code digits}: the 8x8 digits embedded in Tessera (1,797 grey images {@code [1, 8, 8]}, 10 classes);</li>
 * <li>{@code fashion-mnist} or {@code fashion-mnist:DIR}: Fashion-MNIST's official 60,000 / 10,000 parts, from
 *     Debian's {@code dataset-fashion-mnist} folder or DIR (grey images {@code [1, 28, 28]});</li>
 * <li>{@code idx:DIR}: any folder in the MNIST IDX layout (train and t10k files; images {@code [1, H, W]}, see
 *     {@link IdxFolder});</li>
 * <li>{@code csv:FILE}: a CSV file with a header whose last column is the class label (flat features
 *     {@code [F]}).</li>
 * </ul>
 * The model decides what it takes ({@link ModelSpec#inputShape}): an MLP flattens images to {@code [C H W]}
 * features, a CNN needs images.
 * Digits and CSV files have no official test part: a fixed {@value #TEST_FRACTION} of the examples, chosen by a
 * seeded permutation that never changes ({@link #TEST_SEED}), is held out as the test set, so every run and every
 * {@code tessera evaluate} sees the same test examples.
 *
 * @param text   the value as given
 * @param source the kind of source
 * @param path   the folder or file, or null for the embedded digits (and Fashion-MNIST's default folder)
 */
record DataSpec(String text, Source source, Path path) {
    /** Fraction of a dataset without an official test part held out for testing. */
    static final double TEST_FRACTION = 0.2;
    /** Seed of the permutation that picks those test examples. */
    static final long TEST_SEED = 0;
    private static final String EXPECTED = "expected digits, fashion-mnist[:DIR], idx:DIR or csv:FILE";

    /** The kinds of data source. */
    enum Source { DIGITS, FASHION_MNIST, IDX, CSV }

    /**
     * A loaded dataset: the training part (from which validation is split off later), the test part, and what the
     * examples look like.
     *
     * @param name       a short name for messages
     * @param train      training examples, each of shape {@code example}
     * @param test       held-out test examples
     * @param example    the shape of one example: {@code [C, H, W]} for images, {@code [F]} for a table
     * @param classes    class count
     * @param classNames class names, index = label (generated as "0", "1", ... when the source has none)
     * @param all        every example of a source without an official test part (train and test together), the
     *                   official test part otherwise: what {@code evaluate --split all} scores
     */
    record Loaded(String name, Dataset train, Dataset test, Shape example, int classes, List<String> classNames,
                  Dataset all) {
        /** Values per example: the feature count of the flattened examples. */
        int features() {
            return example.numel();
        }
    }

    /**
     * Parses a {@code --dataset} value.
     *
     * @throws IllegalArgumentException naming the value and what is accepted
     */
    static DataSpec parse(String text) {
        String t = text.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals("digits")) {
            return new DataSpec(t, Source.DIGITS, null);
        }
        if (lower.equals("fashion-mnist")) {
            return new DataSpec(t, Source.FASHION_MNIST, null);
        }
        int colon = t.indexOf(':');
        String kind = colon < 0 ? lower : lower.substring(0, colon);
        String rest = colon < 0 ? "" : t.substring(colon + 1);
        Source source = switch (kind) {
            case "fashion-mnist" -> Source.FASHION_MNIST;
            case "idx" -> Source.IDX;
            case "csv" -> Source.CSV;
            default -> throw new IllegalArgumentException("--dataset: unknown dataset '" + text + "' (" + EXPECTED
                    + ")");
        };
        if (rest.isBlank()) {
            throw new IllegalArgumentException("--dataset: '" + text + "' names no " + (source == Source.CSV ? "file"
                    : "folder") + " after the colon (" + EXPECTED + ")");
        }
        return new DataSpec(t, source, Path.of(rest));
    }

    /**
     * Loads the data.
     *
     * @throws NoSuchFileException when the folder or file is missing (the message says what was expected there)
     * @throws IOException         when the data is malformed
     */
    Loaded load() throws IOException {
        return load(null, CsvDataset.NanPolicy.ERROR);
    }

    /**
     * Loads the data, mapping a CSV file's labels to the indices of {@code classNames} (the mapping a model was
     * trained with) when it is not null, and treating a CSV row with a non-finite feature by {@code nanPolicy}.
     *
     * @throws NoSuchFileException when the folder or file is missing (the message says what was expected there)
     * @throws IOException         when the data is malformed or holds a label outside {@code classNames}
     */
    Loaded load(List<String> classNames, CsvDataset.NanPolicy nanPolicy) throws IOException {
        switch (source) {
            case DIGITS -> {
                InMemoryDataset digits = Digits.load();
                return heldOut("digits", digits.withFeatureShape(Shape.of(1, Digits.SIDE, Digits.SIDE)));
            }
            case FASHION_MNIST -> {
                TrainTest tt = path == null ? FashionMnist.load() : FashionMnist.load(path);
                return official("fashion-mnist", tt);
            }
            case IDX -> {
                if (!Files.isDirectory(path)) {
                    throw new NoSuchFileException(path.toString(), null, "--dataset idx: the folder does not exist "
                            + "(expected a folder holding " + String.join(", ", IdxFolder.FILES) + ")");
                }
                return official(path.getFileName().toString(), IdxFolder.load(path, List.of()));
            }
            case CSV -> {
                if (!Files.isRegularFile(path)) {
                    throw new NoSuchFileException(path.toString(), null, "--dataset csv: the file does not exist "
                            + "(expected a CSV file with a header whose last column is the class label)");
                }
                return heldOut(path.getFileName().toString(), CsvDataset.load(path, "-1", TargetKind.CLASS,
                        classNames, nanPolicy));
            }
            default -> throw new IllegalStateException("DataSpec: unhandled source " + source);
        }
    }

    /**
     * This value with its file or folder made absolute, so a run's config.json names the same data from any working
     * directory.
     */
    String absolute() {
        if (path == null) {
            return text;
        }
        String kind = text.substring(0, text.indexOf(':'));
        return kind + ":" + path.toAbsolutePath().normalize();
    }

    /**
     * The size and CRC-32C of the data's files (a CSV file, or the regular files of an IDX folder), recorded in
     * config.json as {@code dataset_bytes} and {@code dataset_crc32c}; empty for the built-in digits.
     */
    Map<String, Object> fingerprint() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        if (path == null) {
            return m;
        }
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.list(path)) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        } else {
            files.add(path);
        }
        CRC32C crc = new CRC32C();
        long bytes = 0;
        byte[] buf = new byte[1 << 16];
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    crc.update(buf, 0, n);
                    bytes += n;
                }
            }
        }
        m.put("dataset_bytes", bytes);
        m.put("dataset_crc32c", String.format(Locale.ROOT, "%08x", crc.getValue()));
        return m;
    }

    /**
     * Checks that the data is still what a run recorded in {@code config} (its fingerprint).
     *
     * @throws IllegalArgumentException naming the data, the run folder and what changed
     */
    void verify(Map<String, String> config, Path runDir) throws IOException {
        String bytes = config.get("dataset_bytes");
        String crc = config.get("dataset_crc32c");
        if (bytes == null || crc == null) {
            return;
        }
        Map<String, Object> now = fingerprint();
        if (!bytes.equals(String.valueOf(now.get("dataset_bytes"))) || !crc.equals(now.get("dataset_crc32c"))) {
            throw new IllegalArgumentException("the dataset " + absolute() + " changed since the run in " + runDir
                    + " used it: it had " + bytes + " bytes with CRC-32C " + crc + ", now " + now.get("dataset_bytes")
                    + " bytes with " + now.get("dataset_crc32c"));
        }
    }

    private static Loaded official(String name, TrainTest tt) {
        InMemoryDataset train = tt.train();
        InMemoryDataset test = tt.test();
        if (!test.featureShape().equals(train.featureShape())) {
            throw new IllegalArgumentException(name + ": training examples have shape " + train.featureShape()
                    + " but test examples " + test.featureShape());
        }
        int classes = Math.max(train.numClasses(), test.numClasses());
        return new Loaded(name, train, test, train.featureShape(), classes, names(train, classes), test);
    }

    private static Loaded heldOut(String name, InMemoryDataset all) {
        if (all.size() < 5) {
            throw new IllegalArgumentException(name + ": " + all.size() + " examples are too few to hold out a test "
                    + "set (need at least 5)");
        }
        Split s = Split.random(all, TEST_FRACTION, TEST_SEED);
        return new Loaded(name, s.train(), s.validation(), all.featureShape(), all.numClasses(),
                names(all, all.numClasses()), all);
    }

    private static List<String> names(InMemoryDataset d, int classes) {
        if (d.classNames().size() == classes) {
            return d.classNames();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }
}
