package dev.tessera.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict JSON reader of safetensors headers: values, escapes, errors with positions, depth limit. */
class SafetensorsJsonTest {
    @Test
    void parsesEveryValueKindInOrder() {
        Object v = SafetensorsJson.parse(" {\"b\": [1, -2.5e3, true, false, null], \"a\": \"x\\u00e9\\n\\\"\"} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("b", "a"), List.copyOf(m.keySet()));
        List<?> arr = (List<?>) m.get("b");
        assertEquals("1", arr.get(0).toString());
        assertEquals("-2.5e3", arr.get(1).toString());
        assertEquals(Boolean.TRUE, arr.get(2));
        assertEquals(SafetensorsJson.NULL, arr.get(4));
        assertEquals("xé\n\"", m.get("a"));
    }

    @Test
    void rejectsMalformedInputWithPosition() {
        for (String bad : new String[]{"{", "{\"a\" 1}", "[1,]", "01", "\"\\x\"", "{} x", "tru", "\"a\u0001\""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SafetensorsJson.parse(bad), bad);
            assertTrue(e.getMessage().contains("position"), e.getMessage());
        }
    }

    @Test
    void rejectsDeepNesting() {
        String deep = "[".repeat(SafetensorsJson.MAX_DEPTH + 2) + "]".repeat(SafetensorsJson.MAX_DEPTH + 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafetensorsJson.parse(deep));
        assertTrue(e.getMessage().contains("deeper than"), e.getMessage());
    }
}
