package dev.tessera.cli;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.data.Normalizer;
import dev.tessera.io.Safetensors;
import dev.tessera.io.SafetensorsContent;
import dev.tessera.nn.Module;
import dev.tessera.nn.TensorOptions;
import dev.tessera.train.Evaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The files a training run leaves for {@code tessera evaluate} and {@code tessera predict}: {@value #WEIGHTS} (the
 * model's state dict under its PyTorch-style names and nothing else, so PyTorch's strict {@code load_state_dict}
 * accepts it), {@value #NORMALIZER_FILE} (the fitted normalizer's statistics, its kind in the metadata; absent when
 * no normalizer was used), {@value LabelMap#FILE} (the class names, see {@link LabelMap}) and {@value #CONFIG}
 * (every training option, the input feature count, the input shape {@value #INPUT_SHAPE} the model takes, e.g.
 * {@code "1,28,28"} for a CNN on Fashion-MNIST or {@code "784"} for an MLP, the class count, and the test results
 * of the run; runs written before the input shape was recorded take flat {@code [features]}), from which the
 * network is rebuilt ({@link ModelSpec#build}) before its weights are loaded.
 *
 * <p>The class names are stored once, in {@value LabelMap#FILE}. Older runs kept their statistics in the weights
 * file under {@code normalizer.*}, and their class names in {@value #CONFIG} as {@code label.0}, {@code label.1},
 * ...; {@link #load} still reads both there.
 */
final class ModelFiles {
    /** The weights file. */
    static final String WEIGHTS = "model.safetensors";
    /** The configuration file. */
    static final String CONFIG = "config.json";
    /** The normalizer file. */
    static final String NORMALIZER_FILE = "normalizer.safetensors";
    /** The prefix of the normalizer's entries in the weights file of older runs. */
    private static final String LEGACY_PREFIX = "normalizer.";
    /** The prefix of the class names in the {@value #CONFIG} of older runs. */
    private static final String LEGACY_LABEL = "label.";
    /** The config.json key of the input shape, its axes separated by commas. */
    static final String INPUT_SHAPE = "input_shape";

    /**
     * A model read back from a run folder.
     *
     * @param options              the run's options
     * @param features             input features (values per example)
     * @param inputShape           the shape of one example the model takes ({@code [features]} for an MLP)
     * @param classes              classes
     * @param classNames           class names in label order, or null when the run recorded none
     * @param config               every entry of the run's config.json
     * @param model                the network with the saved weights (the caller closes it)
     * @param normalizer           the fitted normalizer, or null when none was used
     * @param labels               the class names ({@code "0"}, {@code "1"}, ... when the run recorded none)
     * @param recordedTestAccuracy the test accuracy the training run printed, NaN if absent
     */
    record Saved(TrainOptions options, int features, Shape inputShape, int classes, List<String> classNames,
                 Map<String, String> config, Module model, Normalizer normalizer, LabelMap labels,
                 double recordedTestAccuracy) {
    }

    private ModelFiles() {
    }

    /**
     * Writes the weights, normalizer, class names and configuration of {@code run}, with its test results, into
     * {@code dir}.
     */
    static void save(Path dir, TrainingRun run, Evaluation test) throws IOException {
        Files.createDirectories(dir);
        Safetensors.write(dir.resolve(WEIGHTS), run.model.stateDict(), Map.of("tessera.model", run.options.model));
        if (run.normalizer != null) {
            Map<String, Tensor> state = run.normalizer.state("", Device.cpu());
            try {
                Safetensors.write(dir.resolve(NORMALIZER_FILE), state, run.normalizer.metadata(""));
            } finally {
                state.values().forEach(Tensor::close);
            }
        } else {
            Files.deleteIfExists(dir.resolve(NORMALIZER_FILE));
        }
        new LabelMap(run.data.classNames()).save(dir);
        saveConfig(dir, run, test);
    }

    /**
     * Writes {@value #CONFIG}: input and class counts, every training option with its effective value (the dataset
     * as an absolute path, with its size and checksum) and, when {@code test} is not null, the test results (the
     * class names are in {@value LabelMap#FILE}, see {@link #save}).
     */
    static void saveConfig(Path dir, TrainingRun run, Evaluation test) throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("features", run.data.features());
        config.put(INPUT_SHAPE, Arrays.stream(run.inputShape.dims()).mapToObj(Integer::toString)
                .collect(Collectors.joining(",")));
        config.put("classes", run.data.classes());
        config.putAll(run.options.toMap());
        DataSpec spec = DataSpec.parse(run.options.dataset);
        config.put("dataset", spec.absolute());
        config.put("weight-decay", Optimizers.weightDecay(run.options));
        config.putAll(spec.fingerprint());
        if (test != null) {
            config.put("test_loss", test.loss());
            config.put("test_accuracy", test.accuracy());
        }
        AtomicFiles.write(dir.resolve(CONFIG), FlatJson.write(config));
    }

    /** The entries of {@code dir}'s {@value #CONFIG}, values as text. */
    static Map<String, String> readConfig(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG);
        return FlatJson.read(Files.readString(file), file.toString());
    }

    /** The training options recorded in {@code dir}'s {@value #CONFIG}. */
    static TrainOptions readOptions(Path dir) throws IOException {
        TrainOptions options = new TrainOptions();
        for (Map.Entry<String, String> e : readConfig(dir).entrySet()) {
            if (isOption(e.getKey())) {
                try {
                    options.set(e.getKey(), e.getValue());
                } catch (IllegalArgumentException ex) {
                    throw new IOException(dir.resolve(CONFIG) + ": " + ex.getMessage(), ex);
                }
            }
        }
        return options;
    }

    /** Whether a {@value #CONFIG} key is a training option (not a count, label, fingerprint or result). */
    private static boolean isOption(String key) {
        return !key.equals("features") && !key.equals(INPUT_SHAPE) && !key.equals("classes")
                && !key.startsWith("test_") && !key.startsWith(LEGACY_LABEL) && !key.startsWith("dataset_");
    }

    /**
     * Reads the model saved in {@code dir} onto {@code device}.
     *
     * @throws NoSuchFileException when the folder or one of its two files is missing
     * @throws IOException         when a file is malformed
     */
    static Saved load(Path dir, Device device) throws IOException {
        for (String f : new String[]{CONFIG, WEIGHTS}) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new NoSuchFileException(dir.resolve(f).toString(), null, "--model: no " + f + " in " + dir
                        + " (expected the --out folder of a 'tessera train' run)");
            }
        }
        Map<String, String> config = readConfig(dir);
        TrainOptions options = readOptions(dir);
        int features = integer(config, "features", dir);
        int classes = integer(config, "classes", dir);
        Shape inputShape = inputShape(config, features, dir);
        String recorded = config.get("test_accuracy");
        List<String> classNames = classNames(dir, config, classes);
        LabelMap labels = classNames == null ? LabelMap.numbered(classes) : new LabelMap(classNames);
        try (SafetensorsContent content = Safetensors.read(dir.resolve(WEIGHTS), Device.cpu());
             Scope scope = Scope.open()) {
            long stored = content.tensors().entrySet().stream().filter(e -> !e.getKey().startsWith(LEGACY_PREFIX))
                    .mapToLong(e -> e.getValue().shape().numel()).sum();
            ModelSpec spec = ModelSpec.parse(options.model);
            long needed = spec.parameters(inputShape, classes);
            if (needed > stored) {
                throw new IOException(dir.resolve(CONFIG) + " describes model " + options.model + " for input "
                        + inputShape + " and " + classes + " classes, with " + needed + " weights in its convolution "
                        + "and linear layers, but " + dir.resolve(WEIGHTS) + " holds " + stored + " values: they do "
                        + "not belong together");
            }
            Module model = spec.build(inputShape, classes, options,
                    new TensorOptions(device, DType.FLOAT32, new Generator(options.seed)));
            try {
                Map<String, Tensor> weights = new LinkedHashMap<>();
                Map<String, Tensor> legacy = new LinkedHashMap<>();
                content.tensors().forEach((k, v) -> {
                    if (k.startsWith(LEGACY_PREFIX)) {
                        legacy.put(k, v);
                    } else {
                        weights.put(k, v.device() == device ? v : v.to(device));
                    }
                });
                try {
                    model.loadStateDict(weights);
                } catch (IllegalArgumentException e) {
                    throw new IOException(dir.resolve(WEIGHTS) + " does not fit the model of " + CONFIG + ": "
                            + e.getMessage(), e);
                }
                Normalizer normalizer = legacy.isEmpty() ? normalizer(dir)
                        : Normalizer.fromState(LEGACY_PREFIX, legacy, content.metadata());
                return new Saved(options, features, inputShape, classes, classNames, config, model,
                        normalizer, labels, recorded == null ? Double.NaN : Double.parseDouble(recorded));
            } catch (IOException | RuntimeException e) {
                model.close();
                throw e;
            }
        }
    }

    /**
     * The class names of the run in {@code dir}, in label order: those of {@value LabelMap#FILE}, or, in a run written
     * before that file existed, the {@code label.N} entries of its {@value #CONFIG}; null when it recorded neither.
     */
    private static List<String> classNames(Path dir, Map<String, String> config, int classes) throws IOException {
        if (Files.exists(dir.resolve(LabelMap.FILE))) {
            return LabelMap.load(dir, classes).names();
        }
        List<String> legacy = new ArrayList<>();
        for (int i = 0; config.containsKey(LEGACY_LABEL + i); i++) {
            legacy.add(config.get(LEGACY_LABEL + i));
        }
        if (legacy.isEmpty()) {
            return null;
        }
        if (legacy.size() != classes) {
            throw new IOException(dir.resolve(CONFIG) + ": " + legacy.size() + " class names (label.*) for " + classes
                    + " classes");
        }
        try {
            return new LabelMap(legacy).names();
        } catch (IllegalArgumentException e) {
            throw new IOException(dir.resolve(CONFIG) + ": " + e.getMessage(), e);
        }
    }

    /** The normalizer of {@value #NORMALIZER_FILE} in {@code dir}, or null when the run used none. */
    private static Normalizer normalizer(Path dir) throws IOException {
        Path file = dir.resolve(NORMALIZER_FILE);
        if (!Files.exists(file)) {
            return null;
        }
        try (SafetensorsContent content = Safetensors.read(file, Device.cpu())) {
            return Normalizer.fromState("", content.tensors(), content.metadata());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The recorded {@value #INPUT_SHAPE}, or {@code [features]} for a run that recorded none.
     *
     * @throws IOException when it is malformed or does not hold {@code features} values
     */
    private static Shape inputShape(Map<String, String> config, int features, Path dir) throws IOException {
        String text = config.get(INPUT_SHAPE);
        if (text == null) {
            return Shape.of(features);
        }
        try {
            Shape shape = Shape.of(Arrays.stream(text.split(",")).mapToInt(a -> Integer.parseInt(a.trim())).toArray());
            if (shape.numel() == features && shape.rank() >= 1) {
                return shape;
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(dir.resolve(CONFIG) + ": '" + INPUT_SHAPE + "' must be positive sizes separated by "
                    + "commas, got '" + text + "'", e);
        }
        throw new IOException(dir.resolve(CONFIG) + ": '" + INPUT_SHAPE + "' " + text + " does not hold the "
                + features + " features it records");
    }

    private static int integer(Map<String, String> config, String key, Path dir) throws IOException {
        String v = config.get(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IOException(dir.resolve(CONFIG) + ": '" + key + "' must be an integer, got " + v, e);
        }
    }
}
