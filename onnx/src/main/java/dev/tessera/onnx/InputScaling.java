package dev.tessera.onnx;

/**
 * A per-feature affine map applied to the input before the module, {@code x'_i = x_i * scale_i + shift_i}: a fitted
 * normalizer (z-score: scale {@code 1/std}, shift {@code -mean/std}; min-max alike) carried into the exported
 * model, so it takes raw features. The arrays are row-major over the feature shape.
 *
 * @param scale the factor per feature
 * @param shift the offset per feature
 */
public record InputScaling(float[] scale, float[] shift) {
    /**
     * A scaling of {@code scale.length} features.
     *
     * @throws IllegalArgumentException when the lengths differ or a value is not finite
     */
    public InputScaling {
        if (scale.length != shift.length) {
            throw new IllegalArgumentException("InputScaling: " + scale.length + " scales but " + shift.length
                    + " shifts");
        }
        for (int i = 0; i < scale.length; i++) {
            if (!Float.isFinite(scale[i]) || !Float.isFinite(shift[i])) {
                throw new IllegalArgumentException("InputScaling: feature " + i + " has scale " + scale[i]
                        + " and shift " + shift[i] + " (both must be finite)");
            }
        }
        scale = scale.clone();
        shift = shift.clone();
    }

    @Override
    public float[] scale() {
        return scale.clone();
    }

    @Override
    public float[] shift() {
        return shift.clone();
    }
}
