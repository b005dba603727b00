package dev.tessera.io;

/**
 * Writes JSON string literals (RFC 8259, section 7), for every file format Tessera writes as JSON: safetensors
 * headers here and the command line's run configurations.
 */
public final class JsonStrings {
    private JsonStrings() {
    }

    /**
     * {@code text} as a JSON string literal, quotes included: {@code "} and {@code \} are escaped with a backslash,
     * newline, carriage return and tab as {@code \n}, {@code \r}, {@code \t}, every other character below U+0020 as
     * {@code \}{@code u}XXXX (four lowercase hex digits), and every other character is written as itself.
     */
    public static String quote(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
