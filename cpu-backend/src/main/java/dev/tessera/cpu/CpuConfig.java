package dev.tessera.cpu;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Run-time switches of the CPU backend, read once from system properties.
 *
 * <ul>
 * <li>{@code -Dtessera.cpu.fast=false} disables the fast paths: the Vector API kernels and the fused kernels. The
 *     backend then runs its portable scalar kernels and the fused ops as their default compositions (no
 *     fused kernels registered; used by the conformance run "fast paths disabled").</li>
 * <li>{@code -Dtessera.cpu.threads=N} sets the number of threads (default: available processors).</li>
 * <li>{@code -Dtessera.cpu.gemm.tile=MRxV}, {@code .kc}, {@code .mc}, {@code .nc} override the GEMM's tile and cache
 *     blocks, which {@link dev.tessera.cpu.gemm.GemmShape} otherwise chooses per machine (for tuning runs).</li>
 * </ul>
 * The Vector API kernels need the JVM flag {@code --add-modules jdk.incubator.vector}; without it the backend runs
 * the scalar kernels and logs once which flag to add. Vector classes are only loaded after that check, so a JVM
 * without the module never sees a {@link NoClassDefFoundError}.
 */
final class CpuConfig {
    private static final System.Logger LOG = System.getLogger("dev.tessera.cpu");
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    /** Name of the incubator module holding the Vector API. */
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    private CpuConfig() {
    }

    /** Whether the Vector API module is resolved in the boot layer of this JVM. */
    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /** Whether fast paths are allowed ({@code tessera.cpu.fast}, default true). */
    static boolean fastRequested() {
        return !"false".equalsIgnoreCase(System.getProperty("tessera.cpu.fast", "true").trim());
    }

    /** Thread count from {@code tessera.cpu.threads}, default the available processors; at least 1. */
    static int threads() {
        String s = System.getProperty("tessera.cpu.threads");
        int cores = Runtime.getRuntime().availableProcessors();
        if (s == null || s.isBlank()) {
            return cores;
        }
        try {
            int t = Integer.parseInt(s.trim());
            if (t < 1) {
                throw new NumberFormatException();
            }
            return t;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tessera.cpu.threads: expected a positive integer, got '" + s + "'");
        }
    }

    /** Logs, once per JVM, that the Vector API is missing and which flag enables it. */
    static void warnNoVectorModule() {
        if (WARNED.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "cpu: the Vector API module is not enabled, so the CPU backend runs "
                    + "its scalar kernels (several times slower); add the JVM flag --add-modules " + VECTOR_MODULE);
        }
    }
}
