package dev.tessera.spark;

import java.util.ArrayList;
import java.util.List;

/**
 * The feature vectors of a partition's rows, collected one row at a time, every one as long as the first; then
 * concatenated row-major into one {@code [rows, features]} array.
 */
final class FeatureRows {
    private final String column;
    private final String who;
    private final List<float[]> rows = new ArrayList<>();
    private int features = -1;

    /**
     * @param column the feature column's name, for the error message
     * @param who    what the error message starts with ({@code "BatchPredictor: "}, or empty)
     */
    FeatureRows(String column, String who) {
        this.column = column;
        this.who = who;
    }

    /**
     * Adds the next row's features.
     *
     * @throws IllegalArgumentException naming the column and both lengths when {@code x} is not as long as the first
     */
    void add(float[] x) {
        if (features >= 0 && x.length != features) {
            throw new IllegalArgumentException(who + "column '" + column + "': rows have " + features + " and "
                    + x.length + " features; every row needs the same number");
        }
        features = x.length;
        rows.add(x);
    }

    /** The rows added. */
    int size() {
        return rows.size();
    }

    /** Features per row (0 before the first row). */
    int features() {
        return Math.max(features, 0);
    }

    /** The rows' features, row-major {@code [size(), features()]}. */
    float[] flat() {
        int f = features();
        float[] flat = new float[rows.size() * f];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, flat, i * f, f);
        }
        return flat;
    }
}
