package dev.tessera.cpu;

import dev.tessera.DType;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.HostArrays;
import dev.tessera.backend.Operand;
import dev.tessera.backend.Primitives;
import dev.tessera.backend.UnaryOp;
import dev.tessera.backend.reference.HeapBuffer;

/**
 * The elementwise primitives (copy with conversion, unary, unaryBackward, binary, where) on strided operands: each
 * operand becomes an array, a start offset and per-axis strides (a constant becomes a one-element array at stride 0,
 * which the kernels treat as a broadcast scalar), and {@link StridedLoop} feeds runs to {@link Kernels} (floating
 * types) or {@link IntKernels} (INT32). Its subclass adds the other primitives ({@link CpuPrimitives}).
 */
abstract class ElementwiseOps {
    private final Kernels k;
    private final WorkerPool pool;

    ElementwiseOps(Kernels kernels, WorkerPool pool) {
        this.k = kernels;
        this.pool = pool;
    }

    /** See {@link Primitives#copy}. */
    public void copy(Operand src, Operand dst, int[] shape) {
        DType to = dst.buffer().dtype();
        Object out = array(dst);
        if (src.isConstant()) {
            Object value = constant(src.constant(), to);
            StridedLoop.Run fill = to.isHalf()
                    ? (off, st, len) -> HalfCopies.copy(k, to, value, 0, 0, to, out, off[1], st[1], len)
                    : (off, st, len) -> Copies.copy(value, 0, 0, out, off[1], st[1], len);
            StridedLoop.forEach(pool, shape, new int[]{0, offset(dst)}, new int[][]{new int[shape.length],
                    strides(dst, shape)}, fill);
            return;
        }
        Object in = array(src);
        DType from = src.buffer().dtype();
        StridedLoop.Run body = HalfCopies.involves(from, to)
                ? (off, st, len) -> HalfCopies.copy(k, from, in, off[0], st[0], to, out, off[1], st[1], len)
                : (off, st, len) -> Copies.copy(in, off[0], st[0], out, off[1], st[1], len);
        StridedLoop.forEach(pool, shape, new int[]{offset(src), offset(dst)}, new int[][]{strides(src, shape),
                strides(dst, shape)}, body);
    }

    /** See {@link Primitives#unary}. */
    public void unary(UnaryOp op, double alpha, Operand x, Operand y, int[] shape) {
        DType dt = y.buffer().dtype();
        Object in = x.isConstant() ? constant(x.constant(), dt) : array(x);
        Object out = array(y);
        int[] starts = {offset(x), offset(y)};
        int[][] strides = {strides(x, shape), strides(y, shape)};
        StridedLoop.Run body = switch (dt) {
            case FLOAT32 -> (off, st, len) -> k.unary(op, alpha, (float[]) in, off[0], st[0], (float[]) out, off[1],
                    st[1], len);
            case FLOAT64 -> (off, st, len) -> k.unary(op, alpha, (double[]) in, off[0], st[0], (double[]) out, off[1],
                    st[1], len);
            case INT32 -> (off, st, len) -> IntKernels.unary(op, (int[]) in, off[0], st[0], (int[]) out, off[1], st[1],
                    len);
            case FLOAT16, BFLOAT16 -> throw notComputed("unary", dt);
        };
        StridedLoop.forEach(pool, shape, starts, strides, body);
    }

    /** See {@link Primitives#unaryBackward}. */
    public void unaryBackward(UnaryOp op, double alpha, Buffer x, Buffer y, Buffer gradOut, Buffer gradIn, long n) {
        HeapBuffer hx = (HeapBuffer) x;
        HeapBuffer hy = (HeapBuffer) y;
        HeapBuffer gy = (HeapBuffer) gradOut;
        HeapBuffer gx = (HeapBuffer) gradIn;
        int count = HeapBuffer.arrayIndex(n);
        if (gx.dtype() == DType.FLOAT32) {
            pool.parallelFor(count, StridedLoop.GRAIN, (s, e) -> k.unaryBackward(op, alpha, hx.f, hy.f, gy.f, gx.f,
                    s, e - s));
        } else {
            pool.parallelFor(count, StridedLoop.GRAIN, (s, e) -> k.unaryBackward(op, alpha, hx.d, hy.d, gy.d, gx.d,
                    s, e - s));
        }
    }

