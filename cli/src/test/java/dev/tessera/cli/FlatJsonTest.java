package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration file's JSON: exact round trips and clear errors. */
class FlatJsonTest {
    @Test
    void roundTripsScalarsExactly() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", "mlp:128,64");
        m.put("lr", 0.1 + 0.2);
        m.put("epochs", 30);
        m.put("seed", 1L << 40);
        m.put("batchnorm", true);
        m.put("gamma", null);
        m.put("quote", "a \"b\"\\ \n\u0001");
        Map<String, String> back = FlatJson.read(FlatJson.write(m), "test");
        assertEquals("mlp:128,64", back.get("model"));
        assertEquals(0.1 + 0.2, Double.parseDouble(back.get("lr")));
        assertEquals("30", back.get("epochs"));
        assertEquals(Long.toString(1L << 40), back.get("seed"));
        assertEquals("true", back.get("batchnorm"));
        assertTrue(back.containsKey("gamma"));
        assertNull(back.get("gamma"));
        assertEquals("a \"b\"\\ \n\u0001", back.get("quote"));
        assertEquals(7, back.size());
    }

    @Test
    void rejectsWhatIsNotAFlatObject() {
        for (String bad : new String[]{"", "[]", "{\"a\": [1]}", "{\"a\": 1,}", "{\"a\" 1}", "{\"a\": 1} x",
            "{\"a\": tru}", "{\"a\": 1, \"a\": 2}", "{\"a\": \"x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FlatJson.read(bad, "f"),
                    bad);
            assertTrue(e.getMessage().startsWith("f: not a flat JSON object: "), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> FlatJson.write(Map.of("x", Double.NaN)));
    }
}
