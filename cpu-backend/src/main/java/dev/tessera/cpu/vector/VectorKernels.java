package dev.tessera.cpu.vector;

import dev.tessera.DType;
import dev.tessera.backend.AdamConfig;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.SgdConfig;
import dev.tessera.backend.UnaryOp;
import dev.tessera.cpu.ScalarKernels;
import dev.tessera.cpu.gemm.GemmKernel;
import dev.tessera.cpu.gemm.GemmShape;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels: FLOAT32 runs in the widest vectors of this CPU ({@link FloatVector#SPECIES_PREFERRED},
 * 512 bits with AVX-512), the matrix products in register-tiled micro-kernels for both floating types. Every loop is
 * specialized per op and sits in its own small method ({@link VectorUnary}, {@link VectorBinary}): a Vector API op
 * chosen at run time inside a loop, or too many loops in one method, makes C2 box the vectors. The loops handle
 * dense runs and stride-0 broadcast scalars, and leave strided runs, vector tails and FLOAT64 elementwise work
 * (plain loops that C2 vectorizes) to {@link ScalarKernels}. Transcendentals use the API's EXP, LOG, TANH, EXPM1 and LOG1P (Intel SVML
 * on x86) and {@link VectorMath} for erf. Sums of FLOAT32 data widen to double vectors before adding.
 *
 * <p>Only one species per element type is ever used ({@link #F} and {@link #D}, the preferred ones): a second shape
 * of the same type pollutes the type profiles of the API's shared methods, after which C2 fails to intrinsify them
 * and every vector is boxed (tens of times slower).
 *
 * <p>Loaded by name from {@link dev.tessera.cpu.CpuBackend} only when the {@code jdk.incubator.vector} module is
 * present.
 */
public final class VectorKernels extends ScalarKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Elements summed in float (softmax denominators, all positive) before the block is added in double. */
    private static final int SUM_BLOCK = 4096;

    private final GemmKernel floatGemm;
    private final GemmKernel doubleGemm;

    /** Kernels for this CPU's preferred vector species, with the GEMM tiles and blocks of this machine. */
    public VectorKernels() {
        this.floatGemm = new VectorFloatGemm();
        this.doubleGemm = new VectorDoubleGemm();
    }

    /**
     * Kernels whose GEMMs use the given tile and blocks for both element types (tests run every generated tile).
     *
     * @param gemmShape one of {@link GemmShape#TILES} with its blocks
     */
    public VectorKernels(GemmShape gemmShape) {
        this.floatGemm = new VectorFloatGemm(gemmShape);
        this.doubleGemm = new VectorDoubleGemm(gemmShape);
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

    // ---------------------------------------------------------------- half-precision conversions (loops in VectorHalf)

    @Override
    public void narrowHalf(DType half, float[] x, int xo, short[] y, int yo, int n) {
        int bound = n - n % VectorHalf.L;
        if (half == DType.FLOAT16) {
            VectorHalf.narrowFloat16(x, xo, y, yo, bound);
        } else {
            VectorHalf.narrowBFloat16(x, xo, y, yo, bound);
        }
        super.narrowHalf(half, x, xo + bound, y, yo + bound, n - bound);
    }

    @Override
    public void widenHalf(DType half, short[] x, int xo, float[] y, int yo, int n) {
        int bound = n - n % VectorHalf.L;
        if (half == DType.FLOAT16) {
            VectorHalf.widenFloat16(x, xo, y, yo, bound);
        } else {
            VectorHalf.widenBFloat16(x, xo, y, yo, bound);
        }
        super.widenHalf(half, x, xo + bound, y, yo + bound, n - bound);
    }

    private static FloatVector load(float[] a, int i) {
        return FloatVector.fromArray(F, a, i);
    }

    /** Lanes {@code [part * L/2, (part+1) * L/2)} of {@code v} widened to double (L/2 = lanes of {@link #D}). */
    private static DoubleVector wide(FloatVector v, int part) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, D, part);
    }

    // ---------------------------------------------------------------- unary, binary, where (loops in VectorUnary, VectorBinary)

    @Override
    public void unary(UnaryOp op, double alpha, float[] x, int xo, int xs, float[] y, int yo, int ys, int n) {
        if (xs != 1 || ys != 1 || n < L) {
            super.unary(op, alpha, x, xo, xs, y, yo, ys, n);
            return;
        }
        int bound = F.loopBound(n);
        VectorUnary.forward(op, (float) alpha, x, xo, y, yo, bound);
        if (bound < n) {
            super.unary(op, alpha, x, xo + bound, 1, y, yo + bound, 1, n - bound);
        }
    }

    @Override
    public void unaryBackward(UnaryOp op, double alpha, float[] x, float[] y, float[] gy, float[] gx, int off,
                              int n) {
        int bound = F.loopBound(n);
        VectorUnary.backward(op, (float) alpha, x, y, gy, gx, off, bound);
        if (bound < n) {
            super.unaryBackward(op, alpha, x, y, gy, gx, off + bound, n - bound);
        }
    }

    @Override
    public void binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int os,
                       int n) {
        if (os != 1 || as > 1 || bs > 1 || as < 0 || bs < 0 || n < L || !VectorBinary.vectorized(op)) {
            super.binary(op, a, ao, as, b, bo, bs, o, oo, os, n);
            return;
        }
        int bound = F.loopBound(n);
        VectorBinary.apply(op, a, ao, as, b, bo, bs, o, oo, bound);
        if (bound < n) {
            super.binary(op, a, ao + bound * as, as, b, bo + bound * bs, bs, o, oo + bound, 1, n - bound);
        }
    }

    @Override
    public void where(float[] c, int co, int cs, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o,
                      int oo, int os, int n) {
        if (os != 1 || cs > 1 || as > 1 || bs > 1 || cs < 0 || as < 0 || bs < 0 || n < L) {
            super.where(c, co, cs, a, ao, as, b, bo, bs, o, oo, os, n);
            return;
        }
        int bound = F.loopBound(n);
        VectorBinary.where(c, co, cs, a, ao, as, b, bo, bs, o, oo, bound);
        if (bound < n) {
            super.where(c, co + bound * cs, cs, a, ao + bound * as, as, b, bo + bound * bs, bs, o, oo + bound, 1,
                    n - bound);
        }
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public double reduce(ReduceOp op, float[] x, int off, int n) {
        if (n < 2 * L) {
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
        for (; i + 2 * L <= n; i += 2 * L) {
            FloatVector v = load(x, off + i);
            FloatVector w = load(x, off + i + L);
            s0 = s0.add(wide(v, 0));
            s1 = s1.add(wide(v, 1));
            s2 = s2.add(wide(w, 0));
            s3 = s3.add(wide(w, 1));
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
        int half = L / 2;
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = load(x, xo + i);
            DoubleVector.fromArray(D, acc, ao + i).add(wide(v, 0)).intoArray(acc, ao + i);
            DoubleVector.fromArray(D, acc, ao + i + half).add(wide(v, 1)).intoArray(acc, ao + i + half);
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
        for (; i + L <= n; i += L) {
            FloatVector va = load(a, ao + i);
            FloatVector vb = load(b, bo + i);
            s0 = wide(va, 0).fma(wide(vb, 0), s0);
            s1 = wide(va, 1).fma(wide(vb, 1), s1);
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
            float logSum = (float) Math.log(sum);
            FloatVector vs = FloatVector.broadcast(F, logSum);
            int i = 0;
            for (; i < bound; i += L) {
                load(x, xo + i).sub(vmax).sub(vs).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                y[yo + i] = (x[xo + i] - max) - logSum;
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
