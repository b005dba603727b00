package dev.tessera.opencl;

import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.clCreateCommandQueue;
import static org.jocl.CL.clCreateContext;

import dev.tessera.DType;
import dev.tessera.MemoryStats;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.DeviceInfo;
import dev.tessera.backend.PrimitivesBackend;
import dev.tessera.backend.UnsupportedPrimitiveException;
import dev.tessera.backend.fused.BiasActivationFamily;
import dev.tessera.backend.fused.FusedCatalog;
import dev.tessera.backend.fused.FusedKernels;
import dev.tessera.backend.fused.OptimizerFamily;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;

/**
 * The OpenCL backend ({@code opencl:N}): one context and one in-order command queue on one device, programs built
 * from kernels/src/main/opencl once and cached, a caching buffer allocator, and a kernel for every primitive and
 * fused op. Work is only queued; the host waits only in {@link #read} and {@link #synchronize}. Thread-safe.
 *
 * <p>FLOAT32 and INT32 run everywhere; FLOAT64 where the device has {@code cl_khr_fp64}. No kernel uses atomics:
 * every reduction's order depends only on the shapes and the device, so two runs with the same seed on one device
 * are bitwise identical whether or not {@link dev.tessera.Tessera#deterministic()} is on.
 */
public final class OpenClBackend extends PrimitivesBackend {
    private final ClContext cx;
    private final DeviceInfo info;
    private final Transfers transfers;
    private final ClPrimitives primitives;
    private final FusedKernels fusedKernels;

    private OpenClBackend(ClContext cx, DeviceInfo info) {
        this(cx, info, new ClPrimitives(cx));
    }

    private OpenClBackend(ClContext cx, DeviceInfo info, ClPrimitives primitives) {
        super(primitives);
        this.cx = cx;
        this.info = info;
        this.transfers = new Transfers(cx.queue);
        this.primitives = primitives;
        this.fusedKernels = registry(new FusedOps(cx, primitives, primitives.reductions()),
                new DescriptorLauncher(cx));
    }

    /** Starts {@code device} as {@code spec}: creates its context, queue, program cache and buffer pool. */
    @SuppressWarnings("deprecation")
    static OpenClBackend open(ClDevice device, String spec) {
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, device.platform());
        int[] status = new int[1];
        cl_context context = clCreateContext(props, 1, new cl_device_id[]{device.id()}, null, null, status);
        OpenClException.check(status[0], "clCreateContext(" + device.name() + ")");
        cl_command_queue queue = clCreateCommandQueue(context, device.id(), 0, status);
        OpenClException.check(status[0], "clCreateCommandQueue(" + device.name() + ")");
        String options = device.correctlyRoundedDivideSqrt() ? "-cl-fp32-correctly-rounded-divide-sqrt" : "";
        ProgramCache programs = new ProgramCache(context, device, options);
        BufferPool pool = new BufferPool(context, device, spec);
        return new OpenClBackend(new ClContext(device, spec, queue, programs, pool), device.describe(spec));
    }

    /** The shared state of this device's launchers (for tests). */
    ClContext context() {
        return cx;
    }

    /** The GEMM launcher (tests use it to run every block configuration). */
    GemmOps gemmOps() {
        return primitives.gemmOps();
    }

    // ---------------------------------------------------------------- identity and memory

    @Override
    public String deviceSpec() {
        return cx.spec;
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    /**
     * Every dtype but FLOAT64 without cl_khr_fp64. FLOAT16 and BFLOAT16 are stored as their 16 bits and only moved
     * and converted ({@link #copy} through {@code vload_half}/{@code vstore_half_rte}, core OpenCL C without
     * cl_khr_fp16, and bit arithmetic for BFLOAT16); the engine computes on them in FLOAT32 ({@link #computes} is
     * false for them).
     */
    @Override
    public boolean supports(DType dtype) {
        return dtype != DType.FLOAT64 || cx.device.fp64();
    }

    @Override
    public Buffer allocate(DType dtype, long numel) {
        if (!supports(dtype)) {
            throw new UnsupportedPrimitiveException(cx.spec, dtype + " buffers on " + cx.device.name()
                    + " (the device has no cl_khr_fp64)");
        }
        return cx.pool.allocate(dtype, numel, cx);
    }

    @Override
    public void free(Buffer buffer) {
        cx.pool.free(cx.cl(buffer));
    }

    @Override
    public MemoryStats memoryStats() {
        return cx.pool.stats();
    }

    @Override
    public void resetPeak() {
        cx.pool.resetPeak();
    }

    @Override
    public void write(Buffer dst, long dstOffset, Object src, int srcOffset, int length) {
        transfers.write(cx.cl(dst), dstOffset, src, srcOffset, length);
    }

    @Override
    public void read(Buffer src, long srcOffset, Object dst, int dstOffset, int length) {
        transfers.read(cx.cl(src), srcOffset, dst, dstOffset, length);
    }

    @Override
    public void synchronize() {
        transfers.finish();
    }

    // ---------------------------------------------------------------- fused ops

    @Override
    public FusedKernels fusedKernels() {
        return fusedKernels;
    }

    /**
     * The fused-op kernels: every descriptor with a kernel grid whose kernels a program defines (softmax.cl, conv.cl,
     * recurrent.cl), by the generic launcher; bias + activation and the optimizer steps (fused.cl) by their
     * hand-written launchers.
     */
    private FusedKernels registry(FusedOps fused, DescriptorLauncher launcher) {
        return FusedKernels.builder()
                .register(BiasActivationFamily.BIAS_ACTIVATION, (be, a) -> fused.biasActivation(a.act(), a.alpha(),
                        cx.cl(a.z()), clOrNull(a.bias()), cx.cl(a.y()), a.rows(), a.cols()))
                .register(BiasActivationFamily.BIAS_ACTIVATION_BACKWARD, (be, a) -> fused.biasActivationBackward(
                        a.act(), a.alpha(), clOrNull(a.pre()), clOrNull(a.y()), cx.cl(a.gy()), cx.cl(a.gz()),
                        clOrNull(a.gradBias()), a.rows(), a.cols()))
                .register(OptimizerFamily.SGD_STEP, (be, a) -> fused.sgdStep(a.params(), a.grads(), a.momentum(),
                        a.config()))
                .register(OptimizerFamily.ADAM_STEP, (be, a) -> fused.adamStep(a.params(), a.grads(),
                        a.firstMoment(), a.secondMoment(), a.maxSecondMoment(), a.config()))
                .registerLaunched(FusedCatalog.ALL, launcher::has, launcher)
                .build();
    }

    private ClBuffer clOrNull(Buffer b) {
        return b == null ? null : cx.cl(b);
    }
}
