package dev.tessera.backend.fused;

import static dev.tessera.backend.fused.Views.dense;
import static dev.tessera.backend.fused.Views.reduced;
import static dev.tessera.backend.fused.Views.rowBroadcast;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.IndexOp;
import dev.tessera.backend.Operand;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.UnaryOp;
import java.util.List;

/**
 * The softmax family of fused ops: softmax / log-softmax along the middle axis of {@code [outer, n, inner]}, the
 * softmax cross-entropy from logits, and their backward ops; each with its default composition in primitives.
 * Temporaries of a composition are allocated from the backend and freed before it returns.
 */
public final class SoftmaxFamily {
    private SoftmaxFamily() {
    }

    /**
     * Gradient of {@link #SOFTMAX} from its output: {@code gx = y (gy - sum_j gy y)}, or for log-softmax
     * {@code gx = gy - exp(y) sum_j gy}. Writes gx.
     */
    public record SoftmaxBackward(Buffer y, Buffer gy, Buffer gx, int outer, int n, int inner, boolean log) {
    }

    /**
     * Softmax (or log-softmax when {@code log}) of x along the middle axis of {@code [outer, n, inner]}:
     * {@code y = exp(x - max) / sum exp(x - max)}, or {@code y = (x - max) - log sum exp(x - max)} (in that order:
     * subtracting {@code max + log sum} at once rounds the shift at the magnitude of x). Writes y, which may be x.
     */
    public record Softmax(Buffer x, Buffer y, int outer, int n, int inner, boolean log) {
    }

    /**
     * Gradient of {@link #CROSS_ENTROPY} with respect to the logits, with {@code p = exp(logProbs)} and
     * {@code W = sum_c w[c]}: {@code gx[r, j] = g[r] (p[r,j]((1-eps) w[y_r] + (eps/C) W) - (1-eps) w[y_r] [j = y_r]
     * - (eps/C) w[j])}. Writes gradLogits; classWeights may be null (all 1).
     */
    public record CrossEntropyBackward(Buffer logProbs, Buffer labels, Buffer classWeights, Buffer gradLoss,
                                       Buffer gradLogits, int rows, int classes, double smoothing) {
    }

    /**
     * Cross-entropy from logits [rows, classes] and INT32 labels, per row: with {@code lp = log_softmax(logits)},
     * weights w (all 1 when classWeights is null), smoothing eps and C classes,
     * {@code loss[r] = -(1-eps) w[y_r] lp[r, y_r] - (eps/C) sum_c w[c] lp[r, c]} (PyTorch's definition). Writes
     * loss [rows] and logProbs [rows, classes] (kept for the backward op).
     */
    public record CrossEntropy(Buffer logits, Buffer labels, Buffer classWeights, Buffer loss, Buffer logProbs,
                               int rows, int classes, double smoothing) {
    }

    /** See {@link SoftmaxBackward}. */
    public static final FusedOp<SoftmaxBackward> SOFTMAX_BACKWARD =
            FusedOp.of("softmaxBackward", SoftmaxBackward.class, SoftmaxFamily::softmaxBackward)
                    .launchedOver(a -> grid(a.outer(), a.n(), a.inner()), "rows", "cols");
    /** See {@link Softmax}. */
    public static final FusedOp<Softmax> SOFTMAX =
            FusedOp.of("softmax", Softmax.class, SoftmaxFamily::softmax, SOFTMAX_BACKWARD)
                    .launchedOver(a -> grid(a.outer(), a.n(), a.inner()), "rows", "cols");
    /** See {@link CrossEntropyBackward}. */
    public static final FusedOp<CrossEntropyBackward> CROSS_ENTROPY_BACKWARD =
            FusedOp.of("crossEntropyBackward", CrossEntropyBackward.class, SoftmaxFamily::crossEntropyBackward)
                    .launchedOver(a -> KernelGrid.rows(a.rows(), a.classes()));
    /** See {@link CrossEntropy}. */
    public static final FusedOp<CrossEntropy> CROSS_ENTROPY =
            FusedOp.of("crossEntropy", CrossEntropy.class, SoftmaxFamily::crossEntropy, CROSS_ENTROPY_BACKWARD)
                    .launchedOver(a -> KernelGrid.rows(a.rows(), a.classes()));

    /** Every op of the family. */
    public static final List<FusedOp<?>> ALL = List.of(SOFTMAX, SOFTMAX_BACKWARD, CROSS_ENTROPY,
            CROSS_ENTROPY_BACKWARD);

