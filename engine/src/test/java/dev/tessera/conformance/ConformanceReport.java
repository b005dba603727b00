package dev.tessera.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the status of every checked primitive or fused op (passed / failed / unsupported) for one device and
 * prints the table when the suite ends, also writing it to {@code target/conformance-<device>.txt}.
 */
final class ConformanceReport {
    /** Outcomes in increasing severity; an item keeps its most severe outcome. */
    enum Status { PASSED, UNSUPPORTED, FAILED }

    private final String device;
    private final Map<String, Status> rows = new TreeMap<>();
    private final Map<String, String> notes = new TreeMap<>();

    ConformanceReport(String device) {
        this.device = device;
    }

    synchronized void record(String item, Status status, String note) {
        Status prior = rows.get(item);
        if (prior == null || status.ordinal() > prior.ordinal()) {
            rows.put(item, status);
            if (note != null) {
                notes.put(item, note);
            }
        }
    }

    synchronized String table() {
        StringBuilder sb = new StringBuilder("conformance on " + device + "\n");
        int[] counts = new int[3];
        for (Map.Entry<String, Status> e : rows.entrySet()) {
            counts[e.getValue().ordinal()]++;
            sb.append(String.format("  %-44s %s%s%n", e.getKey(), e.getValue().name().toLowerCase(),
                    notes.containsKey(e.getKey()) && e.getValue() != Status.PASSED
                            ? "  (" + notes.get(e.getKey()) + ")" : ""));
        }
        sb.append(String.format("  %d passed, %d failed, %d unsupported%n", counts[0], counts[2], counts[1]));
        return sb.toString();
    }

    void publish() {
        String t = table();
        System.out.print(t);
        try {
            Path dir = Path.of("target");
            if (Files.isDirectory(dir)) {
                Files.writeString(dir.resolve("conformance-" + device.replace(':', '-') + ".txt"), t);
            }
        } catch (IOException e) {
            System.err.println("conformance: could not write the report: " + e);
        }
    }
}
