package dev.tessera.data;

import dev.tessera.Shape;
import dev.tessera.io.CsvReader;
import dev.tessera.io.CsvTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Builds an {@link InMemoryDataset} from a CSV table: one column is the target, every other column a numeric
 * feature (FLOAT64 on the host, shape {@code [columns - 1]}).
 *
 * <p>Features must be finite and within the FLOAT32 range ({@code |x| <= 3.4028235e38}), since models train in
 * FLOAT32: a NaN, an infinity or a value such as {@code 1e40} is an error naming the data row and column, or, with
 * {@link NanPolicy#DROP}, drops the row (how many were dropped is logged as a warning).
 *
 * <p>Class targets: a numeric label column of non-negative integers is used as is ({@code numClasses = max + 1});
 * such labels must be below {@value #MAX_CLASSES} and below the number of examples (a larger label would make more
 * classes than examples, almost always a wrong column, and a model of that width). Any other label column is mapped
 * to class indices in sorted order of its distinct texts, which become the {@link InMemoryDataset#classNames()}
 * (scikit-learn's LabelEncoder order). Given the class names a model was trained with, labels are mapped by name
 * instead, and a label outside them is an error.
 */
public final class CsvDataset {
    /** Integer class labels must be below this. */
    public static final int MAX_CLASSES = 100_000;
    private static final System.Logger LOG = System.getLogger(CsvDataset.class.getName());

    /** What to do with a row holding a NaN, an infinity or a value beyond the FLOAT32 range. */
    public enum NanPolicy {
        /** Refuse the file, naming the row and column. */
        ERROR,
        /** Leave the row out. */
        DROP
    }

    private CsvDataset() {
    }

    /**
     * Reads {@code file} with {@link CsvReader#defaults()} and builds a dataset whose target is {@code labelColumn}
     * (a name, or an index such as {@code "-1"} for the last column), refusing non-finite features.
     *
     * @throws IOException naming the file when it cannot be read or parsed, a feature column is not numeric, a
     *                     feature is not finite, or the labels do not fit {@code kind}
     */
    public static InMemoryDataset load(Path file, String labelColumn, TargetKind kind) throws IOException {
        return load(file, labelColumn, kind, null, NanPolicy.ERROR);
    }

    /**
     * As {@link #load(Path, String, TargetKind)}, mapping class labels to the indices of {@code classNames} when it
     * is not null, and treating non-finite features by {@code policy}.
     *
     * @throws IOException naming the file, also for a label outside {@code classNames}
     */
    public static InMemoryDataset load(Path file, String labelColumn, TargetKind kind, List<String> classNames,
                                       NanPolicy policy) throws IOException {
        CsvTable table = CsvReader.defaults().read(file);
        try {
            return fromTable(table, labelColumn, kind, classNames, policy, file.toString());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A dataset from a parsed table; {@code labelColumn} is ignored for {@link TargetKind#NONE} (every column is
     * then a feature). Non-finite features are an error.
     *
     * @throws IllegalArgumentException for an unknown label column, labels that do not fit {@code kind}, or a
     *                                  feature that is not a finite FLOAT32 value
     * @throws IllegalStateException    naming a feature column that is not numeric
     */
    public static InMemoryDataset fromTable(CsvTable table, String labelColumn, TargetKind kind) {
        return fromTable(table, labelColumn, kind, null, NanPolicy.ERROR, "CSV");
    }

    private static InMemoryDataset fromTable(CsvTable table, String labelColumn, TargetKind kind,
                                             List<String> classNames, NanPolicy policy, String source) {
        int label = kind == TargetKind.NONE ? -1 : table.columnIndex(labelColumn);
        int width = table.columns() - (label >= 0 ? 1 : 0);
        if (width == 0) {
            throw new IllegalArgumentException("CSV has no feature column besides the label column");
        }
        boolean[] keep = finiteRows(table, label, policy, source);
        int[] kept = IntStream.range(0, keep.length).filter(r -> keep[r]).toArray();
        int rows = kept.length;
        double[] features = new double[rows * width];
        int f = 0;
        for (int c = 0; c < table.columns(); c++) {
            if (c == label) {
                continue;
            }
            double[] v = table.numbers(c);
            for (int out = 0; out < rows; out++) {
                features[out * width + f] = v[kept[out]];
            }
            f++;
        }
        InMemoryDataset.Builder b = InMemoryDataset.builder(Shape.of(width)).features(features);
        if (kind == TargetKind.NUMERIC) {
            b.targets(Checks.gatherRows(table.numbers(label), kept, 1), Shape.scalar());
        } else if (kind == TargetKind.CLASS) {
            classes(table, label, kept, classNames, b);
        }
        return b.build();
    }

    /**
     * Which rows to keep: those whose features are all finite FLOAT32 values; the first other row is an error under
     * {@link NanPolicy#ERROR}.
     */
    private static boolean[] finiteRows(CsvTable table, int label, NanPolicy policy, String source) {
        boolean[] keep = new boolean[table.rows()];
        Arrays.fill(keep, true);
        int dropped = 0;
        for (int c = 0; c < table.columns(); c++) {
            if (c == label) {
                continue;
            }
            double[] v = table.numbers(c);
            for (int r = 0; r < v.length; r++) {
                if (Math.abs(v[r]) <= Float.MAX_VALUE || !keep[r]) {
                    continue;
                }
                if (policy == NanPolicy.ERROR) {
                    throw new IllegalArgumentException("data row " + (r + 1) + ", column '"
                            + table.columnNames().get(c) + "': " + v[r] + " is " + (Double.isNaN(v[r]) ? "not a number"
                            : Double.isInfinite(v[r]) ? "infinite" : "beyond the FLOAT32 range (+-3.4028235e38)")
                            + "; fix the file or drop such rows (--nan-policy drop)");
                }
                keep[r] = false;
                dropped++;
            }
        }
        if (dropped > 0) {
            int n = dropped;
            LOG.log(System.Logger.Level.WARNING, () -> source + ": dropped " + n + " of " + table.rows() + " rows "
                    + "holding NaN, infinite or beyond-FLOAT32 values");
        }
        return keep;
    }

    private static void classes(CsvTable table, int column, int[] kept, List<String> classNames,
                                InMemoryDataset.Builder b) {
        String name = table.columnNames().get(column);
        if (classNames != null) {
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < classNames.size(); i++) {
                index.put(classNames.get(i), i);
            }
            String[] texts = Checks.gatherRows(table.texts(column), kept, 1);
            int[] labels = new int[texts.length];
            for (int i = 0; i < texts.length; i++) {
                Integer k = index.get(texts[i].strip());
                if (k == null) {
                    throw new IllegalArgumentException("label column '" + name + "': '" + texts[i] + "' (data row "
                            + (i + 1) + ") is not one of the model's " + classNames.size() + " classes "
                            + abbreviated(classNames));
                }
                labels[i] = k;
            }
            b.labels(labels, Math.max(1, classNames.size())).classNames(classNames);
            return;
        }
        if (table.isNumeric(column) && nonNegativeIntegers(table.numbers(column))) {
            double[] v = Checks.gatherRows(table.numbers(column), kept, 1);
            int[] labels = new int[v.length];
            int max = 0;
            for (int i = 0; i < v.length; i++) {
                if (v[i] >= MAX_CLASSES || v[i] >= v.length) {
                    throw new IllegalArgumentException("label column '" + name + "': label " + plain(v[i])
                            + " (data row " + (i + 1) + ") would make " + plain(v[i] + 1) + " classes, "
                            + "more than " + (v[i] >= MAX_CLASSES ? "the limit of " + MAX_CLASSES
                            : "the " + v.length + " examples") + "; integer labels must be 0 to K-1 (is the label "
                            + "the last column?)");
                }
                labels[i] = (int) v[i];
                max = Math.max(max, labels[i]);
            }
            b.labels(labels, max + 1);
            return;
        }
        String[] texts = Checks.gatherRows(table.texts(column), kept, 1);
        for (int i = 0; i < texts.length; i++) {
            if (texts[i].isBlank()) {
                throw new IllegalArgumentException("label column '" + name + "': data row " + (i + 1) + " has no "
                        + "label (an empty cell)");
            }
        }
        List<String> names = new ArrayList<>(new TreeSet<>(Arrays.asList(texts)));
        int[] labels = new int[texts.length];
        for (int i = 0; i < texts.length; i++) {
            labels[i] = java.util.Collections.binarySearch(names, texts[i]);
        }
        b.labels(labels, Math.max(1, names.size())).classNames(names);
    }

    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).toPlainString();
    }

    private static String abbreviated(List<String> names) {
        return names.size() <= 10 ? names.toString() : names.subList(0, 10) + " (and " + (names.size() - 10)
                + " more)";
    }

    private static boolean nonNegativeIntegers(double[] v) {
        for (double x : v) {
            if (!(x >= 0) || x != Math.rint(x)) {
                return false;
            }
        }
        return true;
    }
}
