package dev.tessera.opencl;

import dev.tessera.DType;
import dev.tessera.backend.AdamConfig;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.SgdConfig;
import dev.tessera.backend.UnaryOp;
import dev.tessera.opencl.ProgramCache.Family;
import java.util.function.ObjIntConsumer;

/**
 * Launchers of fused.cl: bias + activation and its backward (the activation gradient and per-chunk column sums in
 * one pass, then a short column reduction for the bias gradient), and one kernel per parameter buffer for the SGD
 * and Adam steps.
 */
final class FusedOps {
    private static final int STEP_DECOUPLED = 1;
    private static final int STEP_NESTEROV = 2;
    private static final int STEP_FIRST = 4;
    private static final int STEP_MOMENTUM = 8;
    private static final int STEP_WEIGHT_DECAY = 16;
    private static final int STEP_AMSGRAD = 32;

    private final ClContext cx;
    private final ElementwiseOps elementwise;
    private final ReduceOps reductions;

    FusedOps(ClContext cx, ElementwiseOps elementwise, ReduceOps reductions) {
        this.cx = cx;
        this.elementwise = elementwise;
        this.reductions = reductions;
    }

    // ---------------------------------------------------------------- bias + activation

    /** See {@link dev.tessera.backend.fused.BiasActivationFamily.BiasActivation}. */
    void biasActivation(UnaryOp act, double alpha, ClBuffer z, ClBuffer bias, ClBuffer y, int rows, int cols) {
        long n = (long) rows * cols;
        if (n == 0) {
            return;
        }
        DType t = z.dtype();
        if (act != null) {
            ClKernel k = cx.kernel(Family.FUSED, t, "bias_act_" + act.symbol());
            cx.launch1d(k, n, z, bias == null ? z : bias, bias == null ? 0 : 1, y, rows, cols,
                    Launcher.scalar(t, alpha));
        } else if (bias != null) {
            cx.launch1d(cx.kernel(Family.FUSED, t, "bias_only"), n, z, bias, y, y == z ? 0 : 1, rows, cols);
        } else if (y != z) {
            elementwise.copyDense(z, y, n);
        }
    }

    /** See {@link dev.tessera.backend.fused.BiasActivationFamily.BiasActivationBackward}. */
    void biasActivationBackward(UnaryOp act, double alpha, ClBuffer pre, ClBuffer y, ClBuffer gy, ClBuffer gz,
                                ClBuffer gradBias, int rows, int cols) {
        long n = (long) rows * cols;
        if (gradBias == null) {
            if (act != null) {
                elementwise.unaryBackward(act, alpha, pre, y, gy, gz, n);
            } else if (gz != gy) {
                elementwise.copyDense(gy, gz, n);
            }
            return;
        }
        if (cols == 0) {
            return;
        }
        DType t = gz.dtype();
        if (rows == 0) {
            elementwise.fill(gradBias, cols, 0);
            return;
        }
        long wanted = (long) cx.device.computeUnits() * cx.localSize * 4;
        int parts = (int) Math.max(1, Math.min(rows, (wanted + cols - 1) / cols));
        int chunk = (rows + parts - 1) / parts;
        parts = (rows + chunk - 1) / chunk;
        ClBuffer partial = parts == 1 ? gradBias : cx.temp(t, (long) parts * cols);
        long work = (long) parts * cols;
        if (act != null) {
            ClKernel k = cx.kernel(Family.FUSED, t, "bias_act_backward_" + act.symbol());
            cx.launch1d(k, work, pre, y, gy, gz, partial, rows, cols, chunk, Launcher.scalar(t, alpha));
        } else {
            cx.launch1d(cx.kernel(Family.FUSED, t, "bias_backward_identity"), work, gy, gz, gz == gy ? 0 : 1,
                    partial, rows, cols, chunk);
        }
        if (partial != gradBias) {
            reductions.reduce(ReduceOp.SUM, partial, gradBias, 1, parts, cols);
            cx.free(partial);
        }
    }

    // ---------------------------------------------------------------- optimizer steps

    /** See {@link dev.tessera.backend.fused.OptimizerFamily.SgdStep}. */
    void sgdStep(Buffer[] params, Buffer[] grads, Buffer[] momentum, SgdConfig c) {
        int flags = (c.decoupled() ? STEP_DECOUPLED : 0) | (c.nesterov() ? STEP_NESTEROV : 0)
                | (c.firstStep() ? STEP_FIRST : 0) | (c.momentum() != 0 ? STEP_MOMENTUM : 0)
                | (c.weightDecay() != 0 ? STEP_WEIGHT_DECAY : 0);
        forEachParameter(params, (p, i) -> {
            DType t = p.dtype();
            ClBuffer buf = c.momentum() != 0 ? cx.cl(momentum[i]) : p;
            cx.launch1d(cx.kernel(Family.FUSED, t, "sgd_step"), p.numel(), p, cx.cl(grads[i]), buf, p.numel(),
                    Launcher.scalar(t, c.lr()), Launcher.scalar(t, c.momentum()),
                    Launcher.scalar(t, 1.0 - c.dampening()), Launcher.scalar(t, c.weightDecay()),
                    Launcher.scalar(t, 1.0 - c.lr() * c.weightDecay()), flags);
        });
    }

    /** See {@link dev.tessera.backend.fused.OptimizerFamily.AdamStep}. */
    void adamStep(Buffer[] params, Buffer[] grads, Buffer[] firstMoment, Buffer[] secondMoment,
                  Buffer[] maxSecondMoment, AdamConfig c) {
        double stepSize = c.lr() / (1.0 - Math.pow(c.beta1(), c.step()));
        double sqrtBc2 = Math.sqrt(1.0 - Math.pow(c.beta2(), c.step()));
        int flags = (c.decoupled() ? STEP_DECOUPLED : 0) | (c.amsgrad() ? STEP_AMSGRAD : 0)
                | (c.weightDecay() != 0 ? STEP_WEIGHT_DECAY : 0);
        forEachParameter(params, (p, i) -> {
            DType t = p.dtype();
            ClBuffer vmax = c.amsgrad() ? cx.cl(maxSecondMoment[i]) : p;
            cx.launch1d(cx.kernel(Family.FUSED, t, "adam_step"), p.numel(), p, cx.cl(grads[i]),
                    cx.cl(firstMoment[i]), cx.cl(secondMoment[i]), vmax, p.numel(), Launcher.scalar(t, c.beta1()),
                    Launcher.scalar(t, 1.0 - c.beta1()), Launcher.scalar(t, c.beta2()),
                    Launcher.scalar(t, 1.0 - c.beta2()), Launcher.scalar(t, c.eps()),
                    Launcher.scalar(t, c.weightDecay()), Launcher.scalar(t, 1.0 - c.lr() * c.weightDecay()),
                    Launcher.scalar(t, stepSize), Launcher.scalar(t, sqrtBc2), flags);
        });
    }

    /** Runs {@code step(p, i)} for each parameter {@code p = params[i]} with elements (an empty one has none). */
    private void forEachParameter(Buffer[] params, ObjIntConsumer<ClBuffer> step) {
        for (int i = 0; i < params.length; i++) {
            ClBuffer p = cx.cl(params[i]);
            if (p.numel() != 0) {
                step.accept(p, i);
            }
        }
    }
}
