package dev.tessera.backend.fused;

import dev.tessera.ConvShape;
import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.IndexOp;
import dev.tessera.backend.Operand;
import dev.tessera.backend.ReduceOp;
import java.util.List;

/**
 * 2-D max pooling as fused ops. The window geometry is a {@link ConvShape} whose groups equal its channels (each
 * channel pooled on its own) and whose output channels equal its input channels ({@link ConvShape#pooling}):
 * <pre>
 *   y[n, c, i, j] = max_{ky, kx} x[n, c, i sh + ky dh - ph, j sw + kx dw - pw],
 *   indices[n, c, i, j] = ky KW + kx of the first maximum in (ky, kx) order (the first NaN if any),
 * </pre>
 * where padding positions read {@code -inf}. The gradient routes each output gradient to the input position of
 * its maximum. Default compositions: the windows of {@link Windows#gather} with {@code -inf} padding, an
 * {@link ReduceOp#ARGMAX} over the taps and a {@link IndexOp#GATHER} of the values; backward a
 * {@link IndexOp#SCATTER_ADD} into zero windows and {@link Windows#scatter}.
 */
public final class PoolFamily {
    private PoolFamily() {
    }

    /**
     * Gradient of {@link #MAX_POOL2D}: {@code gx[n, c, iy, ix] = sum gy[n, c, i, j]} over the outputs whose maximum
     * is at (iy, ix). Writes gradInput [N, C, H, W] (every element).
     */
    public record MaxPool2dBackward(Buffer gradOutput, Buffer indices, Buffer gradInput, ConvShape shape) {
    }

    /**
     * Max pooling of input [N, C, H, W]: writes output [N, C, OH, OW] and the INT32 tap of each maximum, indices
     * [N, C, OH, OW] (kept for the backward op).
     */
    public record MaxPool2d(Buffer input, Buffer output, Buffer indices, ConvShape shape) {
    }

    /** See {@link MaxPool2dBackward}. */
    public static final FusedOp<MaxPool2dBackward> MAX_POOL2D_BACKWARD = FusedOp.of("maxPool2dBackward",
            MaxPool2dBackward.class, PoolFamily::maxPoolBackward)
            .launchedOver(a -> KernelGrid.elements(a.shape().inputNumel()));
    /** See {@link MaxPool2d}. */
    public static final FusedOp<MaxPool2d> MAX_POOL2D = FusedOp.of("maxPool2d", MaxPool2d.class,
            PoolFamily::maxPool, MAX_POOL2D_BACKWARD).launchedOver(a -> KernelGrid.elements(a.shape().outputNumel()));

    /** Every op of the family. */
    public static final List<FusedOp<?>> ALL = List.of(MAX_POOL2D, MAX_POOL2D_BACKWARD);

    // ---------------------------------------------------------------- default compositions

    private static void maxPool(Backend be, MaxPool2d a) {
        ConvShape s = a.shape();
        int rows = s.batch() * s.inChannels();
        Buffer cols = Windows.gather(be, a.input(), s, Double.NEGATIVE_INFINITY);
        try {
            be.reduce(ReduceOp.ARGMAX, cols, a.indices(), rows, s.taps(), s.outPlane());
            be.index(IndexOp.GATHER, cols, a.indices(), a.output(), rows, s.taps(), 1, s.outPlane());
        } finally {
            be.free(cols);
        }
    }

    private static void maxPoolBackward(Backend be, MaxPool2dBackward a) {
        ConvShape s = a.shape();
        int rows = s.batch() * s.inChannels();
        int n = rows * s.taps() * s.outPlane();
        DType dt = a.gradOutput().dtype();
        Buffer cols = be.allocate(dt, n);
        try {
            be.copy(Operand.constant(0), Views.dense(cols, new int[]{n}), new int[]{n});
            be.index(IndexOp.SCATTER_ADD, a.gradOutput(), a.indices(), cols, rows, s.taps(), 1, s.outPlane());
            Windows.scatter(be, cols, s, a.gradInput());
        } finally {
            be.free(cols);
        }
    }
}
