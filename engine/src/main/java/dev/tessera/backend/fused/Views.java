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
        return Operand.view(b, 0, new int[]{inner, 0, 1});
    }

    /** A [cols] buffer seen over [rows, cols], broadcast along the rows. */
    static Operand rowBroadcast(Buffer b) {
        return Operand.view(b, 0, new int[]{0, 1});
    }
}
