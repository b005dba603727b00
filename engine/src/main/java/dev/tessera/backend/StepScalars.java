package dev.tessera.backend;

/**
 * The step-dependent scalars of a fused optimizer step, as the {@link dev.tessera.DType#FLOAT64} device buffer
 * {@code stepScalars} of {@link dev.tessera.backend.fused.OptimizerFamily.AdamStep} and
 * {@link dev.tessera.backend.fused.OptimizerFamily.SgdStep} holds them. A captured step ({@link StepCapture}) bakes
 * its launch arguments in at capture; the host writes this buffer before each replay, and the captured update reads
 * it, so the learning rate of a schedule and Adam's bias corrections advance from replay to replay.
 *
 * <p>Layout ({@link #LENGTH} elements): {@link #LR} the learning rate; {@link #STEP} Adam's step count t (unused by
 * SGD); {@link #ADAM_STEP_SIZE} {@code lr / (1 - beta1^t)}; {@link #ADAM_SQRT_BIAS_CORRECTION2}
 * {@code sqrt(1 - beta2^t)}: the last two computed on the host in FLOAT64, exactly as an eager step computes them.
 */
public final class StepScalars {
    /** Elements in a step-scalar buffer. */
    public static final int LENGTH = 4;
    /** Index of the learning rate. */
    public static final int LR = 0;
    /** Index of Adam's 1-based step count t. */
    public static final int STEP = 1;
    /** Index of {@code lr / (1 - beta1^t)}. */
    public static final int ADAM_STEP_SIZE = 2;
    /** Index of {@code sqrt(1 - beta2^t)}. */
    public static final int ADAM_SQRT_BIAS_CORRECTION2 = 3;

    private StepScalars() {
    }

    /** The buffer contents for one Adam step of {@code c}. */
    public static double[] of(AdamConfig c) {
        double[] v = new double[LENGTH];
        v[LR] = c.lr();
        v[STEP] = c.step();
        v[ADAM_STEP_SIZE] = c.lr() / (1.0 - Math.pow(c.beta1(), c.step()));
        v[ADAM_SQRT_BIAS_CORRECTION2] = Math.sqrt(1.0 - Math.pow(c.beta2(), c.step()));
        return v;
    }

    /** The buffer contents for one SGD step of {@code c} (only the rate is step-dependent). */
    public static double[] of(SgdConfig c) {
        double[] v = new double[LENGTH];
        v[LR] = c.lr();
        return v;
    }

    /** {@code c} with the rate and step count of buffer contents {@code v}. */
    public static AdamConfig apply(AdamConfig c, double[] v) {
        return new AdamConfig(v[LR], c.beta1(), c.beta2(), c.eps(), c.weightDecay(), c.decoupled(), c.amsgrad(),
                (long) v[STEP]);
    }

    /** {@code c} with the rate of buffer contents {@code v}. */
    public static SgdConfig apply(SgdConfig c, double[] v) {
        return new SgdConfig(v[LR], c.momentum(), c.dampening(), c.nesterov(), c.weightDecay(), c.decoupled(),
                c.firstStep());
    }
}
