package dev.tessera;

import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.UnaryOp;
import dev.tessera.backend.fused.BiasActivationFamily;
import dev.tessera.backend.fused.SoftmaxFamily;

/**
 * Every backward rule, in one place: one method per differentiable primitive, mapping the gradient of the output
 * to the gradients of the inputs (null where {@code needs} says none is wanted). Rules run with grad mode off,
 * inside a scope that frees their temporaries. Composite ops (mean, var, clamp, swish with a tensor beta, ...) have
 * no rule of their own: they are differentiated through the primitives they are made of.
 */
final class Derivatives {
    private Derivatives() {
    }

    // ---------------------------------------------------------------- elementwise

    /** {@code gx = g * op'(x)} through the backward primitive. */
    static Tensor unary(UnaryOp op, double alpha, Tensor x, Tensor y, Tensor g) {
        return Elementwise.unaryBackward(op, alpha, x, y, g);
    }

    /** Gradients of {@code y = a op b}, summed back over broadcast axes. */
    static Tensor[] binary(BinaryOp op, Tensor a, Tensor b, Tensor y, Tensor g, boolean[] needs) {
        Tensor ga = null;
        Tensor gb = null;
        switch (op) {
            case ADD -> {
                ga = needs[0] ? g : null;
                gb = needs[1] ? g : null;
            }
            case SUB -> {
                ga = needs[0] ? g : null;
                gb = needs[1] ? g.neg() : null;
            }
            case MUL -> {
                ga = needs[0] ? g.mul(b) : null;
                gb = needs[1] ? g.mul(a) : null;
            }
            case DIV -> {
                ga = needs[0] ? g.div(b) : null;
                gb = needs[1] ? g.mul(y).div(b).neg() : null;
            }
            case POW -> {
                ga = needs[0] ? g.mul(b).mul(a.pow(b.sub(1.0))) : null;
                gb = needs[1] ? Tensor.where(a.eq(0.0), Tensor.zerosLike(y), g.mul(y).mul(a.log())) : null;
            }
            case MAXIMUM, MINIMUM -> {
                Tensor wins = op == BinaryOp.MAXIMUM ? a.gt(b) : a.lt(b);
                Tensor share = wins.add(a.eq(b).mul(0.5));
                ga = needs[0] ? g.mul(share) : null;
                gb = needs[1] ? g.mul(share.rsub(1.0)) : null;
            }
            case EQ, NE, LT, LE, GT, GE -> throw new IllegalStateException(op + " has no gradient");
        }
        return new Tensor[]{ga == null ? null : ga.sumTo(a.shape()), gb == null ? null : gb.sumTo(b.shape())};
    }

    /** Gradient of {@code y = a op s} (or {@code s op a} when {@code scalarFirst}) with respect to a. */
    static Tensor binaryScalar(BinaryOp op, Tensor a, double s, boolean scalarFirst, Tensor y, Tensor g) {
        return switch (op) {
            case ADD -> g;
            case SUB -> scalarFirst ? g.neg() : g;
            case MUL -> g.mul(s);
            case DIV -> scalarFirst ? g.mul(y).div(a).neg() : g.div(s);
            case POW -> scalarFirst ? g.mul(y).mul(Math.log(s)) : g.mul(a.pow(s - 1.0)).mul(s);
            case MAXIMUM, MINIMUM -> {
                Tensor wins = (op == BinaryOp.MAXIMUM) != scalarFirst ? a.gt(s) : a.lt(s);
                yield g.mul(wins.add(a.eq(s).mul(0.5)));
            }
            case EQ, NE, LT, LE, GT, GE -> throw new IllegalStateException(op + " has no gradient");
        };
    }

    /** Gradients of {@code where(c, a, b)}: g routed to the chosen side. */
    static Tensor[] where(Tensor c, Tensor a, Tensor b, Tensor g, boolean[] needs) {
        Tensor zero = Tensor.zerosLike(g);
        Tensor ga = needs[0] ? Tensor.where(c, g, zero).sumTo(a.shape()) : null;
        Tensor gb = needs[1] ? Tensor.where(c, zero, g).sumTo(b.shape()) : null;
        return new Tensor[]{ga, gb};
    }

    /** Gradient of a dtype conversion or copy: g converted back. */
    static Tensor cast(Tensor x, Tensor g) {
        return g.to(x.dtype());
    }

    /** Gradient of a device transfer: g moved back. */
    static Tensor toDevice(Device source, Tensor g) {
        return g.to(source);
    }

    // ---------------------------------------------------------------- views and concat

    /** Gradient of a slice: g written into zeros of the input's shape. */
    static Tensor slice(Shape from, DType dtype, int axis, int start, int end, int step, Tensor g) {
        Tensor z = Tensor.zeros(from, dtype, g.device());
        try (Tensor region = z.slice(axis, start, end, step)) {
            region.assign(g);
        }
        return z;
    }