    /** See {@link Primitives#binary}. */
    public void binary(BinaryOp op, Operand a, Operand b, Operand o, int[] shape) {
        DType dt = o.buffer().dtype();
        Object aa = a.isConstant() ? constant(a.constant(), dt) : array(a);
        Object ba = b.isConstant() ? constant(b.constant(), dt) : array(b);
        Object out = array(o);
        int[] starts = {offset(a), offset(b), offset(o)};
        int[][] strides = {strides(a, shape), strides(b, shape), strides(o, shape)};
        StridedLoop.Run body = switch (dt) {
            case FLOAT32 -> (off, st, len) -> k.binary(op, (float[]) aa, off[0], st[0], (float[]) ba, off[1], st[1],
                    (float[]) out, off[2], st[2], len);
            case FLOAT64 -> (off, st, len) -> k.binary(op, (double[]) aa, off[0], st[0], (double[]) ba, off[1], st[1],
                    (double[]) out, off[2], st[2], len);
            case INT32 -> (off, st, len) -> IntKernels.binary(op, (int[]) aa, off[0], st[0], (int[]) ba, off[1], st[1],
                    (int[]) out, off[2], st[2], len);
            case FLOAT16, BFLOAT16 -> throw notComputed("binary", dt);
        };
        StridedLoop.forEach(pool, shape, starts, strides, body);
    }

    /** See {@link Primitives#where}. */
    public void where(Operand c, Operand a, Operand b, Operand o, int[] shape) {
        DType dt = o.buffer().dtype();
        Object ca = c.isConstant() ? constant(c.constant(), dt) : array(c);
        Object aa = a.isConstant() ? constant(a.constant(), dt) : array(a);
        Object ba = b.isConstant() ? constant(b.constant(), dt) : array(b);
        Object out = array(o);
        int[] starts = {offset(c), offset(a), offset(b), offset(o)};
        int[][] strides = {strides(c, shape), strides(a, shape), strides(b, shape), strides(o, shape)};
        StridedLoop.Run body = switch (dt) {
            case FLOAT32 -> (off, st, len) -> k.where((float[]) ca, off[0], st[0], (float[]) aa, off[1], st[1],
                    (float[]) ba, off[2], st[2], (float[]) out, off[3], st[3], len);
            case FLOAT64 -> (off, st, len) -> k.where((double[]) ca, off[0], st[0], (double[]) aa, off[1], st[1],
                    (double[]) ba, off[2], st[2], (double[]) out, off[3], st[3], len);
            case INT32 -> (off, st, len) -> IntKernels.where((int[]) ca, off[0], st[0], (int[]) aa, off[1], st[1],
                    (int[]) ba, off[2], st[2], (int[]) out, off[3], st[3], len);
            case FLOAT16, BFLOAT16 -> throw notComputed("where", dt);
        };
        StridedLoop.forEach(pool, shape, starts, strides, body);
    }

    // ---------------------------------------------------------------- operands

    private static Object array(Operand o) {
        return ((HeapBuffer) o.buffer()).array();
    }

    /** The operand's strides as array indices (a heap buffer fits an int), or all zeros for a constant. */
    private static int[] strides(Operand o, int[] shape) {
        return o.isConstant() ? new int[shape.length] : HeapBuffer.arrayIndices(o.strides());
    }

    /** The operand's offset as an array index. */
    private static int offset(Operand o) {
        return HeapBuffer.arrayIndex(o.offset());
    }

    /** A one-element array of {@code dt} holding {@code value} converted as a store of that type converts. */
    static Object constant(double value, DType dt) {
        return HostArrays.fromDoubles(new double[]{value}, dt);
    }

    /**
     * The error for a half-type buffer reaching arithmetic: the engine converts those to FLOAT32 first
     * ({@link dev.tessera.backend.Backend#computes}), so this is a bug, never a silent result.
     */
    static IllegalStateException notComputed(String primitive, DType dt) {
        return new IllegalStateException("cpu " + primitive + ": " + dt + " buffers are stored, not computed on; "
                + "the engine must convert them to FLOAT32 first");
    }
}
