package dev.tessera.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The strict JSON reader behind safetensors headers (the writer quotes strings with {@link JsonStrings#quote}). Objects
 * become insertion-ordered maps (a repeated key is an error, since it would make a tensor name ambiguous), arrays
 * lists, strings strings, numbers their source text (the caller decides how to read them), {@code true}/{@code false}
 * Booleans and {@code null} a marker. Nesting deeper than {@link #MAX_DEPTH} is refused so a hostile header cannot
 * exhaust the stack, and an array longer than {@link #MAX_ARRAY} so a 100 MB header of one shape cannot take gigabytes
 * of boxed numbers.
 */
final class SafetensorsJson {
    /** The deepest nesting accepted; real headers need 3. */
    static final int MAX_DEPTH = 64;
    /** The most elements an array may have: a tensor has at most this many axes. */
    static final int MAX_ARRAY = 64;
    /** The value read for a JSON {@code null}. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A JSON number kept as its source text, e.g. {@code 1024} or {@code -1.5e3}. */
    record Number(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private final String s;
    private int pos;

    private SafetensorsJson(String s) {
        this.s = s;
    }

    /**
     * Parses one JSON value that fills {@code text} (surrounding whitespace allowed).
     *
     * @throws IllegalArgumentException naming the character position and what was expected
     */
    static Object parse(String text) {
        SafetensorsJson p = new SafetensorsJson(text);
        p.skipSpace();
        Object v = p.value(0);
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("end of input");
        }
        return v;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON nests deeper than " + MAX_DEPTH + " levels at position " + pos);
        }
        if (pos >= s.length()) {
            throw error("a value");
        }
        char c = s.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("a value");
            }
        };
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (opensEmpty('}')) {
            return out;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("a string key");
            }
            int keyAt = pos;
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            Object v = value(depth + 1);
            if (out.put(key, v) != null) {
                throw new IllegalArgumentException("JSON object repeats the key \"" + key + "\" (position " + keyAt
                        + ")");
            }
            if (closes('}')) {
                return out;
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> out = new ArrayList<>();
        if (opensEmpty(']')) {
            return out;
        }
        while (true) {
            skipSpace();
            if (out.size() == MAX_ARRAY) {
                throw new IllegalArgumentException("JSON array of more than " + MAX_ARRAY + " elements at position "
                        + pos + " (a safetensors header's arrays are shapes of at most " + MAX_ARRAY
                        + " axes and pairs of offsets)");
            }
            out.add(value(depth + 1));
            if (closes(']')) {
                return out;
            }
        }
    }

    /**
     * Consumes the opening bracket of an object or array and, when it is empty, its {@code close} bracket too:
     * {@code true} for an empty one, {@code false} when elements follow.
     */
    private boolean opensEmpty(char close) {
        pos++;
        skipSpace();
        if (peek() == close) {
            pos++;
            return true;
        }
        return false;
    }

    /**
     * Reads what follows an element of an object or array: {@code true} at {@code close}, {@code false} at a
     * comma (either consumed), an error otherwise.
     */
    private boolean closes(char close) {
        skipSpace();
        char c = peek();
        pos++;
        if (c == close) {
            return true;
        }
        if (c != ',') {
            pos--;
            throw error("',' or '" + close + "'");
        }
        return false;
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("a closing '\"'");
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("an escaped control character");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= s.length()) {
                throw error("an escape");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > s.length()) {
                        throw error("four hex digits");
                    }
                    try {
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("four hex digits");
                    }
                    pos += 4;
                }
                default -> {
                    pos--;
                    throw error("a valid escape");
                }
            }
        }
    }

    private Number number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (!digits()) {
            throw error("a digit");
        }
        if (peek() == '.') {
            pos++;
            if (!digits()) {
                throw error("a digit after '.'");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!digits()) {
                throw error("an exponent");
            }
        }
        return new Number(s.substring(start, pos));
    }

    private boolean digits() {
        int start = pos;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
        }
        return pos > start;
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, pos)) {
            throw error("a value");
        }
        pos += word.length();
        return v;
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("'" + c + "'");
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private IllegalArgumentException error(String expected) {
        String found = pos >= s.length() ? "end of input" : "'" + s.charAt(pos) + "'";
        return new IllegalArgumentException("invalid JSON at position " + pos + ": expected " + expected
                + ", found " + found);
    }
}
