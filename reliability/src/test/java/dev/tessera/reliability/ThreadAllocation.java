package dev.tessera.reliability;

import java.lang.management.ManagementFactory;

/**
 * Bytes the current thread allocates on the Java heap during a call (HotSpot's per-thread allocation counter), so a
 * test can check that a reader never sizes an allocation from an untrusted header.
 */
final class ThreadAllocation {
    private static final com.sun.management.ThreadMXBean BEAN =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ThreadAllocation() {
    }

    /** Something to run that may throw anything. */
    interface Call {
        void run() throws Throwable;
    }

    /** The outcome of a measured call: what it threw (null if nothing) and the bytes it allocated. */
    record Outcome(Throwable thrown, long bytes) {
    }

    /** Runs {@code call} and reports the bytes it allocated and what it threw. */
    static Outcome measure(Call call) {
        long before = BEAN.getCurrentThreadAllocatedBytes();
        Throwable thrown = null;
        try {
            call.run();
        } catch (Throwable t) {
            thrown = t;
        }
        return new Outcome(thrown, BEAN.getCurrentThreadAllocatedBytes() - before);
    }
}
