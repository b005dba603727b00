package dev.tessera.cli;

import dev.tessera.Tensor;
import dev.tessera.data.Normalizer;
import java.util.Locale;

/**
 * A {@code --normalize} value: {@code none}, or a per-feature {@link Normalizer} kind ({@code z-score},
 * {@code min-max}, {@code min-max-symmetric}) fitted on training data.
 *
 * @param kind the normalizer kind, or null for none
 */
record Normalization(Normalizer.Kind kind) {
    /**
     * Parses a {@code --normalize} value.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    static Normalization parse(String text) {
        if (text.trim().toLowerCase(Locale.ROOT).equals("none")) {
            return new Normalization(null);
        }
        try {
            return new Normalization(Normalizer.Kind.fromId(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--normalize: unknown normalization '" + text
                    + "' (expected none, z-score, min-max or min-max-symmetric)", e);
        }
    }

    /** The identifier: {@code none} or the kind's id. */
    String id() {
        return kind == null ? "none" : kind.id();
    }

    /** The normalizer fitted to {@code x} ({@code [N, ...]}), or null for none. x is not modified. */
    Normalizer fit(Tensor x) {
        return kind == null ? null : Normalizer.fit(kind, x);
    }

    /** {@code x} normalized by statistics of {@code x} itself (x itself for none). */
    Tensor fitTransform(Tensor x) {
        return kind == null ? x : Normalizer.fit(kind, x).transform(x);
    }

    /** {@code ""} for none, else {@code " (z-score normalized)"}. */
    String describe() {
        return kind == null ? "" : " (" + kind.id() + " normalized)";
    }
}
