package dev.tessera.cli;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import sun.misc.Signal;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into a request that a long command (train, lr-find, search) honours at its next
 * step boundary: it stops, writes what it has, prints one line and exits with {@value #EXIT_CODE}. A second signal
 * while the first is being handled ends the process at once (exit {@value #EXIT_CODE}), and so does a signal while
 * no command has {@linkplain #arm() armed} the stop (evaluate, pca, ... end at once as without handlers).
 *
 * <p>The handlers are installed by {@link #install()} for the JVM's lifetime (a command run in-process by a test
 * installs nothing, and {@link #request()} stands in for the signal).
 */
final class StopSignal {
    /** The exit status of an interrupted command (128 + SIGINT, as shells report it). */
    static final int EXIT_CODE = 130;
    private static final AtomicInteger SIGNALS = new AtomicInteger();
    private static volatile boolean armed;
    private static final Logger LOG = Logger.getLogger(StopSignal.class.getName());

    private StopSignal() {
    }

    /** Handles SIGINT and SIGTERM from now on (where the platform lets a Java program handle them). */
    static void install() {
        for (String name : new String[]{"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> onSignal());
            } catch (IllegalArgumentException e) {
                LOG.fine(() -> "SIG" + name + " cannot be handled here: " + e.getMessage());
            }
        }
    }

    private static void onSignal() {
        if (!armed) {
            System.exit(EXIT_CODE);
        }
        if (SIGNALS.incrementAndGet() > 1) {
            Runtime.getRuntime().halt(EXIT_CODE);
        }
    }

    /**
     * Makes the signals stop requests until the returned handle is closed (and forgets an earlier request); while
     * no command is armed, a signal ends the process at once, as it would without handlers.
     */
    static AutoCloseable arm() {
        SIGNALS.set(0);
        armed = true;
        return () -> armed = false;
    }

    /** Asks the running command to stop at its next step boundary, as a signal does. */
    static void request() {
        SIGNALS.incrementAndGet();
    }

    /** Whether a stop was requested. */
    static boolean requested() {
        return SIGNALS.get() > 0;
    }

    /** Forgets a request (a command starting afresh in the same JVM). */
    static void clear() {
        SIGNALS.set(0);
    }

    /** Thrown at a step boundary once a stop was requested; unwinds the training loop. */
    static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Interrupted() {
            super("interrupted", null, false, false);
        }
    }

    /** Throws {@link Interrupted} when a stop was requested. */
    static void check() {
        if (requested()) {
            throw new Interrupted();
        }
    }
}
