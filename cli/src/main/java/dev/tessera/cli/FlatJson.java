package dev.tessera.cli;

import dev.tessera.io.JsonStrings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON object of scalars only (strings, numbers, booleans, null), the form of the run configuration file: written
 * one key per line, read back with the values as Java strings (numbers and booleans in their JSON spelling), so
 * {@link TrainOptions#set} can parse each one. Doubles are written exactly ({@link Double#toString}).
 */
final class FlatJson {
    private FlatJson() {
    }

    /** {@code values} as a JSON object, in the map's order. */
    static String write(Map<String, ?> values) {
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, ?> e : values.entrySet()) {
            sb.append("  ").append(JsonStrings.quote(e.getKey())).append(": ").append(value(e.getValue()));
            sb.append(++i < values.size() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }

    private static String value(Object v) {
        if (v == null || v instanceof Boolean || v instanceof Integer || v instanceof Long) {
            return String.valueOf(v);
        }
        if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("FlatJson: " + d + " has no JSON form");
            }
            return d.toString();
        }
        return JsonStrings.quote(v.toString());
    }

    /**
     * Parses a flat JSON object; each value becomes its text (strings unescaped, null as Java null).
     *
     * @throws IllegalArgumentException naming {@code source} and the position of the first error
     */
    static Map<String, String> read(String json, String source) {
        return new Parser(json, source).object();
    }

    private static final class Parser {
        private final String s;
        private final String source;
        private int at;

        Parser(String s, String source) {
            this.s = s;
            this.source = source;
        }

        Map<String, String> object() {
            Map<String, String> out = new LinkedHashMap<>();
            expect('{');
            skip();
            if (peek() == '}') {
                at++;
            } else {
                while (true) {
                    skip();
                    String key = string();
                    skip();
                    expect(':');
                    skip();
                    String v = scalar();
                    if (out.containsKey(key)) {
                        throw error("key \"" + key + "\" appears twice");
                    }
                    out.put(key, v);
                    skip();
                    char c = next();
                    if (c == '}') {
                        break;
                    }
                    if (c != ',') {
                        throw error("expected ',' or '}' but found '" + c + "'");
                    }
                }
            }
            skip();
            if (at < s.length()) {
                throw error("unexpected text after the object");
            }
            return out;
        }

        private String scalar() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (c == '{' || c == '[') {
                throw error("nested objects and arrays are not supported here");
            }
            int start = at;
            while (at < s.length() && ",}] \t\r\n".indexOf(s.charAt(at)) < 0) {
                at++;
            }
            String word = s.substring(start, at);
            if (word.equals("null")) {
                return null;
            }
            if (word.equals("true") || word.equals("false")
                    || word.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                return word;
            }
            at = start;
            throw error("'" + word + "' is not a JSON value");
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = next();
                    switch (e) {
                        case '"', '\\', '/' -> sb.append(e);
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            if (at + 4 > s.length()) {
                                throw error("truncated \\u escape");
                            }
                            try {
                                sb.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                            } catch (NumberFormatException ex) {
                                throw error("bad \\u escape");
                            }
                            at += 4;
                        }
                        default -> throw error("bad escape \\" + e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        private void skip() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
                at++;
            }
        }

        private char peek() {
            if (at >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(at);
        }

        private char next() {
            char c = peek();
            at++;
            return c;
        }

        private void expect(char c) {
            skip();
            char got = next();
            if (got != c) {
                at--;
                throw error("expected '" + c + "' but found '" + got + "'");
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(source + ": not a flat JSON object: " + what + " at character "
                    + at);
        }
    }
}
