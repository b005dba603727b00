package dev.tessera;

import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Operand;
import dev.tessera.backend.UnaryOp;

/** Elementwise ops: unary primitives, binary primitives with broadcasting and promotion, where, and casts. */
final class Elementwise {
    private Elementwise() {
    }

    // ---------------------------------------------------------------- unary

    static Tensor unary(UnaryOp op, double alpha, Tensor input) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        input.checkOpen(name);
        Tensor x = Autocast.float32(op, input);
        DType dt = op.preservesIntegers() ? x.dtype() : x.dtype().toFloating();
        try (OpFrame f = new OpFrame()) {
            Tensor in = x.dtype() == dt ? x : f.own(cast(x, dt));
            Tensor y = f.own(Tensor.empty(x.device(), dt, x.shape()));
            if (y.numel() > 0) {
                Layout l = Layout.of(x.shape().dimsUnsafe(), in.strides, y.strides);
                x.backend().unary(op, alpha, Operand.view(in.buffer(), in.offset, l.strides[0]),
                        Operand.view(y.buffer(), 0, l.strides[1]), l.shape);
            }
            if (GraphNode.needed(in)) {
                GraphNode.record(y, name, new Tensor[]{in}, f.save(in, y),
                        (g, needs) -> new Tensor[]{Derivatives.unary(op, alpha, in, y, g)});
            }
            return f.keep(y);
        }
    }

    /** The backward primitive: {@code gx = g * op'(x)}, on dense copies where needed. */
    static Tensor unaryBackward(UnaryOp op, double alpha, Tensor x, Tensor y, Tensor g) {
        try (OpFrame f = new OpFrame()) {
            Tensor gx = f.own(Tensor.empty(x.device(), x.dtype(), x.shape()));
            if (gx.numel() > 0) {
                x.backend().unaryBackward(op, alpha, f.dense(x).buffer(), f.dense(y).buffer(), f.dense(g).buffer(),
                        gx.buffer(), gx.numel());
            }
            return f.keep(gx);
        }
    }

    // ---------------------------------------------------------------- binary

    static Tensor binary(String name, BinaryOp op, Tensor left, Tensor right) {
        left.checkCompatible(name, right);
        Tensor a = Autocast.float32(op, left);
        Tensor b = Autocast.float32(op, right);
        DType dt = DType.promote(a.dtype(), b.dtype());
        if (op.requiresFloating()) {
            dt = dt.toFloating();
        }
        Shape shape = Shape.broadcast(name, a.shape(), b.shape());
        try (OpFrame f = new OpFrame()) {
            Tensor ac = a.dtype() == dt ? a : f.own(cast(a, dt));
            Tensor bc = b.dtype() == dt ? b : f.own(cast(b, dt));
            Tensor out = f.own(Tensor.empty(a.device(), dt, shape));
            if (out.numel() > 0) {
                Layout l = Layout.of(shape.dimsUnsafe(), ac.broadcastStrides(shape), bc.broadcastStrides(shape),
                        out.strides);
                a.backend().binary(op, Operand.view(ac.buffer(), ac.offset, l.strides[0]),
                        Operand.view(bc.buffer(), bc.offset, l.strides[1]),
                        Operand.view(out.buffer(), 0, l.strides[2]), l.shape);
            }
            if (!op.isComparison() && GraphNode.needed(ac, bc)) {
                GraphNode.record(out, name, new Tensor[]{ac, bc}, f.save(ac, bc, out),
                        (g, needs) -> Derivatives.binary(op, ac, bc, out, g, needs));
            }
            return f.keep(out);
        }
    }

    static Tensor binaryScalar(String name, BinaryOp op, Tensor input, double s, boolean scalarFirst) {
        input.checkOpen(name);
        Tensor a = Autocast.float32(op, input);
        DType dt = a.dtype();
        if (dt == DType.INT32 && (op.requiresFloating() || s != Math.rint(s) || Double.isInfinite(s))) {
            dt = DType.FLOAT32;
        }
        try (OpFrame f = new OpFrame()) {
            Tensor ac = a.dtype() == dt ? a : f.own(cast(a, dt));
            Tensor out = f.own(Tensor.empty(a.device(), dt, a.shape()));
            if (out.numel() > 0) {
                Layout l = Layout.of(a.shape().dimsUnsafe(), ac.strides, out.strides);
                Operand x = Operand.view(ac.buffer(), ac.offset, l.strides[0]);
                Operand c = Operand.constant(s);
                a.backend().binary(op, scalarFirst ? c : x, scalarFirst ? x : c,
                        Operand.view(out.buffer(), 0, l.strides[1]), l.shape);
            }
            if (!op.isComparison() && GraphNode.needed(ac)) {
                GraphNode.record(out, name, new Tensor[]{ac}, f.save(ac, out),
                        (g, needs) -> new Tensor[]{Derivatives.binaryScalar(op, ac, s, scalarFirst, out, g)});
            }
            return f.keep(out);
        }
    }

    // ---------------------------------------------------------------- where, clamp

    static Tensor where(Tensor condition, Tensor a, Tensor b) {
        a.checkCompatible("where", b);
        a.checkCompatible("where", condition);
        DType dt = DType.promote(a.dtype(), b.dtype());
        Shape shape = Shape.broadcast("where", Shape.broadcast("where", condition.shape(), a.shape()), b.shape());
        try (OpFrame f = new OpFrame()) {
            Tensor cc = condition.dtype() == dt ? condition : f.own(castDetached(condition, dt));
            Tensor ac = a.dtype() == dt ? a : f.own(cast(a, dt));
            Tensor bc = b.dtype() == dt ? b : f.own(cast(b, dt));
            Tensor out = f.own(Tensor.empty(a.device(), dt, shape));
            if (out.numel() > 0) {
                Layout l = Layout.of(shape.dimsUnsafe(), cc.broadcastStrides(shape), ac.broadcastStrides(shape),
                        bc.broadcastStrides(shape), out.strides);
                a.backend().where(Operand.view(cc.buffer(), cc.offset, l.strides[0]),
                        Operand.view(ac.buffer(), ac.offset, l.strides[1]),
                        Operand.view(bc.buffer(), bc.offset, l.strides[2]),
                        Operand.view(out.buffer(), 0, l.strides[3]), l.shape);
            }
            if (GraphNode.needed(ac, bc)) {
                // The node holds a and b (converted) as inputs and saves the condition.
                GraphNode.record(out, "where", f.save(ac, bc), f.save(cc),
                        (g, needs) -> Derivatives.where(cc, ac, bc, g, needs));
            }
            return f.keep(out);
        }
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
}
