package dev.tessera.spark;

import dev.tessera.Device;
import java.io.IOException;
import java.io.Serializable;

/** Where executors get a trained model from: shipped to them, loaded once per partition. */
@FunctionalInterface
public interface ModelSource extends Serializable {
    /**
     * The model on {@code device} (the caller closes it).
     *
     * @throws IOException when the saved model cannot be read or does not fit its architecture
     */
    LoadedModel load(Device device) throws IOException;
}
