package dev.tessera;

import dev.tessera.backend.Buffer;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.UnaryOp;
import dev.tessera.backend.fused.BiasActivationFamily;

/**
 * Matrix products. A tensor whose last two axes are row-major or transposed (and whose batch axes collapse to one
 * stride, 0 for broadcast) is passed to the GEMM primitive as it is; anything else is first made dense.
 * {@link #linear} is the fused layer {@code act(x W^T + b)} with a single graph node.
 */
final class MatMul {
    private MatMul() {
    }

    /** How one operand of a GEMM sits in memory: tensor, offset, leading dimension, transposition, batch stride. */
    private record MatrixOperand(Tensor tensor, long offset, int ld, boolean transposed, long batchStride) {
        /**
         * Describes {@code t} (shape batch + [rows, cols]); makes a dense copy, owned by {@code frame}, when the
         * layout does not fit (including a row stride beyond an int: a dense copy's row stride is an axis size).
         */
        static MatrixOperand of(Tensor t, OpFrame frame) {
            MatrixOperand m = tryDescribe(t);
            if (m != null) {
                return m;
            }
            Tensor dense = frame.own(t.contiguousCopy());
            return tryDescribe(dense);
        }

        private static MatrixOperand tryDescribe(Tensor t) {
            int r = t.rank();
            int[] d = t.shape().dimsUnsafe();
            long[] s = t.strides;
            int rows = d[r - 2];
            int cols = d[r - 1];
            long s0 = s[r - 2];
            long s1 = s[r - 1];
            Long batchStride = batchStride(d, s, r - 2);
            if (batchStride == null || s0 > Integer.MAX_VALUE || s1 > Integer.MAX_VALUE) {
                return null;
            }
            if ((cols <= 1 || s1 == 1) && (rows <= 1 || s0 >= Math.max(cols, 1))) {
                int ld = rows <= 1 ? Math.max(cols, 1) : (int) s0;
                return new MatrixOperand(t, t.offset, ld, false, batchStride);
            }
            if ((rows <= 1 || s0 == 1) && (cols <= 1 || s1 >= Math.max(rows, 1))) {
                int ld = cols <= 1 ? Math.max(rows, 1) : (int) s1;
                return new MatrixOperand(t, t.offset, ld, true, batchStride);
            }
            return null;
        }

        /** The single stride that walks the batch axes in row-major order, or null if there is none. */
        private static Long batchStride(int[] d, long[] s, int batchRank) {
            long stride = -1;
            long innerCount = 1;
            for (int i = batchRank - 1; i >= 0; i--) {
                if (d[i] == 1) {
                    continue;
                }
                if (stride < 0) {
                    stride = s[i];
                } else if (s[i] != stride * innerCount) {
                    return null;
                }
                innerCount *= d[i];
            }
            return stride < 0 ? 0L : stride;
        }
    }

