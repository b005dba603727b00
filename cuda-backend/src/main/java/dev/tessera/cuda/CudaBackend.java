package dev.tessera.cuda;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;

import dev.tessera.CaptureException;
import dev.tessera.DType;
import dev.tessera.MemoryStats;
import dev.tessera.backend.Backend;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.DeviceInfo;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.IndexOp;
import dev.tessera.backend.MemoryCounter;
import dev.tessera.backend.Operand;
import dev.tessera.backend.RandomDistribution;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.StepCapture;
import dev.tessera.backend.UnaryOp;
import dev.tessera.backend.fused.BiasActivationFamily;
import dev.tessera.backend.fused.FusedCatalog;
import dev.tessera.backend.fused.FusedKernel;
import dev.tessera.backend.fused.FusedKernels;
import dev.tessera.backend.fused.OptimizerFamily;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.jcublas.cublasHandle;

/**
 * The CUDA backend for one device ({@code cuda:N}): the device's primary context and one stream, Tessera's PTX
 * kernels, cuBLAS (or the built-in GEMM) for matrix products, a caching allocator and pinned staging buffers.
 *
 * <p>Everything is asynchronous on the stream; only {@link #read} and {@link #synchronize} wait for the device.
 * Calls from several threads are serialised by one lock (they share the stream and the argument block); the
 * context is made current on whichever thread calls, and {@link #free} (also called by Cleaner threads) only puts
 * the block back into the allocator's cache.
 *
 * <p>Switches: {@code -Dtessera.cuda.tf32=true} lets FLOAT32 GEMMs use TF32 tensor cores ({@link #setTf32});
 * {@code -Dtessera.cuda.cublas=off} forces the built-in GEMM; {@code -Dtessera.cuda.sync=true} synchronises after
 * every kernel so that an asynchronous fault names its kernel.
 */
public final class CudaBackend implements Backend {
    /** The system property giving cuBLAS's workspace in bytes (default: its recommendation; 0: cuBLAS's own). */
    static final String WORKSPACE_PROPERTY = "tessera.cuda.cublasWorkspace";

    /** The system property that turns TF32 GEMMs on. */
    public static final String TF32_PROPERTY = "tessera.cuda.tf32";

    private final String spec;
    private final DeviceFacts facts;
    private final int driverVersion;
    private final CudaContext context;
    private final CachingAllocator allocator;
    private final MemoryCounter memory = new MemoryCounter();
    private final PinnedStaging staging;
    private final CudaStream stream;
    private final ElementwiseOps elementwise;
    private final ReduceOps reductions;
    private final IndexOps indexing;
    private final FusedKernels fusedKernels;
    private final GemmEngine gemm;
    private final CublasGemm cublas;
    private final String gemmPath;
    private final CUevent timerStart = new CUevent();
    private final CUevent timerStop = new CUevent();
    private final CudaStepCapture capture;

    /** Opens device {@code ordinal}: context, stream, kernels, cuBLAS. */
    CudaBackend(int ordinal, int driverVersion) {
        this.spec = "cuda:" + ordinal;
        this.facts = DeviceFacts.read(ordinal);
        this.driverVersion = driverVersion;
        this.context = new CudaContext(ordinal);
        KernelTable kernels = new KernelTable(driverVersion);
        this.allocator = new CachingAllocator(new DriverMemory(context), spec);
        this.staging = new PinnedStaging(context);
        this.capture = new CudaStepCapture(spec, this, context::synchronize, allocator, new DriverGraphs(context, this));
        this.stream = new CudaStream(context, kernels, this, facts.multiprocessors());
        this.elementwise = new ElementwiseOps(stream);
        this.reductions = new ReduceOps(stream);
        this.indexing = new IndexOps(stream);
        this.fusedKernels = registry(new FusedOps(stream), new DescriptorLauncher(stream), kernels);
        CudaException.check(cuEventCreate(timerStart, CUevent_flags.CU_EVENT_DEFAULT), "cuEventCreate");
        CudaException.check(cuEventCreate(timerStop, CUevent_flags.CU_EVENT_DEFAULT), "cuEventCreate");
        CublasLoader.Outcome loaded = CublasLoader.load();
        CublasGemm cb = null;
        String path = loaded.description();
        if (loaded.ready()) {
            String[] reason = new String[1];
            cublasHandle handle = CublasLoader.createHandle(context, reason);
            if (handle != null) {
                cb = new CublasGemm(handle, Boolean.getBoolean(TF32_PROPERTY));
                long workspace = Long.getLong(WORKSPACE_PROPERTY, CublasGemm.recommendedWorkspace(facts.major()));
                if (workspace > 0) {
                    cb.attachWorkspace(new DriverMemory(context), workspace);
                }
            } else {
                path = "built-in: " + reason[0] + " (" + loaded.description() + ")";
            }
        }
        this.cublas = cb;
        this.gemm = cb != null ? cb : new BuiltinGemm(stream);
        this.gemmPath = path;
    }

