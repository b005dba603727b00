package dev.tessera;

import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Operand;
import dev.tessera.backend.UnaryOp;

/** Elementwise ops: unary primitives, binary primitives with broadcasting and promotion, where, and casts. */
final class Elementwise {
    private Elementwise() {
    }

    // ---------------------------------------------------------------- unary

    static Tensor unary(UnaryOp op, double alpha, Tensor x) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        x.checkOpen(name);
        DType dt = op.preservesIntegers() ? x.dtype() : x.dtype().toFloating();
        Tensor in = x.dtype() == dt ? x : cast(x, dt);
        Tensor y = Tensor.empty(x.device(), dt, x.shape());
        if (y.numel() > 0) {
            Layout l = Layout.of(x.shape().dimsUnsafe(), in.strides, y.strides);
            x.backend().unary(op, alpha, Operand.view(in.buffer(), in.offset, l.strides[0]),
                    Operand.view(y.buffer(), 0, l.strides[1]), l.shape);
        }
        if (GraphNode.needed(in)) {
            GraphNode.record(y, name, new Tensor[]{in}, new Tensor[]{in, y},
                    (g, needs) -> new Tensor[]{Derivatives.unary(op, alpha, in, y, g)});
        } else if (in != x) {
            in.close();
        }
        return y;
    }

    /** The backward primitive: {@code gx = g * op'(x)}, on dense copies where needed. */
    static Tensor unaryBackward(UnaryOp op, double alpha, Tensor x, Tensor y, Tensor g) {
        Tensor xd = x.denseAtZero();
        Tensor yd = y.denseAtZero();
        Tensor gd = g.denseAtZero();
        Tensor gx = Tensor.empty(x.device(), x.dtype(), x.shape());
        if (gx.numel() > 0) {
            x.backend().unaryBackward(op, alpha, xd.buffer(), yd.buffer(), gd.buffer(), gx.buffer(), gx.numel());
        }
        closeIfCopy(xd, x);
        closeIfCopy(yd, y);
        closeIfCopy(gd, g);
        return gx;
    }

    // ---------------------------------------------------------------- binary

    static Tensor binary(String name, BinaryOp op, Tensor a, Tensor b) {
        a.checkCompatible(name, b);
        DType dt = DType.promote(a.dtype(), b.dtype());
        if (op.requiresFloating()) {
            dt = dt.toFloating();
        }
        Shape shape = Shape.broadcast(name, a.shape(), b.shape());
        Tensor ac = a.dtype() == dt ? a : cast(a, dt);
        Tensor bc = b.dtype() == dt ? b : cast(b, dt);
        Tensor out = Tensor.empty(a.device(), dt, shape);
        if (out.numel() > 0) {
            Layout l = Layout.of(shape.dimsUnsafe(), ac.broadcastStrides(shape), bc.broadcastStrides(shape),
                    out.strides);
            a.backend().binary(op, Operand.view(ac.buffer(), ac.offset, l.strides[0]),
                    Operand.view(bc.buffer(), bc.offset, l.strides[1]),
                    Operand.view(out.buffer(), 0, l.strides[2]), l.shape);
        }
        if (!op.isComparison() && GraphNode.needed(ac, bc)) {
            GraphNode.record(out, name, new Tensor[]{ac, bc}, new Tensor[]{ac, bc, out},
                    (g, needs) -> Derivatives.binary(op, ac, bc, out, g, needs));
        } else {
            closeIfCopy(ac, a);
            closeIfCopy(bc, b);
        }
        return out;
    }

    static Tensor binaryScalar(String name, BinaryOp op, Tensor a, double s, boolean scalarFirst) {
        a.checkOpen(name);
        DType dt = a.dtype();
        if (dt == DType.INT32 && (op.requiresFloating() || s != Math.rint(s) || Double.isInfinite(s))) {
            dt = DType.FLOAT32;
        }
        Tensor ac = a.dtype() == dt ? a : cast(a, dt);
        Tensor out = Tensor.empty(a.device(), dt, a.shape());
        if (out.numel() > 0) {
            Layout l = Layout.of(a.shape().dimsUnsafe(), ac.strides, out.strides);
            Operand x = Operand.view(ac.buffer(), ac.offset, l.strides[0]);
            Operand c = Operand.constant(s);
            a.backend().binary(op, scalarFirst ? c : x, scalarFirst ? x : c,
                    Operand.view(out.buffer(), 0, l.strides[1]), l.shape);
        }
        if (!op.isComparison() && GraphNode.needed(ac)) {
            GraphNode.record(out, name, new Tensor[]{ac}, new Tensor[]{ac, out},
                    (g, needs) -> new Tensor[]{Derivatives.binaryScalar(op, ac, s, scalarFirst, out, g)});
        } else {
            closeIfCopy(ac, a);
        }
        return out;
    }

    // ---------------------------------------------------------------- where, clamp

    static Tensor where(Tensor condition, Tensor a, Tensor b) {
        a.checkCompatible("where", b);
        a.checkCompatible("where", condition);
        DType dt = DType.promote(a.dtype(), b.dtype());
        Shape shape = Shape.broadcast("where", Shape.broadcast("where", condition.shape(), a.shape()), b.shape());
        Tensor cc = condition.dtype() == dt ? condition : castDetached(condition, dt);
        Tensor ac = a.dtype() == dt ? a : cast(a, dt);
        Tensor bc = b.dtype() == dt ? b : cast(b, dt);
        Tensor out = Tensor.empty(a.device(), dt, shape);
        if (out.numel() > 0) {
            Layout l = Layout.of(shape.dimsUnsafe(), cc.broadcastStrides(shape), ac.broadcastStrides(shape),
                    bc.broadcastStrides(shape), out.strides);
            a.backend().where(Operand.view(cc.buffer(), cc.offset, l.strides[0]),
                    Operand.view(ac.buffer(), ac.offset, l.strides[1]),
                    Operand.view(bc.buffer(), bc.offset, l.strides[2]),
                    Operand.view(out.buffer(), 0, l.strides[3]), l.shape);
        }
        if (GraphNode.needed(ac, bc)) {
            GraphNode.record(out, "where", new Tensor[]{ac, bc}, new Tensor[]{cc},
                    (g, needs) -> Derivatives.where(cc, ac, bc, g, needs));
        } else {
            closeIfCopy(cc, condition);
            closeIfCopy(ac, a);
            closeIfCopy(bc, b);
        }
        return out;
    }

    /** {@code low <= x <= high ? x : bound}, written with where so the gradient is 1 on the closed interval. */
    static Tensor clamp(Tensor x, double low, double high) {
        try (Scope s = Scope.openInternal()) {
            Tensor lo = Tensor.scalar(low, x.dtype().toFloating(), x.device());
            Tensor hi = Tensor.scalar(high, x.dtype().toFloating(), x.device());
            Tensor upper = where(x.gt(high), hi, x);
            return s.keep(where(x.lt(low), lo, upper));
        }
    }

    // ---------------------------------------------------------------- casts and copies

    /** A dense copy of {@code x} converted to {@code dt}; recorded when both types are floating. */
    static Tensor cast(Tensor x, DType dt) {
        Tensor out = castDetached(x, dt);
        if (dt.isFloating() && GraphNode.needed(x)) {
            GraphNode.record(out, x.dtype() == dt ? "copy" : "to", new Tensor[]{x}, new Tensor[0],
                    (g, needs) -> new Tensor[]{Derivatives.cast(x, g)});
        }
        return out;
    }

    private static Tensor castDetached(Tensor x, DType dt) {
        x.checkOpen("to");
        Tensor out = Tensor.empty(x.device(), dt, x.shape());
        if (out.numel() > 0) {
            Layout l = Layout.of(x.shape().dimsUnsafe(), x.strides, out.strides);
            x.backend().copy(Operand.view(x.buffer(), x.offset, l.strides[0]),
                    Operand.view(out.buffer(), 0, l.strides[1]), l.shape);
        }
        return out;
    }

    /** Copies {@code src} (any strides, broadcast to dst's shape) into the view {@code dst}. */
    static void copyInto(Tensor src, Tensor dst) {
        if (dst.numel() == 0) {
            return;
        }
        Shape shape = dst.shape();
        Layout l = Layout.of(shape.dimsUnsafe(), src.broadcastStrides(shape), dst.strides);
        dst.backend().copy(Operand.view(src.buffer(), src.offset, l.strides[0]),
                Operand.view(dst.buffer(), dst.offset, l.strides[1]), l.shape);
    }

    static void closeIfCopy(Tensor maybeCopy, Tensor original) {
        if (maybeCopy != original) {
            maybeCopy.close();
        }
    }
}
