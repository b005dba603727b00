package dev.tessera.spark;

import dev.tessera.Device;
import dev.tessera.Tensor;
import dev.tessera.data.Normalizer;
import dev.tessera.io.Safetensors;
import dev.tessera.io.SafetensorsContent;
import dev.tessera.nn.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model saved the way {@code tessera train} saves it: the network's state dict in a safetensors file and, beside
 * it, the fitted normalizer in {@value #NORMALIZER_FILE} (its kind in the metadata; runs of older versions kept it
 * in the weights file under {@value #NORMALIZER_PREFIX}), with the architecture that the weights fit. The files'
 * bytes are read once on the driver and travel with the tasks, so executors need no shared file system.
 */
public final class SavedModel implements ModelSource {
    /** The key prefix of the normalizer's statistics, as the CLI writes them. */
    public static final String NORMALIZER_PREFIX = "normalizer.";
    /** The normalizer's file beside the weights, as the CLI writes it. */
    public static final String NORMALIZER_FILE = "normalizer.safetensors";
    private static final long serialVersionUID = 1L;
    private final byte[] weights;
    private final byte[] normalizer;
    private final Architecture architecture;
    private final String origin;

    private SavedModel(byte[] weights, byte[] normalizer, Architecture architecture, String origin) {
        this.weights = weights;
        this.normalizer = normalizer;
        this.architecture = architecture;
        this.origin = origin;
    }

    /**
     * The model in {@code weightsFile} for {@code architecture}.
     *
     * @throws IOException when the file cannot be read
     */
    public static SavedModel read(Path weightsFile, Architecture architecture) throws IOException {
        Path normalizerFile = weightsFile.toAbsolutePath().resolveSibling(NORMALIZER_FILE);
        byte[] normalizer = Files.isRegularFile(normalizerFile) ? Files.readAllBytes(normalizerFile) : null;
        return new SavedModel(Files.readAllBytes(weightsFile), normalizer, architecture, weightsFile.toString());
    }

    @Override
    public LoadedModel load(Device device) throws IOException {
        Path tmp = Files.createTempFile("tessera-model-", ".safetensors");
        try {
            Files.write(tmp, weights);
            try (SafetensorsContent content = Safetensors.read(tmp, device)) {
                Map<String, Tensor> state = new LinkedHashMap<>();
                Map<String, Tensor> norm = new LinkedHashMap<>();
                content.tensors().forEach((k, v) -> (k.startsWith(NORMALIZER_PREFIX) ? norm : state).put(k, v));
                Module model = architecture.build(device);
                try {
                    model.loadStateDict(state);
                    Normalizer fitted = norm.isEmpty() ? separateNormalizer(device)
                            : Normalizer.fromState(NORMALIZER_PREFIX, norm, content.metadata());
                    return new LoadedModel(model, fitted);
                } catch (IOException | RuntimeException e) {
                    model.close();
                    throw new IOException(origin + " does not fit its architecture: " + e.getMessage(), e);
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The normalizer of {@value #NORMALIZER_FILE}, or null when the run used none. */
    private Normalizer separateNormalizer(Device device) throws IOException {
        if (normalizer == null) {
            return null;
        }
        Path tmp = Files.createTempFile("tessera-normalizer-", ".safetensors");
        try {
            Files.write(tmp, normalizer);
            try (SafetensorsContent content = Safetensors.read(tmp, device)) {
                return Normalizer.fromState("", content.tensors(), content.metadata());
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