    // ---------------------------------------------------------------- identity

    @Override
    public String deviceSpec() {
        return spec;
    }

    @Override
    public DeviceInfo info() {
        return DeviceInfo.available(spec, facts.name(), DeviceInfo.Kind.GPU, facts.memoryBytes(), details());
    }

    private Map<String, String> details() {
        Map<String, String> d = new LinkedHashMap<>(describe(facts, driverVersion));
        d.put("gemm", gemmPath);
        if (cublas != null) {
            d.put("cublas workspace", cublas.workspaceDescription());
        }
        d.put("tf32", cublas == null ? "n/a (built-in GEMM)" : cublas.tf32() ? "on" : "off (-D" + TF32_PROPERTY
                + "=true or setTf32 to allow)");
        d.put("allocator", String.format("%,d bytes reserved (%,d of them cached), %,d driver allocations so far",
                allocator.reservedBytes(), allocator.cachedBytes(), allocator.driverAllocations()));
        return d;
    }

    /** The facts {@code tessera devices} shows for a device, before or after it is opened. */
    static Map<String, String> describe(DeviceFacts facts, int driverVersion) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("compute capability", facts.major() + "." + facts.minor());
        d.put("multiprocessors", Integer.toString(facts.multiprocessors()));
        d.put("driver", "CUDA " + driverVersion / 1000 + "." + (driverVersion % 1000) / 10);
        Properties ptx = KernelTable.ptxProperties();
        d.put("kernels", "PTX ISA " + ptx.getProperty("ptx.isa", "?") + " for " + ptx.getProperty("ptx.arch", "?")
                + " from nvcc " + ptx.getProperty("nvcc.version", "?"));
        return d;
    }

    @Override
    public boolean supports(DType dtype) {
        return !dtype.isHalf();
    }

    /**
     * Device work submitted so far: kernel launches plus cuBLAS calls (not copies or memsets). Benchmarks report
     * it per training step.
     */
    public synchronized long submittedWork() {
        return stream.launches() + (cublas == null ? 0 : cublas.calls());
    }

    /** The stream the op classes launch on (tests run the built-in GEMM through it). */
    Stream stream() {
        return stream;
    }

    /** How matrix products run: cuBLAS (direct or through the bridge) or the built-in kernel, and why. */
    public String gemmPath() {
        return gemmPath;
    }

    /**
     * Lets FLOAT32 matrix products use TF32 tensor cores (10-bit mantissa products, FP32 accumulation) or not.
     *
     * @throws UnsupportedOperationException when the built-in GEMM is in use (it has no TF32 mode)
     */
    public void setTf32(boolean on) {
        if (cublas == null) {
            throw new UnsupportedOperationException(spec + ": TF32 needs cuBLAS, but " + gemmPath);
        }
        synchronized (this) {
            context.makeCurrent();
            cublas.setTf32(on);
        }
    }

    // ---------------------------------------------------------------- memory

    @Override
    public Buffer allocate(DType dtype, long numel) {
        return allocateBuffer(dtype, numel);
    }

    CudaBuffer allocateBuffer(DType dtype, long numel) {
        if (numel < 0) {
            throw new IllegalArgumentException(spec + ": cannot allocate " + numel + " elements");
        }
        Block block = null;
        long bytes = Math.multiplyExact(numel, (long) dtype.byteSize());
        if (numel > 0) {
            context.makeCurrent();
            block = allocator.acquire(bytes, dtype + " x " + numel);
        }
        memory.allocated(bytes);
        return new CudaBuffer(dtype, numel, block, this);
    }

    @Override
    public void free(Buffer buffer) {
        CudaBuffer b = own(buffer, "free");
        if (b.block() != null) {
            allocator.recycle(b.block());
        }
        memory.freed(b.bytes());
    }

    @Override
    public MemoryStats memoryStats() {
        return memory.snapshot(allocator.cachedBytes());
    }

    @Override
    public void resetPeak() {
        memory.resetPeak();
    }

    /** Returns every cached (unused) block to the device, after waiting for queued work. */
    public void emptyCache() {
        synchronized (this) {
            context.makeCurrent();
            allocator.emptyCache();
        }
    }

    @Override
    public synchronized void write(Buffer dst, long dstOffset, Object src, int srcOffset, int length) {
        if (length == 0) {
            return;
        }
        context.makeCurrent();
        if (capture.capturing()) {
            staging.uploadNow(own(dst, "write"), dstOffset, src, srcOffset, length);
        } else {
            staging.upload(own(dst, "write"), dstOffset, src, srcOffset, length);
        }
    }

    @Override
    public synchronized void read(Buffer src, long srcOffset, Object dst, int dstOffset, int length) {
        if (capture.capturing()) {
            throw CaptureException.hostRead(spec, src, length);
        }
        context.makeCurrent();
        if (length == 0) {
            context.synchronize();
            return;
        }
        staging.download(own(src, "read"), srcOffset, dst, dstOffset, length);
    }

    /** Waits for the stream; while a step is captured nothing of it runs, so there is nothing to wait for. */
    @Override
    public void synchronize() {
        if (!capture.capturing()) {
            context.synchronize();
        }
    }

    /**
     * Graph capture of training steps: CUDA stream capture into a graph with a graph-private memory pool (see
     * {@link CudaStepCapture}).
     */
    @Override
    public java.util.Optional<StepCapture> stepCapture() {
        return java.util.Optional.of(capture);
    }

    /**
     * Runs {@code work} (which queues device work on this backend) and returns the device time in milliseconds
     * between events recorded on the stream before and after it. Waits for the work to finish.
     */
    public float time(Runnable work) {
        context.makeCurrent();
        CudaException.check(cuEventRecord(timerStart, context.stream), "cuEventRecord");
        work.run();
        context.makeCurrent();
        CudaException.check(cuEventRecord(timerStop, context.stream), "cuEventRecord");
        CudaException.check(cuEventSynchronize(timerStop), "cuEventSynchronize");
        float[] ms = new float[1];
        CudaException.check(cuEventElapsedTime(ms, timerStart, timerStop), "cuEventElapsedTime");
        return ms[0];
    }

    private CudaBuffer own(Buffer b, String op) {
        if (b instanceof CudaBuffer c && c.owner() == this) {
            return c;
        }
        throw new IllegalArgumentException(spec + ": " + op + " got a buffer of another device: " + b);
    }

    private CudaBuffer own(Buffer b) {
        return own(b, "op");
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public synchronized void copy(Operand src, Operand dst, int[] shape) {
        context.makeCurrent();
        elementwise.copy(src, dst, shape);
    }

    @Override
    public synchronized void unary(UnaryOp op, double alpha, Operand x, Operand out, int[] shape) {
        context.makeCurrent();
        elementwise.unary(op, alpha, x, out, shape);
    }

    @Override
    public synchronized void unaryBackward(UnaryOp op, double alpha, Buffer x, Buffer y, Buffer gradOut,
                                           Buffer gradIn, long n) {
        context.makeCurrent();
        elementwise.unaryBackward(op, alpha, own(x), own(y), own(gradOut), own(gradIn), n);
    }

    @Override
    public synchronized void binary(BinaryOp op, Operand a, Operand b, Operand out, int[] shape) {
        context.makeCurrent();
        elementwise.binary(op, a, b, out, shape);
    }

    @Override
    public synchronized void where(Operand condition, Operand a, Operand b, Operand out, int[] shape) {
        context.makeCurrent();
        elementwise.where(condition, a, b, out, shape);
    }

    // ---------------------------------------------------------------- reduce, matmul, index, random

    @Override
    public synchronized void reduce(ReduceOp op, Buffer src, Buffer dst, long outer, long n, long inner) {
        context.makeCurrent();
        reductions.reduce(op, own(src), own(dst), outer, n, inner);
    }

    @Override
    public synchronized void matmul(Gemm g, Buffer a, Buffer b, Buffer c) {
        if (g.batch() == 0 || g.m() == 0 || g.n() == 0) {
            return;
        }
        context.makeCurrent();
        CudaBuffer cc = own(c);
        if (g.k() == 0) {
            // C = beta C over the [batch, m, n] view of C
            int[] shape = {g.batch(), g.m(), g.n()};
            Operand view = Operand.view(cc, g.offsetC(), new long[]{g.batchStrideC(), g.ldc(), 1});
            if (g.beta() == 0) {
                elementwise.copy(Operand.constant(0), view, shape);
            } else {
                elementwise.binary(BinaryOp.MUL, view, Operand.constant(g.beta()), view, shape);
            }
            return;
        }
        gemm.run(g, own(a), own(b), cc);
    }

    @Override
    public synchronized void index(IndexOp op, Buffer src, Buffer index, Buffer dst, long outer, long n, long m,
                                   long inner) {
        context.makeCurrent();
        indexing.index(op, own(src), own(index), own(dst), outer, n, m, inner);
    }

    @Override
    public synchronized void random(RandomDistribution dist, Buffer dst, long count, long seed, long streamOffset,
                                    double a, double b) {
        if (capture.capturing()) {
            throw CaptureException.randomDraw(spec, dist, count);
        }
        context.makeCurrent();
        indexing.random(dist, own(dst), count, seed, streamOffset, a, b);
    }

    // ---------------------------------------------------------------- fused ops

    @Override
    public FusedKernels fusedKernels() {
        return fusedKernels;
    }

    /**
     * The fused-op kernels: every descriptor with a kernel grid whose kernels the PTX has, by the generic launcher;
     * bias + activation and the optimizer steps by their hand-written launchers.
     */
    private FusedKernels registry(FusedOps fused, DescriptorLauncher launcher, KernelTable kernels) {
        return FusedKernels.builder()
                .register(BiasActivationFamily.BIAS_ACTIVATION, onDevice((be, a) -> fused.biasActivation(a)))
                .register(BiasActivationFamily.BIAS_ACTIVATION_BACKWARD,
                        onDevice((be, a) -> fused.biasActivationBackward(a)))
                .register(OptimizerFamily.SGD_STEP, onDevice((be, a) -> fused.sgdStep(a.params(), a.grads(),
                        a.momentum(), a.config(), a.stepScalars())))
                .register(OptimizerFamily.ADAM_STEP, onDevice((be, a) -> fused.adamStep(a.params(), a.grads(),
                        a.firstMoment(), a.secondMoment(), a.maxSecondMoment(), a.config(), a.stepScalars())))
                .registerLaunched(FusedCatalog.ALL, name -> kernels.has(DTypes.kernel(name, DType.FLOAT32)),
                        (kernel, grid, dtype, a) -> onDevice(a, () -> launcher.launch(kernel, grid, dtype, a)))
                .build();
    }

    /** {@code kernel} run as {@link #onDevice(Record, Runnable)} runs its launches. */
    private <A extends Record> FusedKernel<A> onDevice(FusedKernel<A> kernel) {
        return (be, a) -> onDevice(a, () -> kernel.run(be, a));
    }

    /**
     * Runs {@code launches} holding this backend's lock with its context current, as every launch is, after checking
     * that every buffer operand of the argument record {@code a} belongs to this backend.
     */
    private void onDevice(Record a, Runnable launches) {
        for (java.lang.reflect.RecordComponent c : a.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(a);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c, e);
            }
            Buffer[] buffers = v instanceof Buffer b ? new Buffer[]{b} : v instanceof Buffer[] bs ? bs : new Buffer[0];
            for (Buffer b : buffers) {
                if (b != null) {
                    own(b, a.getClass().getSimpleName() + "." + c.getName());
                }
            }
        }
        synchronized (this) {
            context.makeCurrent();
            launches.run();
        }
    }

    @Override
    public String toString() {
        return spec + " (" + facts.name() + ")";
    }
}
