package dev.tessera.cuda;

import dev.tessera.DType;
import dev.tessera.HalfFloats;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Operand;
import dev.tessera.backend.UnaryOp;
import java.util.List;

/**
 * The elementwise primitives on the kernels of elementwise.cu: copy (with casts and fills), unary, unary backward,
 * binary and where. A dense same-dtype copy is a device-to-device memcpy and a dense 32-bit fill a memset; every
 * other case launches a kernel per {@link ElementwisePlan}.
 */
final class ElementwiseOps {
    private final Stream stream;

    ElementwiseOps(Stream stream) {
        this.stream = stream;
    }

    private static CudaBuffer buf(Operand o) {
        return (CudaBuffer) o.buffer();
    }

    /** See {@link dev.tessera.backend.Backend#copy}. */
    void copy(Operand src, Operand dst, int[] shape) {
        DType to = buf(dst).dtype();
        if (src.isConstant() && to.isHalf()) {
            // the kernel converts the constant from double directly; round it through float here, so it is exact
            src = Operand.constant(HalfFloats.widen(to, HalfFloats.narrow(to, (float) src.constant())));
        }
        DType from = src.isConstant() ? to : buf(src).dtype();
        long n = count(shape);
        if (n == 0) {
            return;
        }
        if (dst.isContiguous(shape)) {
            if (src.isConstant() && to.byteSize() == 4) {
                int pattern = to == DType.FLOAT32 ? Float.floatToRawIntBits((float) src.constant())
                        : (int) src.constant();
                stream.fill32(buf(dst), dst.offset(), pattern, n);
                return;
            }
            if (!src.isConstant() && from == to && src.isContiguous(shape)) {
                stream.copy(buf(dst), dst.offset(), buf(src), src.offset(), n * to.byteSize());
                return;
            }
        }
        String kernel = "copy_" + DTypes.suffix(from) + "_" + DTypes.suffix(to);
        for (ElementwisePlan p : ElementwisePlan.of(shape, new Operand[]{src, dst}, from.byteSize() == to.byteSize())) {
            KernelArgs args = stream.args();
            p.writeIteration(args);
            p.writeOperand(args, "src", 0);
            p.writeOperand(args, "dst", 1);
            stream.launch(kernel, config(p, from));
        }
    }

    /** See {@link dev.tessera.backend.Backend#unary}. */
    void unary(UnaryOp op, double alpha, Operand x, Operand out, int[] shape) {
        DType t = buf(out).dtype();
        for (ElementwisePlan p : ElementwisePlan.of(shape, new Operand[]{x, out}, true)) {
            KernelArgs args = stream.args();
            args.i64("op", op.ordinal());
            args.f64("alpha", alpha);
            p.writeIteration(args);
            p.writeOperand(args, "x", 0);
            p.writeOperand(args, "out", 1);
            stream.launch(DTypes.kernel("unary", t), config(p, t));
        }
    }

    /** See {@link dev.tessera.backend.Backend#unaryBackward}. */
    void unaryBackward(UnaryOp op, double alpha, CudaBuffer x, CudaBuffer y, CudaBuffer gradOut, CudaBuffer gradIn,
                       long n) {
        if (n == 0) {
            return;
        }
        KernelArgs args = stream.args();
        args.i64("op", op.ordinal());
        args.f64("alpha", alpha);
        args.i64("n", n);
        args.ptr("x", x.address(0));
        args.ptr("y", y.address(0));
        args.ptr("gy", gradOut.address(0));
        args.ptr("gx", gradIn.address(0));
        stream.launch(DTypes.kernel("unary_backward", gradIn.dtype()), LaunchConfig.linear(n, stream.multiprocessors()));
    }

    /** See {@link dev.tessera.backend.Backend#binary}. */
    void binary(BinaryOp op, Operand a, Operand b, Operand out, int[] shape) {
        DType t = buf(out).dtype();
        for (ElementwisePlan p : ElementwisePlan.of(shape, new Operand[]{a, b, out}, true)) {
            KernelArgs args = stream.args();
            args.i64("op", op.ordinal());
            p.writeIteration(args);
            p.writeOperand(args, "a", 0);
            p.writeOperand(args, "b", 1);
            p.writeOperand(args, "out", 2);
            stream.launch(DTypes.kernel("binary", t), config(p, t));
        }
    }

    /** See {@link dev.tessera.backend.Backend#where}. */
    void where(Operand condition, Operand a, Operand b, Operand out, int[] shape) {
        DType t = buf(out).dtype();
        List<ElementwisePlan> plans = ElementwisePlan.of(shape, new Operand[]{condition, a, b, out}, true);
        for (ElementwisePlan p : plans) {
            KernelArgs args = stream.args();
            p.writeIteration(args);
            p.writeOperand(args, "cond", 0);
            p.writeOperand(args, "a", 1);
            p.writeOperand(args, "b", 2);
            p.writeOperand(args, "out", 3);
            stream.launch(DTypes.kernel("where", t), config(p, t));
        }
    }

    private LaunchConfig config(ElementwisePlan p, DType read) {
        return LaunchConfig.elementwise(p.n, p.vectorized ? 16 / read.byteSize() : 1, stream.multiprocessors());
    }

    private static long count(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
