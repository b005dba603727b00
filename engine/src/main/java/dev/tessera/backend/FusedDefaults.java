package dev.tessera.backend;

import dev.tessera.DType;

/**
 * The fused fast paths of {@link Backend} written with its primitives only. They are the default implementations,
 * and the reference that the conformance suite compares every backend override against. Temporaries are
 * allocated from the backend and freed before returning.
 */
public final class FusedDefaults {
    private FusedDefaults() {
    }

    // ---------------------------------------------------------------- softmax

    /** See {@link Backend#softmax}. */
    public static void softmax(Backend be, Buffer x, Buffer y, int outer, int n, int inner, boolean log) {
        int[] full = {outer, n, inner};
        Buffer max = be.allocate(x.dtype(), outer * inner);
        try {
            be.reduce(ReduceOp.MAX, x, max, outer, n, inner);
            be.binary(BinaryOp.SUB, dense(x, full), reduced(max, inner), dense(y, full), full);
            if (log) {
                Buffer e = be.allocate(x.dtype(), outer * n * inner);
                try {
                    be.unary(UnaryOp.EXP, 0, dense(y, full), dense(e, full), full);
                    be.reduce(ReduceOp.SUM, e, max, outer, n, inner);
                } finally {
                    be.free(e);
                }
                int[] flat = {outer * inner};
                be.unary(UnaryOp.LOG, 0, dense(max, flat), dense(max, flat), flat);
                be.binary(BinaryOp.SUB, dense(y, full), reduced(max, inner), dense(y, full), full);
            } else {
                be.unary(UnaryOp.EXP, 0, dense(y, full), dense(y, full), full);
                be.reduce(ReduceOp.SUM, y, max, outer, n, inner);
                be.binary(BinaryOp.DIV, dense(y, full), reduced(max, inner), dense(y, full), full);
            }
        } finally {
            be.free(max);
        }
    }

    /** See {@link Backend#softmaxBackward}. */
    public static void softmaxBackward(Backend be, Buffer y, Buffer gy, Buffer gx, int outer, int n, int inner,
                                       boolean log) {
        int[] full = {outer, n, inner};
        Buffer sum = be.allocate(y.dtype(), outer * inner);
        try {
            if (log) {
                be.reduce(ReduceOp.SUM, gy, sum, outer, n, inner);
                be.unary(UnaryOp.EXP, 0, dense(y, full), dense(gx, full), full);
                be.binary(BinaryOp.MUL, dense(gx, full), reduced(sum, inner), dense(gx, full), full);
                be.binary(BinaryOp.SUB, dense(gy, full), dense(gx, full), dense(gx, full), full);
            } else {
                be.binary(BinaryOp.MUL, dense(gy, full), dense(y, full), dense(gx, full), full);
                be.reduce(ReduceOp.SUM, gx, sum, outer, n, inner);
                be.binary(BinaryOp.SUB, dense(gy, full), reduced(sum, inner), dense(gx, full), full);
                be.binary(BinaryOp.MUL, dense(gx, full), dense(y, full), dense(gx, full), full);
            }
        } finally {
            be.free(sum);
        }
    }

    // ---------------------------------------------------------------- cross-entropy

