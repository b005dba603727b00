package dev.tessera.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dictionary at the start of a {@code .npy} file, e.g.
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}: parsing the Python-literal subset NumPy
 * writes (strings, True/False, tuples of integers) and formatting it back.
 *
 * @param type  element type, from {@code descr}
 * @param shape C-order shape, from {@code shape} (empty for a 0-d array)
 */
record NpyHeader(NpyType type, int[] shape) {

    /** The header text NumPy would write for this array, without padding. */
    String format() {
        StringBuilder sb = new StringBuilder("{'descr': '").append(type.descr())
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append("), }").toString();
    }

    /**
     * Parses a header dictionary.
     *
     * @throws IllegalArgumentException naming what is malformed or unsupported (Fortran order, big-endian, object
     *                                  or structured dtypes, missing keys)
     */
    static NpyHeader parse(String text) {
        Map<String, Object> dict = new Parser(text).dict();
        for (String key : new String[]{"descr", "fortran_order", "shape"}) {
            if (!dict.containsKey(key)) {
                throw new IllegalArgumentException("header has no '" + key + "' entry: " + excerpt(text));
            }
        }
        Object descr = dict.get("descr");
        if (descr instanceof List) {
            throw new IllegalArgumentException("structured (record) dtypes are not supported, descr is "
                    + descr);
        }
        if (!(descr instanceof String d)) {
            throw new IllegalArgumentException("'descr' must be a string, got " + descr);
        }
        NpyType type = NpyType.parse(d);
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new IllegalArgumentException("'fortran_order' must be True or False, got " + dict.get("fortran_order"));
        }
        if (fortran) {
            throw new IllegalArgumentException("the array is in Fortran (column-major) order; only C order is"
                    + " supported: save np.ascontiguousarray(a) instead");
        }
        if (!(dict.get("shape") instanceof Tuple dims)) {
            throw new IllegalArgumentException("'shape' must be a tuple of integers, got " + dict.get("shape"));
        }
        int[] shape = new int[dims.items().size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.items().get(i) instanceof Long n) || n < 0 || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + dims + " must hold integers in [0, "
                        + Integer.MAX_VALUE + "]");
            }
            shape[i] = (int) (long) n;
            numel *= n;
            if (numel > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + dims + " has more than " + Integer.MAX_VALUE
                        + " elements, the most a Java array holds");
            }
        }
        return new NpyHeader(type, shape);
    }

    /** The header text for a message: stripped, and cut after 200 characters (a hostile header may be huge). */
    static String excerpt(String text) {
        String t = text.strip();
        return t.length() <= 200 ? t : t.substring(0, 200) + "... (" + t.length() + " characters)";
    }

    /** A parsed Python tuple. */
    private record Tuple(List<Object> items) {
        @Override
        public String toString() {
            return items.toString().replace('[', '(').replace(']', ')');
        }
    }

    /**
     * A recursive-descent reader of the literal subset. Nesting deeper than {@link #MAX_DEPTH} is refused, so a
     * hostile header cannot exhaust the stack.
     */
    private static final class Parser {
        /** The deepest nesting of tuples and lists accepted; real headers need 2. */
        static final int MAX_DEPTH = 64;
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Map<String, Object> dict() {
            expect('{');
            Map<String, Object> out = new HashMap<>();
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    return out;
                }
                Object key = value(1);
                if (!(key instanceof String k)) {
                    throw error("dictionary key must be a string");
                }
                expect(':');
                out.put(k, value(1));
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        private Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nests deeper than " + MAX_DEPTH + " levels");
            }
            skipSpace();
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tuple(depth);
            }
            if (c == '[') {
                return list(depth);
            }
            if (s.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            if (Character.isDigit(c) || c == '-') {
                return integer();
            }
            throw error("unexpected character '" + c + "'");
        }

        private String string() {
            char quote = s.charAt(pos++);
            int end = s.indexOf(quote, pos);
            if (end < 0) {
                throw error("unterminated string");
            }
            String out = s.substring(pos, end);
            pos = end + 1;
            return out;
        }

        private Tuple tuple(int depth) {
            return new Tuple(items(depth, '(', ')'));
        }

        private List<Object> list(int depth) {
            return items(depth, '[', ']');
        }

        /** The comma-separated values between {@code open} and {@code close}; a trailing comma is allowed. */
        private List<Object> items(int depth, char open, char close) {
            expect(open);
            List<Object> items = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == close) {
                    pos++;
                    return items;
                }
                items.add(value(depth + 1));
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != close) {
                    throw error("expected ',' or '" + close + "'");
                }
            }
        }

        private Long integer() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            String digits = s.substring(start, pos);
            if (pos < s.length() && s.charAt(pos) == 'L') {
                pos++;
            }
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw error("bad integer '" + digits + "'");
            }
        }

        private void expect(char c) {
            skipSpace();
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private char peek() {
            if (pos >= s.length()) {
                throw error("header ends early");
            }
            return s.charAt(pos);
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("malformed header at character " + pos + ": " + what + " in "
                    + excerpt(s));
        }
    }
}
