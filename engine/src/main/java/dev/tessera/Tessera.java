package dev.tessera;

/**
 * Process-wide switches.
 *
 * <ul>
 * <li>debug mode ({@code -Dtessera.debug=true} or {@code TESSERA_DEBUG=1}): records where each tensor was created
 *     and closed, so use-after-close errors and leak reports point at the code;</li>
 * <li>index checks (on by default): gather, scatter and cross-entropy verify that indices and labels are in range
 *     before launching, at the cost of a small device-to-host read, or, inside a {@link DeferredChecks#defer}
 *     context, on the device with the error raised at the next read;</li>
 * <li>anomaly detection ({@link #setAnomalyDetection}): every op checks its forward result and every backward rule
 *     its gradients for NaN or Inf and throws naming the op, its input shapes and where it was created;</li>
 * <li>deterministic mode ({@code -Dtessera.deterministic=true} or {@link #setDeterministic}): backends use a fixed
 *     reduction order everywhere (no atomics whose order depends on scheduling), so two runs with the same seed on
 *     one device are bitwise identical.</li>
 * <li>FLOAT32 matmul precision ({@code -Dtessera.matmulPrecision=high} or {@link #setFloat32MatmulPrecision}):
 *     whether FLOAT32 products may use TF32 tensor cores ({@link MatmulPrecision}).</li>
 * </ul>
 */
public final class Tessera {
    private static volatile boolean debug = Boolean.getBoolean("tessera.debug")
            || "1".equals(System.getenv("TESSERA_DEBUG"));
    private static volatile boolean indexChecks = true;
    private static volatile boolean anomalyDetection = Boolean.getBoolean("tessera.anomaly");
    private static volatile boolean deterministic = Boolean.getBoolean("tessera.deterministic");
    private static volatile MatmulPrecision matmulPrecision = initialMatmulPrecision();

    private Tessera() {
    }

    /** Whether debug mode records creation and close sites. */
    public static boolean isDebug() {
        return debug;
    }

    /** Turns debug mode on or off for tensors created from now on. */
    public static void setDebug(boolean on) {
        debug = on;
    }

    /** Whether index and label ranges are checked before indexing ops. */
    public static boolean indexChecks() {
        return indexChecks;
    }

    /** Turns index range checks on or off. */
    public static void setIndexChecks(boolean on) {
        indexChecks = on;
    }

    /** Whether anomaly detection is on. */
    public static boolean anomalyDetection() {
        return anomalyDetection;
    }

    /** Turns anomaly detection on or off (it also records where each op was created, like debug mode). */
    public static void setAnomalyDetection(boolean on) {
        anomalyDetection = on;
    }

    /** Whether backends must use a fixed reduction order (bitwise reproducible runs). */
    public static boolean deterministic() {
        return deterministic;
    }

    /** Turns deterministic mode on or off. */
    public static void setDeterministic(boolean on) {
        deterministic = on;
    }

    /**
     * The precision FLOAT32 matrix products run at; backends read it at each product, so a change applies to the
     * next one.
     */
    public static MatmulPrecision float32MatmulPrecision() {
        return matmulPrecision;
    }

    private static MatmulPrecision initialMatmulPrecision() {
        String setting = System.getProperty("tessera.matmulPrecision", "highest");
        try {
            return MatmulPrecision.parse(setting);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-Dtessera.matmulPrecision: " + e.getMessage(), e);
        }
    }

    /**
     * Sets the precision of FLOAT32 matrix products, as PyTorch's {@code torch.set_float32_matmul_precision}:
     * {@link MatmulPrecision#HIGH} lets CUDA use TF32 tensor cores; other backends compute in FP32 either way.
     */
    public static void setFloat32MatmulPrecision(MatmulPrecision precision) {
        matmulPrecision = java.util.Objects.requireNonNull(precision, "precision");
    }

    /**
     * Number of device buffers the garbage collector freed (through the last-resort {@link java.lang.ref.Cleaner})
     * instead of {@link Tensor#close()}, since the JVM started: tensors that became unreachable without being closed,
     * that is, leaks. In debug mode each one is also logged on the {@code dev.tessera.leaks} logger with the stack
     * where the tensor was created. Only buffers the collector has already reclaimed are counted, so a leak test
     * runs a garbage collection before reading this. Never decreases.
     */
    public static long leakedBuffers() {
        return Storage.leakedBuffers();
    }

    static boolean recordSites() {
        return debug || anomalyDetection;
    }
}
