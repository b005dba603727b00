package dev.tessera.opencl;

import dev.tessera.DType;
import dev.tessera.opencl.ProgramCache.Family;

/**
 * Launchers of softmax.cl: softmax and log-softmax with their backward passes (a work-group per row when the axis
 * is the last one, a work item per column otherwise), and fused cross-entropy forward and backward (a work-group
 * per row).
 */
final class SoftmaxOps {
    private final ClContext cx;

    SoftmaxOps(ClContext cx) {
        this.cx = cx;
    }

    /** See {@link dev.tessera.backend.fused.SoftmaxFamily.Softmax}. */
    void softmax(ClBuffer x, ClBuffer y, int outer, int n, int inner, boolean log) {
        if (outer * inner == 0 || n == 0) {
            return;
        }
        DType t = y.dtype();
        if (inner == 1) {
            int wg = workGroup(n);
            cx.launcher.launch(cx.kernel(Family.SOFTMAX, t, "softmax_rows"), new long[]{(long) outer * wg},
                    new long[]{wg}, x, y, n, log ? 1 : 0, new Launcher.Local((long) wg * t.byteSize()));
        } else {
            cx.launch1d(cx.kernel(Family.SOFTMAX, t, "softmax_cols"), (long) outer * inner, x, y, outer, n, inner,
                    log ? 1 : 0);
        }
    }

    /** See {@link dev.tessera.backend.fused.SoftmaxFamily.SoftmaxBackward}. */
    void softmaxBackward(ClBuffer y, ClBuffer gy, ClBuffer gx, int outer, int n, int inner, boolean log) {
        if (outer * inner == 0 || n == 0) {
            return;
        }
        DType t = gx.dtype();
        if (inner == 1) {
            int wg = workGroup(n);
            cx.launcher.launch(cx.kernel(Family.SOFTMAX, t, "softmax_backward_rows"), new long[]{(long) outer * wg},
                    new long[]{wg}, y, gy, gx, n, log ? 1 : 0, new Launcher.Local((long) wg * t.byteSize()));
        } else {
            cx.launch1d(cx.kernel(Family.SOFTMAX, t, "softmax_backward_cols"), (long) outer * inner, y, gy, gx,
                    outer, n, inner, log ? 1 : 0);
        }
    }

    /** See {@link dev.tessera.backend.fused.SoftmaxFamily.CrossEntropy}. */
    void crossEntropy(ClBuffer logits, ClBuffer labels, ClBuffer weights, double smoothing, int rows, int classes,
                      ClBuffer loss, ClBuffer logProbs) {
        if (rows == 0) {
            return;
        }
        DType t = logits.dtype();
        int wg = workGroup(classes);
        cx.launcher.launch(cx.kernel(Family.SOFTMAX, t, "cross_entropy_rows"), new long[]{(long) rows * wg},
                new long[]{wg}, logits, labels, weights == null ? logits : weights, weights == null ? 0 : 1,
                Launcher.scalar(t, smoothing), classes, loss, logProbs, new Launcher.Local((long) wg * t.byteSize()));
    }

    /** See {@link dev.tessera.backend.fused.SoftmaxFamily.CrossEntropyBackward}. */
    void crossEntropyBackward(ClBuffer logProbs, ClBuffer labels, ClBuffer weights, double smoothing, int rows,
                              int classes, ClBuffer gradLoss, ClBuffer gradLogits) {
        if (rows == 0) {
            return;
        }
        DType t = logProbs.dtype();
        int wg = workGroup(classes);
        cx.launcher.launch(cx.kernel(Family.SOFTMAX, t, "cross_entropy_backward_rows"), new long[]{(long) rows * wg},
                new long[]{wg}, logProbs, labels, weights == null ? logProbs : weights, weights == null ? 0 : 1,
                Launcher.scalar(t, smoothing), classes, gradLoss, gradLogits,
                new Launcher.Local((long) wg * t.byteSize()));
    }

    /** The power-of-two work-group size for rows of {@code n}: as many items as elements, up to the limit. */
    private int workGroup(int n) {
        int pow2 = n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
        return Math.min(cx.reduceLocalSize, pow2);
    }
}
