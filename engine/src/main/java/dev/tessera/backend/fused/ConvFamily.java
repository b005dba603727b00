package dev.tessera.backend.fused;

import dev.tessera.ConvShape;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.IndexOp;
import java.util.List;

/**
 * The 2-D convolution family of fused ops (sizes and formula in {@link ConvShape}): the forward product, the gradient
 * with respect to the input (which is also the transposed convolution's forward) and the gradient with respect to
 * the weight. A bias is not part of them: it is a broadcast add, its gradient a sum over N, OH and OW.
 *
 * <p>Default compositions: im2col as one {@link IndexOp#INDEX_SELECT} of the input, extended by one zero slot per
 * channel that padding positions read, into windows {@code cols [N, C, KH KW, OH OW]} (that is
 * {@code [N, groups, patch, OH OW]}), and one batched product per group; the input gradient scatters the products
 * back with {@link IndexOp#INDEX_ADD}. They materialize the windows of the whole batch; backend kernels avoid that.
 * Temporaries are allocated from the backend and freed before a composition returns.
 */
public final class ConvFamily {
    private ConvFamily() {
    }

    /**
     * Gradient of {@link #CONV2D} with respect to its input:
     * {@code gx[n, g Cg + c, iy, ix] = sum W[o, c, ky, kx] gy[n, o, i, j]} over the output channels o of group g and
     * the (i, j, ky, kx) whose window position reads {@code (iy, ix)}. Writes gradInput [N, C, H, W] (every element,
     * 0 where no window reads). With weight {@code [C_t, OUT_t / groups, KH, KW]} this is the forward pass of a
     * transposed convolution from {@code C_t = outChannels} to {@code OUT_t = inChannels} channels.
     */
    public record Conv2dBackwardInput(Buffer gradOutput, Buffer weight, Buffer gradInput, ConvShape shape) {
    }

    /**
     * Gradient of {@link #CONV2D} with respect to its weight:
     * {@code gW[o, c, ky, kx] = sum_{n, i, j} gy[n, o, i, j] x[n, g Cg + c, i sh + ky dh - ph, j sw + kx dw - pw]}.
     * Writes gradWeight [OUT, C / groups, KH, KW] (overwritten, not accumulated).
     */
    public record Conv2dBackwardWeight(Buffer input, Buffer gradOutput, Buffer gradWeight, ConvShape shape) {
    }

    /** The convolution of {@link ConvShape} without bias: reads x and weight, writes y [N, OUT, OH, OW]. */
    public record Conv2d(Buffer input, Buffer weight, Buffer output, ConvShape shape) {
    }

    /** See {@link Conv2dBackwardInput}. */
    public static final FusedOp<Conv2dBackwardInput> CONV2D_BACKWARD_INPUT = FusedOp.of("conv2dBackwardInput",
            Conv2dBackwardInput.class, ConvFamily::backwardInput)
            .launchedOver(a -> KernelGrid.elements(a.shape().inputNumel()));
    /** See {@link Conv2dBackwardWeight}. */
    public static final FusedOp<Conv2dBackwardWeight> CONV2D_BACKWARD_WEIGHT = FusedOp.of("conv2dBackwardWeight",
            Conv2dBackwardWeight.class, ConvFamily::backwardWeight)
            .launchedOver(a -> KernelGrid.rows(a.shape().weightNumel(),
                    (long) a.shape().batch() * a.shape().outPlane()));
    /**
     * See {@link Conv2d}; its input gradient is {@link #CONV2D_BACKWARD_INPUT} (the descriptor's backward), its
     * weight gradient {@link #CONV2D_BACKWARD_WEIGHT}.
     */
    public static final FusedOp<Conv2d> CONV2D = FusedOp.of("conv2d", Conv2d.class, ConvFamily::forward,
            CONV2D_BACKWARD_INPUT).launchedOver(a -> KernelGrid.elements(a.shape().outputNumel()));

    /** Every op of the family. */
    public static final List<FusedOp<?>> ALL = List.of(CONV2D, CONV2D_BACKWARD_INPUT, CONV2D_BACKWARD_WEIGHT);

    // ---------------------------------------------------------------- default compositions

    private static void forward(Backend be, Conv2d a) {
        ConvShape s = a.shape();
        Buffer cols = Windows.gather(be, a.input(), s, 0);
        try {
            for (int g = 0; g < s.groups(); g++) {
                be.matmul(new Gemm(s.batch(), s.groupOut(), s.outPlane(), s.patch(), false, false,
                        g * s.groupOut() * s.patch(), s.patch(), 0,
                        g * s.patch() * s.outPlane(), s.outPlane(), Windows.perImage(s),
                        g * s.groupOut() * s.outPlane(), s.outPlane(), s.outChannels() * s.outPlane(), 1.0, 0.0),
                        a.weight(), cols, a.output());
            }
        } finally {
            be.free(cols);
        }
    }

    private static void backwardInput(Backend be, Conv2dBackwardInput a) {
        ConvShape s = a.shape();
        Buffer cols = be.allocate(a.gradOutput().dtype(), (long) s.batch() * Windows.perImage(s));
        try {
            for (int g = 0; g < s.groups(); g++) {
                be.matmul(new Gemm(s.batch(), s.patch(), s.outPlane(), s.groupOut(), true, false,
                        g * s.groupOut() * s.patch(), s.patch(), 0,
                        g * s.groupOut() * s.outPlane(), s.outPlane(), s.outChannels() * s.outPlane(),
                        g * s.patch() * s.outPlane(), s.outPlane(), Windows.perImage(s), 1.0, 0.0),
                        a.weight(), a.gradOutput(), cols);
            }
            Windows.scatter(be, cols, s, a.gradInput());
        } finally {
            be.free(cols);
        }
    }

    private static void backwardWeight(Backend be, Conv2dBackwardWeight a) {
        ConvShape s = a.shape();
        Buffer cols = Windows.gather(be, a.input(), s, 0);
        try {
            for (int g = 0; g < s.groups(); g++) {
                for (int n = 0; n < s.batch(); n++) {
                    be.matmul(new Gemm(1, s.groupOut(), s.patch(), s.outPlane(), false, true,
                            (n * s.outChannels() + g * s.groupOut()) * s.outPlane(), s.outPlane(), 0,
                            (long) n * Windows.perImage(s) + g * s.patch() * s.outPlane(), s.outPlane(), 0,
                            g * s.groupOut() * s.patch(), s.patch(), 0, 1.0, n == 0 ? 0.0 : 1.0),
                            a.gradOutput(), cols, a.gradWeight());
                }
            }
        } finally {
            be.free(cols);
        }
    }
}
