package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stop request (what SIGINT/SIGTERM make) ends a run cleanly, and --resume finishes it bit for bit. */
class ResumeTest {
    private static final String[] RUN = {"train", "--model", "mlp:16", "--epochs", "40", "--batch-size", "64",
        "--dropout", "0.1", "--schedule", "cosine", "--deterministic", "--device", "reference"};

    @TempDir
    Path dir;

    private static String[] with(String... extra) {
        String[] args = new String[RUN.length + extra.length];
        System.arraycopy(RUN, 0, args, 0, RUN.length);
        System.arraycopy(extra, 0, args, RUN.length, extra.length);
        return args;
    }

    @Test
    void anInterruptedRunResumesBitIdentically() throws Exception {
        Path whole = dir.resolve("whole");
        CliRun uninterrupted = CliRun.ok(with("--out", whole.toString()));

        Path cut = dir.resolve("cut");
        CliRun stopped = CliRun.stoppedAfter(cut.resolve("metrics.csv"), 3, with("--out", cut.toString()));
        assertEquals(StopSignal.EXIT_CODE, stopped.code(), "the run ended before the stop request\n" + stopped);
        List<String> err = stopped.errLines();
        assertEquals(1, err.size(), stopped::toString);
        assertTrue(err.get(0).matches("tessera train: interrupted at epoch \\d+ of 40 \\(\\d+ completed\\); resume "
                + "with: tessera train --resume .*cut"), err.get(0));
        assertTrue(RunFolder.status(cut).startsWith("interrupted at epoch"), RunFolder.status(cut));
        int done = Files.readAllLines(cut.resolve("metrics.csv")).size() - 1;
        assertTrue(done >= 2 && done < 40, "completed epochs: " + done);
        CliRun eval = CliRun.of("evaluate", "--model", cut.toString(), "--device", "cpu");
        assertEquals(0, eval.code(), "the interrupted run's model of epoch " + done + " is usable\n" + eval);

        CliRun refused = CliRun.of("train", "--resume", cut.toString(), "--lr", "0.1");
        assertEquals(1, refused.code(), refused::toString);
        assertTrue(refused.err().contains("--lr cannot be changed"), refused::toString);

        CliRun resumed = CliRun.ok("train", "--resume", cut.toString(), "--device", "reference");
        assertEquals("completed", RunFolder.status(cut));
        assertEquals(losses(whole), losses(cut));
        assertEquals(uninterrupted.value("test_accuracy"), resumed.value("test_accuracy"));
        assertArrayEquals(Files.readAllBytes(whole.resolve(ModelFiles.WEIGHTS)),
                Files.readAllBytes(cut.resolve(ModelFiles.WEIGHTS)), "resumed model differs from the uninterrupted");

        CliRun again = CliRun.of("train", "--resume", cut.toString());
        assertEquals(1, again.code(), again::toString);
        assertTrue(again.err().contains("already completed"), again::toString);
    }

    /** The epoch, loss and accuracy columns of metrics.csv (not the timing ones). */
    private static List<String> losses(Path run) throws Exception {
        return Files.readAllLines(run.resolve("metrics.csv")).stream()
                .map(l -> String.join(",", List.of(l.split(",")).subList(0, 6))).toList();
    }
}
