package dev.tessera.nn;

import dev.tessera.Tensor;
import dev.tessera.backend.UnaryOp;

/**
 * An activation that is one elementwise primitive with a fixed parameter, {@code y = op(x; alpha)} (see
 * {@link UnaryOp} for each definition and derivative). It has no parameters, behaves the same in train and eval
 * mode, and {@link Sequential} fuses it into a preceding {@link Linear}.
 */
public class UnaryActivation extends Module {
    private final UnaryOp op;
    private final double alpha;

    /** The activation {@code y = op(x; alpha)}. */
    public UnaryActivation(UnaryOp op, double alpha) {
        this.op = op;
        this.alpha = alpha;
    }

    /** {@code op(x; alpha)} elementwise. */
    @Override
    public Tensor forward(Tensor input) {
        return input.apply(op, alpha);
    }

    /** The primitive. */
    public UnaryOp op() {
        return op;
    }

    /** Its parameter (slope, alpha, beta or threshold; unused by most). */
    public double alpha() {
        return alpha;
    }

    /** Whether the module is exactly {@code op(x; alpha)}, so {@link Sequential} may fuse it into a Linear. */
    boolean fusable() {
        return true;
    }
}
