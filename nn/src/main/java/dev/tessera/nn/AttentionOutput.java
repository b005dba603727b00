package dev.tessera.nn;

import dev.tessera.Tensor;

/**
 * The result of {@link MultiheadAttention#forward(Tensor, Tensor, Tensor, Tensor, Tensor, boolean, boolean)}.
 *
 * @param output  the attention output, {@code [L, B, E]} ({@code [B, L, E]} when batch-first)
 * @param weights the attention weights {@code [B, L, S]} averaged over heads (or {@code [B, H, L, S]} per head),
 *                null when not asked for
 */
public record AttentionOutput(Tensor output, Tensor weights) {
}
