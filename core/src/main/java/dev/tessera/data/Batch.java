package dev.tessera.data;

import dev.tessera.Tensor;

/**
 * A batch of examples: features {@code [B, ...]} and targets ({@code [B]} INT32 class labels, {@code [B, ...]}
 * real targets, or null for a dataset without targets).
 *
 * <p>Whoever receives a batch owns its tensors: close it (try-with-resources), or let the {@link dev.tessera.Scope}
 * that was current on the receiving thread when the batch was handed over close it.
 *
 * @param features the inputs
 * @param targets  the targets, or null
 */
public record Batch(Tensor features, Tensor targets) implements AutoCloseable {
    /** Number of examples. */
    public int size() {
        return features.size(0);
    }

    /**
     * The same data under new tensor handles created on the calling thread, so the calling thread's current scope
     * tracks them; this batch's own handles are closed. Used to pass a batch built on another thread (whose scope,
     * being thread-local, cannot track it for the receiver).
     */
    Batch handOver() {
        Tensor x = features.detach();
        Tensor y = targets == null ? null : targets.detach();
        close();
        return new Batch(x, y);
    }

    /** Closes both tensors (idempotent). */
    @Override
    public void close() {
        features.close();
        if (targets != null) {
            targets.close();
        }
    }
}
