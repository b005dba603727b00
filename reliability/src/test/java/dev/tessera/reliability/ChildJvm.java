package dev.tessera.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A child JVM running a main class of this module on the test's own class path ({@code java.class.path}) with the
 * running JVM's {@code java} executable, whose output lines (stdout and stderr merged) are read as they come.
 */
final class ChildJvm implements AutoCloseable {
    private static final String END = "\u0000end of output";
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> transcript = java.util.Collections.synchronizedList(new ArrayList<>());

    private ChildJvm(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    transcript.add(line);
                    lines.add(line);
                }
            } catch (IOException e) {
                transcript.add("(reading the child's output failed: " + e + ")");
            }
            lines.add(END);
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The {@code java} executable of this JVM. */
    static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Starts {@code mainClass} with {@code args} in a new JVM (small heap, Vector API module enabled). */
    static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
        return start(List.of(), environment -> { }, mainClass, args);
    }

    /**
     * Starts {@code mainClass} with {@code args} in a new JVM as {@link #start(Class, String...)} does, with
     * {@code jvmOptions} added and the inherited environment changed by {@code environment}.
     */
    static ChildJvm start(List<String> jvmOptions, Consumer<Map<String, String>> environment, Class<?> mainClass,
            String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaCommand(), "-Xmx256m", "-XX:+UseSerialGC",
                "--add-modules", "jdk.incubator.vector"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        environment.accept(builder.environment());
        return new ChildJvm(builder.start());
    }

    /**
     * Waits for the next output line that starts with {@code prefix} and returns it, or null when the child ended
     * first.
     *
     * @throws AssertionError with the transcript when {@code seconds} pass first
     */
    String await(String prefix, double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("the child printed no line starting with '" + prefix + "' within " + seconds
                        + " s; its output:\n" + transcript());
            }
            if (line.equals(END)) {
                lines.add(END);
                return null;
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Kills the child with SIGKILL ({@link Process#destroyForcibly()}) and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * Sends the child SIGTERM with {@code kill -TERM} (not {@link Process#destroy()}, which also closes the child's
     * output, so what it prints while stopping would be lost).
     */
    void terminate() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -TERM " + process.pid() + " failed with status " + kill.exitValue());
        }
    }

    /** Waits for the child to exit and returns its exit status. */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child did not finish within " + seconds + " s; its output:\n"
                    + transcript());
        }
        return process.exitValue();
    }

    /** Whether the child is still running. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the child printed so far. */
    String transcript() {
        synchronized (transcript) {
            return String.join("\n", transcript);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
