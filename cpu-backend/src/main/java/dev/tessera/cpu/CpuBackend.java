package dev.tessera.cpu;

import dev.tessera.DType;
import dev.tessera.MemoryStats;
import dev.tessera.Sizes;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.DeviceInfo;
import dev.tessera.backend.fused.FusedKernels;
import dev.tessera.backend.reference.HeapBackend;
import dev.tessera.backend.reference.HeapBuffer;
import dev.tessera.cpu.gemm.LoopStripMining;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU backend on Java heap arrays: Vector API kernels ({@code dev.tessera.cpu.vector}) when the incubator module
 * is enabled, portable {@link ScalarKernels} otherwise; multithreaded over a small {@link WorkerPool}; arrays reused
 * through a {@link BufferPool}; a blocked, packed GEMM ({@link GemmDriver}); and fused kernels for the SPI's fused
 * ops ({@link FusedOps}). With {@code -Dtessera.cpu.fast=false} the scalar kernels and the fused ops' default
 * compositions run
 * instead (see {@link CpuConfig}). Work runs synchronously on the calling thread and its team, so
 * {@link #synchronize()} has nothing to wait for.
 */
public final class CpuBackend extends HeapBackend {
    private static final System.Logger LOG = System.getLogger("dev.tessera.cpu");
    private static final String VECTOR_KERNELS = "dev.tessera.cpu.vector.VectorKernels";
    private static volatile WorkerPool sharedPool;

    private final Kernels kernels;
    private final boolean fused;
    private final BufferPool memory = new BufferPool(Runtime.getRuntime().maxMemory() / 4);
    private final FusedKernels fusedKernels;
    private final dev.tessera.backend.RecordingCapture capture = new dev.tessera.backend.RecordingCapture(this);

    /** The backend as configured by system properties (see {@link CpuConfig}). */
    public CpuBackend() {
        this(defaultKernels(), CpuConfig.fastRequested(), pool(CpuConfig.threads()));
    }

    /**
     * A backend with explicit kernels (tests compare the implementations).
     *
     * @param kernels the inner loops
     * @param fused   whether the fused ops run the kernels of {@link FusedOps} (true) or their default compositions
     * @param pool    the threads
     */
    CpuBackend(Kernels kernels, boolean fused, WorkerPool pool) {
        this(kernels, fused, pool, new GemmDriver(pool));
    }

    private CpuBackend(Kernels kernels, boolean fused, WorkerPool pool, GemmDriver gemm) {
        super(new CpuPrimitives(kernels, pool, gemm));
        this.kernels = kernels;
        this.fused = fused;
        this.fusedKernels = fused ? new FusedOps(kernels, pool, this, gemm).registry() : FusedKernels.NONE;
    }

    /** The process-wide worker pool of the default thread count. */
    static WorkerPool pool(int threads) {
        WorkerPool p = sharedPool;
        if (p == null || p.size() != threads) {
            synchronized (CpuBackend.class) {
                p = sharedPool;
                if (p == null || p.size() != threads) {
                    p = new WorkerPool(threads);
                    sharedPool = p;
                }
            }
        }
        return p;
    }

    /**
     * The kernels this JVM can run: the Vector API kernels when fast paths are allowed and the incubator module is
     * present (loaded by name, so their classes are never touched otherwise), else the scalar ones.
     */
    static Kernels defaultKernels() {
        if (!CpuConfig.fastRequested()) {
            return new ScalarKernels();
        }
        if (!CpuConfig.vectorModulePresent()) {
            CpuConfig.warnNoVectorModule();
            return new ScalarKernels();
        }
        try {
            Kernels vector = (Kernels) Class.forName(VECTOR_KERNELS).getDeclaredConstructor().newInstance();
            LoopStripMining.warnOnce(LOG);
            return vector;
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "cpu: the Vector API kernels failed to load (" + e
                    + "); using the scalar kernels");
            return new ScalarKernels();
        }
    }

    static DeviceInfo describe() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("threads", Integer.toString(CpuConfig.threads()));
        details.put("vector module", CpuConfig.vectorModulePresent() ? "enabled"
                : "not enabled (add --add-modules " + CpuConfig.VECTOR_MODULE + ")");
        details.put("fast paths", CpuConfig.fastRequested() ? "on" : "off (tessera.cpu.fast=false)");
        return DeviceInfo.available("cpu", "Java CPU backend", DeviceInfo.Kind.CPU, Runtime.getRuntime().maxMemory(),
                details);
    }

    @Override
    public String deviceSpec() {
        return "cpu";
    }

    @Override
    public DeviceInfo info() {
        DeviceInfo base = describe();
        Map<String, String> details = new LinkedHashMap<>(base.details());
        details.put("kernels", kernels.name());
        details.put("gemm", kernels.floatGemm().describe() + ", " + kernels.doubleGemm().describe());
        details.put("loop strip mining", LoopStripMining.flag().map(f -> f.equals("true") ? "on" : "off ("
                + LoopStripMining.FLAGS + " turns it on)").orElse("unknown"));
        details.put("fused ops", fused ? "kernels" : "defaults");
        return DeviceInfo.available(base.spec(), base.name(), base.kind(), base.memoryBytes(), details);
    }

    @Override
    public boolean supports(DType dtype) {
        return true;
    }

    // ---------------------------------------------------------------- memory

    @Override
    public Buffer allocate(DType dtype, long numel) {
        return memory.allocate(dtype, Sizes.heapBufferLength("cpu", dtype, numel));
    }

    @Override
    public void free(Buffer buffer) {
        memory.free((HeapBuffer) buffer);
    }

    @Override
    public MemoryStats memoryStats() {
        return memory.stats();
    }

    @Override
    public void resetPeak() {
        memory.resetPeak();
    }

    /** Number of arrays the allocator has created (a steady training step creates none). */
    long freshArrays() {
        return memory.freshArrays();
    }

    // ---------------------------------------------------------------- fused ops

    @Override
    public FusedKernels fusedKernels() {
        return fusedKernels;
    }

    /** Steps are captured by recording the calls ({@link dev.tessera.backend.RecordingCapture}). */
    @Override
    public java.util.Optional<dev.tessera.backend.StepCapture> stepCapture() {
        return java.util.Optional.of(capture);
    }
}
