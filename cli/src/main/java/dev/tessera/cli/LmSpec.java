package dev.tessera.cli;

import dev.tessera.nn.TensorOptions;
import java.util.Locale;

/**
 * A {@code tessera lm --model} value: {@code lstm:H} or {@code gru:H} (an embedding of size E, one recurrent layer of
 * H units, a linear layer to the vocabulary; see {@link RecurrentLanguageModel}) or
 * {@code transformer:LAYERS,DIM,HEADS} (see {@link TransformerLanguageModel}; its embedding size is DIM).
 *
 * @param text  the value as given
 * @param kind  {@code lstm}, {@code gru} or {@code transformer}
 * @param sizes H for the recurrent kinds; LAYERS, DIM, HEADS for the transformer
 */
record LmSpec(String text, String kind, int[] sizes) {
    private static final String EXPECTED = "expected lstm:H, gru:H or transformer:LAYERS,DIM,HEADS with positive "
            + "sizes and HEADS dividing DIM, e.g. lstm:256 or transformer:2,128,4";

    /**
     * Parses a {@code --model} value.
     *
     * @throws IllegalArgumentException naming the value and the expected form
     */
    static LmSpec parse(String text) {
        String t = text.trim();
        int colon = t.indexOf(':');
        String kind = colon < 0 ? t.toLowerCase(Locale.ROOT) : t.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        int count = switch (kind) {
            case "lstm", "gru" -> 1;
            case "transformer" -> 3;
            default -> throw new IllegalArgumentException("--model: unknown model '" + text + "' (" + EXPECTED + ")");
        };
        String[] parts = colon < 0 ? new String[0] : t.substring(colon + 1).split(",", -1);
        if (parts.length != count) {
            throw new IllegalArgumentException("--model: '" + text + "' needs " + count + " size" + (count > 1 ? "s" : "")
                    + " after '" + kind + ":' (" + EXPECTED + ")");
        }
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--model: '" + parts[i].trim() + "' in '" + text + "' is not a size ("
                        + EXPECTED + ")", e);
            }
            if (sizes[i] < 1) {
                throw new IllegalArgumentException("--model: size " + sizes[i] + " in '" + text + "' must be >= 1 ("
                        + EXPECTED + ")");
            }
        }
        if (count == 3 && sizes[1] % sizes[2] != 0) {
            throw new IllegalArgumentException("--model: " + sizes[2] + " heads do not divide the width " + sizes[1]
                    + " in '" + text + "' (" + EXPECTED + ")");
        }
        return new LmSpec(t, kind, sizes);
    }

    /** Whether the model is a transformer (its embedding size is its width, and its context is bounded). */
    boolean transformer() {
        return kind.equals("transformer");
    }

    /**
     * The model over {@code vocabulary} symbols: recurrent ones with embeddings of {@code embedding}; a transformer
     * with learned positions for sequences of up to {@code context} symbols.
     */
    LanguageModel build(int vocabulary, int embedding, int context, TensorOptions options) {
        if (transformer()) {
            return new TransformerLanguageModel(vocabulary, sizes[0], sizes[1], sizes[2], context, options);
        }
        return new RecurrentLanguageModel(kind.equals("lstm"), vocabulary, embedding, sizes[0], options);
    }
}
