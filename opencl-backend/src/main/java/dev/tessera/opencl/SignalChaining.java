package dev.tessera.opencl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether an OpenCL driver can take the JVM's signal handlers away, and what to do about it. HotSpot raises SIGSEGV
 * on purpose (safepoint polls, implicit null checks) and handles it itself. A driver with an in-process LLVM replaces
 * that handler with LLVM's: PoCL 3.1 (Debian 12) does so as soon as the ICD loader loads it, so merely listing the
 * OpenCL platforms exposes the JVM. LLVM installs its handler one-shot ({@code SA_RESETHAND}) and puts the JVM's back
 * when it fires; when two Java threads fault at once (a safepoint poll stops every thread), the second meets no
 * handler at all and the process dies with a bare "Segmentation fault" and no hs_err file. HotSpot's
 * signal-chaining library, loaded before everything else ({@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so}), keeps the
 * JVM's handlers installed and hands LLVM only the signals that are not the JVM's; the {@code tessera} launcher and
 * the test JVMs load it.
 */
final class SignalChaining {
    /** The file of the chaining library inside a JDK or JRE. */
    static final String LIBRARY = "libjsig.so";

    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private SignalChaining() {
    }

    /**
     * Advice for a process whose mapped files are {@code mappings} (the paths of {@code /proc/self/maps}): empty
     * unless an in-process LLVM is mapped and the chaining library is not; else a sentence naming the fix.
     */
    static Optional<String> advice(List<String> mappings, String javaHome) {
        boolean llvm = mappings.stream().anyMatch(m -> fileName(m).startsWith("libLLVM"));
        boolean chained = mappings.stream().anyMatch(m -> fileName(m).equals(LIBRARY));
        if (!llvm || chained) {
            return Optional.empty();
        }
        return Optional.of("an OpenCL driver loaded LLVM into this JVM, and LLVM replaces the JVM's SIGSEGV handler, "
                + "which can kill the JVM when threads run; start java with LD_PRELOAD="
                + Path.of(javaHome, "lib", LIBRARY) + " (the tessera launcher does)");
    }

    /** The mapped files of this process, or an empty list where {@code /proc/self/maps} cannot be read. */
    static List<String> mappingsHere() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .filter(line -> line.indexOf('/') >= 0)
                    .map(line -> line.substring(line.indexOf('/')))
                    .distinct()
                    .toList();
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }

    /** {@link #advice} for this process. */
    static Optional<String> adviceHere() {
        return advice(mappingsHere(), System.getProperty("java.home"));
    }

    /** Logs {@link #adviceHere()} as a warning to {@code log}, once per JVM, when there is advice. */
    static void warnOnce(System.Logger log) {
        adviceHere().ifPresent(a -> {
            if (WARNED.compareAndSet(false, true)) {
                log.log(System.Logger.Level.WARNING, "opencl: " + a);
            }
        });
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
