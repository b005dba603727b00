package dev.tessera.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SIGTERM to {@code tessera train} in its own JVM: the run stops at the next mini-batch with exit status 130,
 * one line saying how to resume, and a folder holding the model of the last completed epoch; {@code --resume}
 * (another JVM) then ends with exactly the model of an uninterrupted run.
 */
class InterruptResumeTest {
    private static final List<String> RUN = List.of("train", "--model", "mlp:16", "--epochs", "12", "--batch-size",
            "64", "--dropout", "0.1", "--deterministic", "--device", "reference");

    @TempDir
    Path dir;

    private static String[] args(List<String> base, String... extra) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(extra));
        return all.toArray(new String[0]);
    }

    @Test
    void sigtermStopsCleanlyAndResumeMatchesTheUninterruptedRun() throws Exception {
        Path cut = dir.resolve("cut");
        try (ChildJvm child = ChildJvm.start(Main.class, args(RUN, "--out", cut.toString()))) {
            assertNotNull(child.await("[2/12]", 300), child::transcript);
            child.terminate();
            assertEquals(130, child.waitFor(120), child::transcript);
            String line = child.await("tessera train: interrupted at epoch", 10);
            assertNotNull(line, child::transcript);
            assertTrue(line.endsWith("; resume with: tessera train --resume " + cut), line);
        }
        assertTrue(Files.readString(cut.resolve("status")).startsWith("interrupted at epoch"));
        assertTrue(Files.isRegularFile(cut.resolve("model.safetensors")), "the model of the last completed epoch");
        try (ChildJvm resumed = ChildJvm.start(Main.class, "train", "--resume", cut.toString(), "--device",
                "reference")) {
            assertEquals(0, resumed.waitFor(600), resumed::transcript);
        }
        assertEquals("completed", Files.readString(cut.resolve("status")).strip());
        Path whole = dir.resolve("whole");
        try (ChildJvm uninterrupted = ChildJvm.start(Main.class, args(RUN, "--out", whole.toString()))) {
            assertEquals(0, uninterrupted.waitFor(600), uninterrupted::transcript);
        }
        assertArrayEquals(Files.readAllBytes(whole.resolve("model.safetensors")),
                Files.readAllBytes(cut.resolve("model.safetensors")), "resumed and uninterrupted models differ");
    }
}
