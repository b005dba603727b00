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
    /** Checks the features are present and that features and targets agree on the batch axis. */
    public Batch {
        if (features == null || features.rank() == 0) {
            throw new IllegalArgumentException("Batch: features must be a tensor [B, ...], got "
                    + (features == null ? "null" : features.shape()));
        }
        if (targets != null && (targets.rank() == 0 || targets.size(0) != features.size(0))) {
            throw new IllegalArgumentException("Batch: features " + features.shape() + " and targets "
                    + targets.shape() + " must have the same first (batch) axis");
        }
    }

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
