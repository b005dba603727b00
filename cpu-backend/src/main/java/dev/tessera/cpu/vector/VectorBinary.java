package dev.tessera.cpu.vector;

import dev.tessera.backend.BinaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The FLOAT32 binary and where loops of {@link VectorKernels}: one small method per op (see {@link VectorUnary} for
 * why), over runs whose length is a multiple of the vector length, where each input is dense (stride 1) or a
 * broadcast scalar (stride 0) and the output is dense. POW is not here (it runs on the scalar kernels).
 */
final class VectorBinary {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private VectorBinary() {
    }

    /** Element i of a dense run, or the broadcast scalar of a stride-0 run. */
    private static FloatVector load(float[] a, int off, int stride, int i, FloatVector scalar) {
        return stride == 0 ? scalar : FloatVector.fromArray(F, a, off + i);
    }

    /** {@code o[oo+i] = a[ao+i*as] op b[bo+i*bs]} for {@code i < n}; as, bs in {0, 1}; op is not POW. */
    static void apply(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        switch (op) {
            case ADD -> add(a, ao, as, b, bo, bs, o, oo, n);
            case SUB -> sub(a, ao, as, b, bo, bs, o, oo, n);
            case MUL -> mul(a, ao, as, b, bo, bs, o, oo, n);
            case DIV -> div(a, ao, as, b, bo, bs, o, oo, n);
            case MAXIMUM -> maximum(a, ao, as, b, bo, bs, o, oo, n);
            case MINIMUM -> minimum(a, ao, as, b, bo, bs, o, oo, n);
            case EQ -> eq(a, ao, as, b, bo, bs, o, oo, n);
            case NE -> ne(a, ao, as, b, bo, bs, o, oo, n);
            case LT -> lt(a, ao, as, b, bo, bs, o, oo, n);
            case LE -> le(a, ao, as, b, bo, bs, o, oo, n);
            case GT -> gt(a, ao, as, b, bo, bs, o, oo, n);
            case GE -> ge(a, ao, as, b, bo, bs, o, oo, n);
            case POW -> throw new IllegalArgumentException("POW runs on the scalar kernels");
        }
    }

    /** {@code o[oo+i] = c[co+i*cs] != 0 ? a[ao+i*as] : b[bo+i*bs]} for {@code i < n}; strides in {0, 1}. */
    static void where(float[] c, int co, int cs, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o,
                      int oo, int n) {
        FloatVector sc = FloatVector.broadcast(F, c[co]);
        FloatVector sa = FloatVector.broadcast(F, a[ao]);
        FloatVector sb = FloatVector.broadcast(F, b[bo]);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = load(c, co, cs, i, sc).compare(VectorOperators.NE, 0f);
            load(b, bo, bs, i, sb).blend(load(a, ao, as, i, sa), m).intoArray(o, oo + i);
        }
    }

    private static void add(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector sa = FloatVector.broadcast(F, a[ao]);
        FloatVector sb = FloatVector.broadcast(F, b[bo]);
        for (int i = 0; i < n; i += L) {
            FloatVector va = load(a, ao, as, i, sa);
            FloatVector vb = load(b, bo, bs, i, sb);
            va.add(vb).intoArray(o, oo + i);
        }
    }

    private static void sub(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector sa = FloatVector.broadcast(F, a[ao]);
        FloatVector sb = FloatVector.broadcast(F, b[bo]);
        for (int i = 0; i < n; i += L) {
            FloatVector va = load(a, ao, as, i, sa);
            FloatVector vb = load(b, bo, bs, i, sb);
            va.sub(vb).intoArray(o, oo + i);
        }
    }

    private static void mul(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector sa = FloatVector.broadcast(F, a[ao]);
        FloatVector sb = FloatVector.broadcast(F, b[bo]);
        for (int i = 0; i < n; i += L) {
            FloatVector va = load(a, ao, as, i, sa);
            FloatVector vb = load(b, bo, bs, i, sb);
            va.mul(vb).intoArray(o, oo + i);
        }
    }

    private static void div(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector sa = FloatVector.broadcast(F, a[ao]);
        FloatVector sb = FloatVector.broadcast(F, b[bo]);
        for (int i = 0; i < n; i += L) {
            FloatVector va = load(a, ao, as, i, sa);
            FloatVector vb = load(b, bo, bs, i, sb);
            va.div(vb).intoArray(o, oo + i);
        }
    }

    private static void maximum(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector sa = FloatVector.broadcast(F, a[ao]);
        FloatVector sb = FloatVector.broadcast(F, b[bo]);
        for (int i = 0; i < n; i += L) {
            FloatVector va = load(a, ao, as, i, sa);
            FloatVector vb = load(b, bo, bs, i, sb);
            va.max(vb).intoArray(o, oo + i);
        }
    }

    private static void minimum(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector sa = FloatVector.broadcast(F, a[ao]);
        FloatVector sb = FloatVector.broadcast(F, b[bo]);
        for (int i = 0; i < n; i += L) {
            FloatVector va = load(a, ao, as, i, sa);
            FloatVector vb = load(b, bo, bs, i, sb);
            va.min(vb).intoArray(o, oo + i);
        }
    }

    private static void eq(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector sa = FloatVector.broadcast(F, a[ao]);
        FloatVector sb = FloatVector.broadcast(F, b[bo]);
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += L) {
            FloatVector va = load(a, ao, as, i, sa);
            FloatVector vb = load(b, bo, bs, i, sb);
            zero.blend(one, va.compare(VectorOperators.EQ, vb)).intoArray(o, oo + i);
        }
    }

    private static void ne(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector sa = FloatVector.broadcast(F, a[ao]);
        FloatVector sb = FloatVector.broadcast(F, b[bo]);
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += L) {
            FloatVector va = load(a, ao, as, i, sa);
            FloatVector vb = load(b, bo, bs, i, sb);
            zero.blend(one, va.compare(VectorOperators.NE, vb)).intoArray(o, oo + i);
        }
    }

    private static void lt(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector sa = FloatVector.broadcast(F, a[ao]);
        FloatVector sb = FloatVector.broadcast(F, b[bo]);
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += L) {
            FloatVector va = load(a, ao, as, i, sa);
            FloatVector vb = load(b, bo, bs, i, sb);
            zero.blend(one, va.compare(VectorOperators.LT, vb)).intoArray(o, oo + i);
        }
    }

    private static void le(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector sa = FloatVector.broadcast(F, a[ao]);
        FloatVector sb = FloatVector.broadcast(F, b[bo]);
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += L) {
            FloatVector va = load(a, ao, as, i, sa);
            FloatVector vb = load(b, bo, bs, i, sb);
            zero.blend(one, va.compare(VectorOperators.LE, vb)).intoArray(o, oo + i);
        }
    }

    private static void gt(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector sa = FloatVector.broadcast(F, a[ao]);
        FloatVector sb = FloatVector.broadcast(F, b[bo]);
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += L) {
            FloatVector va = load(a, ao, as, i, sa);
            FloatVector vb = load(b, bo, bs, i, sb);
            zero.blend(one, va.compare(VectorOperators.GT, vb)).intoArray(o, oo + i);
        }
    }

    private static void ge(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector sa = FloatVector.broadcast(F, a[ao]);
        FloatVector sb = FloatVector.broadcast(F, b[bo]);
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += L) {
            FloatVector va = load(a, ao, as, i, sa);
            FloatVector vb = load(b, bo, bs, i, sb);
            zero.blend(one, va.compare(VectorOperators.GE, vb)).intoArray(o, oo + i);
        }
    }
}
