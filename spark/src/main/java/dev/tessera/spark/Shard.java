package dev.tessera.spark;

import java.io.Serializable;

/**
 * One worker's part of the training data, packed densely: {@code rows} examples of {@code features} floats each
 * (row-major in {@code x}) and their class labels {@code y}.
 *
 * @param x        features, {@code rows * features} values
 * @param y        class labels, one per row
 * @param features features per row
 */
public record Shard(float[] x, int[] y, int features) implements Serializable {
    /** Checks the sizes agree. */
    public Shard {
        if (features < 0 || x.length != (long) y.length * features) {
            throw new IllegalArgumentException("Shard: " + x.length + " feature values for " + y.length + " rows of "
                    + features + " features");
        }
    }

    /** Rows in the shard. */
    public int rows() {
        return y.length;
    }

    /** The features of {@code rows} (in that order), row-major. */
    public float[] featuresOf(int[] rows) {
        float[] out = new float[rows.length * features];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(x, rows[i] * features, out, i * features, features);
        }
        return out;
    }

    /** The labels of {@code rows}, in that order. */
    public int[] labelsOf(int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = y[rows[i]];
        }
        return out;
    }
}
