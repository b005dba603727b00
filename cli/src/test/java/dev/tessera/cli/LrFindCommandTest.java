package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: {@code tessera lr-find} prints a rate inside the sweep and writes its curve and plot. */
class LrFindCommandTest {
    @TempDir
    Path dir;

    @Test
    void suggestsARateAndWritesTheCurve() throws Exception {
        CliRun r = CliRun.of("lr-find", "--model", "mlp:32", "--min-lr", "1e-5", "--max-lr", "10", "--steps", "40",
                "--device", "cpu", "--out", dir.toString());
        assertEquals(0, r.code(), r::toString);
        double lr = Double.parseDouble(r.value("suggested_lr"));
        assertTrue(lr > 1e-5 && lr < 10, "suggested rate " + lr);
        List<String> csv = Files.readAllLines(dir.resolve("lr_find.csv"));
        assertEquals("lr,loss,smoothed_loss", csv.get(0));
        assertTrue(csv.size() > 4 && csv.size() <= 41, "rows: " + csv.size());
        assertEquals(1e-5, Double.parseDouble(csv.get(1).split(",")[0]), 1e-12);
        Images.assertPlot(dir.resolve("lr_find.png"), 1000, 600);
    }
}
