package dev.tessera.backend;

/**
 * A backend whose {@link Primitives} are computed by another object: every primitive call goes unchanged to the
 * object given at construction. It is the base of {@link ForwardingBackend} (whose primitives are its delegate's)
 * and of backends that keep their primitives apart from their memory and identity (the heap backends of
 * {@link dev.tessera.backend.reference.HeapBackend}, the OpenCL backend). A subclass may override a primitive it
 * changes.
 */
public abstract class PrimitivesBackend implements Backend {
    private final Primitives primitives;

    /** A backend whose primitives run on {@code primitives}. */
    protected PrimitivesBackend(Primitives primitives) {
        this.primitives = primitives;
    }

    @Override
    public void copy(Operand src, Operand dst, int[] shape) {
        primitives.copy(src, dst, shape);
    }

    @Override
    public void unary(UnaryOp op, double alpha, Operand x, Operand out, int[] shape) {
        primitives.unary(op, alpha, x, out, shape);
    }

    @Override
    public void unaryBackward(UnaryOp op, double alpha, Buffer x, Buffer y, Buffer gradOut, Buffer gradIn, long n) {
        primitives.unaryBackward(op, alpha, x, y, gradOut, gradIn, n);
    }

    @Override
    public void binary(BinaryOp op, Operand a, Operand b, Operand out, int[] shape) {
        primitives.binary(op, a, b, out, shape);
    }

    @Override
    public void where(Operand condition, Operand a, Operand b, Operand out, int[] shape) {
        primitives.where(condition, a, b, out, shape);
    }

    @Override
    public void reduce(ReduceOp op, Buffer src, Buffer dst, long outer, long n, long inner) {
        primitives.reduce(op, src, dst, outer, n, inner);
    }

    @Override
    public void matmul(Gemm gemm, Buffer a, Buffer b, Buffer c) {
        primitives.matmul(gemm, a, b, c);
    }

    @Override
    public void index(IndexOp op, Buffer src, Buffer index, Buffer dst, long outer, long n, long m, long inner) {
        primitives.index(op, src, index, dst, outer, n, m, inner);
    }

    @Override
    public void random(RandomDistribution dist, Buffer dst, long count, long seed, long streamOffset, double a,
                       double b) {
        primitives.random(dist, dst, count, seed, streamOffset, a, b);
    }
}
