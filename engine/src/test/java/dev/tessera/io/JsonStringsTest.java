package dev.tessera.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** JSON string literals: each escape spelled as documented, and every string read back unchanged. */
class JsonStringsTest {
    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fé/\"",
                JsonStrings.quote("a\"b\\c\nd\re\tf\u0001g\u001fé/"));
        assertEquals("\"\"", JsonStrings.quote(""));
    }

    @Test
    void quoteRoundTripsThroughTheStrictReader() {
        String s = "tab\t \"q\" \\ \u0001 é";
        assertEquals(s, SafetensorsJson.parse(JsonStrings.quote(s)));
    }
}
