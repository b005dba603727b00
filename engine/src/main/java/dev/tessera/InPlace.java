package dev.tessera;

import dev.tessera.autograd.GradMode;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Operand;

/**
 * In-place writes (assign, fill, +=, -=, *=). They are not recorded in the graph, so they refuse tensors that take
 * part in one while grad mode is on, and they bump the storage version so a graph that saved the old values
 * notices at backward time.
 */
final class InPlace {
    private InPlace() {
    }

    private static void checkWritable(String op, Tensor dst) {
        dst.checkOpen(op);
        if (GradMode.isEnabled() && (dst.requiresGrad() || dst.gradFn != null)) {
            throw new IllegalStateException(op + ": in-place write to a tensor of shape " + dst.shape()
                    + " that requires grad; do parameter updates inside GradMode.noGrad()");
        }
    }

    /**
     * {@code src} broadcast to dst's shape, converted to dst's dtype, and not overlapping dst unless identical: src
     * itself, or a copy owned by {@code frame}.
     */
    private static Tensor sourceIn(OpFrame frame, String op, Tensor dst, Tensor src) {
        dst.checkCompatible(op, src);
        Shape b = Shape.broadcast(op, src.shape(), dst.shape());
        if (!b.equals(dst.shape())) {
            throw new IllegalArgumentException(op + ": source of shape " + src.shape()
                    + " does not broadcast to the destination shape " + dst.shape());
        }
        boolean overlapping = src.storage == dst.storage
                && !(src.offset == dst.offset && java.util.Arrays.equals(src.strides, dst.strides));
        if (src.dtype() != dst.dtype() || overlapping) {
            try (GradMode.Guard g = GradMode.noGrad()) {
                return frame.own(src.dtype() != dst.dtype() ? src.to(dst.dtype()) : src.contiguousCopy());
            }
        }
        return src;
    }

    static Tensor assign(Tensor dst, Tensor src) {
        checkWritable("assign", dst);
        try (OpFrame f = new OpFrame()) {
            Elementwise.copyInto(sourceIn(f, "assign", dst, src), dst);
        }
        dst.storage.version++;
        return dst;
    }

    static Tensor fill(Tensor dst, double value) {
        checkWritable("fill", dst);
        if (dst.numel() > 0) {
            Layout l = Layout.of(dst.shape().dimsUnsafe(), dst.strides);
            dst.backend().copy(Operand.constant(value), Operand.view(dst.buffer(), dst.offset, l.strides[0]), l.shape);
        }
        dst.storage.version++;
        return dst;
    }

    static Tensor binary(String op, BinaryOp kind, Tensor dst, Tensor other) {
        checkWritable(op, dst);
        try (OpFrame f = new OpFrame()) {
            Tensor s = sourceIn(f, op, dst, other);
            if (dst.numel() > 0) {
                Shape shape = dst.shape();
                Layout l = Layout.of(shape.dimsUnsafe(), dst.strides, s.broadcastStrides(shape));
                Operand d = Operand.view(dst.buffer(), dst.offset, l.strides[0]);
                dst.backend().binary(kind, d, Operand.view(s.buffer(), s.offset, l.strides[1]), d, l.shape);
            }
        }
        dst.storage.version++;
        return dst;
    }

    static Tensor binaryScalar(String op, BinaryOp kind, Tensor dst, double value) {
        checkWritable(op, dst);
        if (dst.numel() > 0) {
            Layout l = Layout.of(dst.shape().dimsUnsafe(), dst.strides);
            Operand d = Operand.view(dst.buffer(), dst.offset, l.strides[0]);
            dst.backend().binary(kind, d, Operand.constant(value), d, l.shape);
        }
        dst.storage.version++;
        return dst;
    }
}
