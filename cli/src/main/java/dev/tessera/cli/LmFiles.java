package dev.tessera.cli;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.data.CharVocabulary;
import dev.tessera.io.Safetensors;
import dev.tessera.io.SafetensorsContent;
import dev.tessera.nn.TensorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files a {@code tessera lm} run leaves for {@code tessera sample}: {@value ModelFiles#WEIGHTS} (the model's state
 * dict), {@value #VOCABULARY} (its symbols, see {@link CharVocabulary#save}) and {@value ModelFiles#CONFIG} (every
 * option, {@code "task": "lm"}, the vocabulary size and the results).
 */
final class LmFiles {
    /** The vocabulary file. */
    static final String VOCABULARY = "vocabulary.txt";
    /** The config.json key and value that mark a language-model run. */
    static final String TASK = "task";
    static final String LM = "lm";

    /**
     * A language model read back from a run folder.
     *
     * @param spec       its {@code --model}
     * @param context    the sequence length it was trained on (a transformer's context)
     * @param vocabulary its symbols
     * @param model      the network with the saved weights, in evaluation mode (the caller closes it)
     */
    record Saved(LmSpec spec, int context, CharVocabulary vocabulary, LanguageModel model) {
    }

    private LmFiles() {
    }

    /** Writes the weights, the vocabulary and {@code config} (with the task marker first) into {@code dir}. */
    static void save(Path dir, LanguageModel model, CharVocabulary vocabulary, Map<String, ?> config)
            throws IOException {
        Files.createDirectories(dir);
        Safetensors.write(dir.resolve(ModelFiles.WEIGHTS), model.stateDict(),
                Map.of("tessera.model", String.valueOf(config.get("model"))));
        vocabulary.save(dir.resolve(VOCABULARY));
        saveConfig(dir, config);
    }

    /** Writes {@value ModelFiles#CONFIG}: {@code "task": "lm"}, then {@code config}. */
    static void saveConfig(Path dir, Map<String, ?> config) throws IOException {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put(TASK, LM);
        all.putAll(config);
        AtomicFiles.write(dir.resolve(ModelFiles.CONFIG), FlatJson.write(all));
    }

    /**
     * Reads the language model saved in {@code dir} onto {@code device}.
     *
     * @throws NoSuchFileException when a file is missing
     * @throws IOException         when a file is malformed, the folder holds another kind of run, or the weights do
     *                             not fit the recorded model
     */
    static Saved load(Path dir, Device device) throws IOException {
        for (String f : new String[]{ModelFiles.CONFIG, ModelFiles.WEIGHTS, VOCABULARY}) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new NoSuchFileException(dir.resolve(f).toString(), null, "--model: no " + f + " in " + dir
                        + " (expected the --out folder of a 'tessera lm' run)");
            }
        }
        Map<String, String> config = ModelFiles.readConfig(dir);
        Path file = dir.resolve(ModelFiles.CONFIG);
        if (!LM.equals(config.get(TASK))) {
            throw new IOException("--model: " + dir + " holds no language model (" + file + " lacks \"task\": \"lm\"; "
                    + "expected the --out folder of a 'tessera lm' run)");
        }
        LmSpec spec;
        int embedding;
        int context;
        try {
            spec = LmSpec.parse(String.valueOf(config.get("model")));
            embedding = Integer.parseInt(String.valueOf(config.get("embedding")));
            context = Integer.parseInt(String.valueOf(config.get("seq")));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        CharVocabulary vocabulary = CharVocabulary.load(dir.resolve(VOCABULARY));
        LanguageModel model = spec.build(vocabulary.size(), embedding, context,
                new TensorOptions(device, DType.FLOAT32, new Generator(0)));
        try (SafetensorsContent content = Safetensors.read(dir.resolve(ModelFiles.WEIGHTS), Device.cpu());
             Scope scope = Scope.open()) {
            Map<String, Tensor> weights = new LinkedHashMap<>();
            content.tensors().forEach((k, v) -> weights.put(k, v.device() == device ? v : v.to(device)));
            model.loadStateDict(weights);
        } catch (IllegalArgumentException e) {
            model.close();
            throw new IOException(dir.resolve(ModelFiles.WEIGHTS) + " does not fit the model " + spec.text()
                    + " over " + vocabulary.size() + " symbols of " + file + " and " + VOCABULARY + ": "
                    + e.getMessage(), e);
        }
        model.eval();
        return new Saved(spec, context, vocabulary, model);
    }
}
