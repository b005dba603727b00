package dev.tessera.backend.fused;

import static dev.tessera.backend.fused.Views.dense;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.IndexOp;
import dev.tessera.backend.Operand;
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
            Conv2dBackwardInput.class, ConvFamily::backwardInput);
    /** See {@link Conv2dBackwardWeight}. */
    public static final FusedOp<Conv2dBackwardWeight> CONV2D_BACKWARD_WEIGHT = FusedOp.of("conv2dBackwardWeight",
            Conv2dBackwardWeight.class, ConvFamily::backwardWeight);
    /**
     * See {@link Conv2d}; its input gradient is {@link #CONV2D_BACKWARD_INPUT} (the descriptor's backward), its
     * weight gradient {@link #CONV2D_BACKWARD_WEIGHT}.
     */
    public static final FusedOp<Conv2d> CONV2D = FusedOp.of("conv2d", Conv2d.class, ConvFamily::forward,
            CONV2D_BACKWARD_INPUT);

    /** Every op of the family. */
    public static final List<FusedOp<?>> ALL = List.of(CONV2D, CONV2D_BACKWARD_INPUT, CONV2D_BACKWARD_WEIGHT);

    // ---------------------------------------------------------------- default compositions

    private static void forward(Backend be, Conv2d a) {
        ConvShape s = a.shape();
        Buffer cols = windows(be, a.input(), s);
        try {
            for (int g = 0; g < s.groups(); g++) {
                be.matmul(new Gemm(s.batch(), s.groupOut(), s.outPlane(), s.patch(), false, false,
                        g * s.groupOut() * s.patch(), s.patch(), 0,
                        g * s.patch() * s.outPlane(), s.outPlane(), colsPerImage(s),
                        g * s.groupOut() * s.outPlane(), s.outPlane(), s.outChannels() * s.outPlane(), 1.0, 0.0),
                        a.weight(), cols, a.output());
            }
        } finally {
            be.free(cols);
        }
    }

    private static void backwardInput(Backend be, Conv2dBackwardInput a) {
        ConvShape s = a.shape();
        DType dt = a.gradOutput().dtype();
        int rows = s.batch() * s.inChannels();
        int slots = s.inPlane() + 1;
        Buffer cols = be.allocate(dt, s.batch() * colsPerImage(s));
        Buffer extended = null;
        Buffer index = null;
        try {
            for (int g = 0; g < s.groups(); g++) {
                be.matmul(new Gemm(s.batch(), s.patch(), s.outPlane(), s.groupOut(), true, false,
                        g * s.groupOut() * s.patch(), s.patch(), 0,
                        g * s.groupOut() * s.outPlane(), s.outPlane(), s.outChannels() * s.outPlane(),
                        g * s.patch() * s.outPlane(), s.outPlane(), colsPerImage(s), 1.0, 0.0),
                        a.weight(), a.gradOutput(), cols);
            }
            extended = be.allocate(dt, rows * slots);
            be.copy(Operand.constant(0), dense(extended, new int[]{rows * slots}), new int[]{rows * slots});
            index = tapIndex(be, s);
            be.index(IndexOp.INDEX_ADD, cols, index, extended, rows, slots, s.taps() * s.outPlane(), 1);
            int[] plane = {rows, s.inPlane()};
            be.copy(Operand.view(extended, 0, new int[]{slots, 1}), dense(a.gradInput(), plane), plane);
        } finally {
            be.free(cols);
            freeAll(be, extended, index);
        }
    }

    private static void backwardWeight(Backend be, Conv2dBackwardWeight a) {
        ConvShape s = a.shape();
        Buffer cols = windows(be, a.input(), s);
        try {
            for (int g = 0; g < s.groups(); g++) {
                for (int n = 0; n < s.batch(); n++) {
                    be.matmul(new Gemm(1, s.groupOut(), s.patch(), s.outPlane(), false, true,
                            (n * s.outChannels() + g * s.groupOut()) * s.outPlane(), s.outPlane(), 0,
                            n * colsPerImage(s) + g * s.patch() * s.outPlane(), s.outPlane(), 0,
                            g * s.groupOut() * s.patch(), s.patch(), 0, 1.0, n == 0 ? 0.0 : 1.0),
                            a.gradOutput(), cols, a.gradWeight());
                }
            }
        } finally {
            be.free(cols);
        }
    }

    /** Elements of one image's windows, {@code C KH KW OH OW}. */
    private static int colsPerImage(ConvShape s) {
        return s.inChannels() * s.taps() * s.outPlane();
    }

    /**
     * The windows {@code cols [N, C, KH KW, OH OW]} of x (caller frees): one gather from x extended by a zero slot
     * per channel.
     */
    private static Buffer windows(Backend be, Buffer x, ConvShape s) {
        DType dt = x.dtype();
        int rows = s.batch() * s.inChannels();
        int slots = s.inPlane() + 1;
        Buffer cols = be.allocate(dt, s.batch() * colsPerImage(s));
        Buffer extended = null;
        Buffer index = null;
        boolean done = false;
        try {
            extended = be.allocate(dt, rows * slots);
            int[] plane = {rows, s.inPlane()};
            be.copy(dense(x, plane), Operand.view(extended, 0, new int[]{slots, 1}), plane);
            be.copy(Operand.constant(0), Operand.view(extended, s.inPlane(), new int[]{slots}), new int[]{rows});
            index = tapIndex(be, s);
            be.index(IndexOp.INDEX_SELECT, extended, index, cols, rows, slots, s.taps() * s.outPlane(), 1);
            done = true;
            return cols;
        } finally {
            freeAll(be, extended, index);
            if (!done) {
                be.free(cols);
            }
        }
    }

    /**
     * The INT32 index {@code [KH KW OH OW]} of the window gather: for tap (ky, kx) and output (i, j), the input
     * pixel {@code iy W + ix} it reads, or {@code H W} (the zero slot) for padding.
     */
    private static Buffer tapIndex(Backend be, ConvShape s) {
        int[] index = new int[s.taps() * s.outPlane()];
        int t = 0;
        for (int ky = 0; ky < s.kernelH(); ky++) {
            for (int kx = 0; kx < s.kernelW(); kx++) {
                for (int i = 0; i < s.outH(); i++) {
                    int iy = s.inputRow(i, ky);
                    for (int j = 0; j < s.outW(); j++) {
                        int ix = s.inputCol(j, kx);
                        boolean inside = iy >= 0 && iy < s.height() && ix >= 0 && ix < s.width();
                        index[t++] = inside ? iy * s.width() + ix : s.inPlane();
                    }
                }
            }
        }
        Buffer b = be.allocate(DType.INT32, index.length);
        be.write(b, 0, index, 0, index.length);
        return b;
    }

    private static void freeAll(Backend be, Buffer... buffers) {
        for (Buffer b : buffers) {
            if (b != null) {
                be.free(b);
            }
        }
    }
}
