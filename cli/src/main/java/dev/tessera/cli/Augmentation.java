package dev.tessera.cli;

import dev.tessera.train.AugmentedBatches;
import dev.tessera.train.BatchSource;
import java.util.Locale;

/**
 * An {@code --augment} value: {@code none}, or a comma-separated list of {@code flip} (mirror each training image
 * left-right with probability {@value #FLIP_PROBABILITY}) and {@code crop=P} (pad each training image with P zeros
 * on every side and crop it back to its size at a random offset), applied by {@link AugmentedBatches} to training
 * batches only, with draws from the trainer's generator (so {@code --seed} fixes them).
 *
 * @param pad  the crop padding, 0 for no crop
 * @param flip whether to flip
 */
record Augmentation(int pad, boolean flip) {
    /** Probability of a flip. */
    static final double FLIP_PROBABILITY = 0.5;
    private static final String EXPECTED = "expected none, or flip and/or crop=P separated by a comma, e.g. "
            + "flip,crop=2";

    /**
     * Parses an {@code --augment} value.
     *
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    static Augmentation parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("none")) {
            return new Augmentation(0, false);
        }
        int pad = 0;
        boolean flip = false;
        for (String part : t.split(",", -1)) {
            String p = part.trim();
            if (p.equals("flip")) {
                flip = true;
            } else if (p.startsWith("crop=")) {
                try {
                    pad = Integer.parseInt(p.substring(5).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--augment: '" + p + "' in '" + text + "' has no whole "
                            + "padding (" + EXPECTED + ")", e);
                }
                if (pad < 1) {
                    throw new IllegalArgumentException("--augment: crop padding " + pad + " in '" + text
                            + "' must be >= 1 (" + EXPECTED + ")");
                }
            } else {
                throw new IllegalArgumentException("--augment: unknown augmentation '" + p + "' in '" + text + "' ("
                        + EXPECTED + ")");
            }
        }
        return new Augmentation(pad, flip);
    }

    /** Whether it changes anything. */
    boolean enabled() {
        return pad > 0 || flip;
    }

    /**
     * {@code batches} augmented (itself when disabled), for a model of {@code modelText} taking examples of
     * {@code rank} axes.
     *
     * @throws IllegalArgumentException when enabled and the model does not take images {@code [C, H, W]}
     */
    BatchSource apply(BatchSource batches, int rank, String modelText) {
        if (!enabled()) {
            return batches;
        }
        if (rank != 3) {
            throw new IllegalArgumentException("--augment crops and flips images: --model " + modelText + " takes "
                    + "flat features; use a cnn model");
        }
        return new AugmentedBatches(batches, pad, flip ? FLIP_PROBABILITY : 0);
    }
}
