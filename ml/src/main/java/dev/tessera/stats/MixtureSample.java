package dev.tessera.stats;

import dev.tessera.Tensor;

/**
 * Points drawn from a {@link GaussianMixture}: {@code x} ({@code [n, d]}) grouped by component, and the INT32
 * component each came from ({@code [n]}). The caller owns both tensors.
 *
 * @param x      the points
 * @param labels their components
 */
public record MixtureSample(Tensor x, Tensor labels) implements AutoCloseable {
    /** Closes both tensors. */
    @Override
    public void close() {
        x.close();
        labels.close();
    }
}
