package dev.tessera.cli;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files a training run leaves for {@code tessera evaluate}: {@value #WEIGHTS} (the model's state dict under its
 * PyTorch-style names plus the fitted normalizer's statistics under {@code normalizer.*}, its kind in the metadata)
 * and {@value #CONFIG} (every training option, the input and class counts, and the test results of the run).
 */
final class ModelFiles {
    /** The weights file. */
    static final String WEIGHTS = "model.safetensors";
    /** The configuration file. */
    static final String CONFIG = "config.json";
    private static final String NORMALIZER = "normalizer.";
    private static final String LABEL = "label.";

    /**
     * A model read back from a run folder.
     *
     * @param options              the run's options
     * @param features             input features
     * @param classes              classes
     * @param classNames           class names in label order, or null when the run recorded none
     * @param config               every entry of the run's config.json
     * @param model                the network with the saved weights (the caller closes it)
     * @param normalizer           the fitted normalizer, or null when none was used
     * @param recordedTestAccuracy the test accuracy the training run printed, NaN if absent
     */
    record Saved(TrainOptions options, int features, int classes, List<String> classNames, Map<String, String> config,
                 Module model, Normalizer normalizer,
                 double recordedTestAccuracy) {
    }

    private ModelFiles() {
    }

    /** Writes the weights, normalizer and configuration of {@code run}, with its test results, into {@code dir}. */
    static void save(Path dir, TrainingRun run, Evaluation test) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(run.model.stateDict());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("tessera.model", run.options.model);
        Files.createDirectories(dir);
        if (run.normalizer != null) {
            Map<String, Tensor> state = run.normalizer.state(NORMALIZER, Device.cpu());
            tensors.putAll(state);
            meta.putAll(run.normalizer.metadata(NORMALIZER));
            try {
                Safetensors.write(dir.resolve(WEIGHTS), tensors, meta);
            } finally {
                state.values().forEach(Tensor::close);
            }
        } else {
            Safetensors.write(dir.resolve(WEIGHTS), tensors, meta);
        }
        saveConfig(dir, run, test);
    }

    /**
     * Writes {@value #CONFIG}: input and class counts, every training option with its effective value (the dataset
     * as an absolute path, with its size and checksum), the class names in label order ({@code label.0}, ...) and,
     * when {@code test} is not null, the test results.
     */
    static void saveConfig(Path dir, TrainingRun run, Evaluation test) throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("features", run.data.features());
        config.put("classes", run.data.classes());
        config.putAll(run.options.toMap());
        DataSpec spec = DataSpec.parse(run.options.dataset);
        config.put("dataset", spec.absolute());
        config.put("weight-decay", Optimizers.weightDecay(run.options));
        config.putAll(spec.fingerprint());
        List<String> names = run.data.classNames();
        for (int i = 0; i < names.size(); i++) {
            config.put(LABEL + i, names.get(i));
        }
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
        return !key.equals("features") && !key.equals("classes") && !key.startsWith("test_")
                && !key.startsWith(LABEL) && !key.startsWith("dataset_");
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
        String recorded = config.get("test_accuracy");
        List<String> classNames = new ArrayList<>();
        for (int i = 0; config.containsKey(LABEL + i); i++) {
            classNames.add(config.get(LABEL + i));
        }
        if (!classNames.isEmpty() && classNames.size() != classes) {
            throw new IOException(dir.resolve(CONFIG) + ": " + classNames.size() + " class names (label.*) for "
                    + classes + " classes");
        }
        try (SafetensorsContent content = Safetensors.read(dir.resolve(WEIGHTS), Device.cpu());
             Scope scope = Scope.open()) {
            long stored = content.tensors().entrySet().stream().filter(e -> !e.getKey().startsWith(NORMALIZER))
                    .mapToLong(e -> e.getValue().shape().numel()).sum();
            long needed = ModelSpec.parse(options.model).linearParameters(features, classes);
            if (needed > stored) {
                throw new IOException(dir.resolve(CONFIG) + " describes model " + options.model + " for " + features
                        + " features and " + classes + " classes, with " + needed + " weights in its linear layers, "
                        + "but " + dir.resolve(WEIGHTS) + " holds " + stored + " values: they do not belong together");
            }
            Module model = ModelSpec.parse(options.model).build(features, classes, options,
                    new TensorOptions(device, DType.FLOAT32, new Generator(options.seed)));
            try {
                Map<String, Tensor> weights = new LinkedHashMap<>();
                Map<String, Tensor> norm = new LinkedHashMap<>();
                content.tensors().forEach((k, v) -> {
                    if (k.startsWith(NORMALIZER)) {
                        norm.put(k, v);
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
                Normalizer normalizer = norm.isEmpty() ? null
                        : Normalizer.fromState(NORMALIZER, norm, content.metadata());
                return new Saved(options, features, classes, classNames.isEmpty() ? null : classNames, config, model,
                        normalizer, recorded == null ? Double.NaN : Double.parseDouble(recorded));
            } catch (IOException | RuntimeException e) {
                model.close();
                throw e;
            }
        }
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
