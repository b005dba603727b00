package dev.tessera.backend.fused;

import static dev.tessera.backend.fused.Views.dense;
import static dev.tessera.backend.fused.Views.flat;
import static dev.tessera.backend.fused.Views.flatPieces;

import dev.tessera.backend.AdamConfig;
import dev.tessera.backend.Backend;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Operand;
import dev.tessera.backend.SgdConfig;
import dev.tessera.backend.StepScalars;
import dev.tessera.backend.UnaryOp;
import java.util.List;

/**
 * Whole-model optimizer steps: one op updates every parameter (and its state) in place. Parameters, gradients and
 * state buffers are dense and share one dtype; entry i of every array belongs to parameter i.
 */
public final class OptimizerFamily {
    private OptimizerFamily() {
    }

    /**
     * One SGD step (see {@link SgdConfig}); {@code momentum[i]} is null when momentum is 0. {@code stepScalars} is
     * null or a {@link StepScalars} buffer holding {@code StepScalars.of(config)} when the op is called: a captured
     * launch reads the rate from it at replay (see {@link #withCurrentScalars}).
     */
    public record SgdStep(Buffer[] params, Buffer[] grads, Buffer[] momentum, SgdConfig config, Buffer stepScalars) {
        /** A step whose scalars are all in {@code config}. */
        public SgdStep(Buffer[] params, Buffer[] grads, Buffer[] momentum, SgdConfig config) {
            this(params, grads, momentum, config, null);
        }
    }

    /**
     * One Adam/AdamW step (see {@link AdamConfig}); {@code maxSecondMoment} entries are null unless AMSGrad.
     * {@code stepScalars} is null or a {@link StepScalars} buffer holding {@code StepScalars.of(config)} when the op
     * is called: a captured launch reads the rate and the bias corrections from it at replay.
     */
    public record AdamStep(Buffer[] params, Buffer[] grads, Buffer[] firstMoment, Buffer[] secondMoment,
                           Buffer[] maxSecondMoment, AdamConfig config, Buffer stepScalars) {
        /** A step whose scalars are all in {@code config}. */
        public AdamStep(Buffer[] params, Buffer[] grads, Buffer[] firstMoment, Buffer[] secondMoment,
                        Buffer[] maxSecondMoment, AdamConfig config) {
            this(params, grads, firstMoment, secondMoment, maxSecondMoment, config, null);
        }
    }

    /** See {@link SgdStep}. */
    public static final FusedOp<SgdStep> SGD_STEP = FusedOp.of("sgdStep", SgdStep.class, OptimizerFamily::sgdStep);
    /** See {@link AdamStep}. */
    public static final FusedOp<AdamStep> ADAM_STEP = FusedOp.of("adamStep", AdamStep.class,
            OptimizerFamily::adamStep);

    /** Every op of the family. */
    public static final List<FusedOp<?>> ALL = List.of(SGD_STEP, ADAM_STEP);

    /**
     * {@code args} with the config that its {@code stepScalars} buffer holds now (read from {@code backend}), or
     * {@code args} itself when it is not an optimizer step or has no such buffer. A backend whose kernels take the
     * scalars as launch arguments calls this at replay, so the launch sees the values the host wrote last.
     */
    @SuppressWarnings("unchecked")
    public static <A extends Record> A withCurrentScalars(Backend backend, A args) {
        if (args instanceof AdamStep a && a.stepScalars() != null) {
            return (A) new AdamStep(a.params(), a.grads(), a.firstMoment(), a.secondMoment(), a.maxSecondMoment(),
                    StepScalars.apply(a.config(), read(backend, a.stepScalars())));
        }
        if (args instanceof SgdStep s && s.stepScalars() != null) {
            return (A) new SgdStep(s.params(), s.grads(), s.momentum(),
                    StepScalars.apply(s.config(), read(backend, s.stepScalars())));
        }
        return args;
    }

    private static double[] read(Backend backend, Buffer scalars) {
        double[] v = new double[StepScalars.LENGTH];
        backend.read(scalars, 0, v, 0, StepScalars.LENGTH);
        return v;
    }

    // ---------------------------------------------------------------- default compositions

