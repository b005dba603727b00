package dev.tessera.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Records of one benchmark work as an aligned text table: a header line of the keys (in first-seen order), then one
 * line per record; every column is as wide as its widest cell, columns are two spaces apart, numbers are
 * right-aligned and text left-aligned, doubles have 4 significant digits (as in the JSON lines) and a key a record
 * lacks is an empty cell. Trailing spaces are stripped.
 */
final class TextTable {
    private static final String GAP = "  ";

    private TextTable() {
    }

    /** The table of {@code records} (at least one), lines ending in {@code \n}. */
    static String format(List<Map<String, Object>> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("TextTable.format: no records");
        }
        Set<String> keys = new LinkedHashSet<>();
        records.forEach(r -> keys.addAll(r.keySet()));
        List<String> columns = new ArrayList<>(keys);
        int[] width = new int[columns.size()];
        boolean[] numeric = new boolean[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            width[c] = columns.get(c).length();
            numeric[c] = true;
            for (Map<String, Object> r : records) {
                Object v = r.get(columns.get(c));
                width[c] = Math.max(width[c], cell(v).length());
                numeric[c] &= v == null || v instanceof Number;
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, columns.stream().map(k -> (Object) k).toList(), width, numeric, true);
        for (Map<String, Object> r : records) {
            line(sb, columns.stream().map(r::get).toList(), width, numeric, false);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<Object> cells, int[] width, boolean[] numeric, boolean header) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String s = header ? (String) cells.get(c) : cell(cells.get(c));
            String pad = " ".repeat(width[c] - s.length());
            line.append(c == 0 ? "" : GAP).append(numeric[c] ? pad + s : s + pad);
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    private static String cell(Object v) {
        if (v == null) {
            return "";
        }
        return v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : v.toString();
    }
}
