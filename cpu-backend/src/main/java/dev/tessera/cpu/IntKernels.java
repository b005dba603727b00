package dev.tessera.cpu;

import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.UnaryOp;

/**
 * INT32 inner loops (labels, indices, masks): plain Java loops with Java {@code int} arithmetic, which C2 vectorizes
 * where the op allows. Same run conventions as {@link Kernels}.
 */
final class IntKernels {
    private IntKernels() {
    }

    /** {@code y[i] = op(x[i])} as {@link UnaryOp#applyInt} (which rejects the ops that compute on floats). */
    static void unary(UnaryOp op, int[] x, int xo, int xs, int[] y, int yo, int ys, int n) {
        if (!op.preservesIntegers()) {
            throw new IllegalArgumentException("unary " + op + " on INT32: only ops that keep integers are defined");
        }
        for (int i = 0; i < n; i++) {
            y[yo + i * ys] = op.applyInt(x[xo + i * xs]);
        }
    }

    /** {@code o[i] = a[i] op b[i]} as {@link BinaryOp#applyInt}. */
    static void binary(BinaryOp op, int[] a, int ao, int as, int[] b, int bo, int bs, int[] o, int oo, int os, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] + b[bo + i * bs];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] - b[bo + i * bs];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] * b[bo + i * bs];
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = op.applyInt(a[ao + i * as], b[bo + i * bs]);
                }
            }
        }
    }

    /** {@code o[i] = c[i] != 0 ? a[i] : b[i]}. */
    static void where(int[] c, int co, int cs, int[] a, int ao, int as, int[] b, int bo, int bs, int[] o, int oo,
                      int os, int n) {
        for (int i = 0; i < n; i++) {
            o[oo + i * os] = c[co + i * cs] != 0 ? a[ao + i * as] : b[bo + i * bs];
        }
    }

    /**
     * Reduces the middle axis of {@code [outer, n, inner]} as the reference does: SUM accumulates exactly (then
     * converts as a double would), MAX/MIN keep the first extreme, ARG ops write its index.
     */
    static void reduce(ReduceOp op, int[] src, int[] dst, int outer, int n, int inner) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                long sum = 0;
                int best = n > 0 ? src[base] : 0;
                int arg = 0;
                for (int j = 0; j < n; j++) {
                    int v = src[base + j * inner];
                    sum += v;
                    boolean better = switch (op) {
                        case MAX, ARGMAX -> v > best;
                        case MIN, ARGMIN -> v < best;
                        case SUM -> false;
                    };
                    if (better) {
                        best = v;
                        arg = j;
                    }
                }
                dst[o * inner + i] = switch (op) {
                    case SUM -> (int) (double) sum;
                    case MAX, MIN -> best;
                    case ARGMAX, ARGMIN -> arg;
                };
            }
        }
    }
}
