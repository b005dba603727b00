package dev.tessera.cpu.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Small float vector functions the activations need beyond the Vector API's own operators: sigmoid, softplus and
 * sign. They are small enough that C2 always inlines them into the loops of {@link VectorUnary} (a vector passed
 * to a call that is not inlined would be boxed).
 */
final class VectorMath {

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
        return s.blend(x, x.compare(VectorOperators.NE, x));
    }
}
