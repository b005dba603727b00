package dev.tessera.cpu;

import dev.tessera.DType;
import dev.tessera.backend.AdamConfig;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.SgdConfig;
import dev.tessera.backend.UnaryOp;
import dev.tessera.cpu.gemm.GemmKernel;

/**
 * The inner loops of the CPU backend for FLOAT32 and FLOAT64: each method works on one run of {@code n} elements of
 * Java arrays, single-threaded. The drivers ({@link StridedLoop}, {@link Reductions}, {@link FusedOps},
 * {@link GemmDriver}) cut tensors into such runs and spread them over threads.
 *
 * <p>Elementwise methods address element {@code i} of operand {@code x} at {@code xo + i * xs}: a stride of 1 is a
 * dense run, 0 a broadcast scalar, anything else a general strided run. Outputs may alias inputs element for element.
 * The math of every method is the FLOAT64 specification of the op ({@link UnaryOp#apply}, {@link BinaryOp#apply},
 * ...); FLOAT32 kernels may compute in float within the conformance tolerance. Two implementations exist:
 * {@link ScalarKernels} (portable Java, the fallback) and the Vector API kernels of
 * {@code dev.tessera.cpu.vector}, which are only loaded when the incubator module is present.
 */
public interface Kernels {

    /** A short name for logs and device details, e.g. {@code vector-512} or {@code scalar}. */
    String name();

    // ---------------------------------------------------------------- elementwise

    /** {@code y[i] = op(x[i]; alpha)}. */
    void unary(UnaryOp op, double alpha, float[] x, int xo, int xs, float[] y, int yo, int ys, int n);

    /** {@code y[i] = op(x[i]; alpha)}. */
    void unary(UnaryOp op, double alpha, double[] x, int xo, int xs, double[] y, int yo, int ys, int n);

    /** {@code gx[i] = gy[i] * op.derivative(x[i], y[i], alpha)} for dense runs starting at {@code off}. */
    void unaryBackward(UnaryOp op, double alpha, float[] x, float[] y, float[] gy, float[] gx, int off, int n);

    /** {@code gx[i] = gy[i] * op.derivative(x[i], y[i], alpha)} for dense runs starting at {@code off}. */
    void unaryBackward(UnaryOp op, double alpha, double[] x, double[] y, double[] gy, double[] gx, int off, int n);

