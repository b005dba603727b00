package dev.tessera.io;

import java.util.List;

/**
 * A parsed CSV file: column names and, per column, either numbers ({@code double[]}, when every cell parsed as a
 * number) or the cell texts ({@code String[]}). Immutable; the arrays returned are the table's own and must not be
 * modified.
 */
public final class CsvTable {
    private final List<String> names;
    private final int rows;
    private final Object[] columns;

    CsvTable(List<String> names, int rows, Object[] columns) {
        this.names = List.copyOf(names);
        this.rows = rows;
        this.columns = columns;
    }

    /** Column names: from the header, or {@code "0", "1", ...} without one. */
    public List<String> columnNames() {
        return names;
    }

    /** Number of data rows. */
    public int rows() {
        return rows;
    }

    /** Number of columns. */
    public int columns() {
        return columns.length;
    }

    /**
     * The index of the column called {@code name}, or named by a decimal index ({@code "3"}; {@code "-1"} is the
     * last column).
     *
     * @throws IllegalArgumentException listing the columns when there is no such column
     */
    public int columnIndex(String name) {
        int i = names.indexOf(name);
        if (i >= 0) {
            return i;
        }
        try {
            int k = Integer.parseInt(name.trim());
            int j = k < 0 ? k + columns.length : k;
            if (j >= 0 && j < columns.length) {
                return j;
            }
        } catch (NumberFormatException ignored) {
            // not an index either; reported below
        }
        throw new IllegalArgumentException("CSV has no column '" + name + "' (columns: " + names
                + ", or an index from -" + columns.length + " to " + (columns.length - 1) + ")");
    }

    /** Whether every cell of column {@code c} is a number. */
    public boolean isNumeric(int c) {
        return columns[c] instanceof double[];
    }

    /**
     * The numbers of column {@code c}.
     *
     * @throws IllegalStateException when the column holds text
     */
    public double[] numbers(int c) {
        if (!(columns[c] instanceof double[] v)) {
            throw new IllegalStateException("CSV column '" + names.get(c) + "' is not numeric (e.g. '"
                    + ((String[]) columns[c])[firstText(c)] + "' in data row " + (firstText(c) + 1) + ")");
        }
        return v;
    }

    /** The cells of column {@code c} as text (numbers of a numeric column are formatted back). */
    public String[] texts(int c) {
        if (columns[c] instanceof String[] s) {
            return s;
        }
        double[] v = (double[]) columns[c];
        String[] out = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = CsvReader.format(v[i]);
        }
        return out;
    }

    /** The first row of a text column whose cell is not a number. */
    private int firstText(int c) {
        String[] s = (String[]) columns[c];
        for (int i = 0; i < s.length; i++) {
            if (CsvReader.parseNumber(s[i]) == null) {
                return i;
            }
        }
        return 0;
    }
}
