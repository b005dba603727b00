package dev.tessera.opencl;

import dev.tessera.DType;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Operand;
import dev.tessera.backend.Primitives;
import dev.tessera.backend.UnaryOp;
import dev.tessera.opencl.ProgramCache.Family;
import java.util.Arrays;

/**
 * Launchers of elementwise.cl: copy/cast/fill, unary, unary backward, binary and where. Operands that are all dense
 * (or constant) take the {@code _dense} kernels; any other mix of strides and broadcasts the {@code _strided} ones,
 * whose layout struct holds up to {@value #MAX_RANK} axes (higher ranks run as several launches over the leading
 * axes). Its subclass adds the other primitives ({@link ClPrimitives}).
 */
abstract class ElementwiseOps {
    /** MAX_RANK of elementwise.cl. */
    static final int MAX_RANK = 8;
    /** Longs in elementwise.cl's layout_t: rank, count, flags, shape[8], offset[4], stride[4][8]. */
    private static final int LAYOUT_LONGS = 3 + MAX_RANK + 4 + 4 * MAX_RANK;

    private final ClContext cx;

    ElementwiseOps(ClContext cx) {
        this.cx = cx;
    }

    // ---------------------------------------------------------------- copy and fill

    /** See {@link Primitives#copy}. */
    public void copy(Operand src, Operand dst, int[] shape) {
        long n = count(shape);
        if (n == 0) {
            return;
        }
        DType t = dst.buffer().dtype();
        if (src.isConstant()) {
            fill(dst, shape, n, Launcher.scalar(t, src.constant()));
            return;
        }
        DType s = src.buffer().dtype();
        String defines = s == t ? ClContext.storageDefines(t) : ClContext.castDefines(s, t);
        if (src.isContiguous(shape) && dst.isContiguous(shape)) {
            ClKernel k = cx.programs.kernel(Family.ELEMENTWISE, defines, "copy_dense");
            cx.launch1d(k, n, cx.cl(src.buffer()), src.offset(), cx.cl(dst.buffer()), dst.offset(), n);
            return;
        }
        ClKernel k = cx.programs.kernel(Family.ELEMENTWISE, defines, "copy_strided");
        strided(shape, new Operand[]{src, dst}, (sub, ops, layout) ->
                cx.launch1d(k, layout[1], cx.cl(ops[0].buffer()), cx.cl(ops[1].buffer()), layout));
    }

    /** Copies (converting dtype) the first {@code n} elements of {@code src} into {@code dst}; both dense. */
    void copyDense(ClBuffer src, ClBuffer dst, long n) {
        if (n > 0) {
            String defines = src.dtype() == dst.dtype() ? ClContext.storageDefines(dst.dtype())
                    : ClContext.castDefines(src.dtype(), dst.dtype());
            cx.launch1d(cx.programs.kernel(Family.ELEMENTWISE, defines, "copy_dense"), n, src, 0L, dst, 0L, n);
        }
    }

    private void fill(Operand dst, int[] shape, long n, Object value) {
        DType t = dst.buffer().dtype();
        ClBuffer out = cx.cl(dst.buffer());
        if (dst.isContiguous(shape)) {
            cx.launch1d(fillKernel(t, "fill_dense"), n, out, dst.offset(), n, value);
            return;
        }
        ClKernel k = fillKernel(t, "fill_strided");
        strided(shape, new Operand[]{dst}, (sub, ops, layout) -> cx.launch1d(k, layout[1], out, layout, value));
    }

    /** Fills the first {@code n} elements of {@code dst} with {@code value} (converted to its dtype). */
    void fill(ClBuffer dst, long n, double value) {
        if (n > 0) {
            cx.launch1d(fillKernel(dst.dtype(), "fill_dense"), n, dst, 0L, n, Launcher.scalar(dst.dtype(), value));
        }
    }

    private ClKernel fillKernel(DType dtype, String name) {
        return cx.programs.kernel(Family.ELEMENTWISE, ClContext.storageDefines(dtype), name);
    }

    // ---------------------------------------------------------------- unary

    /** See {@link Primitives#unary}. */
    public void unary(UnaryOp op, double alpha, Operand x, Operand out, int[] shape) {
        long n = count(shape);
        if (n == 0) {
            return;
        }
        DType t = out.buffer().dtype();
        requireIntegerDefinition(t, op.preservesIntegers(), "unary " + op);
        if (x.isConstant()) {
            double v = t == DType.INT32 ? op.applyInt((int) x.constant()) : op.apply(x.constant(), alpha);
            fill(out, shape, n, Launcher.scalar(t, v));
            return;
        }
        Object a = Launcher.scalar(t, alpha);
        int code = op.ordinal();
        if (x.isContiguous(shape) && out.isContiguous(shape)) {
            cx.launch1d(cx.kernel(Family.ELEMENTWISE, t, "unary_dense"), n, cx.cl(x.buffer()), x.offset(),
                    cx.cl(out.buffer()), out.offset(), n, code, a);
            return;
        }
        ClKernel k = cx.kernel(Family.ELEMENTWISE, t, "unary_strided");
        strided(shape, new Operand[]{x, out}, (sub, ops, layout) ->
                cx.launch1d(k, layout[1], cx.cl(ops[0].buffer()), cx.cl(ops[1].buffer()), layout, code, a));
    }

    /** See {@link Primitives#unaryBackward}. */
    public void unaryBackward(UnaryOp op, double alpha, Buffer x, Buffer y, Buffer gy, Buffer gx, long n) {
        if (n == 0) {
            return;
        }
        DType t = gx.dtype();
        cx.launch1d(cx.kernel(Family.ELEMENTWISE, t, "unary_backward"), n, cx.cl(x), cx.cl(y), cx.cl(gy),
                cx.cl(gx), n, op.ordinal(), Launcher.scalar(t, alpha));
    }

