package dev.tessera.cli;

import java.util.Locale;

/**
 * Precision, recall and F1 per class from a {@link ConfusionMatrix} C (rows true, columns predicted), and their
 * macro averages, as scikit-learn's {@code precision_recall_fscore_support(labels=range(C), zero_division=0)}:
 * {@code precision_k = C[k,k] / sum_i C[i,k]}, {@code recall_k = C[k,k] / sum_j C[k,j]},
 * {@code F1_k = 2 precision_k recall_k / (precision_k + recall_k)}, each 0 when its denominator is 0; the macro
 * average is the unweighted mean over all the model's classes.
 *
 * @param precision per class
 * @param recall    per class
 * @param f1        per class
 * @param support   examples per true class
 */
record ClassMetrics(double[] precision, double[] recall, double[] f1, long[] support) {
    /** The metrics of {@code c}. */
    static ClassMetrics of(ConfusionMatrix c) {
        int n = c.classes();
        double[] p = new double[n];
        double[] r = new double[n];
        double[] f = new double[n];
        long[] s = new long[n];
        for (int k = 0; k < n; k++) {
            long tp = c.count(k, k);
            long predicted = c.predicted(k);
            s[k] = c.actual(k);
            p[k] = predicted == 0 ? 0 : (double) tp / predicted;
            r[k] = s[k] == 0 ? 0 : (double) tp / s[k];
            f[k] = p[k] + r[k] == 0 ? 0 : 2 * p[k] * r[k] / (p[k] + r[k]);
        }
        return new ClassMetrics(p, r, f, s);
    }

    /** The macro-averaged precision. */
    double macroPrecision() {
        return mean(precision);
    }

    /** The macro-averaged recall. */
    double macroRecall() {
        return mean(recall);
    }

    /** The macro-averaged F1 (mean of the per-class F1, not the F1 of the means). */
    double macroF1() {
        return mean(f1);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    /**
     * A CSV table: header {@code class,precision,recall,f1,support}, one row per class, then {@code macro} with the
     * averages and the total support. Values exact ({@link Double#toString}) when {@code exact}, else 4 decimals
     * in aligned columns for the terminal.
     */
    String table(LabelMap labels, boolean exact) {
        int width = 5;
        for (String name : labels.names()) {
            width = Math.max(width, name.length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(exact ? "class,precision,recall,f1,support\n"
                : String.format(Locale.ROOT, "%-" + width + "s  precision     recall         f1    support%n",
                "class"));
        long total = 0;
        for (int k = 0; k < support.length; k++) {
            row(sb, labels.name(k), precision[k], recall[k], f1[k], support[k], width, exact);
            total += support[k];
        }
        row(sb, "macro", macroPrecision(), macroRecall(), macroF1(), total, width, exact);
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, double p, double r, double f, long s, int width,
                            boolean exact) {
        if (exact) {
            sb.append(PredictCommand.field(name)).append(',').append(p).append(',').append(r).append(',').append(f)
                    .append(',').append(s).append('\n');
        } else {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s  %9.4f  %9.4f  %9.4f  %9d%n", name, p, r, f, s));
        }
    }
}
