package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One run of the {@code tessera} command line in-process, with what it printed, for the end-to-end tests. */
record CliRun(int code, String out, String err) {
    /** Runs {@code args} and captures stdout and stderr. */
    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code args} like {@link #of} and asserts that the exit status is 0, showing what the run printed if not. */
    static CliRun ok(String... args) {
        CliRun run = of(args);
        assertEquals(0, run.code(), run::toString);
        return run;
    }

    /**
     * Runs {@code args} on another thread and asks it to stop, as Ctrl-C does, once {@code file} holds at least
     * {@code lines} lines (or the run has ended); returns the run.
     */
    static CliRun stoppedAfter(Path file, int lines, String... args) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<CliRun> running = pool.submit(() -> of(args));
            while (!running.isDone() && (!Files.exists(file) || Files.readAllLines(file).size() < lines)) {
                Thread.sleep(2);
            }
            StopSignal.request();
            return running.get();
        } finally {
            pool.shutdown();
            StopSignal.clear();
        }
    }

    /** The non-empty lines of stderr. */
    List<String> errLines() {
        return Arrays.stream(err.split("\\R")).filter(s -> !s.isBlank()).toList();
    }

    /** The value printed as {@code key=value} on stdout (the last such line). */
    String value(String key) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "=(\\S+)$").matcher(out);
        String v = null;
        while (m.find()) {
            v = m.group(1);
        }
        if (v == null) {
            throw new AssertionError("no line '" + key + "=...' in the output:\n" + out + "\nstderr:\n" + err);
        }
        return v;
    }

    @Override
    public String toString() {
        return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
