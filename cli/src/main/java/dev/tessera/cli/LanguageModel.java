package dev.tessera.cli;

import dev.tessera.Tensor;
import dev.tessera.nn.Module;

/**
 * A character-level language model: INT32 symbol indices {@code [B, L]} in, next-symbol logits {@code [B, L, V]}
 * out (V the vocabulary size), position t seeing only positions {@code 0..t}. Built from an {@link LmSpec}.
 */
abstract class LanguageModel extends Module {
    /** The logits {@code [B, L, V]} of the symbol after each position of {@code ids [B, L]}. */
    @Override
    public abstract Tensor forward(Tensor ids);

    /** A fresh generation state: an empty context (call in evaluation mode, without gradients). */
    abstract Context context();

    /** What a model remembers of the text generated so far. */
    interface Context extends AutoCloseable {
        /**
         * Appends {@code symbols} (at least one) to the context and returns the logits {@code [V]} of the symbol
         * that follows them.
         */
        float[] feed(int... symbols);

        /** Releases the tensors the context holds. */
        @Override
        void close();
    }
}