    /**
     * The GPU grid of softmax and its gradient: along the last axis ({@code inner == 1}) a group per row of n
     * (kernel variant {@code rows}), otherwise a work item per {@code (outer, inner)} column (variant {@code cols}).
     */
    private static KernelGrid grid(int outer, int n, int inner) {
        return inner == 1 ? KernelGrid.rows(outer, n).variant("rows")
                : KernelGrid.elements((long) outer * inner).variant("cols");
    }

    // ---------------------------------------------------------------- default compositions

    private static void softmax(Backend be, Softmax a) {
        int outer = a.outer();
        int n = a.n();
        int inner = a.inner();
        int[] full = {outer, n, inner};
        Buffer max = be.allocate(a.x().dtype(), (long) outer * inner);
        try {
            be.reduce(ReduceOp.MAX, a.x(), max, outer, n, inner);
            be.binary(BinaryOp.SUB, dense(a.x(), full), reduced(max, inner), dense(a.y(), full), full);
            if (a.log()) {
                Buffer e = be.allocate(a.x().dtype(), (long) outer * n * inner);
                try {
                    be.unary(UnaryOp.EXP, 0, dense(a.y(), full), dense(e, full), full);
                    be.reduce(ReduceOp.SUM, e, max, outer, n, inner);
                } finally {
                    be.free(e);
                }
                int[] kept = {outer, inner};
                be.unary(UnaryOp.LOG, 0, dense(max, kept), dense(max, kept), kept);
                be.binary(BinaryOp.SUB, dense(a.y(), full), reduced(max, inner), dense(a.y(), full), full);
            } else {
                be.unary(UnaryOp.EXP, 0, dense(a.y(), full), dense(a.y(), full), full);
                be.reduce(ReduceOp.SUM, a.y(), max, outer, n, inner);
                be.binary(BinaryOp.DIV, dense(a.y(), full), reduced(max, inner), dense(a.y(), full), full);
            }
        } finally {
            be.free(max);
        }
    }

    private static void softmaxBackward(Backend be, SoftmaxBackward a) {
        int inner = a.inner();
        int[] full = {a.outer(), a.n(), inner};
        Buffer sum = be.allocate(a.y().dtype(), (long) a.outer() * inner);
        try {
            if (a.log()) {
                be.reduce(ReduceOp.SUM, a.gy(), sum, a.outer(), a.n(), inner);
                be.unary(UnaryOp.EXP, 0, dense(a.y(), full), dense(a.gx(), full), full);
                be.binary(BinaryOp.MUL, dense(a.gx(), full), reduced(sum, inner), dense(a.gx(), full), full);
                be.binary(BinaryOp.SUB, dense(a.gy(), full), dense(a.gx(), full), dense(a.gx(), full), full);
            } else {
                be.binary(BinaryOp.MUL, dense(a.gy(), full), dense(a.y(), full), dense(a.gx(), full), full);
                be.reduce(ReduceOp.SUM, a.gx(), sum, a.outer(), a.n(), inner);
                be.binary(BinaryOp.SUB, dense(a.gy(), full), reduced(sum, inner), dense(a.gx(), full), full);
                be.binary(BinaryOp.MUL, dense(a.gx(), full), dense(a.y(), full), dense(a.gx(), full), full);
            }
        } finally {
            be.free(sum);
        }
    }

    private static void crossEntropy(Backend be, CrossEntropy a) {
        DType dt = a.logits().dtype();
        int rows = a.rows();
        int classes = a.classes();
        double smoothing = a.smoothing();
        Buffer loss = a.loss();
        int[] rowShape = {rows};
        SOFTMAX.run(be, new Softmax(a.logits(), a.logProbs(), rows, classes, 1, true));
        // picked[r] = lp[r, y_r]
        be.index(IndexOp.GATHER, a.logProbs(), a.labels(), loss, rows, classes, 1, 1);
        Buffer weightOfLabel = null;
        try {
            if (a.classWeights() != null) {
                weightOfLabel = be.allocate(dt, rows);
                be.index(IndexOp.INDEX_SELECT, a.classWeights(), a.labels(), weightOfLabel, 1, classes, rows, 1);
                be.binary(BinaryOp.MUL, dense(loss, rowShape), dense(weightOfLabel, rowShape), dense(loss, rowShape),
                        rowShape);
            }
            be.binary(BinaryOp.MUL, dense(loss, rowShape), Operand.constant(-(1.0 - smoothing)),
                    dense(loss, rowShape), rowShape);
            if (smoothing != 0) {
                int[] full = {rows, classes};
                Buffer weighted = be.allocate(dt, (long) rows * classes);
                Buffer rowSum = be.allocate(dt, rows);
                try {
                    if (a.classWeights() != null) {
                        be.binary(BinaryOp.MUL, dense(a.logProbs(), full), rowBroadcast(a.classWeights()),
                                dense(weighted, full), full);
                    } else {
                        be.copy(dense(a.logProbs(), full), dense(weighted, full), full);
                    }
                    be.reduce(ReduceOp.SUM, weighted, rowSum, rows, classes, 1);
                    be.binary(BinaryOp.MUL, dense(rowSum, rowShape), Operand.constant(-smoothing / classes),
                            dense(rowSum, rowShape), rowShape);
                    be.binary(BinaryOp.ADD, dense(loss, rowShape), dense(rowSum, rowShape), dense(loss, rowShape),
                            rowShape);
                } finally {
                    be.free(weighted);
                    be.free(rowSum);
                }
            }
        } finally {
            if (weightOfLabel != null) {
                be.free(weightOfLabel);
            }
        }
    }

