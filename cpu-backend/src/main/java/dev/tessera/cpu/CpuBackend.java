package dev.tessera.cpu;

import dev.tessera.DType;
import dev.tessera.MemoryStats;
import dev.tessera.Sizes;
import dev.tessera.backend.Backend;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.DeviceInfo;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.IndexOp;
import dev.tessera.backend.Operand;
import dev.tessera.backend.RandomDistribution;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.UnaryOp;
import dev.tessera.backend.fused.FusedKernels;
import dev.tessera.backend.reference.HeapBuffer;
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
public final class CpuBackend implements Backend {
    private static final System.Logger LOG = System.getLogger("dev.tessera.cpu");
    private static final String VECTOR_KERNELS = "dev.tessera.cpu.vector.VectorKernels";
    private static volatile WorkerPool sharedPool;

    private final Kernels kernels;
    private final boolean fused;
    private final WorkerPool pool;
    private final BufferPool memory = new BufferPool(Runtime.getRuntime().maxMemory() / 4);
    private final ElementwiseOps elementwise;
    private final Reductions reductions;
    private final GemmDriver gemm;
    private final IndexOps indexing;
    private final RandomOps random;
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
        this.kernels = kernels;
        this.fused = fused;
        this.pool = pool;
        this.elementwise = new ElementwiseOps(kernels, pool);
        this.reductions = new Reductions(kernels, pool);
        this.gemm = new GemmDriver(pool);
        this.indexing = new IndexOps(pool);
        this.random = new RandomOps(pool);
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
            return (Kernels) Class.forName(VECTOR_KERNELS).getDeclaredConstructor().newInstance();
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

    @Override
    public void write(Buffer dst, long dstOffset, Object src, int srcOffset, int length) {
        System.arraycopy(src, srcOffset, ((HeapBuffer) dst).array(), HeapBuffer.arrayIndex(dstOffset), length);
    }

    @Override
    public void read(Buffer src, long srcOffset, Object dst, int dstOffset, int length) {
        System.arraycopy(((HeapBuffer) src).array(), HeapBuffer.arrayIndex(srcOffset), dst, dstOffset, length);
    }

    @Override
    public void synchronize() {
        // every call completes before it returns
    }

    // ---------------------------------------------------------------- primitives

    @Override
    public void copy(Operand src, Operand dst, int[] shape) {
        elementwise.copy(src, dst, shape);
    }

    @Override
    public void unary(UnaryOp op, double alpha, Operand x, Operand out, int[] shape) {
        elementwise.unary(op, alpha, x, out, shape);
    }

    @Override
    public void unaryBackward(UnaryOp op, double alpha, Buffer x, Buffer y, Buffer gradOut, Buffer gradIn, long n) {
        elementwise.unaryBackward(op, alpha, (HeapBuffer) x, (HeapBuffer) y, (HeapBuffer) gradOut,
                (HeapBuffer) gradIn, HeapBuffer.arrayIndex(n));
    }

    @Override
    public void binary(BinaryOp op, Operand a, Operand b, Operand out, int[] shape) {
        elementwise.binary(op, a, b, out, shape);
    }

    @Override
    public void where(Operand condition, Operand a, Operand b, Operand out, int[] shape) {
        elementwise.where(condition, a, b, out, shape);
    }

    @Override
    public void reduce(ReduceOp op, Buffer src, Buffer dst, long outer, long n, long inner) {
        reductions.reduce(op, (HeapBuffer) src, (HeapBuffer) dst, HeapBuffer.arrayIndex(outer),
                HeapBuffer.arrayIndex(n), HeapBuffer.arrayIndex(inner));
    }

    @Override
    public void matmul(Gemm g, Buffer a, Buffer b, Buffer c) {
        HeapBuffer hc = (HeapBuffer) c;
        boolean single = hc.dtype() == DType.FLOAT32;
        gemm.run(single ? kernels.floatGemm() : kernels.doubleGemm(), g, ((HeapBuffer) a).array(),
                ((HeapBuffer) b).array(), hc.array());
    }

    @Override
    public void index(IndexOp op, Buffer src, Buffer index, Buffer dst, long outer, long n, long m, long inner) {
        indexing.index(op, (HeapBuffer) src, (HeapBuffer) index, (HeapBuffer) dst, HeapBuffer.arrayIndex(outer),
                HeapBuffer.arrayIndex(n), HeapBuffer.arrayIndex(m), HeapBuffer.arrayIndex(inner));
    }

    @Override
    public void random(RandomDistribution dist, Buffer dst, long count, long seed, long streamOffset,
                       double a, double b) {
        random.random(dist, (HeapBuffer) dst, HeapBuffer.arrayIndex(count), seed, streamOffset, a, b);
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
