package dev.tessera;

import dev.tessera.backend.Backend;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.ForwardingBackend;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.IndexOp;
import dev.tessera.backend.Operand;
import dev.tessera.backend.RandomDistribution;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.UnaryOp;
import dev.tessera.backend.fused.FusedCatalog;
import dev.tessera.backend.fused.FusedKernel;
import dev.tessera.backend.fused.FusedKernels;
import dev.tessera.backend.fused.FusedOp;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The backend the engine computes with when a backend stores a half type without computing in it
 * ({@link Backend#supports} but not {@link Backend#computes}): every primitive whose buffers include such a type
 * runs on FLOAT32 copies (converted by the backend's own {@link Backend#copy}), and the results are converted back,
 * rounding to nearest even. Primitives on other types, memory and transfers go straight to the backend, and so do
 * half-type products when the backend {@link Backend#multiplies} them itself.
 *
 * <p>So FLOAT16 and BFLOAT16 work on every backend that can store them, with exactly the numerics PyTorch has on
 * CPUs: each op computes in FLOAT32 and rounds its result once; reductions accumulate in FLOAT32. Fused kernels see
 * no half buffer: a fused op with one runs (kernel or composition) on FLOAT32 copies, and each of its results is
 * rounded once.
 */
final class HalfComputeBackend extends ForwardingBackend {
    /** The longest run one converting copy covers (an axis size is an int). */
    private static final int CHUNK = 1 << 30;

    private final FusedKernels kernels;

    private HalfComputeBackend(Backend backend) {
        super(backend);
        FusedKernels.Builder b = FusedKernels.builder();
        Set<FusedOp<?>> ops = new LinkedHashSet<>(FusedCatalog.ALL);
        ops.addAll(backend.fusedKernels().registered());
        for (FusedOp<?> op : ops) {
            registerGuarded(b, op);
        }
        this.kernels = b.build();
    }

    /** {@code backend} itself when it computes in every half type it stores, else this adapter around it. */
    static Backend around(Backend backend) {
        for (DType t : DType.values()) {
            if (t.isHalf() && backend.supports(t) && !backend.computes(t)) {
                return new HalfComputeBackend(backend);
            }
        }
        return backend;
    }

    /**
     * Registers {@code op} so that a call with a half buffer runs on FLOAT32 copies of its buffers, and any other call
     * runs the backend's kernel (or the op's default composition where the backend has none).
     */
    private <A extends Record> void registerGuarded(FusedKernels.Builder b, FusedOp<A> op) {
        FusedKernel<A> kernel = delegate.fusedKernels().find(op);
        b.register(op, (be, args) -> {
            if (op.buffers(args).stream().anyMatch(this::converts)) {
                runWidened(op, args);
            } else if (kernel != null) {
                kernel.run(be, args);
            } else {
                op.runDefault(be, args);
            }
        });
    }

    /**
     * Runs {@code op} on FLOAT32 copies of its half buffers (one copy per distinct buffer, so aliases stay aliases)
     * and converts every copy back: each result is rounded once, as PyTorch's fused CPU ops round, and the inputs come
     * back bit for bit (widening is exact).
     */
    private <A extends Record> void runWidened(FusedOp<A> op, A args) {
        try (Temporaries t = new Temporaries()) {
            Map<Buffer, Buffer> wide = new IdentityHashMap<>();
            A wideArgs = op.withBuffers(args, buffer -> converts(buffer) ? wide.computeIfAbsent(buffer, t::widen)
                    : buffer);
            op.run(this, wideArgs);
            wide.forEach((half, f32) -> convert(f32, half, half.numel()));
        }
    }

    // ---------------------------------------------------------------- fused kernels: guarded

    @Override
    public FusedKernels fusedKernels() {
        return kernels;
    }

    // ---------------------------------------------------------------- computed in FLOAT32 when a buffer is half

    @Override
    public void unary(UnaryOp op, double alpha, Operand x, Operand out, int[] shape) {
        if (!converts(x) && !converts(out)) {
            delegate.unary(op, alpha, x, out, shape);
            return;
        }
        try (Temporaries t = new Temporaries()) {
            Operand result = t.dense(shape);
            delegate.unary(op, alpha, t.widen(x, shape), result, shape);
            delegate.copy(result, out, shape);
        }
    }

    @Override
    public void unaryBackward(UnaryOp op, double alpha, Buffer x, Buffer y, Buffer gradOut, Buffer gradIn, long n) {
        if (!converts(x) && !converts(y) && !converts(gradOut) && !converts(gradIn)) {
            delegate.unaryBackward(op, alpha, x, y, gradOut, gradIn, n);
            return;
        }
        try (Temporaries t = new Temporaries()) {
            Buffer result = t.allocate(n);
            delegate.unaryBackward(op, alpha, t.widen(x), t.widen(y), t.widen(gradOut), result, n);
            convert(result, gradIn, n);
        }
    }

    @Override
    public void binary(BinaryOp op, Operand a, Operand b, Operand out, int[] shape) {
        if (!converts(a) && !converts(b) && !converts(out)) {
            delegate.binary(op, a, b, out, shape);
            return;
        }
        try (Temporaries t = new Temporaries()) {
            Operand result = t.dense(shape);
            delegate.binary(op, t.widen(a, shape), t.widen(b, shape), result, shape);
            delegate.copy(result, out, shape);
        }
    }

    @Override
    public void where(Operand condition, Operand a, Operand b, Operand out, int[] shape) {
        if (!converts(condition) && !converts(a) && !converts(b) && !converts(out)) {
            delegate.where(condition, a, b, out, shape);
            return;
        }
        try (Temporaries t = new Temporaries()) {
            Operand result = t.dense(shape);
            delegate.where(t.widen(condition, shape), t.widen(a, shape), t.widen(b, shape), result, shape);
            delegate.copy(result, out, shape);
        }
    }

    @Override
    public void reduce(ReduceOp op, Buffer src, Buffer dst, long outer, long n, long inner) {
        if (!converts(src) && !converts(dst)) {
            delegate.reduce(op, src, dst, outer, n, inner);
            return;
        }
        try (Temporaries t = new Temporaries()) {
            Buffer result = converts(dst) ? t.allocate(dst.numel()) : dst;
            delegate.reduce(op, t.widen(src), result, outer, n, inner);
            if (result != dst) {
                convert(result, dst, dst.numel());
            }
        }
    }

    @Override
    public void matmul(Gemm gemm, Buffer a, Buffer b, Buffer c) {
        if (delegate.multiplies(c.dtype()) || !converts(a) && !converts(b) && !converts(c)) {
            delegate.matmul(gemm, a, b, c);
            return;
        }
        try (Temporaries t = new Temporaries()) {
            Buffer result = t.widen(c);
            delegate.matmul(gemm, t.widen(a), t.widen(b), result);
            convert(result, c, c.numel());
        }
    }

    @Override
    public void index(IndexOp op, Buffer src, Buffer index, Buffer dst, long outer, long n, long m, long inner) {
        if (!converts(src) && !converts(dst)) {
            delegate.index(op, src, index, dst, outer, n, m, inner);
            return;
        }
        try (Temporaries t = new Temporaries()) {
            Buffer result = t.widen(dst);
            delegate.index(op, t.widen(src), index, result, outer, n, m, inner);
            if (result != dst) {
                convert(result, dst, dst.numel());
            }
        }
    }

    @Override
    public void random(RandomDistribution dist, Buffer dst, long count, long seed, long streamOffset, double a,
                       double b) {
        if (!converts(dst)) {
            delegate.random(dist, dst, count, seed, streamOffset, a, b);
            return;
        }
        try (Temporaries t = new Temporaries()) {
            Buffer result = t.allocate(count);
            delegate.random(dist, result, count, seed, streamOffset, a, b);
            convert(result, dst, count);
        }
    }

    // ---------------------------------------------------------------- conversions

    /** Whether {@code buffer} is of a half type this backend does not compute in. */
    private boolean converts(Buffer buffer) {
        return buffer != null && buffer.dtype().isHalf() && !delegate.computes(buffer.dtype());
    }

    private boolean converts(Operand operand) {
        return !operand.isConstant() && converts(operand.buffer());
    }

    /** Converts the first {@code n} elements of {@code from} into {@code to} (the backend's copy), in chunks. */
    private void convert(Buffer from, Buffer to, long n) {
        for (long start = 0; start < n; start += CHUNK) {
            int length = (int) Math.min(CHUNK, n - start);
            long[] unit = {1};
            delegate.copy(Operand.view(from, start, unit), Operand.view(to, start, unit), new int[]{length});
        }
    }

    /** The FLOAT32 buffers one converted primitive needs, freed when it ends. */
    private final class Temporaries implements AutoCloseable {
        private final List<Buffer> owned = new ArrayList<>();

        Buffer allocate(long numel) {
            Buffer b = delegate.allocate(DType.FLOAT32, numel);
            owned.add(b);
            return b;
        }

        /** A dense FLOAT32 operand over {@code shape}. */
        Operand dense(int[] shape) {
            return Operand.contiguous(allocate(Shape.of(shape).numel()), shape);
        }

        /** A FLOAT32 copy of the whole buffer when it is converted, else the buffer itself (or null for null). */
        Buffer widen(Buffer buffer) {
            if (!converts(buffer)) {
                return buffer;
            }
            Buffer wide = allocate(buffer.numel());
            convert(buffer, wide, buffer.numel());
            return wide;
        }

        /** A dense FLOAT32 copy of the operand over {@code shape} when it is converted, else the operand itself. */
        Operand widen(Operand operand, int[] shape) {
            if (!converts(operand)) {
                return operand;
            }
            Operand wide = dense(shape);
            delegate.copy(operand, wide, shape);
            return wide;
        }

        @Override
        public void close() {
            for (Buffer b : owned) {
                delegate.free(b);
            }
        }
    }
}