    private static void crossEntropyBackward(Backend be, CrossEntropyBackward a) {
        DType dt = a.logProbs().dtype();
        int rows = a.rows();
        int classes = a.classes();
        double smoothing = a.smoothing();
        Buffer weights = a.classWeights();
        Buffer gradLoss = a.gradLoss();
        Buffer gradLogits = a.gradLogits();
        int[] full = {rows, classes};
        int[] rowShape = {rows};
        long[] columnBroadcast = {1, 0};
        Buffer coef = be.allocate(dt, rows);
        Buffer labelTerm = be.allocate(dt, rows);
        Buffer total = weights != null ? be.allocate(dt, 1) : null;
        try {
            // labelTerm[r] = (1-eps) w[y_r] g[r]
            if (weights != null) {
                be.index(IndexOp.INDEX_SELECT, weights, a.labels(), labelTerm, 1, classes, rows, 1);
                be.binary(BinaryOp.MUL, dense(labelTerm, rowShape), dense(gradLoss, rowShape),
                        dense(labelTerm, rowShape), rowShape);
            } else {
                be.copy(dense(gradLoss, rowShape), dense(labelTerm, rowShape), rowShape);
            }
            be.binary(BinaryOp.MUL, dense(labelTerm, rowShape), Operand.constant(1.0 - smoothing),
                    dense(labelTerm, rowShape), rowShape);
            // coef[r] = labelTerm[r] + (eps/C) W g[r]
            if (weights != null) {
                be.reduce(ReduceOp.SUM, weights, total, 1, classes, 1);
                be.binary(BinaryOp.MUL, dense(gradLoss, rowShape), Operand.view(total, 0, new long[]{0}),
                        dense(coef, rowShape), rowShape);
                be.binary(BinaryOp.MUL, dense(coef, rowShape), Operand.constant(smoothing / classes),
                        dense(coef, rowShape), rowShape);
            } else {
                be.binary(BinaryOp.MUL, dense(gradLoss, rowShape), Operand.constant(smoothing),
                        dense(coef, rowShape), rowShape);
            }
            be.binary(BinaryOp.ADD, dense(coef, rowShape), dense(labelTerm, rowShape), dense(coef, rowShape),
                    rowShape);
            // gx = p * coef[r]
            be.unary(UnaryOp.EXP, 0, dense(a.logProbs(), full), dense(gradLogits, full), full);
            be.binary(BinaryOp.MUL, dense(gradLogits, full), Operand.view(coef, 0, columnBroadcast),
                    dense(gradLogits, full), full);
            // gx[r, y_r] -= labelTerm[r]
            be.unary(UnaryOp.NEG, 0, dense(labelTerm, rowShape), dense(labelTerm, rowShape), rowShape);
            be.index(IndexOp.SCATTER_ADD, labelTerm, a.labels(), gradLogits, rows, classes, 1, 1);
            // gx[r, j] -= (eps/C) w[j] g[r]
            if (smoothing != 0) {
                Buffer outerProduct = be.allocate(dt, (long) rows * classes);
                try {
                    Operand w = weights != null ? rowBroadcast(weights) : Operand.constant(1.0);
                    be.binary(BinaryOp.MUL, Operand.view(gradLoss, 0, columnBroadcast), w, dense(outerProduct, full),
                            full);
                    be.binary(BinaryOp.MUL, dense(outerProduct, full), Operand.constant(smoothing / classes),
                            dense(outerProduct, full), full);
                    be.binary(BinaryOp.SUB, dense(gradLogits, full), dense(outerProduct, full),
                            dense(gradLogits, full), full);
                } finally {
                    be.free(outerProduct);
                }
            }
        } finally {
            be.free(coef);
            be.free(labelTerm);
            if (total != null) {
                be.free(total);
            }
        }
    }
}
