package dev.tessera.backend;

import dev.tessera.CaptureException;
import dev.tessera.DType;
import dev.tessera.MemoryStats;
import dev.tessera.backend.fused.FusedCatalog;
import dev.tessera.backend.fused.FusedKernels;
import dev.tessera.backend.fused.FusedOp;
import dev.tessera.backend.fused.OptimizerFamily;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The backend a {@link RecordingCapture} routes a device's work to while it captures: memory calls go to the real
 * backend at once (allocations are remembered as the graph's), every compute call is recorded as a closure over its
 * arguments, and host reads and random draws are refused with a {@link CaptureException}. Fused ops are recorded
 * whole, so the real backend's kernel (or the op's default composition) runs at replay; an optimizer step with a
 * {@link StepScalars} buffer takes its rate and bias corrections from that buffer at replay.
 */
final class RecordingBackend implements Backend {
    private final Backend real;
    private final List<Runnable> work = new ArrayList<>();
    private final Set<Buffer> allocated = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Buffer> deferredFrees = new ArrayList<>();
    private final FusedKernels recordedFused;

    RecordingBackend(Backend real) {
        this.real = real;
        FusedKernels.Builder b = FusedKernels.builder();
        for (FusedOp<?> op : FusedCatalog.ALL) {
            registerRecorded(b, op);
        }
        this.recordedFused = b.build();
    }

    private <A extends Record> void registerRecorded(FusedKernels.Builder b, FusedOp<A> op) {
        b.register(op, (be, args) -> record(() -> op.run(real, OptimizerFamily.withCurrentScalars(real, args))));
    }

    private synchronized void record(Runnable call) {
        work.add(call);
    }

    /** The recorded work, its allocations and the frees made through this backend, as a graph. */
    synchronized CapturedGraph finish() {
        return new RecordedGraph(real, List.copyOf(work), Collections.unmodifiableSet(allocated),
                List.copyOf(deferredFrees));
    }

    /** Frees what was freed through this backend while recording (the capture was abandoned). */
    synchronized void discard() {
        deferredFrees.forEach(real::free);
        deferredFrees.clear();
        work.clear();
    }

    // ---------------------------------------------------------------- identity and memory: the real backend's

    @Override
    public String deviceSpec() {
        return real.deviceSpec();
    }

    @Override
    public DeviceInfo info() {
        return real.info();
    }

    @Override
    public boolean supports(DType dtype) {
        return real.supports(dtype);
    }

    @Override
    public boolean computes(DType dtype) {
        return real.computes(dtype);
    }

    @Override
    public boolean multiplies(DType dtype) {
        return real.multiplies(dtype);
    }

    @Override
    public Buffer allocate(DType dtype, long numel) {
        Buffer b = real.allocate(dtype, numel);
        synchronized (this) {
            allocated.add(b);
        }
        return b;
    }

    /** Deferred to the graph's close: recorded work may still use the buffer. */
    @Override
    public synchronized void free(Buffer buffer) {
        deferredFrees.add(buffer);
    }

    @Override
    public MemoryStats memoryStats() {
        return real.memoryStats();
    }

    @Override
    public void resetPeak() {
        real.resetPeak();
    }

    /** Runs at once and is not replayed (see {@link StepCapture}). */
    @Override
    public void write(Buffer dst, long dstOffset, Object src, int srcOffset, int length) {
        real.write(dst, dstOffset, src, srcOffset, length);
    }

    @Override
    public void read(Buffer src, long srcOffset, Object dst, int dstOffset, int length) {
        throw CaptureException.hostRead(real.deviceSpec(), src, length);
    }

    /** Nothing recorded has run, so there is nothing to wait for. */
    @Override
    public void synchronize() {
    }

    // ---------------------------------------------------------------- compute: recorded

    @Override
    public void copy(Operand src, Operand dst, int[] shape) {
        int[] s = shape.clone();
        record(() -> real.copy(src, dst, s));
    }

    @Override
    public void unary(UnaryOp op, double alpha, Operand x, Operand out, int[] shape) {
        int[] s = shape.clone();
        record(() -> real.unary(op, alpha, x, out, s));
    }

    @Override
    public void unaryBackward(UnaryOp op, double alpha, Buffer x, Buffer y, Buffer gradOut, Buffer gradIn, long n) {
        record(() -> real.unaryBackward(op, alpha, x, y, gradOut, gradIn, n));
    }

    @Override
    public void binary(BinaryOp op, Operand a, Operand b, Operand out, int[] shape) {
        int[] s = shape.clone();
        record(() -> real.binary(op, a, b, out, s));
    }

    @Override
    public void where(Operand condition, Operand a, Operand b, Operand out, int[] shape) {
        int[] s = shape.clone();
        record(() -> real.where(condition, a, b, out, s));
    }

    @Override
    public void reduce(ReduceOp op, Buffer src, Buffer dst, long outer, long n, long inner) {
        record(() -> real.reduce(op, src, dst, outer, n, inner));
    }

    @Override
    public void matmul(Gemm gemm, Buffer a, Buffer b, Buffer c) {
        record(() -> real.matmul(gemm, a, b, c));
    }

    @Override
    public void index(IndexOp op, Buffer src, Buffer index, Buffer dst, long outer, long n, long m, long inner) {
        record(() -> real.index(op, src, index, dst, outer, n, m, inner));
    }

    /** Refused: the seed and stream offset are launch arguments, so every replay would draw the same numbers. */
    @Override
    public void random(RandomDistribution dist, Buffer dst, long count, long seed, long streamOffset, double a,
                       double b) {
        throw CaptureException.randomDraw(real.deviceSpec(), dist, count);
    }

    @Override
    public FusedKernels fusedKernels() {
        return recordedFused;
    }

    /** The recorded work of one capture. */
    private static final class RecordedGraph implements CapturedGraph {
        private final Backend real;
        private final Set<Buffer> owned;
        private List<Runnable> work;
        private List<Buffer> deferredFrees;

        RecordedGraph(Backend real, List<Runnable> work, Set<Buffer> owned, List<Buffer> deferredFrees) {
            this.real = real;
            this.work = work;
            this.owned = owned;
            this.deferredFrees = deferredFrees;
        }

        @Override
        public synchronized void replay() {
            if (work == null) {
                throw new IllegalStateException("replay of a closed captured graph on " + real.deviceSpec());
            }
            for (Runnable call : work) {
                call.run();
            }
        }

        @Override
        public boolean owns(Buffer buffer) {
            return owned.contains(buffer);
        }

        @Override
        public synchronized void close() {
            if (work != null) {
                work = null;
                deferredFrees.forEach(real::free);
                deferredFrees = List.of();
            }
        }
    }
}