    /** {@code o[i] = a[i] op b[i]}. */
    void binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int os, int n);

    /** {@code o[i] = a[i] op b[i]}. */
    void binary(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int os,
                int n);

    /** {@code o[i] = c[i] != 0 ? a[i] : b[i]}. */
    void where(float[] c, int co, int cs, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo,
               int os, int n);

    /** {@code o[i] = c[i] != 0 ? a[i] : b[i]}. */
    void where(double[] c, int co, int cs, double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo,
               int os, int n);

    // ---------------------------------------------------------------- reductions of a dense run

    /**
     * SUM, MAX or MIN of {@code x[off .. off+n)} (n &gt;= 1 for MAX and MIN); MAX and MIN return NaN if any element
     * is NaN. SUM accumulates in double (in an unspecified order), so sums that cancel stay accurate.
     */
    double reduce(ReduceOp op, float[] x, int off, int n);

    /** SUM, MAX or MIN of {@code x[off .. off+n)}, as {@link #reduce(ReduceOp, float[], int, int)}. */
    double reduce(ReduceOp op, double[] x, int off, int n);

    /** ARGMAX or ARGMIN of {@code x[off .. off+n)}, n &gt;= 1: the index of the first extreme, or of the first NaN. */
    int argReduce(ReduceOp op, float[] x, int off, int n);

    /** ARGMAX or ARGMIN of {@code x[off .. off+n)}, as {@link #argReduce(ReduceOp, float[], int, int)}. */
    int argReduce(ReduceOp op, double[] x, int off, int n);

    /**
     * {@code acc[ao+i] = acc[ao+i] op x[xo+i]} for SUM, MAX or MIN (MAX and MIN propagate NaN): one row of a
     * reduction over a non-innermost axis.
     */
    void combine(ReduceOp op, float[] acc, int ao, float[] x, int xo, int n);

    /** {@code acc[ao+i] = acc[ao+i] op x[xo+i]}, as {@link #combine(ReduceOp, float[], int, float[], int, int)}. */
    void combine(ReduceOp op, double[] acc, int ao, double[] x, int xo, int n);

    /** {@code acc[ao+i] += x[xo+i]}: a FLOAT32 row added into double column sums. */
    void accumulate(double[] acc, int ao, float[] x, int xo, int n);

    /** {@code sum_i a[ao+i] * b[bo+i]}, accumulated in double as {@link #reduce} accumulates SUM. */
    double dot(float[] a, int ao, float[] b, int bo, int n);

    /** {@code sum_i a[ao+i] * b[bo+i]}. */
    double dot(double[] a, int ao, double[] b, int bo, int n);

    // ---------------------------------------------------------------- fused rows

    /**
     * Softmax of one dense row: {@code y = exp(x - max) / sum exp(x - max)}, or with {@code log}
     * {@code y = (x - max) - log sum exp(x - max)}, subtracted in that order so that no precision is lost at large
     * {@code |x|}; {@code y} may be {@code x}.
     */
    void softmaxRow(float[] x, int xo, float[] y, int yo, int n, boolean log);

    /** Softmax of one dense row, as {@link #softmaxRow(float[], int, float[], int, int, boolean)}. */
    void softmaxRow(double[] x, int xo, double[] y, int yo, int n, boolean log);

    /**
     * Softmax gradient of one dense row from the output {@code y}: {@code gx = y (gy - sum gy y)}, or with
     * {@code log} {@code gx = gy - exp(y) sum gy}; all three rows start at {@code off}.
     */
    void softmaxBackwardRow(float[] y, float[] gy, float[] gx, int off, int n, boolean log);

    /** Softmax gradient of one dense row, as the float overload. */
    void softmaxBackwardRow(double[] y, double[] gy, double[] gx, int off, int n, boolean log);

    /**
     * The row part of the cross-entropy gradient: {@code gx[go+j] = coef * exp(lp[lo+j]) - wScale * w[j]} for
     * {@code j < n}, with {@code w[j] = 1} when {@code w} is null.
     */
    void crossEntropyGradRow(float[] lp, int lo, float[] gx, int go, int n, double coef, float[] w, double wScale);

    /** The row part of the cross-entropy gradient, as the float overload. */
    void crossEntropyGradRow(double[] lp, int lo, double[] gx, int go, int n, double coef, double[] w,
                             double wScale);

    // ---------------------------------------------------------------- optimizer steps

    /**
     * One Adam step (see {@link AdamConfig}) on elements {@code [off, off+n)} of one parameter and its state, in
     * place. {@code vmax} is null unless AMSGrad. {@code stepSize = lr / (1 - beta1^t)},
     * {@code sqrtBc2 = sqrt(1 - beta2^t)}.
     */
    void adam(float[] p, float[] g, float[] m, float[] v, float[] vmax, int off, int n, AdamConfig c,
              double stepSize, double sqrtBc2);

    /** One Adam step on a FLOAT64 run, as the float overload. */
    void adam(double[] p, double[] g, double[] m, double[] v, double[] vmax, int off, int n, AdamConfig c,
              double stepSize, double sqrtBc2);

    /** One SGD step (see {@link SgdConfig}) on elements {@code [off, off+n)}; {@code buf} is null without momentum. */
    void sgd(float[] p, float[] g, float[] buf, int off, int n, SgdConfig c);

    /** One SGD step on a FLOAT64 run, as the float overload. */
    void sgd(double[] p, double[] g, double[] buf, int off, int n, SgdConfig c);

    // ---------------------------------------------------------------- half-precision conversions

    /**
     * {@code y[yo + i] = HalfFloats.narrow(half, x[xo + i])} for {@code i < n}: FLOAT32 to FLOAT16 or BFLOAT16 bits,
     * nearest even, on dense runs, bit for bit as {@link dev.tessera.HalfFloats}.
     */
    void narrowHalf(DType half, float[] x, int xo, short[] y, int yo, int n);

    /** {@code y[yo + i] = HalfFloats.widen(half, x[xo + i])} for {@code i < n} (exact), on dense runs. */
    void widenHalf(DType half, short[] x, int xo, float[] y, int yo, int n);

    // ---------------------------------------------------------------- matrix products

    /** The micro-kernel and packing of FLOAT32 matrix products. */
    GemmKernel floatGemm();

    /** The micro-kernel and packing of FLOAT64 matrix products. */
    GemmKernel doubleGemm();
}
