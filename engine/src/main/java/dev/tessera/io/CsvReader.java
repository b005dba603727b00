package dev.tessera.io;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads comma-separated (or other delimiter-separated) text into a {@link CsvTable}; gzip-compressed input is
 * recognized by its magic bytes.
 *
 * <p>Fields follow RFC 4180: a field may be double-quoted, a doubled quote inside it is one quote; quoted fields
 * may not span lines. Unquoted fields are trimmed; blank lines are skipped; a UTF-8 byte order mark at the start is
 * dropped; every line must have as many fields as the first; a column that is empty in every row (as a trailing
 * delimiter makes) is an error. Whether the first line is a header is given, or detected: it is one when one of its
 * cells is a non-empty text (not a number) while the cell below it is a number; so a first line of numbers, or one
 * whose only non-numbers are empty cells, is data, never dropped. A column whose cells all parse as numbers
 * ({@link Double#parseDouble}) is numeric; any other column keeps its texts. Gzip input may decompress to at most
 * {@link InflateLimit#bytes()}. Immutable and thread-safe.
 *
 * <pre>{@code
 * CsvTable t = CsvReader.defaults().read(Path.of("iris.csv"));
 * }</pre>
 */
public final class CsvReader {
    /** Whether the first line is a header. */
    public enum Header {
        /** The first line names the columns. */
        PRESENT,
        /** The first line is data; columns are named "0", "1", .... */
        ABSENT,
        /** Decide from the first two lines (see the class comment). */
        DETECT
    }

    private final char delimiter;
    private final Header header;

    private CsvReader(char delimiter, Header header) {
        this.delimiter = delimiter;
        this.header = header;
    }

    /** Comma-separated with header detection. */
    public static CsvReader defaults() {
        return new CsvReader(',', Header.DETECT);
    }

    /** This reader with another field delimiter (e.g. {@code ';'} or {@code '\t'}). */
    public CsvReader delimiter(char d) {
        if (d == '"' || d == '\n' || d == '\r') {
            throw new IllegalArgumentException("CsvReader: the delimiter cannot be a quote or a line break");
        }
        return new CsvReader(d, header);
    }

    /** This reader with the header given or detected. */
    public CsvReader header(Header h) {
        return new CsvReader(delimiter, h);
    }

    /**
     * Reads {@code file} (plain or gzip).
     *
     * @throws IOException naming the file and line for unreadable input, ragged rows or unterminated quotes
     */
    public CsvTable read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads {@code in} (plain or gzip; not closed) naming it {@code source} in errors. */
    public CsvTable read(InputStream in, String source) throws IOException {
        try {
            BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
            buffered.mark(2);
            boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
            buffered.reset();
            InputStream text = gzip ? InflateLimit.bounded(new GZIPInputStream(buffered, 1 << 16), source) : buffered;
            return parse(new BufferedReader(new InputStreamReader(text, StandardCharsets.UTF_8), 1 << 16), source);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(source)) {
                throw e;
            }
            throw new IOException(source + ": cannot read: " + e, e);
        }
    }

    private CsvTable parse(BufferedReader reader, String source) throws IOException {
        List<String> names = null;
        Column[] columns = null;
        String[] pending = null;
        int lineNo = 0;
        int rows = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNo++;
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            String[] fields = split(line, source, lineNo);
            if (columns == null) {
                columns = new Column[fields.length];
                for (int c = 0; c < fields.length; c++) {
                    columns[c] = new Column();
                }
                if (header == Header.PRESENT) {
                    names = trimmed(fields);
                    continue;
                }
                if (header == Header.DETECT) {
                    pending = fields;
                    continue;
                }
            } else if (fields.length != columns.length) {
                throw new IOException(source + ": line " + lineNo + " has " + fields.length + " fields, but the"
                        + " first line has " + columns.length);
            }
            if (pending != null) {
                if (looksLikeHeader(pending, fields)) {
                    names = trimmed(pending);
                } else {
                    add(columns, pending);
                    rows++;
                }
                pending = null;
            }
            add(columns, fields);
            rows++;
        }
        if (columns == null) {
            throw new IOException(source + ": no data (the file is empty)");
        }
        if (pending != null) {
            add(columns, pending);
            rows++;
        }
        if (names == null) {
            names = new ArrayList<>();
            for (int c = 0; c < columns.length; c++) {
                names.add(Integer.toString(c));
            }
        }
        Object[] data = new Object[columns.length];
        for (int c = 0; c < columns.length; c++) {
            data[c] = columns[c].finish();
            if (data[c] instanceof String[] texts && Arrays.stream(texts).allMatch(String::isBlank)) {
                throw new IOException(source + ": column " + (c + 1) + " ('" + names.get(c) + "') is empty in every "
                        + "row" + (c == columns.length - 1 ? " (a delimiter at the end of each line?)" : ""));
            }
        }
        return new CsvTable(names, rows, data);
    }

    private static boolean looksLikeHeader(String[] first, String[] second) {
        for (int c = 0; c < first.length; c++) {
            if (parseNumber(first[c]) == null && !first[c].isBlank() && parseNumber(second[c]) != null) {
                return true;
            }
        }
        return false;
    }

    private static List<String> trimmed(String[] fields) {
        List<String> out = new ArrayList<>();
        for (String f : fields) {
            out.add(f.strip());
        }
        return out;
    }

    private static void add(Column[] columns, String[] fields) {
        for (int c = 0; c < fields.length; c++) {
            columns[c].add(fields[c]);
        }
    }

    /** Splits one line into fields (RFC 4180 quoting, unquoted fields trimmed). */
    String[] split(String line, String source, int lineNo) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IOException(source + ": line " + lineNo + ": unterminated quoted field");
                    }
                    char ch = line.charAt(i++);
                    if (ch == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(ch);
                    }
                }
                while (i < n && line.charAt(i) != delimiter) {
                    if (!Character.isWhitespace(line.charAt(i))) {
                        throw new IOException(source + ": line " + lineNo + ": text after a closing quote");
                    }
                    i++;
                }
                out.add(field.toString());
            } else {
                int start = i;
                while (i < n && line.charAt(i) != delimiter) {
                    i++;
                }
                out.add(line.substring(start, i).strip());
            }
            field.setLength(0);
            if (i >= n) {
                return out.toArray(new String[0]);
            }
            i++;
        }
    }

    /** The number a cell holds, or null for text or an empty cell. */
    static Double parseNumber(String cell) {
        String s = cell.strip();
        if (s.isEmpty()) {
            return null;
        }
        char c = s.charAt(s.length() - 1);
        if (c == 'd' || c == 'D' || c == 'f' || c == 'F') {
            return null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A number as text: integers without a fraction, others as {@link Double#toString}. */
    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** One column while parsing: numbers until a cell is not one, then texts. */
    private static final class Column {
        private double[] numbers = new double[256];
        private List<String> texts;
        private int size;

        void add(String cell) {
            if (texts != null) {
                texts.add(cell);
                size++;
                return;
            }
            Double v = parseNumber(cell);
            if (v == null) {
                texts = new ArrayList<>(Math.max(16, size * 2));
                for (int i = 0; i < size; i++) {
                    texts.add(format(numbers[i]));
                }
                numbers = null;
                texts.add(cell);
                size++;
                return;
            }
            if (size == numbers.length) {
                numbers = Arrays.copyOf(numbers, size * 2);
            }
            numbers[size++] = v;
        }

        Object finish() {
            return texts != null ? texts.toArray(new String[0]) : Arrays.copyOf(numbers, size);
        }
    }
}
