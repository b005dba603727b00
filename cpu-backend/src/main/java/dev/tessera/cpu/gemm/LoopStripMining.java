package dev.tessera.cpu.gemm;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether C2 strip-mines counted loops in this JVM, and what to do when it does not: the GEMM micro-kernel's speed
 * depends on it. HotSpot strip-mines (an outer loop holding the safepoint poll around the counted loop) when
 * {@code UseCountedLoopSafepoints} is on, the default with G1, ZGC and Shenandoah but not with ParallelGC or
 * SerialGC. Without it, JDK 17 allocated the micro-kernel's registers differently from one JVM to the next: the 5 x 2
 * AVX2 kernel ran at 61 or 98 GFLOP/s (thread CPU time, one core of a Zen 3) and the former 6 x 2 at 43 or 79, about
 * half of the JVMs slow; with strip mining every JVM ran fast. JDK 25 ran the 5 x 2 kernel fast either way
 * (docs/BENCHMARKS.md, "JVM-to-JVM variance").
 */
public final class LoopStripMining {
    /** The JVM flags that turn strip mining on with any collector. */
    public static final String FLAGS = "-XX:+UseCountedLoopSafepoints -XX:LoopStripMiningIter=1000";

    /** The first JDK release measured to compile the micro-kernel well without strip mining. */
    static final int FIRST_INDIFFERENT_RELEASE = 25;

    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private LoopStripMining() {
    }

    /**
     * The value of {@code UseCountedLoopSafepoints} in this JVM ({@code "true"} or {@code "false"}), or empty when
     * the JVM does not say (not HotSpot, no C2, or no management API).
     */
    public static Optional<String> flag() {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return bean == null ? Optional.empty()
                    : Optional.of(bean.getVMOption("UseCountedLoopSafepoints").getValue());
        } catch (IllegalArgumentException | LinkageError | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Advice for a JVM of Java release {@code release} whose {@code UseCountedLoopSafepoints} is {@code flag}: empty
     * when strip mining is on, when the flag is unknown, or from release {@value #FIRST_INDIFFERENT_RELEASE} on;
     * else a sentence naming the flags to add.
     */
    public static Optional<String> advice(int release, Optional<String> flag) {
        if (release >= FIRST_INDIFFERENT_RELEASE || flag.isEmpty() || !flag.get().equals("false")) {
            return Optional.empty();
        }
        return Optional.of("C2 does not strip-mine loops in this JVM (UseCountedLoopSafepoints is off, as with "
                + "ParallelGC or SerialGC), so the GEMM micro-kernel runs at about 60% speed in some JVM starts; "
                + "add " + FLAGS + " or use G1");
    }

    /** {@link #advice(int, Optional)} for this JVM. */
    public static Optional<String> adviceHere() {
        return advice(Runtime.version().feature(), flag());
    }

    /** Logs {@link #adviceHere()} as a warning to {@code log}, once per JVM, when there is advice. */
    public static void warnOnce(System.Logger log) {
        adviceHere().ifPresent(a -> {
            if (WARNED.compareAndSet(false, true)) {
                log.log(System.Logger.Level.WARNING, "cpu: " + a);
            }
        });
    }
}
