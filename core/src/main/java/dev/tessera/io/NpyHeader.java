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
                throw new IllegalArgumentException("header has no '" + key + "' entry: " + text.strip());
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

    /** A parsed Python tuple. */
    private record Tuple(List<Object> items) {
        @Override
        public String toString() {
            return items.toString().replace('[', '(').replace(']', ')');
        }
    }

    /** A recursive-descent reader of the literal subset. */
    private static final class Parser {
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
                Object key = value();
                if (!(key instanceof String k)) {
                    throw error("dictionary key must be a string");
                }
                expect(':');
                out.put(k, value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        private Object value() {
            skipSpace();
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (c == '[') {
                return list();
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

        private Tuple tuple() {
            expect('(');
            List<Object> items = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    pos++;
                    return new Tuple(items);
                }
                items.add(value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != ')') {
                    throw error("expected ',' or ')'");
                }
            }
        }

        private List<Object> list() {
            expect('[');
            List<Object> items = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == ']') {
                    pos++;
                    return items;
                }
                items.add(value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != ']') {
                    throw error("expected ',' or ']'");
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
                    + s.strip());
        }
    }
}