    static Tensor matmul(Tensor left, Tensor right) {
        left.checkCompatible("matmul", right);
        Tensor a = Autocast.lower(left);
        Tensor b = Autocast.lower(right);
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: both operands need at least one axis, got " + a.shape()
                    + " x " + b.shape());
        }
        if (!a.dtype().isFloating() || !b.dtype().isFloating()) {
            throw new IllegalArgumentException("matmul: expected floating tensors, got " + a.dtype() + " x "
                    + b.dtype());
        }
        int ka = a.shape().dim(-1);
        int kb = b.rank() == 1 ? b.shape().dim(0) : b.shape().dim(-2);
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + a.shape() + " x " + b.shape());
        }
        try (Scope s = Scope.openInternal()) {
            Tensor a2 = a.rank() == 1 ? a.unsqueeze(0) : a;
            Tensor b2 = b.rank() == 1 ? b.unsqueeze(1) : b;
            DType dt = DType.promote(a.dtype(), b.dtype());
            Tensor r = product(a2.to(dt), b2.to(dt));
            if (a.rank() == 1) {
                r = r.squeeze(-2);
            }
            if (b.rank() == 1) {
                r = r.squeeze(-1);
            }
            return s.keep(r);
        }
    }

    /** The batched product primitive for operands of rank >= 2 with equal inner dimensions. */
    private static Tensor product(Tensor a, Tensor b) {
        int[] da = a.shape().dimsUnsafe();
        int[] db = b.shape().dimsUnsafe();
        int m = da[da.length - 2];
        int k = da[da.length - 1];
        int n = db[db.length - 1];
        Shape batchA = Shape.of(java.util.Arrays.copyOf(da, da.length - 2));
        Shape batchB = Shape.of(java.util.Arrays.copyOf(db, db.length - 2));
        Shape batch = Shape.broadcast("matmul", batchA, batchB);
        int[] bd = batch.dims();
        int[] outDims = java.util.Arrays.copyOf(bd, bd.length + 2);
        outDims[bd.length] = m;
        outDims[bd.length + 1] = n;
        Tensor out = Tensor.empty(a.device(), a.dtype(), Shape.of(outDims));
        if (out.numel() > 0) {
            int[] ea = java.util.Arrays.copyOf(bd, bd.length + 2);
            ea[bd.length] = m;
            ea[bd.length + 1] = k;
            int[] eb = java.util.Arrays.copyOf(bd, bd.length + 2);
            eb[bd.length] = k;
            eb[bd.length + 1] = n;
            try (OpFrame f = new OpFrame()) {
                Tensor av = f.own(Views.expand(a, ea));
                Tensor bv = f.own(Views.expand(b, eb));
                MatrixOperand ma = MatrixOperand.of(av, f);
                MatrixOperand mb = MatrixOperand.of(bv, f);
                Gemm gemm = new Gemm(batchCount(batch), m, n, k, ma.transposed(), mb.transposed(),
                        ma.offset(), ma.ld(), ma.batchStride(), mb.offset(), mb.ld(), mb.batchStride(),
                        0, n, (long) m * n, 1.0, 0.0);
                a.backend().matmul(gemm, ma.tensor().buffer(), mb.tensor().buffer(), out.buffer());
            }
        }
        if (GraphNode.needed(a, b)) {
            GraphNode.record(out, "matmul", new Tensor[]{a, b}, new Tensor[]{a, b},
                    (g, needs) -> Derivatives.matmul(a, b, g, needs));
        }
        return out;
    }

    /** The number of matrices in a batched product; the GEMM primitive counts them in an int. */
    private static int batchCount(Shape batch) {
        if (batch.numel() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("matmul: batch shape " + batch + " holds " + Sizes.grouped(batch.numel())
                    + " matrices, more than the limit of " + Sizes.grouped(Integer.MAX_VALUE) + " per product");
        }
        return (int) batch.numel();
    }

    static Tensor linear(Tensor input, Tensor w, Tensor b, UnaryOp activation, double alpha) {
        input.checkCompatible("linear", w);
        if (b != null) {
            input.checkCompatible("linear", b);
        }
        Tensor x = Autocast.lower(input);
        Tensor weight = Autocast.lower(w);
        Tensor bias = Autocast.lower(b);
        if (weight.rank() != 2) {
            throw new IllegalArgumentException("linear: weight must be 2-D [out, in], got " + weight.shape());
        }
        int in = weight.shape().dim(1);
        int outFeatures = weight.shape().dim(0);
        if (x.rank() == 0 || x.shape().dim(-1) != in) {
            throw new IllegalArgumentException("linear: input " + x.shape() + " does not end in the weight's "
                    + "in-features " + in + " (weight " + weight.shape() + ")");
        }
        if (bias != null && (bias.rank() != 1 || bias.shape().dim(0) != outFeatures)) {
            throw new IllegalArgumentException("linear: bias must be [" + outFeatures + "], got " + bias.shape());
        }
        if (!x.dtype().isFloating() || x.dtype() != weight.dtype() || (bias != null && bias.dtype() != x.dtype())) {
            throw new IllegalArgumentException("linear: input, weight and bias must share one floating dtype, got "
                    + x.dtype() + ", " + weight.dtype() + (bias == null ? "" : ", " + bias.dtype()));
        }
        int rows = Views.axisSize("linear", x.shape(),
                Shape.of(java.util.Arrays.copyOf(x.shape().dims(), x.rank() - 1)).numel());
        int[] outDims = x.shape().dims();
        outDims[outDims.length - 1] = outFeatures;
        try (Scope s = Scope.openInternal()) {
            Tensor x2 = x.reshape(rows, in);
            Tensor y = fusedLinear(x2, weight, bias, activation, alpha, rows, in, outFeatures);
            return s.keep(y.reshape(outDims));
        }
    }

    private static Tensor fusedLinear(Tensor x, Tensor w, Tensor b, UnaryOp act, double alpha,
                                      int rows, int in, int out) {
        Device device = x.device();
        try (OpFrame f = new OpFrame()) {
            Tensor pre = f.own(Tensor.empty(device, x.dtype(), Shape.of(rows, out)));
            Tensor y = act == null ? pre : f.own(Tensor.empty(device, x.dtype(), Shape.of(rows, out)));
            if (pre.numel() > 0) {
                MatrixOperand mx = MatrixOperand.of(x, f);
                MatrixOperand mw = MatrixOperand.of(w, f);
                // op(W) must be W^T: W stored [out, in] row-major is a transposed operand of shape [in, out].
                Gemm gemm = new Gemm(1, rows, out, in, mx.transposed(), !mw.transposed(), mx.offset(), mx.ld(), 0,
                        mw.offset(), mw.ld(), 0, 0, out, 0, 1.0, 0.0);
                Buffer bias = b == null ? null : f.dense(b).buffer();
                BiasActivationFamily.LINEAR.run(device.compute(), new BiasActivationFamily.Linear(gemm,
                        mx.tensor().buffer(), mw.tensor().buffer(), pre.buffer(), bias, y.buffer(), act, alpha));
            }
            if (GraphNode.needed(x, w, b)) {
                Tensor[] inputs = b == null ? new Tensor[]{x, w} : new Tensor[]{x, w, b};
                GraphNode.record(y, "linear", inputs, act == null ? new Tensor[]{x, w} : f.save(x, w, pre, y),
                        (g, needs) -> Derivatives.linear(x, w, b, act, alpha, pre, y, g, needs));
            }
            return f.keep(y);
        }
    }
}
