package dev.tessera.io;

import dev.tessera.Tensor;
import java.util.Map;

/**
 * What {@link Safetensors#read} returns: the tensors by name (in file order) and the {@code __metadata__} strings.
 * Closing it closes every tensor that the caller has not taken over with {@link #take}.
 *
 * @param tensors  the tensors by name (modifiable, so {@link #take} can remove)
 * @param metadata the metadata strings (unmodifiable)
 */
public record SafetensorsContent(Map<String, Tensor> tensors, Map<String, String> metadata)
        implements AutoCloseable {

    /**
     * The tensor called {@code name}, removed from this content so {@link #close} leaves it open.
     *
     * @throws IllegalArgumentException when there is no such tensor, naming the ones there are
     */
    public Tensor take(String name) {
        Tensor t = tensors.remove(name);
        if (t == null) {
            throw new IllegalArgumentException("safetensors: no tensor named \"" + name + "\" (present: "
                    + tensors.keySet() + ")");
        }
        return t;
    }

    /** Closes every tensor still held. */
    @Override
    public void close() {
        for (Tensor t : tensors.values()) {
            t.close();
        }
        tensors.clear();
    }
}
