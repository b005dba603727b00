package dev.tessera.backend.fused;

import static dev.tessera.backend.fused.Views.dense;

import dev.tessera.ConvShape;
import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.IndexOp;
import dev.tessera.backend.Operand;

/**
 * The sliding windows of a {@link ConvShape} in primitives, shared by the default compositions of the convolution
 * and pooling families: im2col as one {@link IndexOp#INDEX_SELECT} from the input extended by one slot per channel
 * that padding positions read, and its adjoint as one {@link IndexOp#INDEX_ADD}. The windows of x are
 * {@code cols [N, C, KH KW, OH OW]} with element {@code (n, c, ky KW + kx, i OW + j) = x[n, c, iy, ix]}.
 */
final class Windows {
    private Windows() {
    }

    /** Elements of one image's windows, {@code C KH KW OH OW}. */
    static int perImage(ConvShape s) {
        return s.inChannels() * s.taps() * s.outPlane();
    }

    /** The windows of x (the caller frees them); padding positions read {@code fill}. */
    static Buffer gather(Backend be, Buffer x, ConvShape s, double fill) {
        DType dt = x.dtype();
        int rows = s.batch() * s.inChannels();
        int slots = s.inPlane() + 1;
        Buffer cols = be.allocate(dt, (long) s.batch() * perImage(s));
        Buffer extended = null;
        Buffer index = null;
        boolean done = false;
        try {
            extended = be.allocate(dt, (long) rows * slots);
            int[] plane = {rows, s.inPlane()};
            be.copy(dense(x, plane), Operand.view(extended, 0, new long[]{slots, 1}), plane);
            be.copy(Operand.constant(fill), Operand.view(extended, s.inPlane(), new long[]{slots}), new int[]{rows});
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
     * The adjoint of {@link #gather}: writes {@code gx [N, C, H, W]} (every element) as the sum of the window
     * elements of {@code cols} that read each input position; padding positions are dropped.
     */
    static void scatter(Backend be, Buffer cols, ConvShape s, Buffer gx) {
        int rows = s.batch() * s.inChannels();
        int slots = s.inPlane() + 1;
        Buffer extended = be.allocate(gx.dtype(), (long) rows * slots);
        Buffer index = null;
        try {
            be.copy(Operand.constant(0), dense(extended, new int[]{rows * slots}), new int[]{rows * slots});
            index = tapIndex(be, s);
            be.index(IndexOp.INDEX_ADD, cols, index, extended, rows, slots, s.taps() * s.outPlane(), 1);
            int[] plane = {rows, s.inPlane()};
            be.copy(Operand.view(extended, 0, new long[]{slots, 1}), dense(gx, plane), plane);
        } finally {
            freeAll(be, extended, index);
        }
    }

    /**
     * The INT32 index {@code [KH KW OH OW]} of the window gather: for tap (ky, kx) and output (i, j), the input
     * pixel {@code iy W + ix} it reads, or {@code H W} (the padding slot).
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

    /** Frees the non-null buffers. */
    static void freeAll(Backend be, Buffer... buffers) {
        for (Buffer b : buffers) {
            if (b != null) {
                be.free(b);
            }
        }
    }
}
