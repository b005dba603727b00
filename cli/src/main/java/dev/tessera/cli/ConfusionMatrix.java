package dev.tessera.cli;

/**
 * Counts of (true class, predicted class) pairs: {@code count(i, j)} examples of class i were predicted as class j
 * (rows true, columns predicted, as scikit-learn's {@code confusion_matrix}).
 */
final class ConfusionMatrix {
    private final long[][] counts;

    /** An empty matrix of {@code classes} x {@code classes}. */
    ConfusionMatrix(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("ConfusionMatrix: classes must be >= 1, got " + classes);
        }
        counts = new long[classes][classes];
    }

    /**
     * Counts the pairs {@code (truth[k], predicted[k])}.
     *
     * @throws IllegalArgumentException when the lengths differ or a class is outside [0, classes)
     */
    void add(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("ConfusionMatrix.add: " + truth.length + " labels but "
                    + predicted.length + " predictions");
        }
        for (int k = 0; k < truth.length; k++) {
            int i = truth[k];
            int j = predicted[k];
            if (i < 0 || i >= counts.length || j < 0 || j >= counts.length) {
                throw new IllegalArgumentException("ConfusionMatrix.add: example " + k + " has label " + i
                        + " and prediction " + j + ", expected classes 0 to " + (counts.length - 1));
            }
            counts[i][j]++;
        }
    }

    /** The number of classes. */
    int classes() {
        return counts.length;
    }

    /** Examples of class {@code i} predicted as class {@code j}. */
    long count(int i, int j) {
        return counts[i][j];
    }

    /** A copy of the counts, {@code [true][predicted]}. */
    long[][] counts() {
        long[][] out = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i].clone();
        }
        return out;
    }

    /** Examples whose label is class {@code i} (row sum: the support). */
    long actual(int i) {
        long s = 0;
        for (long v : counts[i]) {
            s += v;
        }
        return s;
    }

    /** Examples predicted as class {@code j} (column sum). */
    long predicted(int j) {
        long s = 0;
        for (long[] row : counts) {
            s += row[j];
        }
        return s;
    }

    /**
     * The matrix as CSV: a header {@code true\predicted,NAME...}, then per true class its name and its counts.
     *
     * @throws IllegalArgumentException when {@code labels} has another class count
     */
    String toCsv(LabelMap labels) {
        if (labels.size() != counts.length) {
            throw new IllegalArgumentException("ConfusionMatrix.toCsv: " + labels.size() + " names for "
                    + counts.length + " classes");
        }
        StringBuilder sb = new StringBuilder("true\\predicted");
        for (String name : labels.names()) {
            sb.append(',').append(PredictCommand.field(name));
        }
        sb.append('\n');
        for (int i = 0; i < counts.length; i++) {
            sb.append(PredictCommand.field(labels.name(i)));
            for (long v : counts[i]) {
                sb.append(',').append(v);
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
