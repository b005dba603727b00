package dev.tessera.data;

import dev.tessera.Shape;
import dev.tessera.io.CsvReader;
import dev.tessera.io.CsvTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Builds an {@link InMemoryDataset} from a CSV table: one column is the target, every other column a numeric
 * feature (FLOAT64 on the host, shape {@code [columns - 1]}).
 *
 * <p>Class targets: a numeric label column of non-negative integers is used as is ({@code numClasses = max + 1});
 * any other label column is mapped to class indices in sorted order of its distinct texts, which become the
 * {@link InMemoryDataset#classNames()} (scikit-learn's LabelEncoder order).
 */
public final class CsvDataset {
    private CsvDataset() {
    }

    /**
     * Reads {@code file} with {@link CsvReader#defaults()} and builds a dataset whose target is {@code labelColumn}
     * (a name, or an index such as {@code "-1"} for the last column).
     *
     * @throws IOException naming the file when it cannot be read or parsed, a feature column is not numeric, or
     *                     numeric targets are not numbers
     */
    public static InMemoryDataset load(Path file, String labelColumn, TargetKind kind) throws IOException {
        CsvTable table = CsvReader.defaults().read(file);
        try {
            return fromTable(table, labelColumn, kind);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A dataset from a parsed table; {@code labelColumn} is ignored for {@link TargetKind#NONE} (every column is
     * then a feature).
     *
     * @throws IllegalArgumentException for an unknown label column or labels that do not fit {@code kind}
     * @throws IllegalStateException    naming a feature column that is not numeric
     */
    public static InMemoryDataset fromTable(CsvTable table, String labelColumn, TargetKind kind) {
        int label = kind == TargetKind.NONE ? -1 : table.columnIndex(labelColumn);
        int rows = table.rows();
        int width = table.columns() - (label >= 0 ? 1 : 0);
        if (width == 0) {
            throw new IllegalArgumentException("CSV has no feature column besides the label column");
        }
        double[] features = new double[rows * width];
        int f = 0;
        for (int c = 0; c < table.columns(); c++) {
            if (c == label) {
                continue;
            }
            double[] v = table.numbers(c);
            for (int r = 0; r < rows; r++) {
                features[r * width + f] = v[r];
            }
            f++;
        }
        InMemoryDataset.Builder b = InMemoryDataset.builder(Shape.of(width)).features(features);
        if (kind == TargetKind.NUMERIC) {
            b.targets(table.numbers(label), Shape.scalar());
        } else if (kind == TargetKind.CLASS) {
            classes(table, label, b);
        }
        return b.build();
    }

    private static void classes(CsvTable table, int column, InMemoryDataset.Builder b) {
        if (table.isNumeric(column) && nonNegativeIntegers(table.numbers(column))) {
            double[] v = table.numbers(column);
            int[] labels = new int[v.length];
            int max = 0;
            for (int i = 0; i < v.length; i++) {
                labels[i] = (int) v[i];
                max = Math.max(max, labels[i]);
            }
            b.labels(labels, max + 1);
            return;
        }
        String[] texts = table.texts(column);
        List<String> names = new ArrayList<>(new TreeSet<>(Arrays.asList(texts)));
        int[] labels = new int[texts.length];
        for (int i = 0; i < texts.length; i++) {
            labels[i] = java.util.Collections.binarySearch(names, texts[i]);
        }
        b.labels(labels, Math.max(1, names.size())).classNames(names);
    }

    private static boolean nonNegativeIntegers(double[] v) {
        for (double x : v) {
            if (x < 0 || x != Math.rint(x) || x > Integer.MAX_VALUE - 1) {
                return false;
            }
        }
        return true;
    }
}
