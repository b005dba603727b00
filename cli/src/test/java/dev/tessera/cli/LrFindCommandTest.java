package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code tessera lr-find} prints a rate inside the sweep and writes its curve and plot; a stop request
 * (what SIGINT/SIGTERM make) ends it with the partial curve written.
 */
class LrFindCommandTest {
    @TempDir
    Path dir;

    @Test
    void suggestsARateAndWritesTheCurve() throws Exception {
        CliRun r = CliRun.ok("lr-find", "--model", "mlp:32", "--min-lr", "1e-5", "--max-lr", "10", "--steps", "40",
                "--device", "cpu", "--out", dir.toString());
        double lr = Double.parseDouble(r.value("suggested_lr"));
        assertTrue(lr > 1e-5 && lr < 10, "suggested rate " + lr);
        List<String> csv = Files.readAllLines(dir.resolve("lr_find.csv"));
        assertEquals("lr,loss,smoothed_loss", csv.get(0));
        assertTrue(csv.size() > 4 && csv.size() <= 41, "rows: " + csv.size());
        assertEquals(1e-5, Double.parseDouble(csv.get(1).split(",")[0]), 1e-12);
        Images.assertPlot(dir.resolve("lr_find.png"), 1000, 600);
    }

    @Test
    void aStopRequestWritesThePartialCurveAndExits130() throws Exception {
        // a sweep far too long to end by itself within the test's time, at rates too small to diverge
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CliRun r;
        try {
            Future<CliRun> running = pool.submit(() -> CliRun.of("lr-find", "--model", "mlp:8", "--min-lr", "1e-6",
                    "--max-lr", "1e-5", "--steps", "1000000", "--device", "cpu", "--out", dir.toString()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!running.isDone() && System.nanoTime() < deadline) {
                StopSignal.request(); // arming forgets earlier requests, so repeat until the sweep sees one
                Thread.sleep(20);
            }
            r = running.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
            StopSignal.clear();
        }
        assertEquals(StopSignal.EXIT_CODE, r.code(), r::toString);
        List<String> err = r.errLines();
        assertEquals(1, err.size(), r::toString);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("tessera lr-find: interrupted after (\\d+) of "
                + "1000000 rates; the partial curve is in lr_find\\.csv( and lr_find\\.png)? in .*").matcher(err.get(0));
        assertTrue(m.matches(), err.get(0));
        int points = Integer.parseInt(m.group(1));
        List<String> csv = Files.readAllLines(dir.resolve("lr_find.csv"));
        assertEquals("lr,loss,smoothed_loss", csv.get(0));
        assertEquals(points, csv.size() - 1, "rows of the partial curve");
        assertEquals(points >= 2, Files.exists(dir.resolve("lr_find.png")), "plot drawn exactly when it has 2+ points");
        assertTrue(!r.out().contains("suggested_lr="), r::toString);
    }
}
