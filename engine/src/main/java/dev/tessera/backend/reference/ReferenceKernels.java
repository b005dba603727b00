package dev.tessera.backend.reference;

import dev.tessera.DType;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.IndexOp;
import dev.tessera.backend.Operand;
import dev.tessera.backend.Primitives;
import dev.tessera.backend.RandomDistribution;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.UnaryOp;
import dev.tessera.random.Philox;

/**
 * The scalar specification of every primitive, on {@link HeapBuffer}s (sizes must fit Java-array indices,
 * {@link HeapBuffer#arrayIndex}). Every value is widened to double, computed with the FLOAT64 definitions of
 * {@link UnaryOp#apply}, {@link BinaryOp#apply} and friends, and rounded once when stored. Plain loops, no threads, no tricks: this is the spec fast kernels are checked against.
 */
public final class ReferenceKernels implements Primitives {
    /** The one instance: the kernels keep no state. */
    public static final ReferenceKernels SPEC = new ReferenceKernels();

    private ReferenceKernels() {
    }

    private interface ElementAction {
        void apply(int[] offsets);
    }

    /** Calls {@code action} for every element of {@code shape} with the current offsets of the operands. */
    private static void forEach(int[] shape, Operand[] ops, ElementAction action) {
        int n = StridedCursor.count(shape);
        if (n == 0) {
            return;
        }
        int[] starts = new int[ops.length];
        int[][] strides = new int[ops.length][];
        for (int k = 0; k < ops.length; k++) {
            starts[k] = HeapBuffer.arrayIndex(ops[k].offset());
            strides[k] = ops[k].isConstant() ? new int[shape.length] : HeapBuffer.arrayIndices(ops[k].strides());
        }
        StridedCursor cursor = new StridedCursor(shape, starts, strides);
        for (int e = 0; e < n; e++) {
            action.apply(cursor.offsets);
            if (e + 1 < n) {
                cursor.next();
            }
        }
    }

    private static double read(Operand o, int offset) {
        return o.isConstant() ? o.constant() : ((HeapBuffer) o.buffer()).get(offset);
    }

    private static int readInt(Operand o, int offset) {
        return o.isConstant() ? (int) o.constant() : ((HeapBuffer) o.buffer()).i[offset];
    }

    private static double get(Buffer b, int k) {
        return ((HeapBuffer) b).get(k);
    }

    private static HeapBuffer heap(Operand o) {
        return (HeapBuffer) o.buffer();
    }

    // ---------------------------------------------------------------- elementwise

    /** See {@link Primitives#copy}. */
    @Override
    public void copy(Operand src, Operand dst, int[] shape) {
        HeapBuffer out = heap(dst);
        boolean intToInt = out.dtype() == DType.INT32 && (src.isConstant() || src.buffer().dtype() == DType.INT32);
        forEach(shape, new Operand[]{src, dst}, off -> {
            if (intToInt) {
                out.i[off[1]] = readInt(src, off[0]);
            } else {
                out.set(off[1], read(src, off[0]));
            }
        });
    }

    /** See {@link Primitives#unary}. */
    @Override
    public void unary(UnaryOp op, double alpha, Operand x, Operand out, int[] shape) {
        HeapBuffer o = heap(out);
        if (o.dtype() == DType.INT32) {
            forEach(shape, new Operand[]{x, out}, off -> {
                int v = readInt(x, off[0]);
                o.i[off[1]] = op.applyInt(v);
            });
            return;
        }
        forEach(shape, new Operand[]{x, out}, off -> o.set(off[1], op.apply(read(x, off[0]), alpha)));
    }

    /** See {@link Primitives#unaryBackward}. */
    @Override
    public void unaryBackward(UnaryOp op, double alpha, Buffer x, Buffer y, Buffer gradOut, Buffer gradIn, long n) {
        HeapBuffer gx = (HeapBuffer) gradIn;
        for (int k = 0; k < HeapBuffer.arrayIndex(n); k++) {
            gx.set(k, get(gradOut, k) * op.derivative(get(x, k), get(y, k), alpha));
        }
    }

    /** See {@link Primitives#binary}. */
    @Override
    public void binary(BinaryOp op, Operand a, Operand b, Operand out, int[] shape) {
        HeapBuffer o = heap(out);
        if (o.dtype() == DType.INT32) {
            forEach(shape, new Operand[]{a, b, out},
                    off -> o.i[off[2]] = op.applyInt(readInt(a, off[0]), readInt(b, off[1])));
            return;
        }
        forEach(shape, new Operand[]{a, b, out}, off -> o.set(off[2], op.apply(read(a, off[0]), read(b, off[1]))));
    }

    /** See {@link Primitives#where}. */
    @Override
    public void where(Operand condition, Operand a, Operand b, Operand out, int[] shape) {
        HeapBuffer o = heap(out);
        forEach(shape, new Operand[]{condition, a, b, out}, off -> {
            boolean c = read(condition, off[0]) != 0;
            if (o.dtype() == DType.INT32) {
                o.i[off[3]] = c ? readInt(a, off[1]) : readInt(b, off[2]);
            } else {
                o.set(off[3], c ? read(a, off[1]) : read(b, off[2]));
            }
        });
    }