    /** Refuses INT32 operands for an op that {@code definedOnIntegers} says has no INT32 definition. */
    private void requireIntegerDefinition(DType t, boolean definedOnIntegers, String op) {
        if (t == DType.INT32 && !definedOnIntegers) {
            throw new IllegalArgumentException(cx.spec + ": " + op + " is not defined on INT32");
        }
    }

    // ---------------------------------------------------------------- binary and where

    /** See {@link Primitives#binary}. */
    public void binary(BinaryOp op, Operand a, Operand b, Operand out, int[] shape) {
        long n = count(shape);
        if (n == 0) {
            return;
        }
        DType t = out.buffer().dtype();
        requireIntegerDefinition(t, !op.requiresFloating(), "binary " + op);
        ClBuffer o = cx.cl(out.buffer());
        Object ca = Launcher.scalar(t, a.constant());
        Object cb = Launcher.scalar(t, b.constant());
        int code = op.ordinal();
        if (dense(shape, a, b, out)) {
            cx.launch1d(cx.kernel(Family.ELEMENTWISE, t, "binary_dense"), n, buf(a, o), a.offset(), buf(b, o),
                    b.offset(), o, out.offset(), n, constFlags(a, b), code, ca, cb);
            return;
        }
        ClKernel k = cx.kernel(Family.ELEMENTWISE, t, "binary_strided");
        strided(shape, new Operand[]{a, b, out}, (sub, ops, layout) ->
                cx.launch1d(k, layout[1], buf(ops[0], o), buf(ops[1], o), o, layout, code, ca, cb));
    }

    /** See {@link Primitives#where}. */
    public void where(Operand condition, Operand a, Operand b, Operand out, int[] shape) {
        long n = count(shape);
        if (n == 0) {
            return;
        }
        DType t = out.buffer().dtype();
        ClBuffer o = cx.cl(out.buffer());
        Object cc = Launcher.scalar(t, condition.constant());
        Object ca = Launcher.scalar(t, a.constant());
        Object cb = Launcher.scalar(t, b.constant());
        if (dense(shape, condition, a, b, out)) {
            cx.launch1d(cx.kernel(Family.ELEMENTWISE, t, "where_dense"), n, buf(condition, o), condition.offset(),
                    buf(a, o), a.offset(), buf(b, o), b.offset(), o, out.offset(), n, constFlags(condition, a, b),
                    cc, ca, cb);
            return;
        }
        ClKernel k = cx.kernel(Family.ELEMENTWISE, t, "where_strided");
        strided(shape, new Operand[]{condition, a, b, out}, (sub, ops, layout) ->
                cx.launch1d(k, layout[1], buf(ops[0], o), buf(ops[1], o), buf(ops[2], o), o, layout, cc, ca, cb));
    }

    // ---------------------------------------------------------------- layouts

    /** One launch over a block of at most MAX_RANK axes: its shape, operands and packed layout_t. */
    private interface StridedLaunch {
        void launch(int[] shape, Operand[] ops, long[] layout);
    }

    /** Runs {@code launch} over {@code shape}, split into blocks of the trailing MAX_RANK axes when deeper. */
    private static void strided(int[] shape, Operand[] ops, StridedLaunch launch) {
        if (shape.length <= MAX_RANK) {
            launch.launch(shape, ops, layout(shape, ops));
            return;
        }
        int lead = shape.length - MAX_RANK;
        int[] inner = Arrays.copyOfRange(shape, lead, shape.length);
        long blocks = count(Arrays.copyOf(shape, lead));
        int[] index = new int[lead];
        for (long blk = 0; blk < blocks; blk++) {
            Operand[] sub = new Operand[ops.length];
            for (int k = 0; k < ops.length; k++) {
                Operand op = ops[k];
                if (op.isConstant()) {
                    sub[k] = op;
                    continue;
                }
                long offset = op.offset();
                for (int d = 0; d < lead; d++) {
                    offset += index[d] * op.strides()[d];
                }
                sub[k] = Operand.view(op.buffer(), offset, Arrays.copyOfRange(op.strides(), lead, shape.length));
            }
            launch.launch(inner, sub, layout(inner, sub));
            for (int d = lead - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                index[d] = 0;
            }
        }
    }

    /** Packs elementwise.cl's layout_t for {@code shape} (rank at most MAX_RANK) and up to four operands. */
    static long[] layout(int[] shape, Operand... ops) {
        long[] s = new long[LAYOUT_LONGS];
        s[0] = shape.length;
        s[1] = count(shape);
        for (int d = 0; d < shape.length; d++) {
            s[3 + d] = shape[d];
        }
        for (int k = 0; k < ops.length; k++) {
            if (ops[k].isConstant()) {
                s[2] |= 1 << k;
                continue;
            }
            s[3 + MAX_RANK + k] = ops[k].offset();
            for (int d = 0; d < shape.length; d++) {
                s[3 + MAX_RANK + 4 + k * MAX_RANK + d] = ops[k].strides()[d];
            }
        }
        return s;
    }

    private static boolean dense(int[] shape, Operand... ops) {
        for (Operand op : ops) {
            if (!op.isConstant() && !op.isContiguous(shape)) {
                return false;
            }
        }
        return true;
    }

    private static int constFlags(Operand... ops) {
        int flags = 0;
        for (int k = 0; k < ops.length; k++) {
            if (ops[k].isConstant()) {
                flags |= 1 << k;
            }
        }
        return flags;
    }

    /** The buffer to pass for an operand: its own, or (never read) {@code dummy} for a constant. */
    private ClBuffer buf(Operand op, ClBuffer dummy) {
        return op.isConstant() ? dummy : cx.cl(op.buffer());
    }

    static long count(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
