package dev.tessera;

import dev.tessera.backend.fused.PoolFamily;

/**
 * Differentiable 2-D max pooling as one graph node over the fused ops of {@link PoolFamily} (so a backend's pooling
 * kernels run when it has them). The window geometry is a {@link ConvShape} built by {@link ConvShape#pooling}.
 */
public final class Pooling {
    private Pooling() {
    }

    /**
     * Max pooling {@code y [N, C, OH, OW]} of {@code x [N, C, H, W]}: each output is the maximum of its window
     * (padding reads {@code -inf}); the gradient goes to the first maximum of each window.
     *
     * @throws IllegalArgumentException naming the expected shape when x does not match {@code shape}, is not
     *                                  floating, or the shape's groups differ from its channels
     */
    public static Tensor maxPool2d(Tensor x, ConvShape shape) {
        String op = "maxPool2d";
        x.checkOpen(op);
        Shape in = Shape.of(shape.batch(), shape.inChannels(), shape.height(), shape.width());
        if (shape.groups() != shape.inChannels() || shape.outChannels() != shape.inChannels()) {
            throw new IllegalArgumentException(op + ": a pooling shape pools each channel alone (groups = channels = "
                    + "output channels), got " + shape);
        }
        if (!x.dtype().isFloating() || !x.shape().equals(in)) {
            throw new IllegalArgumentException(op + ": expected a floating input " + in + " for " + shape + ", got "
                    + x.dtype() + " " + x.shape());
        }
        Shape outShape = Shape.of(shape.batch(), shape.inChannels(), shape.outH(), shape.outW());
        try (OpFrame f = new OpFrame()) {
            Tensor y = f.own(Tensor.empty(x.device(), x.dtype(), outShape));
            Tensor indices = f.own(Tensor.empty(x.device(), DType.INT32, outShape));
            PoolFamily.MAX_POOL2D.run(x.backend(), new PoolFamily.MaxPool2d(f.dense(x).buffer(), y.buffer(),
                    indices.buffer(), shape));
            if (GraphNode.needed(x)) {
                GraphNode.record(y, op, new Tensor[]{x}, f.save(indices), (g, needs) -> {
                    Tensor gx = Tensor.empty(g.device(), g.dtype(), in);
                    try (OpFrame gf = new OpFrame()) {
                        PoolFamily.MAX_POOL2D_BACKWARD.run(g.backend(), new PoolFamily.MaxPool2dBackward(
                                gf.dense(g).buffer(), indices.buffer(), gx.buffer(), shape));
                    }
                    return new Tensor[]{gx};
                });
            }
            return f.keep(y);
        }
    }
}
