package dev.tessera.cpu.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Small float vector functions and constants the generated {@link VectorUnary} loops use beyond the Vector API's
 * own operators (the {@code vec} and {@code dvec} fields of optable/elementwise.ops): sigmoid, softplus and sign,
 * small enough that C2 always inlines them (a vector passed to a call that is not inlined would be boxed), and the
 * constants of the GELU forms.
 *
 * <p>GELU's erf uses its Taylor series {@code 2/sqrt(pi) (x - x^3/3 + x^5/10 - ...)} below |x| = 0.5 (six terms,
 * relative error under 1e-7) and Abramowitz and Stegun 7.1.26, {@code 1 - (a1 t + ... + a5 t^5) e^{-x^2}} with
 * {@code t = 1/(1 + 0.3275911 |x|)}, above (absolute error under 1.5e-7), which keeps GELU within the FLOAT32
 * conformance tolerance. NaN propagates through the arithmetic.
 */
final class VectorMath {
    static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);
    static final float INV_SQRT_2 = (float) (1.0 / Math.sqrt(2.0));
    static final float INV_SQRT_2PI = (float) (1.0 / Math.sqrt(2.0 * Math.PI));
    static final float TWO_OVER_SQRT_PI = (float) (2.0 / Math.sqrt(Math.PI));
    static final float ERF_P = 0.3275911f;
    static final float ERF_A1 = 0.254829592f;
    static final float ERF_A2 = -0.284496736f;
    static final float ERF_A3 = 1.421413741f;
    static final float ERF_A4 = -1.453152027f;
    static final float ERF_A5 = 1.061405429f;

    private VectorMath() {
    }

    /** {@code 1 / (1 + e^-x)}. */
    static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(x.species(), 1f).div(x.neg().lanewise(VectorOperators.EXP).add(1f));
    }

    /** {@code ln(1 + e^x)}, exactly x above {@code threshold} (PyTorch's softplus with beta 1). */
    static FloatVector softplus(FloatVector x, float threshold) {
        FloatVector sp = x.lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P);
        return sp.blend(x, x.compare(VectorOperators.GT, threshold));
    }

    /** -1, 0 or 1 by the sign of x; NaN stays NaN. */
    static FloatVector sign(FloatVector x) {
        FloatVector zero = FloatVector.zero(x.species());
        FloatVector s = zero.blend(1f, x.compare(VectorOperators.GT, 0f)).blend(-1f, x.compare(VectorOperators.LT, 0f));
        return s.blend(x, x.compare(VectorOperators.NE, x));
    }
}