    /** Gradients of concat: the matching pieces of g. */
    static Tensor[] concat(int axis, int[] sizes, Tensor[] inputs, Tensor g, boolean[] needs) {
        Tensor[] pieces = g.split(axis, sizes);
        Tensor[] out = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            out[i] = needs[i] ? pieces[i].to(inputs[i].dtype()) : null;
        }
        return out;
    }

    // ---------------------------------------------------------------- reductions

    /** Gradient of a sum: g broadcast back over the reduced axes. */
    static Tensor sum(Shape xShape, Shape keepShape, Tensor g) {
        return g.reshape(keepShape.dims()).expand(xShape.dims());
    }

    /** Gradient of max/min: g shared evenly among the elements equal to the extreme value. */
    static Tensor maxMin(Tensor x, Tensor y, int[] axes, Shape keepShape, Tensor g) {
        Tensor mask = x.eq(y.reshape(keepShape.dims()));
        Tensor count = mask.sum(axes, true);
        return mask.mul(g.reshape(keepShape.dims())).div(count);
    }

    // ---------------------------------------------------------------- matmul and linear

    /** Gradients of {@code C = A B}: {@code dA = dC B^T}, {@code dB = A^T dC}, summed over broadcast batches. */
    static Tensor[] matmul(Tensor a, Tensor b, Tensor g, boolean[] needs) {
        Tensor ga = needs[0] ? g.matmul(b.transpose(-1, -2)).sumTo(a.shape()) : null;
        Tensor gb = needs[1] ? a.transpose(-1, -2).matmul(g).sumTo(b.shape()) : null;
        return new Tensor[]{ga, gb};
    }

    /**
     * Gradients of {@code y = act(x W^T + b)}: {@code gz = g act'(pre)} and {@code db = sum_rows gz} by the fused
     * backward, then {@code dx = gz W} and {@code dW = gz^T x}.
     */
    static Tensor[] linear(Tensor x, Tensor w, Tensor b, UnaryOp act, double alpha, Tensor pre, Tensor y, Tensor g,
                           boolean[] needs) {
        int rows = y.shape().dim(0);
        int cols = y.shape().dim(1);
        boolean needBias = b != null && needs[2];
        Tensor gz = Tensor.empty(y.device(), y.dtype(), y.shape());
        Tensor gb = needBias ? Tensor.empty(y.device(), y.dtype(), b.shape()) : null;
        if (gz.numel() > 0) {
            try (OpFrame f = new OpFrame()) {
                BiasActivationFamily.BIAS_ACTIVATION_BACKWARD.run(y.backend(),
                        new BiasActivationFamily.BiasActivationBackward(pre.buffer(), y.buffer(), f.dense(g).buffer(),
                                gz.buffer(), gb == null ? null : gb.buffer(), act, alpha, rows, cols));
            }
        } else if (gb != null) {
            gb.fill(0);
        }
        Tensor gx = needs[0] ? gz.matmul(w) : null;
        Tensor gw = needs[1] ? gz.t().matmul(x) : null;
        return b == null ? new Tensor[]{gx, gw} : new Tensor[]{gx, gw, gb};
    }

    // ---------------------------------------------------------------- indexing

    /** Gradient of gather: g scattered back (added) into zeros. */
    static Tensor gather(Shape xShape, int axis, Tensor index, Tensor g) {
        try (Tensor z = Tensor.zeros(xShape, g.dtype(), g.device())) {
            return Indexing.scatterAddRaw(z, axis, index, g);
        }
    }

    /** Gradients of scatterAdd: g itself for the base, g gathered at the index for the source. */
    static Tensor[] scatterAdd(int axis, Tensor index, Tensor g, boolean[] needs) {
        return new Tensor[]{needs[0] ? g : null, needs[1] ? g.gather(axis, index) : null};
    }

    /** Gradient of indexSelect: g added at the selected positions of zeros. */
    static Tensor indexSelect(Shape xShape, DType dtype, int axis, Tensor index, Tensor g) {
        return Indexing.indexAddIntoZeros(xShape, dtype, g.device(), axis, index, g);
    }

    // ---------------------------------------------------------------- softmax and cross-entropy

    /** Gradient of (log-)softmax through the fused backward. */
    static Tensor softmax(Tensor y, int[] outerNInner, boolean log, Tensor g) {
        Tensor gx = Tensor.empty(y.device(), y.dtype(), y.shape());
        if (gx.numel() > 0) {
            try (OpFrame f = new OpFrame()) {
                SoftmaxFamily.SOFTMAX_BACKWARD.run(y.backend(), new SoftmaxFamily.SoftmaxBackward(y.buffer(),
                        f.dense(g).buffer(), gx.buffer(), outerNInner[0], outerNInner[1], outerNInner[2], log));
            }
        }
        return gx;
    }

    /** Gradient of the fused cross-entropy with respect to the logits. */
    static Tensor softmaxCrossEntropy(Tensor logProbs, Tensor labels, Tensor weights, double smoothing, Tensor g) {
        Tensor gx = Tensor.empty(logProbs.device(), logProbs.dtype(), logProbs.shape());
        if (gx.numel() > 0) {
            try (OpFrame f = new OpFrame()) {
                SoftmaxFamily.CROSS_ENTROPY_BACKWARD.run(logProbs.backend(), new SoftmaxFamily.CrossEntropyBackward(
                        logProbs.buffer(), labels.buffer(), weights == null ? null : weights.buffer(),
                        f.dense(g).buffer(), gx.buffer(), logProbs.shape().dim(0), logProbs.shape().dim(1),
                        smoothing));
            }
        }
        return gx;
    }
}
