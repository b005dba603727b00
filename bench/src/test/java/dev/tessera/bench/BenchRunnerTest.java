package dev.tessera.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Device;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * BenchRunner's JSON lines (every work appears, each line is one flat JSON object with the documented keys) and its
 * text tables (one per work, every row's cells starting under their header).
 */
class BenchRunnerTest {
    private static final Pattern FIELD = Pattern.compile("\"([a-z_]+)\":(\"[^\"]*\"|-?[0-9.]+(?:e-?[0-9]+)?)");

    /** Parses one flat JSON object of string and number fields, failing on anything else. */
    private static Map<String, String> parse(String line) {
        assertTrue(line.startsWith("{") && line.endsWith("}"), line);
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(line);
        int end = 1;
        while (m.find()) {
            assertEquals(end, m.start(), "unexpected text in " + line);
            out.put(m.group(1), m.group(2));
            end = m.end() + 1;
        }
        assertEquals(line.length(), end, "unparsed tail in " + line);
        return out;
    }

    @Test
    void quickRunPrintsOneParsableRecordPerMeasurement() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new BenchRunner(Device.of("cpu"), true, true, out).run(Set.of(BenchRunner.WORKS.split(",")));
        List<Map<String, String>> records = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            records.add(parse(line.strip()));
        }
        Map<String, List<String>> required = Map.of(
                "sgemm", List.of("n", "threads", "gflops"),
                "mlp_step", List.of("layers", "batch", "ms"),
                "lstm_step", List.of("hidden", "seq", "batch", "ms"),
                "relu", List.of("n", "gbps"),
                "add", List.of("n", "gbps"),
                "mul2", List.of("n", "gbps"),
                "softmax_xent", List.of("rows", "classes", "ms"),
                "adam", List.of("params", "ms"),
                "dispatch", List.of("ns_per_op"),
                "conv2d", List.of("shape", "batch", "ms", "gflops"));
        for (Map.Entry<String, List<String>> e : required.entrySet()) {
            List<Map<String, String>> of = records.stream().filter(r -> r.get("work").equals('"' + e.getKey() + '"'))
                    .toList();
            assertTrue(!of.isEmpty(), "no record for " + e.getKey());
            for (Map<String, String> r : of) {
                assertEquals("\"cpu\"", r.get("device"));
                for (String key : e.getValue()) {
                    assertTrue(r.containsKey(key), e.getKey() + " lacks " + key + ": " + r);
                }
            }
        }
    }

    @Test
    void capturedBf16StepsRunThroughTheModulesAndRecordTheirMode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        BenchRunner.Settings settings = new BenchRunner.Settings(true, "bf16",
                BenchRunner.Settings.modeName("bf16", true));
        new BenchRunner(Device.of("cpu"), true, true, out, settings).run(Set.of("mlp_step", "sgemm"));
        List<Map<String, String>> records = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            records.add(parse(line.strip()));
        }
        assertTrue(records.stream().anyMatch(r -> r.get("work").equals("\"mlp_step\"")), records.toString());
        for (Map<String, String> r : records) {
            assertEquals("\"bf16_graph\"", r.get("mode"), r.toString());
            assertTrue(!r.containsKey("eager_reason"), "the cpu backend captures steps: " + r);
        }
        assertEquals("eager", BenchRunner.Settings.modeName("fp32", false));
        assertEquals("tf32", BenchRunner.Settings.modeName("tf32", false));
    }

    @Test
    void numbersAreValidJson() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("work", "x\"y");
        r.put("big", 28131.5);
        r.put("small", 1.5e-7);
        r.put("n", 3);
        assertEquals("{\"work\":\"x\\\"y\",\"big\":2.813e04,\"small\":1.500e-07,\"n\":3}", BenchRunner.toJson(r));
    }

    @Test
    void textModePrintsOneAlignedTablePerWork() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new BenchRunner(Device.of("cpu"), false, true, out).run(Set.of("sgemm", "relu"));
        String[] tables = bytes.toString(StandardCharsets.UTF_8).strip().split("\n\n");
        assertEquals(2, tables.length, bytes.toString(StandardCharsets.UTF_8));
        for (String table : tables) {
            List<String> lines = table.lines().toList();
            String header = lines.get(0);
            assertTrue(header.matches("work +device .*"), header);
            Matcher column = Pattern.compile("\\S+").matcher(header);
            List<int[]> spans = new ArrayList<>();
            while (column.find()) {
                spans.add(new int[]{column.start(), column.end()});
            }
            assertTrue(lines.size() >= 2, table);
            for (String row : lines.subList(1, lines.size())) {
                Matcher cell = Pattern.compile("\\S+").matcher(row);
                int c = 0;
                while (cell.find()) {
                    int[] span = spans.get(c++);
                    // a cell lies in its column: it starts at the header's start (left-aligned) or ends at its end
                    assertTrue(cell.start() == span[0] || cell.end() == span[1], "cell '" + cell.group() + "' of '"
                            + row + "' is not under its header in\n" + table);
                }
                assertEquals(spans.size(), c, "cells of '" + row + "'");
            }
        }
    }
}
