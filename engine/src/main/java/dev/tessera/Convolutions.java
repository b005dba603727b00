package dev.tessera;

import dev.tessera.backend.Buffer;
import dev.tessera.backend.fused.ConvFamily;
import dev.tessera.backend.fused.FusedOp;

/**
 * Differentiable 2-D convolution and transposed convolution, each one graph node over the fused ops of
 * {@link ConvFamily} (so a backend's convolution kernels run when it has them). Sizes and the formula are those of
 * {@link ConvShape}; neither op adds a bias (add it with a broadcast, whose gradient is the sum over N, OH, OW).
 */
public final class Convolutions {
    private Convolutions() {
    }

    /**
     * The convolution {@code y [N, OUT, OH, OW]} of {@code x [N, C, H, W]} with {@code weight [OUT, C/groups, KH, KW]}
     * as {@code shape} describes. Gradients: x through {@link ConvFamily#CONV2D_BACKWARD_INPUT}, the weight through
     * {@link ConvFamily#CONV2D_BACKWARD_WEIGHT}.
     *
     * @throws IllegalArgumentException naming the expected shape when x or the weight does not match {@code shape},
     *                                  or when they are not of one floating dtype
     */
    public static Tensor conv2d(Tensor input, Tensor kernel, ConvShape shape) {
        return convolve("conv2d", input, kernel, shape, false);
    }

    /**
     * The transposed convolution {@code y [N, C, H, W]} of {@code x [N, OUT, OH, OW]} with
     * {@code weight [OUT, C/groups, KH, KW]} (PyTorch's ConvTranspose2d layout {@code [in, out/groups, KH, KW]}):
     * the gradient of {@link #conv2d} with respect to its input, as a function of the output gradient. Gradients:
     * x through the forward convolution, the weight through {@link ConvFamily#CONV2D_BACKWARD_WEIGHT} with the roles
     * of input and output gradient swapped.
     *
     * @throws IllegalArgumentException naming the expected shape when x or the weight does not match {@code shape}
     */
    public static Tensor conv2dTranspose(Tensor input, Tensor kernel, ConvShape shape) {
        return convolve("conv2dTranspose", input, kernel, shape, true);
    }

    /**
     * One graph node of the convolution ({@code transposed} false) or the transposed convolution: the two are adjoint,
     * so each one's input gradient is the other's forward, and both weight gradients are
     * {@link ConvFamily#CONV2D_BACKWARD_WEIGHT} of (convolution input, convolution output gradient).
     */
    private static Tensor convolve(String op, Tensor input, Tensor kernel, ConvShape shape, boolean transposed) {
        input.checkCompatible(op, kernel);
        Tensor x = Autocast.lower(input);
        Tensor weight = Autocast.lower(kernel);
        check(op, x, weight, shape, transposed ? outputShape(shape) : inputShape(shape));
        Tensor y = forward(transposed, x, weight, shape);
        if (GraphNode.needed(x, weight)) {
            GraphNode.record(y, op, new Tensor[]{x, weight}, new Tensor[]{x, weight}, (g, needs) -> new Tensor[]{
                    needs[0] ? forward(!transposed, g, weight, shape) : null,
                    needs[1] ? (transposed ? weightGradient(g, x, shape) : weightGradient(x, g, shape)) : null});
        }
        return y;
    }

    /** The transposed convolution of {@code x} when {@code transposed}, else the convolution. */
    private static Tensor forward(boolean transposed, Tensor x, Tensor weight, ConvShape shape) {
        return transposed ? inputGradient(x, weight, shape) : output(x, weight, shape);
    }

    private static Tensor output(Tensor input, Tensor weight, ConvShape shape) {
        return launch(ConvFamily.CONV2D, input, weight, outputShape(shape),
                (x, w, y) -> new ConvFamily.Conv2d(x, w, y, shape));
    }

    private static Tensor inputGradient(Tensor gradOutput, Tensor weight, ConvShape shape) {
        return launch(ConvFamily.CONV2D_BACKWARD_INPUT, gradOutput, weight, inputShape(shape),
                (gy, w, gx) -> new ConvFamily.Conv2dBackwardInput(gy, w, gx, shape));
    }

    private static Tensor weightGradient(Tensor input, Tensor gradOutput, ConvShape shape) {
        return launch(ConvFamily.CONV2D_BACKWARD_WEIGHT, input, gradOutput, weightShape(shape),
                (x, gy, gw) -> new ConvFamily.Conv2dBackwardWeight(x, gy, gw, shape));
    }

    /** Builds the argument record of one op from its two dense inputs and its output. */
    private interface Args<A extends Record> {
        A of(Buffer first, Buffer second, Buffer out);
    }

    /** Runs {@code op} on dense copies of the two inputs (when they are not dense) into a new output tensor. */
    private static <A extends Record> Tensor launch(FusedOp<A> op, Tensor first, Tensor second, Shape outShape,
                                                    Args<A> args) {
        try (OpFrame f = new OpFrame()) {
            Tensor out = f.own(Tensor.empty(first.device(), first.dtype(), outShape));
            op.run(first.backend(), args.of(f.dense(first).buffer(), f.dense(second).buffer(), out.buffer()));
            return f.keep(out);
        }
    }

    private static void check(String op, Tensor x, Tensor weight, ConvShape s, Shape expected) {
        x.checkOpen(op);
        x.checkCompatible(op, weight);
        if (!x.dtype().isFloating() || weight.dtype() != x.dtype()) {
            throw new IllegalArgumentException(op + ": input and weight must share one floating dtype, got "
                    + x.dtype() + " and " + weight.dtype());
        }
        if (!x.shape().equals(expected)) {
            throw new IllegalArgumentException(op + ": expected input " + expected + " for " + s + ", got "
                    + x.shape());
        }
        if (!weight.shape().equals(weightShape(s))) {
            throw new IllegalArgumentException(op + ": expected weight " + weightShape(s) + " for " + s + ", got "
                    + weight.shape());
        }
    }

    private static Shape inputShape(ConvShape s) {
        return Shape.of(s.batch(), s.inChannels(), s.height(), s.width());
    }

    private static Shape outputShape(ConvShape s) {
        return Shape.of(s.batch(), s.outChannels(), s.outH(), s.outW());
    }

    private static Shape weightShape(ConvShape s) {
        return Shape.of(s.outChannels(), s.groupIn(), s.kernelH(), s.kernelW());
    }
}
