package dev.tessera.backend.fused;

import static dev.tessera.backend.fused.Views.dense;
import static dev.tessera.backend.fused.Views.rowBroadcast;

import dev.tessera.backend.Backend;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.UnaryOp;
import java.util.List;

/**
 * The epilogue of a linear layer (bias, then activation), the whole layer's forward (a matrix product with that
 * epilogue, so a backend can apply it while the product's output is still in cache), and the epilogue's backward
 * op, with their default compositions.
 */
public final class BiasActivationFamily {
    private BiasActivationFamily() {
    }

    /**
     * Gradient of {@link #BIAS_ACTIVATION}: {@code gz = gy * act'(pre)} ({@code gz = gy} when act is null) and,
     * unless {@code gradBias} is null, {@code gradBias[c] = sum_r gz[r, c]}. Writes gz and gradBias.
     */
    public record BiasActivationBackward(Buffer pre, Buffer y, Buffer gy, Buffer gz, Buffer gradBias, UnaryOp act,
                                         double alpha, int rows, int cols) {
    }

    /**
     * On {@code [rows, cols]}: {@code z += bias} (row-broadcast, skipped when bias is null), then
     * {@code y = act(z; alpha)} ({@code y = z} when act is null, and then y may be the same buffer as z). z is
     * modified: it keeps the pre-activation.
     */
    public record BiasActivation(Buffer z, Buffer bias, Buffer y, UnaryOp act, double alpha, int rows, int cols) {
    }

    /**
     * A linear layer's forward: {@code z = op(x) op(w)} as {@code gemm} describes it (one product, alpha and the
     * operands' offsets and strides as given, beta 0, C dense: offset 0 and row stride n), then
     * {@link #BIAS_ACTIVATION} on z with {@code bias}, {@code y}, {@code act} and {@code alpha} over
     * {@code [gemm.m(), gemm.n()]}. Writes z (the pre-activation) and y (which is z when act is null).
     */
    public record Linear(Gemm gemm, Buffer x, Buffer w, Buffer z, Buffer bias, Buffer y, UnaryOp act, double alpha) {
        /** Checks that the product is a single dense overwrite of z. */
        public Linear {
            if (gemm.batch() != 1 || gemm.beta() != 0 || gemm.offsetC() != 0 || gemm.ldc() != gemm.n()) {
                throw new IllegalArgumentException("linear: the product must be one dense overwrite of z (batch 1, "
                        + "beta 0, offsetC 0, ldc = n), got " + gemm);
            }
            if (act == null && y != z) {
                throw new IllegalArgumentException("linear: without an activation y must be z");
            }
        }

        /** The epilogue of this layer as its own op's arguments. */
        public BiasActivation epilogue() {
            return new BiasActivation(z, bias, y, act, alpha, gemm.m(), gemm.n());
        }
    }

    /** See {@link BiasActivationBackward}. */
    public static final FusedOp<BiasActivationBackward> BIAS_ACTIVATION_BACKWARD = FusedOp.of(
            "biasActivationBackward", BiasActivationBackward.class, BiasActivationFamily::biasActivationBackward);
    /** See {@link BiasActivation}. */
    public static final FusedOp<BiasActivation> BIAS_ACTIVATION = FusedOp.of("biasActivation", BiasActivation.class,
            BiasActivationFamily::biasActivation, BIAS_ACTIVATION_BACKWARD);

    /** See {@link Linear}; its gradient starts with {@link #BIAS_ACTIVATION_BACKWARD}. */
    public static final FusedOp<Linear> LINEAR = FusedOp.of("linear", Linear.class, BiasActivationFamily::linear,
            BIAS_ACTIVATION_BACKWARD);

    /** Every op of the family. */
    public static final List<FusedOp<?>> ALL = List.of(BIAS_ACTIVATION, BIAS_ACTIVATION_BACKWARD, LINEAR);

    // ---------------------------------------------------------------- default compositions

    private static void biasActivation(Backend be, BiasActivation a) {
        int[] full = {a.rows(), a.cols()};
        if (a.bias() != null) {
            be.binary(BinaryOp.ADD, dense(a.z(), full), rowBroadcast(a.bias()), dense(a.z(), full), full);
        }
        if (a.act() != null) {
            be.unary(a.act(), a.alpha(), dense(a.z(), full), dense(a.y(), full), full);
        } else if (a.y() != a.z()) {
            be.copy(dense(a.z(), full), dense(a.y(), full), full);
        }
    }

    private static void linear(Backend be, Linear a) {
        be.matmul(a.gemm(), a.x(), a.w(), a.z());
        BIAS_ACTIVATION.run(be, a.epilogue());
    }

    private static void biasActivationBackward(Backend be, BiasActivationBackward a) {
        int[] full = {a.rows(), a.cols()};
        if (a.act() != null) {
            be.unaryBackward(a.act(), a.alpha(), a.pre(), a.y(), a.gy(), a.gz(), (long) a.rows() * a.cols());
        } else if (a.gz() != a.gy()) {
            be.copy(dense(a.gy(), full), dense(a.gz(), full), full);
        }
        if (a.gradBias() != null) {
            be.reduce(ReduceOp.SUM, a.gz(), a.gradBias(), 1, a.rows(), a.cols());
        }
    }
}