    // ---------------------------------------------------------------- reduce

    /** See {@link Primitives#reduce}. */
    @Override
    public void reduce(ReduceOp op, Buffer source, Buffer target, long outerCount, long count, long innerCount) {
        HeapBuffer src = (HeapBuffer) source;
        HeapBuffer dst = (HeapBuffer) target;
        int outer = HeapBuffer.arrayIndex(outerCount);
        int n = HeapBuffer.arrayIndex(count);
        int inner = HeapBuffer.arrayIndex(innerCount);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                double acc = op == ReduceOp.SUM ? 0 : n > 0 ? src.get(base) : Double.NaN;
                int arg = 0;
                for (int j = 0; j < n; j++) {
                    double v = src.get(base + j * inner);
                    switch (op) {
                        case SUM -> acc += v;
                        case MAX, ARGMAX -> {
                            if (!Double.isNaN(acc) && (v > acc || Double.isNaN(v))) {
                                acc = v;
                                arg = j;
                            }
                        }
                        case MIN, ARGMIN -> {
                            if (!Double.isNaN(acc) && (v < acc || Double.isNaN(v))) {
                                acc = v;
                                arg = j;
                            }
                        }
                    }
                }
                if (op.producesIndices()) {
                    dst.i[o * inner + i] = arg;
                } else {
                    dst.set(o * inner + i, acc);
                }
            }
        }
    }

    // ---------------------------------------------------------------- matmul

    /** See {@link Primitives#matmul}. */
    @Override
    public void matmul(Gemm g, Buffer left, Buffer right, Buffer result) {
        HeapBuffer a = (HeapBuffer) left;
        HeapBuffer b = (HeapBuffer) right;
        HeapBuffer c = (HeapBuffer) result;
        for (int bt = 0; bt < g.batch(); bt++) {
            int ao = HeapBuffer.arrayIndex(g.offsetA() + bt * g.batchStrideA());
            int bo = HeapBuffer.arrayIndex(g.offsetB() + bt * g.batchStrideB());
            int co = HeapBuffer.arrayIndex(g.offsetC() + bt * g.batchStrideC());
            for (int r = 0; r < g.m(); r++) {
                for (int col = 0; col < g.n(); col++) {
                    double acc = 0;
                    for (int p = 0; p < g.k(); p++) {
                        double av = a.get(ao + (g.transA() ? p * g.lda() + r : r * g.lda() + p));
                        double bv = b.get(bo + (g.transB() ? col * g.ldb() + p : p * g.ldb() + col));
                        acc += av * bv;
                    }
                    int ci = co + r * g.ldc() + col;
                    double prior = g.beta() == 0 ? 0 : g.beta() * c.get(ci);
                    c.set(ci, g.alpha() * acc + prior);
                }
            }
        }
    }

    // ---------------------------------------------------------------- index

    /** See {@link Primitives#index}. */
    @Override
    public void index(IndexOp op, Buffer source, Buffer indices, Buffer target, long outerCount, long count,
                      long selected, long innerCount) {
        HeapBuffer src = (HeapBuffer) source;
        HeapBuffer index = (HeapBuffer) indices;
        HeapBuffer dst = (HeapBuffer) target;
        int outer = HeapBuffer.arrayIndex(outerCount);
        int n = HeapBuffer.arrayIndex(count);
        int m = HeapBuffer.arrayIndex(selected);
        int inner = HeapBuffer.arrayIndex(innerCount);
        boolean ints = dst.dtype() == DType.INT32;
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < inner; i++) {
                    int small = (o * m + j) * inner + i;
                    int which = switch (op) {
                        case GATHER, SCATTER_ADD -> index.i[small];
                        case INDEX_SELECT, INDEX_ADD -> index.i[j];
                    };
                    int big = (o * n + which) * inner + i;
                    switch (op) {
                        case GATHER, INDEX_SELECT -> {
                            if (ints) {
                                dst.i[small] = src.i[big];
                            } else {
                                dst.set(small, src.get(big));
                            }
                        }
                        case SCATTER_ADD, INDEX_ADD -> {
                            if (ints) {
                                dst.i[big] += src.i[small];
                            } else {
                                dst.set(big, dst.get(big) + src.get(small));
                            }
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- random

    /** See {@link Primitives#random}. */
    @Override
    public void random(RandomDistribution dist, Buffer target, long n, long seed, long streamOffset, double a,
                       double b) {
        HeapBuffer dst = (HeapBuffer) target;
        int count = HeapBuffer.arrayIndex(n);
        if (dst.dtype() == DType.FLOAT32) {
            Philox.fill(dist, seed, streamOffset, a, b, 0, count, dst.f, 0);
            return;
        }
        float[] tmp = new float[count];
        Philox.fill(dist, seed, streamOffset, a, b, 0, count, tmp, 0);
        for (int k = 0; k < count; k++) {
            dst.set(k, tmp[k]);
        }
    }
}
