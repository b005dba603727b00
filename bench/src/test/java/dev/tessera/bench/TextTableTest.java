package dev.tessera.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TextTable: columns as wide as their widest cell, numbers right-aligned, text left-aligned, missing cells empty. */
class TextTableTest {
    private static Map<String, Object> record(Object... kv) {
        Map<String, Object> r = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            r.put((String) kv[i], kv[i + 1]);
        }
        return r;
    }

    @Test
    void alignsEveryColumn() {
        String table = TextTable.format(List.of(
                record("work", "sgemm", "device", "cpu", "n", 256, "gflops", 12.345678),
                record("work", "sgemm", "device", "opencl:0", "n", 4096, "gflops", 1234.5678)));
        assertEquals(""
                + "work   device       n  gflops\n"
                + "sgemm  cpu        256   12.35\n"
                + "sgemm  opencl:0  4096    1235\n", table);
    }

    @Test
    void aKeyARecordLacksIsAnEmptyCell() {
        String table = TextTable.format(List.of(record("work", "a", "threads", 2, "ms", 1.5),
                record("work", "b", "ms", 10.25)));
        assertEquals("work  threads" + " ".repeat(5) + "ms\n"
                + "a" + " ".repeat(11) + "2  1.500\n"
                + "b" + " ".repeat(14) + "10.25\n", table);
    }

    @Test
    void noRecordsIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> TextTable.format(List.of()));
    }
}
