package dev.tessera.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The symbols of a character-level language model: Unicode code points numbered {@code 0..size-1}. Index
 * {@value #UNKNOWN} is always the unknown symbol {@code U+FFFD} (the replacement character), to which
 * {@link #index(int)} maps every code point the vocabulary does not hold; indices {@code 1..size-1} are the distinct
 * code points of the text the vocabulary was built from, in ascending order (a {@code U+FFFD} in that text is the
 * unknown symbol itself). So a vocabulary is a pure function of the set of code points of its text.
 *
 * <p>Saved as UTF-8 text, one symbol per line in index order written as {@code U+XXXX} (so newlines, tabs and
 * control characters survive), see {@link #save} and {@link #load}.
 */
public final class CharVocabulary {
    /** The index of the unknown symbol. */
    public static final int UNKNOWN = 0;
    /** The code point of the unknown symbol, U+FFFD. */
    public static final int UNKNOWN_SYMBOL = 0xFFFD;
    private final int[] symbols;
    private final Map<Integer, Integer> indices = new HashMap<>();

    private CharVocabulary(int[] symbols) {
        this.symbols = symbols;
        for (int i = 0; i < symbols.length; i++) {
            indices.put(symbols[i], i);
        }
    }

    /** The vocabulary of the code points in {@code text}: the unknown symbol, then each distinct one ascending. */
    public static CharVocabulary of(int[] text) {
        int[] distinct = Arrays.stream(text).filter(c -> c != UNKNOWN_SYMBOL).distinct().sorted().toArray();
        int[] symbols = new int[distinct.length + 1];
        symbols[UNKNOWN] = UNKNOWN_SYMBOL;
        System.arraycopy(distinct, 0, symbols, 1, distinct.length);
        return new CharVocabulary(symbols);
    }

    /** Number of symbols, the unknown one included. */
    public int size() {
        return symbols.length;
    }

    /** The index of {@code codePoint}, {@value #UNKNOWN} when the vocabulary does not hold it. */
    public int index(int codePoint) {
        return indices.getOrDefault(codePoint, UNKNOWN);
    }

    /** Whether {@code codePoint} is one of the symbols (the unknown symbol included). */
    public boolean contains(int codePoint) {
        return indices.containsKey(codePoint);
    }

    /**
     * The code point of symbol {@code index}.
     *
     * @throws IndexOutOfBoundsException when index is outside {@code [0, size)}
     */
    public int symbol(int index) {
        if (index < 0 || index >= symbols.length) {
            throw new IndexOutOfBoundsException("CharVocabulary: index " + index + " is outside [0, " + symbols.length
                    + ")");
        }
        return symbols[index];
    }

    /** The indices of the code points of {@code text}, unknown ones as {@value #UNKNOWN}. */
    public int[] encode(int[] text) {
        int[] out = new int[text.length];
        for (int i = 0; i < text.length; i++) {
            out[i] = index(text[i]);
        }
        return out;
    }

    /**
     * The indices of {@code text}, every character of which must be a symbol.
     *
     * @param what names the text in the error, e.g. {@code "--prompt"}
     * @throws IllegalArgumentException naming the first character outside the vocabulary and its position
     */
    public int[] encodeStrict(String what, String text) {
        int[] cps = text.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            if (!contains(cps[i])) {
                throw new IllegalArgumentException(what + ": character " + describe(cps[i]) + " at position " + i
                        + " is not in the model's vocabulary of " + size() + " symbols");
            }
        }
        return encode(cps);
    }

    /** The text of symbol indices {@code ids}. */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder(ids.length);
        for (int id : ids) {
            sb.appendCodePoint(symbol(id));
        }
        return sb.toString();
    }

    /** Writes the symbols to {@code file}, one {@code U+XXXX} per line in index order. */
    public void save(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int s : symbols) {
            sb.append(String.format(Locale.ROOT, "U+%04X%n", s));
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    /**
     * Reads a vocabulary written by {@link #save}.
     *
     * @throws IOException when the file is missing, a line is not {@code U+XXXX}, a symbol repeats, or the first
     *                     symbol is not the unknown symbol
     */
    public static CharVocabulary load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int[] symbols = new int[lines.size()];
        for (int i = 0; i < symbols.length; i++) {
            String line = lines.get(i).strip();
            if (!line.matches("U\\+[0-9A-Fa-f]{4,6}")) {
                throw new IOException(file + ": line " + (i + 1) + " must be a code point U+XXXX, got '" + line + "'");
            }
            symbols[i] = Integer.parseInt(line.substring(2), 16);
            if (!Character.isValidCodePoint(symbols[i])) {
                throw new IOException(file + ": line " + (i + 1) + ": " + line + " is not a Unicode code point");
            }
        }
        if (symbols.length == 0 || symbols[UNKNOWN] != UNKNOWN_SYMBOL) {
            throw new IOException(file + ": the first symbol must be the unknown symbol U+FFFD");
        }
        CharVocabulary v = new CharVocabulary(symbols);
        if (v.indices.size() != symbols.length) {
            throw new IOException(file + ": a symbol appears twice (" + symbols.length + " lines, "
                    + v.indices.size() + " distinct symbols)");
        }
        return v;
    }

    /** {@code 'a' (U+0061)}, or only {@code U+000A} for a control character. */
    static String describe(int codePoint) {
        String hex = String.format(Locale.ROOT, "U+%04X", codePoint);
        return Character.isISOControl(codePoint) ? hex : "'" + Character.toString(codePoint) + "' (" + hex + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CharVocabulary v && Arrays.equals(symbols, v.symbols);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(symbols);
    }

    @Override
    public String toString() {
        return "CharVocabulary(" + symbols.length + " symbols)";
    }
}