    private static void sgdStep(Backend be, SgdStep a) {
        SgdConfig c = a.config();
        for (int i = 0; i < a.params().length; i++) {
            Buffer p = a.params()[i];
            Buffer grad = a.grads()[i];
            Buffer momentum = a.momentum()[i];
            Buffer d = be.allocate(p.dtype(), p.numel());
            try {
                flatPieces(p.numel(), (first, shape) -> {
                    Operand pv = flat(p, first);
                    Operand dv = flat(d, first);
                    if (c.weightDecay() != 0 && c.decoupled()) {
                        be.binary(BinaryOp.MUL, pv, Operand.constant(1.0 - c.lr() * c.weightDecay()), pv, shape);
                    }
                    if (c.weightDecay() != 0 && !c.decoupled()) {
                        be.binary(BinaryOp.MUL, pv, Operand.constant(c.weightDecay()), dv, shape);
                        be.binary(BinaryOp.ADD, flat(grad, first), dv, dv, shape);
                    } else {
                        be.copy(flat(grad, first), dv, shape);
                    }
                    if (c.momentum() != 0) {
                        momentumUpdate(be, c, flat(momentum, first), dv, shape);
                    }
                    be.binary(BinaryOp.MUL, dv, Operand.constant(c.lr()), dv, shape);
                    be.binary(BinaryOp.SUB, pv, dv, pv, shape);
                });
            } finally {
                be.free(d);
            }
        }
    }

    /** {@code buf = momentum buf + (1 - dampening) d} (or {@code buf = d} first), then d = the step direction. */
    private static void momentumUpdate(Backend be, SgdConfig c, Operand buf, Operand dv, int[] shape) {
        Buffer t = be.allocate(dv.buffer().dtype(), shape[0]);
        try {
            if (c.firstStep()) {
                be.copy(dv, buf, shape);
            } else {
                be.binary(BinaryOp.MUL, buf, Operand.constant(c.momentum()), buf, shape);
                be.binary(BinaryOp.MUL, dv, Operand.constant(1.0 - c.dampening()), dense(t, shape), shape);
                be.binary(BinaryOp.ADD, buf, dense(t, shape), buf, shape);
            }
            if (c.nesterov()) {
                be.binary(BinaryOp.MUL, buf, Operand.constant(c.momentum()), dense(t, shape), shape);
                be.binary(BinaryOp.ADD, dv, dense(t, shape), dv, shape);
            } else {
                be.copy(buf, dv, shape);
            }
        } finally {
            be.free(t);
        }
    }

    private static void adamStep(Backend be, AdamStep a) {
        AdamConfig c = a.config();
        double biasCorrection1 = 1.0 - Math.pow(c.beta1(), c.step());
        double biasCorrection2 = 1.0 - Math.pow(c.beta2(), c.step());
        double stepSize = c.lr() / biasCorrection1;
        double sqrtBc2 = Math.sqrt(biasCorrection2);
        for (int i = 0; i < a.params().length; i++) {
            Buffer p = a.params()[i];
            Buffer grad = a.grads()[i];
            Buffer firstMoment = a.firstMoment()[i];
            Buffer secondMoment = a.secondMoment()[i];
            Buffer maxSecondMoment = a.maxSecondMoment()[i];
            Buffer gBuf = be.allocate(p.dtype(), p.numel());
            Buffer tBuf = be.allocate(p.dtype(), p.numel());
            try {
                flatPieces(p.numel(), (first, shape) -> {
                    Operand pv = flat(p, first);
                    Operand m = flat(firstMoment, first);
                    Operand v = flat(secondMoment, first);
                    Operand g = flat(gBuf, first);
                    Operand t = flat(tBuf, first);
                    if (c.weightDecay() != 0 && !c.decoupled()) {
                        be.binary(BinaryOp.MUL, pv, Operand.constant(c.weightDecay()), g, shape);
                        be.binary(BinaryOp.ADD, flat(grad, first), g, g, shape);
                    } else {
                        be.copy(flat(grad, first), g, shape);
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
                        Operand vmax = flat(maxSecondMoment, first);
                        be.binary(BinaryOp.MAXIMUM, vmax, v, vmax, shape);
                        second = vmax;
                    }
                    be.unary(UnaryOp.SQRT, 0, second, t, shape);
                    be.binary(BinaryOp.DIV, t, Operand.constant(sqrtBc2), t, shape);
                    be.binary(BinaryOp.ADD, t, Operand.constant(c.eps()), t, shape);
                    be.binary(BinaryOp.DIV, m, t, t, shape);
                    be.binary(BinaryOp.MUL, t, Operand.constant(stepSize), t, shape);
                    be.binary(BinaryOp.SUB, pv, t, pv, shape);
                });
            } finally {
                be.free(gBuf);
                be.free(tBuf);
            }
        }
    }
}
