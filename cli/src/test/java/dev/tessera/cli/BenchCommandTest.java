package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code tessera bench}: JSON lines in the shared format, and one-line errors for bad options. */
class BenchCommandTest {
    @Test
    void printsOneJsonObjectPerMeasurement() {
        CliRun run = CliRun.of("bench", "--device", "cpu", "--json", "--quick", "--only", "sgemm,relu");
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.out().lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.size() >= 3, run.out());
        for (String line : lines) {
            assertTrue(line.startsWith("{\"work\":\"") && line.endsWith("}"), line);
            assertTrue(line.contains("\"device\":\"cpu\""), line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"work\":\"sgemm\"") && l.contains("\"gflops\":")),
                run.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"work\":\"relu\"") && l.contains("\"gbps\":")),
                run.out());
    }

    @Test
    void unknownWorkIsOneLineError() {
        CliRun run = CliRun.of("bench", "--device", "cpu", "--only", "fft");
        assertEquals(1, run.code());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.errLines().get(0).contains("unknown work 'fft'"), run.err());
    }
}
