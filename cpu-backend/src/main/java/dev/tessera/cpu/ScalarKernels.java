package dev.tessera.cpu;

import dev.tessera.backend.AdamConfig;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.SgdConfig;
import dev.tessera.backend.UnaryOp;
import dev.tessera.cpu.gemm.GemmKernel;
import dev.tessera.cpu.gemm.ScalarDoubleGemm;
import dev.tessera.cpu.gemm.ScalarFloatGemm;

/**
 * The portable {@link Kernels}: plain Java loops that follow the FLOAT64 specification (values widened to double,
 * one rounding on store, sums in double), with dedicated loops for the common cheap ops so C2 can vectorize them.
 * Used when the Vector API module is absent or fast paths are disabled, and by the vector kernels for strided runs
 * and vector tails.
 */
public class ScalarKernels implements Kernels {
    private final GemmKernel floatGemm = new ScalarFloatGemm();
    private final GemmKernel doubleGemm = new ScalarDoubleGemm();

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public GemmKernel floatGemm() {
        return floatGemm;
    }

    @Override
    public GemmKernel doubleGemm() {
        return doubleGemm;
    }

    // ================================================================ FLOAT32

    @Override
    public void unary(UnaryOp op, double alpha, float[] x, int xo, int xs, float[] y, int yo, int ys, int n) {
        switch (op) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i * ys] = -x[xo + i * xs];
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i * ys] = Math.abs(x[xo + i * xs]);
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i * xs];
                    y[yo + i * ys] = v > 0 || v != v ? v : 0f;
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i * ys] = (float) op.apply(x[xo + i * xs], alpha);
                }
            }
        }
    }

    @Override
    public void unaryBackward(UnaryOp op, double alpha, float[] x, float[] y, float[] gy, float[] gx, int off, int n) {
        if (op == UnaryOp.RELU) {
            for (int i = off; i < off + n; i++) {
                gx[i] = gy[i] * (x[i] > 0 ? 1f : 0f);
            }
            return;
        }
        for (int i = off; i < off + n; i++) {
            gx[i] = (float) (gy[i] * op.derivative(x[i], y[i], alpha));
        }
    }

    @Override
    public void binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int os,
                       int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] + b[bo + i * bs];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] - b[bo + i * bs];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] * b[bo + i * bs];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] / b[bo + i * bs];
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = (float) op.apply(a[ao + i * as], b[bo + i * bs]);
                }
            }
        }
    }

    @Override
    public void where(float[] c, int co, int cs, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo,
                      int os, int n) {
        for (int i = 0; i < n; i++) {
            o[oo + i * os] = c[co + i * cs] != 0 ? a[ao + i * as] : b[bo + i * bs];
        }
    }

    @Override
    public double reduce(ReduceOp op, float[] x, int off, int n) {
        switch (op) {
            case SUM -> {
                double s = 0;
                for (int i = off; i < off + n; i++) {
                    s += x[i];
                }
                return s;
            }
            case MAX, MIN -> {
                double acc = x[off];
                boolean max = op == ReduceOp.MAX;
                for (int i = off + 1; i < off + n && acc == acc; i++) {
                    double v = x[i];
                    if (v != v || (max ? v > acc : v < acc)) {
                        acc = v;
                    }
                }
                return acc;
            }
            default -> throw new IllegalArgumentException("reduce: " + op + " is not a value reduction");
        }
    }

    @Override
    public int argReduce(ReduceOp op, float[] x, int off, int n) {
        boolean max = op == ReduceOp.ARGMAX;
        float acc = x[off];
        int arg = 0;
        for (int j = 1; j < n && acc == acc; j++) {
            float v = x[off + j];
            if (v != v || (max ? v > acc : v < acc)) {
                acc = v;
                arg = j;
            }
        }
        return arg;
    }

    @Override
    public void combine(ReduceOp op, float[] acc, int ao, float[] x, int xo, int n) {
        switch (op) {
            case SUM -> {
                for (int i = 0; i < n; i++) {
                    acc[ao + i] += x[xo + i];
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    float s = acc[ao + i];
                    float v = x[xo + i];
                    if (s == s && (v > s || v != v)) {
                        acc[ao + i] = v;
                    }
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    float s = acc[ao + i];
                    float v = x[xo + i];
                    if (s == s && (v < s || v != v)) {
                        acc[ao + i] = v;
                    }
                }
            }
            default -> throw new IllegalArgumentException("combine: " + op + " is not a value reduction");
        }
    }

    @Override
    public void accumulate(double[] acc, int ao, float[] x, int xo, int n) {
        for (int i = 0; i < n; i++) {
            acc[ao + i] += x[xo + i];
        }
    }

    @Override
    public double dot(float[] a, int ao, float[] b, int bo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) a[ao + i] * b[bo + i];
        }
        return s;
    }

    @Override
    public void softmaxRow(float[] x, int xo, float[] y, int yo, int n, boolean log) {
        double max = reduce(ReduceOp.MAX, x, xo, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(x[xo + i] - max);
        }
        if (log) {
            double logSum = Math.log(sum);
            for (int i = 0; i < n; i++) {
                y[yo + i] = (float) ((x[xo + i] - max) - logSum);
            }
        } else {
            double inv = 1.0 / sum;
            for (int i = 0; i < n; i++) {
                y[yo + i] = (float) (Math.exp(x[xo + i] - max) * inv);
            }
        }
    }

    @Override
    public void softmaxBackwardRow(float[] y, float[] gy, float[] gx, int off, int n, boolean log) {
        if (log) {
            double s = reduce(ReduceOp.SUM, gy, off, n);
            for (int i = off; i < off + n; i++) {
                gx[i] = (float) (gy[i] - Math.exp(y[i]) * s);
            }
        } else {
            double s = dot(gy, off, y, off, n);
            for (int i = off; i < off + n; i++) {
                gx[i] = (float) (y[i] * (gy[i] - s));
            }
        }
    }

    @Override
    public void crossEntropyGradRow(float[] lp, int lo, float[] gx, int go, int n, double coef, float[] w,
                                    double wScale) {
        for (int j = 0; j < n; j++) {
            double wj = w == null ? 1.0 : w[j];
            gx[go + j] = (float) (coef * Math.exp(lp[lo + j]) - wScale * wj);
        }
    }

    @Override
    public void adam(float[] p, float[] g, float[] m, float[] v, float[] vmax, int off, int n, AdamConfig c,
                     double stepSize, double sqrtBc2) {
        double wd = c.weightDecay();
        boolean coupled = wd != 0 && !c.decoupled();
        double shrink = wd != 0 && c.decoupled() ? 1.0 - c.lr() * wd : 1.0;
        double b1 = c.beta1();
        double b2 = c.beta2();
        for (int i = off; i < off + n; i++) {
            double gi = coupled ? g[i] + wd * p[i] : g[i];
            double pi = p[i] * shrink;
            double mi = b1 * m[i] + (1.0 - b1) * gi;
            double vi = b2 * v[i] + (1.0 - b2) * gi * gi;
            m[i] = (float) mi;
            v[i] = (float) vi;
            if (vmax != null) {
                vi = Math.max(vmax[i], vi);
                vmax[i] = (float) vi;
            }
            p[i] = (float) (pi - stepSize * mi / (Math.sqrt(vi) / sqrtBc2 + c.eps()));
        }
    }

    @Override
    public void sgd(float[] p, float[] g, float[] buf, int off, int n, SgdConfig c) {
        double wd = c.weightDecay();
        boolean coupled = wd != 0 && !c.decoupled();
        double shrink = wd != 0 && c.decoupled() ? 1.0 - c.lr() * wd : 1.0;
        double mu = c.momentum();
        for (int i = off; i < off + n; i++) {
            double pi = p[i] * shrink;
            double d = coupled ? g[i] + wd * pi : g[i];
            if (mu != 0) {
                double bi = c.firstStep() ? d : mu * buf[i] + (1.0 - c.dampening()) * d;
                buf[i] = (float) bi;
                d = c.nesterov() ? d + mu * bi : bi;
            }
            p[i] = (float) (pi - c.lr() * d);
        }
    }

    // ================================================================ FLOAT64

    @Override
    public void unary(UnaryOp op, double alpha, double[] x, int xo, int xs, double[] y, int yo, int ys, int n) {
        switch (op) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i * ys] = -x[xo + i * xs];
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i * ys] = Math.abs(x[xo + i * xs]);
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    double v = x[xo + i * xs];
                    y[yo + i * ys] = v > 0 || v != v ? v : 0.0;
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i * ys] = op.apply(x[xo + i * xs], alpha);
                }
            }
        }
    }

    @Override
    public void unaryBackward(UnaryOp op, double alpha, double[] x, double[] y, double[] gy, double[] gx, int off, int n) {
        if (op == UnaryOp.RELU) {
            for (int i = off; i < off + n; i++) {
                gx[i] = gy[i] * (x[i] > 0 ? 1.0 : 0.0);
            }
            return;
        }
        for (int i = off; i < off + n; i++) {
            gx[i] = (gy[i] * op.derivative(x[i], y[i], alpha));
        }
    }

    @Override
    public void binary(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int os,
                       int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] + b[bo + i * bs];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] - b[bo + i * bs];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] * b[bo + i * bs];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] / b[bo + i * bs];
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = op.apply(a[ao + i * as], b[bo + i * bs]);
                }
            }
        }
    }

    @Override
    public void where(double[] c, int co, int cs, double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo,
                      int os, int n) {
        for (int i = 0; i < n; i++) {
            o[oo + i * os] = c[co + i * cs] != 0 ? a[ao + i * as] : b[bo + i * bs];
        }
    }

    @Override
    public double reduce(ReduceOp op, double[] x, int off, int n) {
        switch (op) {
            case SUM -> {
                double s = 0;
                for (int i = off; i < off + n; i++) {
                    s += x[i];
                }
                return s;
            }
            case MAX, MIN -> {
                double acc = x[off];
                boolean max = op == ReduceOp.MAX;
                for (int i = off + 1; i < off + n && acc == acc; i++) {
                    double v = x[i];
                    if (v != v || (max ? v > acc : v < acc)) {
                        acc = v;
                    }
                }
                return acc;
            }
            default -> throw new IllegalArgumentException("reduce: " + op + " is not a value reduction");
        }
    }

    @Override
    public int argReduce(ReduceOp op, double[] x, int off, int n) {
        boolean max = op == ReduceOp.ARGMAX;
        double acc = x[off];
        int arg = 0;
        for (int j = 1; j < n && acc == acc; j++) {
            double v = x[off + j];
            if (v != v || (max ? v > acc : v < acc)) {
                acc = v;
                arg = j;
            }
        }
        return arg;
    }

    @Override
    public void combine(ReduceOp op, double[] acc, int ao, double[] x, int xo, int n) {
        switch (op) {
            case SUM -> {
                for (int i = 0; i < n; i++) {
                    acc[ao + i] += x[xo + i];
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    double s = acc[ao + i];
                    double v = x[xo + i];
                    if (s == s && (v > s || v != v)) {
                        acc[ao + i] = v;
                    }
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    double s = acc[ao + i];
                    double v = x[xo + i];
                    if (s == s && (v < s || v != v)) {
                        acc[ao + i] = v;
                    }
                }
            }
            default -> throw new IllegalArgumentException("combine: " + op + " is not a value reduction");
        }
    }

    @Override
    public double dot(double[] a, int ao, double[] b, int bo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    @Override
    public void softmaxRow(double[] x, int xo, double[] y, int yo, int n, boolean log) {
        double max = reduce(ReduceOp.MAX, x, xo, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(x[xo + i] - max);
        }
        if (log) {
            double logSum = Math.log(sum);
            for (int i = 0; i < n; i++) {
                y[yo + i] = (x[xo + i] - max) - logSum;
            }
        } else {
            double inv = 1.0 / sum;
            for (int i = 0; i < n; i++) {
                y[yo + i] = (Math.exp(x[xo + i] - max) * inv);
            }
        }
    }

    @Override
    public void softmaxBackwardRow(double[] y, double[] gy, double[] gx, int off, int n, boolean log) {
        if (log) {
            double s = reduce(ReduceOp.SUM, gy, off, n);
            for (int i = off; i < off + n; i++) {
                gx[i] = (gy[i] - Math.exp(y[i]) * s);
            }
        } else {
            double s = dot(gy, off, y, off, n);
            for (int i = off; i < off + n; i++) {
                gx[i] = (y[i] * (gy[i] - s));
            }
        }
    }

    @Override
    public void crossEntropyGradRow(double[] lp, int lo, double[] gx, int go, int n, double coef, double[] w,
                                    double wScale) {
        for (int j = 0; j < n; j++) {
            double wj = w == null ? 1.0 : w[j];
            gx[go + j] = (coef * Math.exp(lp[lo + j]) - wScale * wj);
        }
    }

    @Override
    public void adam(double[] p, double[] g, double[] m, double[] v, double[] vmax, int off, int n, AdamConfig c,
                     double stepSize, double sqrtBc2) {
        double wd = c.weightDecay();
        boolean coupled = wd != 0 && !c.decoupled();
        double shrink = wd != 0 && c.decoupled() ? 1.0 - c.lr() * wd : 1.0;
        double b1 = c.beta1();
        double b2 = c.beta2();
        for (int i = off; i < off + n; i++) {
            double gi = coupled ? g[i] + wd * p[i] : g[i];
            double pi = p[i] * shrink;
            double mi = b1 * m[i] + (1.0 - b1) * gi;
            double vi = b2 * v[i] + (1.0 - b2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            if (vmax != null) {
                vi = Math.max(vmax[i], vi);
                vmax[i] = vi;
            }
            p[i] = (pi - stepSize * mi / (Math.sqrt(vi) / sqrtBc2 + c.eps()));
        }
    }

    @Override
    public void sgd(double[] p, double[] g, double[] buf, int off, int n, SgdConfig c) {
        double wd = c.weightDecay();
        boolean coupled = wd != 0 && !c.decoupled();
        double shrink = wd != 0 && c.decoupled() ? 1.0 - c.lr() * wd : 1.0;
        double mu = c.momentum();
        for (int i = off; i < off + n; i++) {
            double pi = p[i] * shrink;
            double d = coupled ? g[i] + wd * pi : g[i];
            if (mu != 0) {
                double bi = c.firstStep() ? d : mu * buf[i] + (1.0 - c.dampening()) * d;
                buf[i] = bi;
                d = c.nesterov() ? d + mu * bi : bi;
            }
            p[i] = (pi - c.lr() * d);
        }
    }
}
