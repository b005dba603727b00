package dev.tessera.backend.fused;

import dev.tessera.backend.Buffer;
import dev.tessera.backend.Operand;

/** Operand views that the default compositions share. */
final class Views {
    private Views() {
    }

    /** {@code b} as a dense row-major operand of iteration shape {@code shape}. */
    static Operand dense(Buffer b, int[] shape) {
        return Operand.contiguous(b, shape);
    }

    /** A [outer, inner] buffer seen over [outer, n, inner], broadcast along the middle axis. */
    static Operand reduced(Buffer b, int inner) {
        return Operand.view(b, 0, new long[]{inner, 0, 1});
    }

    /** A [cols] buffer seen over [rows, cols], broadcast along the rows. */
    static Operand rowBroadcast(Buffer b) {
        return Operand.view(b, 0, new long[]{0, 1});
    }

    /**
     * Runs {@code pass} over the flat range {@code [0, n)} of dense buffers in 1-D pieces of at most
     * {@link #FLAT_PIECE} elements: an iteration axis is an {@code int}, while a buffer may hold more than 2^31
     * elements. {@code pass} views each buffer with {@link #flat}.
     */
    static void flatPieces(long n, FlatPass pass) {
        for (long first = 0; first < n; first += FLAT_PIECE) {
            pass.run(first, new int[]{(int) Math.min(FLAT_PIECE, n - first)});
        }
    }

    /** The most elements {@link #flatPieces} hands to one pass. */
    static final int FLAT_PIECE = 1 << 30;

    /** Element {@code first} onward of dense buffer {@code b}, as a 1-D operand. */
    static Operand flat(Buffer b, long first) {
        return Operand.view(b, first, UNIT_STRIDE);
    }

    private static final long[] UNIT_STRIDE = {1};

    /** One piece of a flat elementwise composition: elements {@code first .. first + shape[0] - 1}. */
    @FunctionalInterface
    interface FlatPass {
        void run(long first, int[] shape);
    }
}
