package dev.tessera.cpu.vector;

import dev.tessera.backend.AdamConfig;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.SgdConfig;
import dev.tessera.backend.UnaryOp;
import dev.tessera.cpu.ScalarKernels;
import dev.tessera.cpu.gemm.GemmKernel;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels: FLOAT32 runs in the widest vectors of this CPU ({@link FloatVector#SPECIES_PREFERRED},
 * 512 bits with AVX-512), the matrix products in register-tiled micro-kernels for both floating types. Every loop is
 * specialized per op (a Vector API op chosen at run time inside a loop would box its vectors), handles dense runs and
 * stride-0 broadcast scalars, and leaves strided runs, vector tails and FLOAT64 elementwise work (plain loops that
 * C2 vectorizes) to {@link ScalarKernels}. Transcendentals use the API's EXP, LOG, TANH, EXPM1 and LOG1P (Intel SVML
 * on x86) and {@link VectorMath} for erf. Sums of FLOAT32 data widen to double vectors before adding.
 *
 * <p>Loaded by name from {@link dev.tessera.cpu.CpuBackend} only when the {@code jdk.incubator.vector} module is
 * present.
 */
public final class VectorKernels extends ScalarKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int DL = D.length();
    /** Floats with as many lanes as {@link #D}: loaded and widened to double for sums. */
    private static final VectorSpecies<Float> FH = VectorSpecies.of(float.class,
            VectorShape.forBitSize(D.vectorBitSize() / 2));
    /** Elements summed in float (softmax denominators, all positive) before the block is added in double. */
    private static final int SUM_BLOCK = 4096;
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    private static final float K_TANH = (float) SQRT_2_OVER_PI;
    private static final float INV_SQRT_2 = (float) (1.0 / Math.sqrt(2.0));
    private static final float INV_SQRT_2PI = (float) (1.0 / Math.sqrt(2.0 * Math.PI));

    private final GemmKernel floatGemm = new VectorFloatGemm();
    private final GemmKernel doubleGemm = new VectorDoubleGemm();

    /** Kernels for this CPU's preferred vector species. */
    public VectorKernels() {
    }

    @Override
    public String name() {
        return "vector-" + F.vectorBitSize();
    }

    @Override
    public GemmKernel floatGemm() {
        return floatGemm;
    }

    @Override
    public GemmKernel doubleGemm() {
        return doubleGemm;
    }

    private static FloatVector load(float[] a, int i) {
        return FloatVector.fromArray(F, a, i);
    }

    /** {@link #DL} floats from {@code a[i]} widened to double. */
    private static DoubleVector wide(float[] a, int i) {
        return (DoubleVector) FloatVector.fromArray(FH, a, i).convertShape(VectorOperators.F2D, D, 0);
    }

    /** Element i of a dense run, or the broadcast scalar of a stride-0 run. */
    private static FloatVector load(float[] a, int off, int stride, int i, FloatVector scalar) {
        return stride == 0 ? scalar : FloatVector.fromArray(F, a, off + i);
    }

    // ---------------------------------------------------------------- unary

    @Override
    public void unary(UnaryOp op, double alpha, float[] x, int xo, int xs, float[] y, int yo, int ys, int n) {
        if (xs != 1 || ys != 1 || n < L) {
            super.unary(op, alpha, x, xo, xs, y, yo, ys, n);
            return;
        }
        int bound = F.loopBound(n);
        float a = (float) alpha;
        int i = 0;
        switch (op) {
            case NEG -> {
                for (; i < bound; i += L) {
                    load(x, xo + i).neg().intoArray(y, yo + i);
                }
            }
            case EXP -> {
                for (; i < bound; i += L) {
                    load(x, xo + i).lanewise(VectorOperators.EXP).intoArray(y, yo + i);
                }
            }
            case LOG -> {
                for (; i < bound; i += L) {
                    load(x, xo + i).lanewise(VectorOperators.LOG).intoArray(y, yo + i);
                }
            }
            case SQRT -> {
                for (; i < bound; i += L) {
                    load(x, xo + i).sqrt().intoArray(y, yo + i);
                }
            }
            case RSQRT -> {
                FloatVector one = FloatVector.broadcast(F, 1f);
                for (; i < bound; i += L) {
                    one.div(load(x, xo + i).sqrt()).intoArray(y, yo + i);
                }
            }
            case ABS -> {
                for (; i < bound; i += L) {
                    load(x, xo + i).abs().intoArray(y, yo + i);
                }
            }
            case SIGN -> {
                for (; i < bound; i += L) {
                    VectorMath.sign(load(x, xo + i)).intoArray(y, yo + i);
                }
            }
            case RECIPROCAL -> {
                FloatVector one = FloatVector.broadcast(F, 1f);
                for (; i < bound; i += L) {
                    one.div(load(x, xo + i)).intoArray(y, yo + i);
                }
            }
            case SIGMOID -> {
                for (; i < bound; i += L) {
                    VectorMath.sigmoid(load(x, xo + i)).intoArray(y, yo + i);
                }
            }
            case TANH -> {
                for (; i < bound; i += L) {
                    load(x, xo + i).lanewise(VectorOperators.TANH).intoArray(y, yo + i);
                }
            }
            case RELU -> {
                FloatVector zero = FloatVector.zero(F);
                for (; i < bound; i += L) {
                    load(x, xo + i).max(zero).intoArray(y, yo + i);
                }
            }
            case LEAKY_RELU -> {
                for (; i < bound; i += L) {
                    FloatVector v = load(x, xo + i);
                    v.mul(a).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yo + i);
                }
            }
            case ELU -> {
                for (; i < bound; i += L) {
                    FloatVector v = load(x, xo + i);
                    v.lanewise(VectorOperators.EXPM1).mul(a).blend(v, v.compare(VectorOperators.GT, 0f))
                            .intoArray(y, yo + i);
                }
            }
            case GELU -> {
                for (; i < bound; i += L) {
                    FloatVector v = load(x, xo + i);
                    VectorMath.erf(v.mul(INV_SQRT_2)).add(1f).mul(v).mul(0.5f).intoArray(y, yo + i);
                }
            }
            case GELU_TANH -> {
                for (; i < bound; i += L) {
                    FloatVector v = load(x, xo + i);
                    FloatVector inner = v.mul(v).mul(0.044715f).add(1f).mul(v).mul(K_TANH);
                    inner.lanewise(VectorOperators.TANH).add(1f).mul(v).mul(0.5f).intoArray(y, yo + i);
                }
            }
            case SILU -> {
                for (; i < bound; i += L) {
                    FloatVector v = load(x, xo + i);
                    v.mul(VectorMath.sigmoid(v.mul(a))).intoArray(y, yo + i);
                }
            }
            case MISH -> {
                for (; i < bound; i += L) {
                    FloatVector v = load(x, xo + i);
                    v.mul(VectorMath.softplus(v).lanewise(VectorOperators.TANH)).intoArray(y, yo + i);
                }
            }
            case SOFTPLUS -> {
                for (; i < bound; i += L) {
                    VectorMath.softplus(load(x, xo + i)).intoArray(y, yo + i);
                }
            }
        }
        if (i < n) {
            super.unary(op, alpha, x, xo + i, 1, y, yo + i, 1, n - i);
        }
    }

    @Override
    public void unaryBackward(UnaryOp op, double alpha, float[] x, float[] y, float[] gy, float[] gx, int off,
                              int n) {
        int bound = off + F.loopBound(n);
        float a = (float) alpha;
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector zero = FloatVector.zero(F);
        int i = off;
        switch (op) {
            case NEG -> {
                for (; i < bound; i += L) {
                    load(gy, i).neg().intoArray(gx, i);
                }
            }
            case EXP -> {
                for (; i < bound; i += L) {
                    load(gy, i).mul(load(y, i)).intoArray(gx, i);
                }
            }
            case LOG -> {
                for (; i < bound; i += L) {
                    load(gy, i).div(load(x, i)).intoArray(gx, i);
                }
            }
            case SQRT -> {
                for (; i < bound; i += L) {
                    load(gy, i).mul(0.5f).div(load(y, i)).intoArray(gx, i);
                }
            }
            case RSQRT -> {
                for (; i < bound; i += L) {
                    FloatVector v = load(y, i);
                    load(gy, i).mul(v.mul(v).mul(v).mul(-0.5f)).intoArray(gx, i);
                }
            }
            case ABS -> {
                for (; i < bound; i += L) {
                    load(gy, i).mul(VectorMath.sign(load(x, i))).intoArray(gx, i);
                }
            }
            case SIGN -> {
                for (; i < bound; i += L) {
                    load(gy, i).mul(zero).intoArray(gx, i);
                }
            }
            case RECIPROCAL -> {
                for (; i < bound; i += L) {
                    FloatVector v = load(y, i);
                    load(gy, i).mul(v.mul(v).neg()).intoArray(gx, i);
                }
            }
            case SIGMOID -> {
                for (; i < bound; i += L) {
                    FloatVector v = load(y, i);
                    load(gy, i).mul(v.mul(one.sub(v))).intoArray(gx, i);
                }
            }
            case TANH -> {
                for (; i < bound; i += L) {
                    FloatVector v = load(y, i);
                    load(gy, i).mul(one.sub(v.mul(v))).intoArray(gx, i);
                }
            }
            case RELU -> {
                for (; i < bound; i += L) {
                    load(gy, i).mul(zero.blend(one, load(x, i).compare(VectorOperators.GT, 0f))).intoArray(gx, i);
                }
            }
            case LEAKY_RELU -> {
                FloatVector slope = FloatVector.broadcast(F, a);
                for (; i < bound; i += L) {
                    load(gy, i).mul(slope.blend(one, load(x, i).compare(VectorOperators.GT, 0f))).intoArray(gx, i);
                }
            }
            case ELU -> {
                for (; i < bound; i += L) {
                    FloatVector d = load(y, i).add(a).blend(one, load(x, i).compare(VectorOperators.GT, 0f));
                    load(gy, i).mul(d).intoArray(gx, i);
                }
            }
            case GELU -> {
                for (; i < bound; i += L) {
                    FloatVector v = load(x, i);
                    FloatVector cdf = VectorMath.erf(v.mul(INV_SQRT_2)).add(1f).mul(0.5f);
                    FloatVector pdf = v.mul(v).mul(-0.5f).lanewise(VectorOperators.EXP).mul(INV_SQRT_2PI);
                    load(gy, i).mul(v.mul(pdf).add(cdf)).intoArray(gx, i);
                }
            }
            case GELU_TANH -> {
                for (; i < bound; i += L) {
                    FloatVector v = load(x, i);
                    FloatVector v2 = v.mul(v);
                    FloatVector t = v2.mul(0.044715f).add(1f).mul(v).mul(K_TANH).lanewise(VectorOperators.TANH);
                    FloatVector slope = v2.mul(3f * 0.044715f).add(1f).mul(K_TANH);
                    FloatVector d = one.sub(t.mul(t)).mul(slope).mul(v).add(t).add(1f).mul(0.5f);
                    load(gy, i).mul(d).intoArray(gx, i);
                }
            }
            case SILU -> {
                for (; i < bound; i += L) {
                    FloatVector v = load(x, i).mul(a);
                    FloatVector s = VectorMath.sigmoid(v);
                    load(gy, i).mul(one.sub(s).mul(v).add(1f).mul(s)).intoArray(gx, i);
                }
            }
            case MISH -> {
                for (; i < bound; i += L) {
                    FloatVector v = load(x, i);
                    FloatVector t = VectorMath.softplus(v).lanewise(VectorOperators.TANH);
                    FloatVector d = one.sub(t.mul(t)).mul(VectorMath.sigmoid(v)).mul(v).add(t);
                    load(gy, i).mul(d).intoArray(gx, i);
                }
            }
            case SOFTPLUS -> {
                for (; i < bound; i += L) {
                    FloatVector v = load(x, i);
                    FloatVector d = VectorMath.sigmoid(v).blend(one, v.compare(VectorOperators.GT, 20f));
                    load(gy, i).mul(d).intoArray(gx, i);
                }
            }
        }
        if (i < off + n) {
            super.unaryBackward(op, alpha, x, y, gy, gx, i, off + n - i);
        }
    }

    // ---------------------------------------------------------------- binary, where

    @Override
    public void binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int os,
                       int n) {
        if (os != 1 || as > 1 || bs > 1 || as < 0 || bs < 0 || n < L || op == BinaryOp.POW) {
            super.binary(op, a, ao, as, b, bo, bs, o, oo, os, n);
            return;
        }
        FloatVector sa = FloatVector.broadcast(F, a[ao]);
        FloatVector sb = FloatVector.broadcast(F, b[bo]);
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        int bound = F.loopBound(n);
        int i = 0;
        switch (op) {
            case ADD -> {
                for (; i < bound; i += L) {
                    load(a, ao, as, i, sa).add(load(b, bo, bs, i, sb)).intoArray(o, oo + i);
                }
            }
            case SUB -> {
                for (; i < bound; i += L) {
                    load(a, ao, as, i, sa).sub(load(b, bo, bs, i, sb)).intoArray(o, oo + i);
                }
            }
            case MUL -> {
                for (; i < bound; i += L) {
                    load(a, ao, as, i, sa).mul(load(b, bo, bs, i, sb)).intoArray(o, oo + i);
                }
            }
            case DIV -> {
                for (; i < bound; i += L) {
                    load(a, ao, as, i, sa).div(load(b, bo, bs, i, sb)).intoArray(o, oo + i);
                }
            }
            case MAXIMUM -> {
                for (; i < bound; i += L) {
                    load(a, ao, as, i, sa).max(load(b, bo, bs, i, sb)).intoArray(o, oo + i);
                }
            }
            case MINIMUM -> {
                for (; i < bound; i += L) {
                    load(a, ao, as, i, sa).min(load(b, bo, bs, i, sb)).intoArray(o, oo + i);
                }
            }
            case EQ -> {
                for (; i < bound; i += L) {
                    VectorMask<Float> m = load(a, ao, as, i, sa).compare(VectorOperators.EQ, load(b, bo, bs, i, sb));
                    zero.blend(one, m).intoArray(o, oo + i);
                }
            }
            case NE -> {
                for (; i < bound; i += L) {
                    VectorMask<Float> m = load(a, ao, as, i, sa).compare(VectorOperators.NE, load(b, bo, bs, i, sb));
                    zero.blend(one, m).intoArray(o, oo + i);
                }
            }
            case LT -> {
                for (; i < bound; i += L) {
                    VectorMask<Float> m = load(a, ao, as, i, sa).compare(VectorOperators.LT, load(b, bo, bs, i, sb));
                    zero.blend(one, m).intoArray(o, oo + i);
                }
            }
            case LE -> {
                for (; i < bound; i += L) {
                    VectorMask<Float> m = load(a, ao, as, i, sa).compare(VectorOperators.LE, load(b, bo, bs, i, sb));
                    zero.blend(one, m).intoArray(o, oo + i);
                }
            }
            case GT -> {
                for (; i < bound; i += L) {
                    VectorMask<Float> m = load(a, ao, as, i, sa).compare(VectorOperators.GT, load(b, bo, bs, i, sb));
                    zero.blend(one, m).intoArray(o, oo + i);
                }
            }
            case GE -> {
                for (; i < bound; i += L) {
                    VectorMask<Float> m = load(a, ao, as, i, sa).compare(VectorOperators.GE, load(b, bo, bs, i, sb));
                    zero.blend(one, m).intoArray(o, oo + i);
                }
            }
            case POW -> throw new AssertionError("POW runs on the scalar kernels");
        }
        if (i < n) {
            super.binary(op, a, ao + i * as, as, b, bo + i * bs, bs, o, oo + i, 1, n - i);
        }
    }

    @Override
    public void where(float[] c, int co, int cs, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o,
                      int oo, int os, int n) {
        if (os != 1 || cs > 1 || as > 1 || bs > 1 || cs < 0 || as < 0 || bs < 0 || n < L) {
            super.where(c, co, cs, a, ao, as, b, bo, bs, o, oo, os, n);
            return;
        }
        FloatVector sc = FloatVector.broadcast(F, c[co]);
        FloatVector sa = FloatVector.broadcast(F, a[ao]);
        FloatVector sb = FloatVector.broadcast(F, b[bo]);
        int bound = F.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            VectorMask<Float> m = load(c, co, cs, i, sc).compare(VectorOperators.NE, 0f);
            load(b, bo, bs, i, sb).blend(load(a, ao, as, i, sa), m).intoArray(o, oo + i);
        }
        if (i < n) {
            super.where(c, co + i * cs, cs, a, ao + i * as, as, b, bo + i * bs, bs, o, oo + i, 1, n - i);
        }
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public double reduce(ReduceOp op, float[] x, int off, int n) {
        if (n < L || n < 4 * DL) {
            return super.reduce(op, x, off, n);
        }
        return switch (op) {
            case SUM -> sum(x, off, n);
            case MAX, MIN -> extreme(op == ReduceOp.MAX, x, off, n);
            default -> super.reduce(op, x, off, n);
        };
    }

    /** Sum in four double vector accumulators. */
    private static double sum(float[] x, int off, int n) {
        DoubleVector s0 = DoubleVector.zero(D);
        DoubleVector s1 = DoubleVector.zero(D);
        DoubleVector s2 = DoubleVector.zero(D);
        DoubleVector s3 = DoubleVector.zero(D);
        int i = 0;
        for (; i + 4 * DL <= n; i += 4 * DL) {
            s0 = s0.add(wide(x, off + i));
            s1 = s1.add(wide(x, off + i + DL));
            s2 = s2.add(wide(x, off + i + 2 * DL));
            s3 = s3.add(wide(x, off + i + 3 * DL));
        }
        double total = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            total += x[off + i];
        }
        return total;
    }

    /** Max or min with NaN propagation (n &gt;= L). */
    private static double extreme(boolean max, float[] x, int off, int n) {
        FloatVector acc = load(x, off);
        int bound = F.loopBound(n);
        int i = L;
        if (max) {
            for (; i < bound; i += L) {
                acc = acc.max(load(x, off + i));
            }
        } else {
            for (; i < bound; i += L) {
                acc = acc.min(load(x, off + i));
            }
        }
        float r = acc.reduceLanes(max ? VectorOperators.MAX : VectorOperators.MIN);
        if (acc.test(VectorOperators.IS_NAN).anyTrue()) {
            return Double.NaN;
        }
        for (; i < n; i++) {
            float v = x[off + i];
            if (v != v) {
                return Double.NaN;
            }
            r = max ? Math.max(r, v) : Math.min(r, v);
        }
        return r;
    }

    @Override
    public int argReduce(ReduceOp op, float[] x, int off, int n) {
        if (n < L) {
            return super.argReduce(op, x, off, n);
        }
        double best = extreme(op == ReduceOp.ARGMAX, x, off, n);
        int bound = F.loopBound(n);
        int i = 0;
        if (Double.isNaN(best)) {
            for (; i < bound; i += L) {
                VectorMask<Float> m = load(x, off + i).test(VectorOperators.IS_NAN);
                if (m.anyTrue()) {
                    return i + m.firstTrue();
                }
            }
            for (; i < n; i++) {
                if (Float.isNaN(x[off + i])) {
                    return i;
                }
            }
        } else {
            float b = (float) best;
            for (; i < bound; i += L) {
                VectorMask<Float> m = load(x, off + i).compare(VectorOperators.EQ, b);
                if (m.anyTrue()) {
                    return i + m.firstTrue();
                }
            }
            for (; i < n; i++) {
                if (x[off + i] == b) {
                    return i;
                }
            }
        }
        throw new AssertionError("argReduce: extreme value not found");
    }

    @Override
    public void combine(ReduceOp op, float[] acc, int ao, float[] x, int xo, int n) {
        int bound = F.loopBound(n);
        int i = 0;
        switch (op) {
            case SUM -> {
                for (; i < bound; i += L) {
                    load(acc, ao + i).add(load(x, xo + i)).intoArray(acc, ao + i);
                }
            }
            case MAX -> {
                for (; i < bound; i += L) {
                    load(acc, ao + i).max(load(x, xo + i)).intoArray(acc, ao + i);
                }
            }
            case MIN -> {
                for (; i < bound; i += L) {
                    load(acc, ao + i).min(load(x, xo + i)).intoArray(acc, ao + i);
                }
            }
            default -> throw new IllegalArgumentException("combine: " + op + " is not a value reduction");
        }
        if (i < n) {
            super.combine(op, acc, ao + i, x, xo + i, n - i);
        }
    }

    @Override
    public void accumulate(double[] acc, int ao, float[] x, int xo, int n) {
        int i = 0;
        for (; i + DL <= n; i += DL) {
            DoubleVector.fromArray(D, acc, ao + i).add(wide(x, xo + i)).intoArray(acc, ao + i);
        }
        for (; i < n; i++) {
            acc[ao + i] += x[xo + i];
        }
    }

    @Override
    public double dot(float[] a, int ao, float[] b, int bo, int n) {
        DoubleVector s0 = DoubleVector.zero(D);
        DoubleVector s1 = DoubleVector.zero(D);
        int i = 0;
        for (; i + 2 * DL <= n; i += 2 * DL) {
            s0 = wide(a, ao + i).fma(wide(b, bo + i), s0);
            s1 = wide(a, ao + i + DL).fma(wide(b, bo + i + DL), s1);
        }
        double total = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            total += (double) a[ao + i] * b[bo + i];
        }
        return total;
    }

    // ---------------------------------------------------------------- fused rows

    @Override
    public void softmaxRow(float[] x, int xo, float[] y, int yo, int n, boolean log) {
        if (n < L) {
            super.softmaxRow(x, xo, y, yo, n, log);
            return;
        }
        float max = (float) extreme(true, x, xo, n);
        FloatVector vmax = FloatVector.broadcast(F, max);
        int bound = F.loopBound(n);
        double sum = 0;
        for (int b0 = 0; b0 < bound; b0 += SUM_BLOCK) {
            int b1 = Math.min(bound, b0 + SUM_BLOCK);
            FloatVector s = FloatVector.zero(F);
            if (log) {
                for (int i = b0; i < b1; i += L) {
                    s = s.add(load(x, xo + i).sub(vmax).lanewise(VectorOperators.EXP));
                }
            } else {
                for (int i = b0; i < b1; i += L) {
                    FloatVector e = load(x, xo + i).sub(vmax).lanewise(VectorOperators.EXP);
                    e.intoArray(y, yo + i);
                    s = s.add(e);
                }
            }
            sum += s.reduceLanes(VectorOperators.ADD);
        }
        for (int i = bound; i < n; i++) {
            double e = Math.exp(x[xo + i] - max);
            sum += e;
            if (!log) {
                y[yo + i] = (float) e;
            }
        }
        if (log) {
            float shift = (float) (max + Math.log(sum));
            FloatVector vs = FloatVector.broadcast(F, shift);
            int i = 0;
            for (; i < bound; i += L) {
                load(x, xo + i).sub(vs).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                y[yo + i] = x[xo + i] - shift;
            }
        } else {
            float inv = (float) (1.0 / sum);
            int i = 0;
            for (; i < bound; i += L) {
                load(y, yo + i).mul(inv).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                y[yo + i] *= inv;
            }
        }
    }

    @Override
    public void softmaxBackwardRow(float[] y, float[] gy, float[] gx, int off, int n, boolean log) {
        if (n < L) {
            super.softmaxBackwardRow(y, gy, gx, off, n, log);
            return;
        }
        double s = log ? sum(gy, off, n) : dot(gy, off, y, off, n);
        FloatVector vs = FloatVector.broadcast(F, (float) s);
        int bound = off + F.loopBound(n);
        int i = off;
        if (log) {
            for (; i < bound; i += L) {
                load(gy, i).sub(load(y, i).lanewise(VectorOperators.EXP).mul(vs)).intoArray(gx, i);
            }
            for (; i < off + n; i++) {
                gx[i] = (float) (gy[i] - Math.exp(y[i]) * s);
            }
        } else {
            for (; i < bound; i += L) {
                load(gy, i).sub(vs).mul(load(y, i)).intoArray(gx, i);
            }
            for (; i < off + n; i++) {
                gx[i] = (float) (y[i] * (gy[i] - s));
            }
        }
    }

    @Override
    public void crossEntropyGradRow(float[] lp, int lo, float[] gx, int go, int n, double coef, float[] w,
                                    double wScale) {
        if (n < L) {
            super.crossEntropyGradRow(lp, lo, gx, go, n, coef, w, wScale);
            return;
        }
        FloatVector c = FloatVector.broadcast(F, (float) coef);
        FloatVector ws = FloatVector.broadcast(F, (float) wScale);
        int bound = F.loopBound(n);
        int j = 0;
        if (w == null) {
            for (; j < bound; j += L) {
                load(lp, lo + j).lanewise(VectorOperators.EXP).mul(c).sub(ws).intoArray(gx, go + j);
            }
        } else {
            for (; j < bound; j += L) {
                load(lp, lo + j).lanewise(VectorOperators.EXP).mul(c).sub(load(w, j).mul(ws)).intoArray(gx, go + j);
            }
        }
        for (; j < n; j++) {
            double wj = w == null ? 1.0 : w[j];
            gx[go + j] = (float) (coef * Math.exp(lp[lo + j]) - wScale * wj);
        }
    }

    // ---------------------------------------------------------------- optimizer steps

    @Override
    public void adam(float[] p, float[] g, float[] m, float[] v, float[] vmax, int off, int n, AdamConfig c,
                     double stepSize, double sqrtBc2) {
        double wd = c.weightDecay();
        float coupled = (float) (wd != 0 && !c.decoupled() ? wd : 0.0);
        float shrink = (float) (wd != 0 && c.decoupled() ? 1.0 - c.lr() * wd : 1.0);
        float b1 = (float) c.beta1();
        float b2 = (float) c.beta2();
        float ob1 = (float) (1.0 - c.beta1());
        float ob2 = (float) (1.0 - c.beta2());
        float invBc2 = (float) (1.0 / sqrtBc2);
        float eps = (float) c.eps();
        float step = (float) stepSize;
        int bound = off + F.loopBound(n);
        int i = off;
        if (vmax == null) {
            for (; i < bound; i += L) {
                FloatVector pv = load(p, i);
                FloatVector gv = pv.mul(coupled).add(load(g, i));
                FloatVector mv = load(m, i).mul(b1).add(gv.mul(ob1));
                FloatVector vv = load(v, i).mul(b2).add(gv.mul(gv).mul(ob2));
                mv.intoArray(m, i);
                vv.intoArray(v, i);
                FloatVector denom = vv.sqrt().fma(invBc2, eps);
                pv.mul(shrink).sub(mv.div(denom).mul(step)).intoArray(p, i);
            }
        } else {
            for (; i < bound; i += L) {
                FloatVector pv = load(p, i);
                FloatVector gv = pv.mul(coupled).add(load(g, i));
                FloatVector mv = load(m, i).mul(b1).add(gv.mul(ob1));
                FloatVector vv = load(v, i).mul(b2).add(gv.mul(gv).mul(ob2));
                mv.intoArray(m, i);
                vv.intoArray(v, i);
                FloatVector top = load(vmax, i).max(vv);
                top.intoArray(vmax, i);
                FloatVector denom = top.sqrt().fma(invBc2, eps);
                pv.mul(shrink).sub(mv.div(denom).mul(step)).intoArray(p, i);
            }
        }
        if (i < off + n) {
            super.adam(p, g, m, v, vmax, i, off + n - i, c, stepSize, sqrtBc2);
        }
    }

    @Override
    public void sgd(float[] p, float[] g, float[] buf, int off, int n, SgdConfig c) {
        double wd = c.weightDecay();
        float coupled = (float) (wd != 0 && !c.decoupled() ? wd : 0.0);
        float shrink = (float) (wd != 0 && c.decoupled() ? 1.0 - c.lr() * wd : 1.0);
        float lr = (float) c.lr();
        float mu = (float) c.momentum();
        float damp = (float) (1.0 - c.dampening());
        float keep = c.nesterov() ? 1f : 0f;
        float look = c.nesterov() ? mu : 1f;
        int bound = off + F.loopBound(n);
        int i = off;
        if (c.momentum() == 0) {
            for (; i < bound; i += L) {
                FloatVector pv = load(p, i).mul(shrink);
                FloatVector d = pv.mul(coupled).add(load(g, i));
                pv.sub(d.mul(lr)).intoArray(p, i);
            }
        } else if (c.firstStep()) {
            for (; i < bound; i += L) {
                FloatVector pv = load(p, i).mul(shrink);
                FloatVector d = pv.mul(coupled).add(load(g, i));
                d.intoArray(buf, i);
                FloatVector step = d.mul(keep).add(d.mul(look));
                pv.sub(step.mul(lr)).intoArray(p, i);
            }
        } else {
            for (; i < bound; i += L) {
                FloatVector pv = load(p, i).mul(shrink);
                FloatVector d = pv.mul(coupled).add(load(g, i));
                FloatVector b = load(buf, i).mul(mu).add(d.mul(damp));
                b.intoArray(buf, i);
                FloatVector step = d.mul(keep).add(b.mul(look));
                pv.sub(step.mul(lr)).intoArray(p, i);
            }
        }
        if (i < off + n) {
            super.sgd(p, g, buf, i, off + n - i, c);
        }
    }
}
