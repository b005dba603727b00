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
 * A model saved the way {@code tessera train} saves it: one safetensors file with the network's state dict under its
 * own names plus the fitted normalizer under {@value #NORMALIZER_PREFIX} (its kind in the metadata), and the
 * architecture that the weights fit. The file's bytes are read once on the driver and travel with the tasks, so
 * executors need no shared file system.
 */
public final class SavedModel implements ModelSource {
    /** The key prefix of the normalizer's statistics, as the CLI writes them. */
    public static final String NORMALIZER_PREFIX = "normalizer.";
    private static final long serialVersionUID = 1L;
    private final byte[] weights;
    private final Architecture architecture;
    private final String origin;

    private SavedModel(byte[] weights, Architecture architecture, String origin) {
        this.weights = weights;
        this.architecture = architecture;
        this.origin = origin;
    }

    /**
     * The model in {@code weightsFile} for {@code architecture}.
     *
     * @throws IOException when the file cannot be read
     */
    public static SavedModel read(Path weightsFile, Architecture architecture) throws IOException {
        return new SavedModel(Files.readAllBytes(weightsFile), architecture, weightsFile.toString());
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
                    Normalizer normalizer = norm.isEmpty() ? null
                            : Normalizer.fromState(NORMALIZER_PREFIX, norm, content.metadata());
                    return new LoadedModel(model, normalizer);
                } catch (RuntimeException e) {
                    model.close();
                    throw new IOException(origin + " does not fit its architecture: " + e.getMessage(), e);
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
