package dev.tessera.cli;

import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * Where a command writes: results to {@code out}, progress and errors to {@code err}, and whether {@code err} is an
 * interactive terminal (only then is a progress bar drawn).
 *
 * @param out      results (one line per epoch, tables, {@code test_accuracy=...})
 * @param err      progress bars and error lines
 * @param terminal whether a person is watching a terminal
 */
record Io(PrintStream out, PrintStream err, boolean terminal) {
    /** The process's standard streams; a terminal when the JVM has a console attached to one. */
    static Io system() {
        return new Io(System.out, System.err, attachedToTerminal());
    }

    /**
     * Whether standard input and output are a terminal: {@code System.console() != null} up to JDK 21; from JDK 22
     * on the console always exists and {@code Console.isTerminal()} tells.
     */
    private static boolean attachedToTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method m = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