    /** See {@link Backend#softmaxCrossEntropy}. */
    public static void softmaxCrossEntropy(Backend be, Buffer logits, Buffer labels, Buffer classWeights,
                                           double smoothing, int rows, int classes, Buffer loss, Buffer logProbs) {
        DType dt = logits.dtype();
        int[] rowShape = {rows};
        be.softmax(logits, logProbs, rows, classes, 1, true);
        // picked[r] = lp[r, y_r]
        be.index(IndexOp.GATHER, logProbs, labels, loss, rows, classes, 1, 1);
        Buffer weightOfLabel = null;
        try {
            if (classWeights != null) {
                weightOfLabel = be.allocate(dt, rows);
                be.index(IndexOp.INDEX_SELECT, classWeights, labels, weightOfLabel, 1, classes, rows, 1);
                be.binary(BinaryOp.MUL, dense(loss, rowShape), dense(weightOfLabel, rowShape), dense(loss, rowShape),
                        rowShape);
            }
            be.binary(BinaryOp.MUL, dense(loss, rowShape), Operand.constant(-(1.0 - smoothing)),
                    dense(loss, rowShape), rowShape);
            if (smoothing != 0) {
                int[] full = {rows, classes};
                Buffer weighted = be.allocate(dt, rows * classes);
                Buffer rowSum = be.allocate(dt, rows);
                try {
                    if (classWeights != null) {
                        be.binary(BinaryOp.MUL, dense(logProbs, full), Operand.view(classWeights, 0, new int[]{0, 1}),
                                dense(weighted, full), full);
                    } else {
                        be.copy(dense(logProbs, full), dense(weighted, full), full);
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

    /** See {@link Backend#softmaxCrossEntropyBackward}. */
    public static void softmaxCrossEntropyBackward(Backend be, Buffer logProbs, Buffer labels, Buffer classWeights,
                                                   double smoothing, int rows, int classes, Buffer gradLoss,
                                                   Buffer gradLogits) {
        DType dt = logProbs.dtype();
        int[] full = {rows, classes};
        int[] rowShape = {rows};
        int[] rowBroadcast = {1, 0};
        Buffer coef = be.allocate(dt, rows);
        Buffer labelTerm = be.allocate(dt, rows);
        Buffer total = classWeights != null ? be.allocate(dt, 1) : null;
        try {
            // labelTerm[r] = (1-eps) w[y_r] g[r]
            if (classWeights != null) {
                be.index(IndexOp.INDEX_SELECT, classWeights, labels, labelTerm, 1, classes, rows, 1);
                be.binary(BinaryOp.MUL, dense(labelTerm, rowShape), dense(gradLoss, rowShape),
                        dense(labelTerm, rowShape), rowShape);
            } else {
                be.copy(dense(gradLoss, rowShape), dense(labelTerm, rowShape), rowShape);
            }
            be.binary(BinaryOp.MUL, dense(labelTerm, rowShape), Operand.constant(1.0 - smoothing),
                    dense(labelTerm, rowShape), rowShape);
            // coef[r] = labelTerm[r] + (eps/C) W g[r]
            if (classWeights != null) {
                be.reduce(ReduceOp.SUM, classWeights, total, 1, classes, 1);
                be.binary(BinaryOp.MUL, dense(gradLoss, rowShape), Operand.view(total, 0, new int[]{0}),
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
            be.unary(UnaryOp.EXP, 0, dense(logProbs, full), dense(gradLogits, full), full);
            be.binary(BinaryOp.MUL, dense(gradLogits, full), Operand.view(coef, 0, rowBroadcast),
                    dense(gradLogits, full), full);
            // gx[r, y_r] -= labelTerm[r]
            be.unary(UnaryOp.NEG, 0, dense(labelTerm, rowShape), dense(labelTerm, rowShape), rowShape);
            be.index(IndexOp.SCATTER_ADD, labelTerm, labels, gradLogits, rows, classes, 1, 1);
            // gx[r, j] -= (eps/C) w[j] g[r]
            if (smoothing != 0) {
                Buffer outerProduct = be.allocate(dt, rows * classes);
                try {
                    Operand w = classWeights != null ? Operand.view(classWeights, 0, new int[]{0, 1})
                            : Operand.constant(1.0);
                    be.binary(BinaryOp.MUL, Operand.view(gradLoss, 0, rowBroadcast), w, dense(outerProduct, full),
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

    // ---------------------------------------------------------------- bias + activation

    /** See {@link Backend#biasActivation}. */
    public static void biasActivation(Backend be, UnaryOp act, double alpha, Buffer z, Buffer bias, Buffer y,
                                      int rows, int cols) {
        int[] full = {rows, cols};
        if (bias != null) {
            be.binary(BinaryOp.ADD, dense(z, full), Operand.view(bias, 0, new int[]{0, 1}), dense(z, full), full);
        }
        if (act != null) {
            be.unary(act, alpha, dense(z, full), dense(y, full), full);
        } else if (y != z) {
            be.copy(dense(z, full), dense(y, full), full);
        }
    }

    /** See {@link Backend#biasActivationBackward}. */
    public static void biasActivationBackward(Backend be, UnaryOp act, double alpha, Buffer pre, Buffer y, Buffer gy,
                                              Buffer gz, Buffer gradBias, int rows, int cols) {
        int[] full = {rows, cols};
        if (act != null) {
            be.unaryBackward(act, alpha, pre, y, gy, gz, rows * cols);
        } else if (gz != gy) {
            be.copy(dense(gy, full), dense(gz, full), full);
        }
        if (gradBias != null) {
            be.reduce(ReduceOp.SUM, gz, gradBias, 1, rows, cols);
        }
    }

    // ---------------------------------------------------------------- optimizer steps

    /** See {@link Backend#sgdStep}. */
    public static void sgdStep(Backend be, Buffer[] params, Buffer[] grads, Buffer[] momentum, SgdConfig c) {
        for (int i = 0; i < params.length; i++) {
            Buffer p = params[i];
            int[] shape = {p.numel()};
            Operand pv = dense(p, shape);
            Buffer d = be.allocate(p.dtype(), p.numel());
            Operand dv = dense(d, shape);
            try {
                if (c.weightDecay() != 0 && c.decoupled()) {
                    be.binary(BinaryOp.MUL, pv, Operand.constant(1.0 - c.lr() * c.weightDecay()), pv, shape);
                }
                if (c.weightDecay() != 0 && !c.decoupled()) {
                    be.binary(BinaryOp.MUL, pv, Operand.constant(c.weightDecay()), dv, shape);
                    be.binary(BinaryOp.ADD, dense(grads[i], shape), dv, dv, shape);
                } else {
                    be.copy(dense(grads[i], shape), dv, shape);
                }
                if (c.momentum() != 0) {
                    Operand buf = dense(momentum[i], shape);
                    if (c.firstStep()) {
                        be.copy(dv, buf, shape);
                    } else {
                        Buffer scaled = be.allocate(p.dtype(), p.numel());
                        try {
                            be.binary(BinaryOp.MUL, buf, Operand.constant(c.momentum()), buf, shape);
                            be.binary(BinaryOp.MUL, dv, Operand.constant(1.0 - c.dampening()), dense(scaled, shape),
                                    shape);
                            be.binary(BinaryOp.ADD, buf, dense(scaled, shape), buf, shape);
                        } finally {
                            be.free(scaled);
                        }
                    }
                    if (c.nesterov()) {
                        Buffer look = be.allocate(p.dtype(), p.numel());
                        try {
                            be.binary(BinaryOp.MUL, buf, Operand.constant(c.momentum()), dense(look, shape), shape);
                            be.binary(BinaryOp.ADD, dv, dense(look, shape), dv, shape);
                        } finally {
                            be.free(look);
                        }
                    } else {
                        be.copy(buf, dv, shape);
                    }
                }
                be.binary(BinaryOp.MUL, dv, Operand.constant(c.lr()), dv, shape);
                be.binary(BinaryOp.SUB, pv, dv, pv, shape);
            } finally {
                be.free(d);
            }
        }
    }

    /** See {@link Backend#adamStep}. */
    public static void adamStep(Backend be, Buffer[] params, Buffer[] grads, Buffer[] firstMoment,
                                Buffer[] secondMoment, Buffer[] maxSecondMoment, AdamConfig c) {
        double biasCorrection1 = 1.0 - Math.pow(c.beta1(), c.step());
        double biasCorrection2 = 1.0 - Math.pow(c.beta2(), c.step());
        double stepSize = c.lr() / biasCorrection1;
        double sqrtBc2 = Math.sqrt(biasCorrection2);
        for (int i = 0; i < params.length; i++) {
            Buffer p = params[i];
            int[] shape = {p.numel()};
            Operand pv = dense(p, shape);
            Operand m = dense(firstMoment[i], shape);
            Operand v = dense(secondMoment[i], shape);
            Buffer gBuf = be.allocate(p.dtype(), p.numel());
            Buffer tBuf = be.allocate(p.dtype(), p.numel());
            Operand g = dense(gBuf, shape);
            Operand t = dense(tBuf, shape);
            try {
                if (c.weightDecay() != 0 && !c.decoupled()) {
                    be.binary(BinaryOp.MUL, pv, Operand.constant(c.weightDecay()), g, shape);
                    be.binary(BinaryOp.ADD, dense(grads[i], shape), g, g, shape);
                } else {
                    be.copy(dense(grads[i], shape), g, shape);
                }
                if (c.weightDecay() != 0 && c.decoupled()) {
                    be.binary(BinaryOp.MUL, pv, Operand.constant(1.0 - c.lr() * c.weightDecay()), pv, shape);
                }
                be.binary(BinaryOp.MUL, m, Operand.constant(c.beta1()), m, shape);
                be.binary(BinaryOp.MUL, g, Operand.constant(1.0 - c.beta1()), t, shape);
                be.binary(BinaryOp.ADD, m, t, m, shape);
                be.binary(BinaryOp.MUL, v, Operand.constant(c.beta2()), v, shape);
                be.binary(BinaryOp.MUL, g, g, t, shape);
                be.binary(BinaryOp.MUL, t, Operand.constant(1.0 - c.beta2()), t, shape);
                be.binary(BinaryOp.ADD, v, t, v, shape);
                Operand second = v;
                if (c.amsgrad()) {
                    Operand vmax = dense(maxSecondMoment[i], shape);
                    be.binary(BinaryOp.MAXIMUM, vmax, v, vmax, shape);
                    second = vmax;
                }
                be.unary(UnaryOp.SQRT, 0, second, t, shape);
                be.binary(BinaryOp.DIV, t, Operand.constant(sqrtBc2), t, shape);
                be.binary(BinaryOp.ADD, t, Operand.constant(c.eps()), t, shape);
                be.binary(BinaryOp.DIV, m, t, t, shape);
                be.binary(BinaryOp.MUL, t, Operand.constant(stepSize), t, shape);
                be.binary(BinaryOp.SUB, pv, t, pv, shape);
            } finally {
                be.free(gBuf);
                be.free(tBuf);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Operand dense(Buffer b, int[] shape) {
        return Operand.contiguous(b, shape);
    }

    /** A [outer, inner] buffer seen over [outer, n, inner], broadcast along the middle axis. */
    private static Operand reduced(Buffer b, int inner) {
        return Operand.view(b, 0, new int[]{inner, 0, 1});
    }
}
