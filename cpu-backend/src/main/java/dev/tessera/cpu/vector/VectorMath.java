package dev.tessera.cpu.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Float vector forms of the functions the activations need beyond the Vector API's own operators: sigmoid,
 * softplus, sign, and erf, which the API lacks. erf uses its Taylor series {@code 2/sqrt(pi) (x - x^3/3 + x^5/10 -
 * ...)} below |x| = 0.5 (six terms, relative error under 1e-7) and Abramowitz and Stegun 7.1.26,
 * {@code 1 - (a1 t + ... + a5 t^5) e^{-x^2}} with {@code t = 1/(1 + 0.3275911 |x|)}, above (absolute error under
 * 1.5e-7), which keeps GELU within the FLOAT32 conformance tolerance.
 */
final class VectorMath {
    private static final float TWO_OVER_SQRT_PI = (float) (2.0 / Math.sqrt(Math.PI));
    private static final float P = 0.3275911f;
    private static final float A1 = 0.254829592f;
    private static final float A2 = -0.284496736f;
    private static final float A3 = 1.421413741f;
    private static final float A4 = -1.453152027f;
    private static final float A5 = 1.061405429f;

    private VectorMath() {
    }

    /** {@code 1 / (1 + e^-x)}. */
    static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(x.species(), 1f).div(x.neg().lanewise(VectorOperators.EXP).add(1f));
    }

    /** {@code ln(1 + e^x)}, exactly x above 20 as in PyTorch. */
    static FloatVector softplus(FloatVector x) {
        FloatVector sp = x.lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P);
        return sp.blend(x, x.compare(VectorOperators.GT, 20f));
    }

    /** -1, 0 or 1 by the sign of x; NaN stays NaN. */
    static FloatVector sign(FloatVector x) {
        FloatVector zero = FloatVector.zero(x.species());
        FloatVector s = zero.blend(1f, x.compare(VectorOperators.GT, 0f)).blend(-1f, x.compare(VectorOperators.LT, 0f));
        return s.blend(x, x.test(VectorOperators.IS_NAN));
    }

    /** The error function (see the class comment for the method and its accuracy). */
    static FloatVector erf(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector a2 = a.mul(a);
        // |x| < 0.5: a (c0 + c1 a^2 + ... + c5 a^10), c_n = (-1)^n / (n! (2n+1)) scaled by 2/sqrt(pi)
        FloatVector series = a2.mul(-1f / 1320f).add(1f / 216f).mul(a2).add(-1f / 42f).mul(a2).add(1f / 10f)
                .mul(a2).add(-1f / 3f).mul(a2).add(1f).mul(a).mul(TWO_OVER_SQRT_PI);
        FloatVector t = FloatVector.broadcast(x.species(), 1f).div(a.mul(P).add(1f));
        FloatVector poly = t.mul(A5).add(A4).mul(t).add(A3).mul(t).add(A2).mul(t).add(A1).mul(t);
        FloatVector tail = poly.mul(a2.neg().lanewise(VectorOperators.EXP)).neg().add(1f);
        VectorMask<Float> small = a.compare(VectorOperators.LT, 0.5f);
        FloatVector r = tail.blend(series, small);
        return r.blend(r.neg(), x.compare(VectorOperators.LT, 0f)).blend(x, x.test(VectorOperators.IS_NAN));
    }
}
