package dev.tessera.cpu.vector;

import dev.tessera.backend.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The FLOAT32 unary loops of {@link VectorKernels}, forward ({@code y = f(x)}) and backward
 * ({@code gx = gy f'(x, y)}), one small method per op over a dense run whose length is a multiple of the vector
 * length. Each loop lives in its own method on purpose: C2 compiles a method with many Vector API loops past its
 * inlining budget, and the loops beyond it fall back to boxed vectors, tens of times slower. For the same reason
 * erf is written out inside the GELU loops rather than called: once compiled on its own it is too big to be inlined,
 * and a vector passed to a call that is not inlined is boxed.
 *
 * <p>erf uses its Taylor series {@code 2/sqrt(pi) (x - x^3/3 + x^5/10 - ...)} below |x| = 0.5 (six terms, relative
 * error under 1e-7) and Abramowitz and Stegun 7.1.26, {@code 1 - (a1 t + ... + a5 t^5) e^{-x^2}} with
 * {@code t = 1/(1 + 0.3275911 |x|)}, above (absolute error under 1.5e-7), which keeps GELU within the FLOAT32
 * conformance tolerance. NaN propagates through the arithmetic.
 */
final class VectorUnary {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final float K_TANH = (float) Math.sqrt(2.0 / Math.PI);
    private static final float INV_SQRT_2 = (float) (1.0 / Math.sqrt(2.0));
    private static final float INV_SQRT_2PI = (float) (1.0 / Math.sqrt(2.0 * Math.PI));
    private static final float TWO_OVER_SQRT_PI = (float) (2.0 / Math.sqrt(Math.PI));
    private static final float ERF_P = 0.3275911f;
    private static final float ERF_A1 = 0.254829592f;
    private static final float ERF_A2 = -0.284496736f;
    private static final float ERF_A3 = 1.421413741f;
    private static final float ERF_A4 = -1.453152027f;
    private static final float ERF_A5 = 1.061405429f;

    private VectorUnary() {
    }

    /** {@code y[yo+i] = op(x[xo+i]; a)} for {@code i < n}, n a multiple of the vector length. */
    static void forward(UnaryOp op, float a, float[] x, int xo, float[] y, int yo, int n) {
        switch (op) {
            case NEG -> neg(x, xo, y, yo, n);
            case EXP -> exp(x, xo, y, yo, n);
            case LOG -> log(x, xo, y, yo, n);
            case SQRT -> sqrt(x, xo, y, yo, n);
            case RSQRT -> rsqrt(x, xo, y, yo, n);
            case ABS -> abs(x, xo, y, yo, n);
            case SIGN -> sign(x, xo, y, yo, n);
            case RECIPROCAL -> reciprocal(x, xo, y, yo, n);
            case SIGMOID -> sigmoid(x, xo, y, yo, n);
            case TANH -> tanh(x, xo, y, yo, n);
            case RELU -> relu(x, xo, y, yo, n);
            case LEAKY_RELU -> leakyRelu(x, xo, y, yo, n, a);
            case ELU -> elu(x, xo, y, yo, n, a);
            case GELU -> gelu(x, xo, y, yo, n);
            case GELU_TANH -> geluTanh(x, xo, y, yo, n);
            case SILU -> silu(x, xo, y, yo, n, a);
            case MISH -> mish(x, xo, y, yo, n);
            case SOFTPLUS -> softplus(x, xo, y, yo, n);
        }
    }

    /** {@code gx[i] = gy[i] op'(x[i], y[i]; a)} for {@code off <= i < off + n}, n a multiple of the vector length. */
    static void backward(UnaryOp op, float a, float[] x, float[] y, float[] gy, float[] gx, int off, int n) {
        switch (op) {
            case NEG -> negBackward(gy, gx, off, n);
            case EXP -> expBackward(y, gy, gx, off, n);
            case LOG -> logBackward(x, gy, gx, off, n);
            case SQRT -> sqrtBackward(y, gy, gx, off, n);
            case RSQRT -> rsqrtBackward(y, gy, gx, off, n);
            case ABS -> absBackward(x, gy, gx, off, n);
            case SIGN -> signBackward(gy, gx, off, n);
            case RECIPROCAL -> reciprocalBackward(y, gy, gx, off, n);
            case SIGMOID -> sigmoidBackward(y, gy, gx, off, n);
            case TANH -> tanhBackward(y, gy, gx, off, n);
            case RELU -> reluBackward(x, gy, gx, off, n);
            case LEAKY_RELU -> leakyReluBackward(x, gy, gx, off, n, a);
            case ELU -> eluBackward(x, y, gy, gx, off, n, a);
            case GELU -> geluBackward(x, gy, gx, off, n);
            case GELU_TANH -> geluTanhBackward(x, gy, gx, off, n);
            case SILU -> siluBackward(x, gy, gx, off, n, a);
            case MISH -> mishBackward(x, gy, gx, off, n);
            case SOFTPLUS -> softplusBackward(x, gy, gx, off, n);
        }
    }

    // ---------------------------------------------------------------- forward

    private static void neg(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.neg().intoArray(y, yo + i);
        }
    }

    private static void exp(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.lanewise(VectorOperators.EXP).intoArray(y, yo + i);
        }
    }

    private static void log(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.lanewise(VectorOperators.LOG).intoArray(y, yo + i);
        }
    }

    private static void sqrt(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.sqrt().intoArray(y, yo + i);
        }
    }

    private static void rsqrt(float[] x, int xo, float[] y, int yo, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            one.div(v.sqrt()).intoArray(y, yo + i);
        }
    }

    private static void abs(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.abs().intoArray(y, yo + i);
        }
    }

    private static void sign(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            VectorMath.sign(v).intoArray(y, yo + i);
        }
    }

    private static void reciprocal(float[] x, int xo, float[] y, int yo, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            one.div(v).intoArray(y, yo + i);
        }
    }

    private static void sigmoid(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            VectorMath.sigmoid(v).intoArray(y, yo + i);
        }
    }

    private static void tanh(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.lanewise(VectorOperators.TANH).intoArray(y, yo + i);
        }
    }

    private static void relu(float[] x, int xo, float[] y, int yo, int n) {
        FloatVector zero = FloatVector.zero(F);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.max(zero).intoArray(y, yo + i);
        }
    }

    private static void leakyRelu(float[] x, int xo, float[] y, int yo, int n, float a) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.mul(a).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yo + i);
        }
    }

    private static void elu(float[] x, int xo, float[] y, int yo, int n, float a) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.lanewise(VectorOperators.EXPM1).mul(a).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yo + i);
        }
    }

    private static void gelu(float[] x, int xo, float[] y, int yo, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            FloatVector z = v.mul(INV_SQRT_2);
            FloatVector za = z.abs();
            FloatVector z2 = za.mul(za);
            FloatVector series = z2.mul(-1f / 1320f).add(1f / 216f).mul(z2).add(-1f / 42f).mul(z2).add(1f / 10f).mul(z2)
                    .add(-1f / 3f).mul(z2).add(1f).mul(za).mul(TWO_OVER_SQRT_PI);
            FloatVector t = one.div(za.mul(ERF_P).add(1f));
            FloatVector poly = t.mul(ERF_A5).add(ERF_A4).mul(t).add(ERF_A3).mul(t).add(ERF_A2).mul(t).add(ERF_A1)
                    .mul(t);
            FloatVector tail = one.sub(poly.mul(z2.neg().lanewise(VectorOperators.EXP)));
            FloatVector r = tail.blend(series, za.compare(VectorOperators.LT, 0.5f));
            FloatVector e = r.blend(r.neg(), z.compare(VectorOperators.LT, 0f));
            e.add(1f).mul(v).mul(0.5f).intoArray(y, yo + i);
        }
    }

    private static void geluTanh(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            FloatVector inner = v.mul(v).mul(0.044715f).add(1f).mul(v).mul(K_TANH);
            inner.lanewise(VectorOperators.TANH).add(1f).mul(v).mul(0.5f).intoArray(y, yo + i);
        }
    }

    private static void silu(float[] x, int xo, float[] y, int yo, int n, float a) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.mul(VectorMath.sigmoid(v.mul(a))).intoArray(y, yo + i);
        }
    }

    private static void mish(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.mul(VectorMath.softplus(v).lanewise(VectorOperators.TANH)).intoArray(y, yo + i);
        }
    }

    private static void softplus(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            VectorMath.softplus(v).intoArray(y, yo + i);
        }
    }

    // ---------------------------------------------------------------- backward

    private static void negBackward(float[] gy, float[] gx, int off, int n) {
        for (int i = off; i < off + n; i += L) {
            FloatVector g = FloatVector.fromArray(F, gy, i);
            g.neg().intoArray(gx, i);
        }
    }

    private static void expBackward(float[] y, float[] gy, float[] gx, int off, int n) {
        for (int i = off; i < off + n; i += L) {
            FloatVector yv = FloatVector.fromArray(F, y, i);
            FloatVector g = FloatVector.fromArray(F, gy, i);
            g.mul(yv).intoArray(gx, i);
        }
    }

    private static void logBackward(float[] x, float[] gy, float[] gx, int off, int n) {
        for (int i = off; i < off + n; i += L) {
            FloatVector xv = FloatVector.fromArray(F, x, i);
            FloatVector g = FloatVector.fromArray(F, gy, i);
            g.div(xv).intoArray(gx, i);
        }
    }

    private static void sqrtBackward(float[] y, float[] gy, float[] gx, int off, int n) {
        for (int i = off; i < off + n; i += L) {
            FloatVector yv = FloatVector.fromArray(F, y, i);
            FloatVector g = FloatVector.fromArray(F, gy, i);
            g.mul(0.5f).div(yv).intoArray(gx, i);
        }
    }

    private static void rsqrtBackward(float[] y, float[] gy, float[] gx, int off, int n) {
        for (int i = off; i < off + n; i += L) {
            FloatVector yv = FloatVector.fromArray(F, y, i);
            FloatVector g = FloatVector.fromArray(F, gy, i);
            g.mul(yv.mul(yv).mul(yv).mul(-0.5f)).intoArray(gx, i);
        }
    }

    private static void absBackward(float[] x, float[] gy, float[] gx, int off, int n) {
        for (int i = off; i < off + n; i += L) {
            FloatVector xv = FloatVector.fromArray(F, x, i);
            FloatVector g = FloatVector.fromArray(F, gy, i);
            g.mul(VectorMath.sign(xv)).intoArray(gx, i);
        }
    }

    private static void signBackward(float[] gy, float[] gx, int off, int n) {
        FloatVector zero = FloatVector.zero(F);
        for (int i = off; i < off + n; i += L) {
            FloatVector g = FloatVector.fromArray(F, gy, i);
            g.mul(zero).intoArray(gx, i);
        }
    }

    private static void reciprocalBackward(float[] y, float[] gy, float[] gx, int off, int n) {
        for (int i = off; i < off + n; i += L) {
            FloatVector yv = FloatVector.fromArray(F, y, i);
            FloatVector g = FloatVector.fromArray(F, gy, i);
            g.mul(yv.mul(yv).neg()).intoArray(gx, i);
        }
    }

    private static void sigmoidBackward(float[] y, float[] gy, float[] gx, int off, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = off; i < off + n; i += L) {
            FloatVector yv = FloatVector.fromArray(F, y, i);
            FloatVector g = FloatVector.fromArray(F, gy, i);
            g.mul(yv.mul(one.sub(yv))).intoArray(gx, i);
        }
    }

    private static void tanhBackward(float[] y, float[] gy, float[] gx, int off, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = off; i < off + n; i += L) {
            FloatVector yv = FloatVector.fromArray(F, y, i);
            FloatVector g = FloatVector.fromArray(F, gy, i);
            g.mul(one.sub(yv.mul(yv))).intoArray(gx, i);
        }
    }

    private static void reluBackward(float[] x, float[] gy, float[] gx, int off, int n) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = off; i < off + n; i += L) {
            FloatVector xv = FloatVector.fromArray(F, x, i);
            FloatVector g = FloatVector.fromArray(F, gy, i);
            g.mul(zero.blend(one, xv.compare(VectorOperators.GT, 0f))).intoArray(gx, i);
        }
    }

    private static void leakyReluBackward(float[] x, float[] gy, float[] gx, int off, int n, float a) {
        FloatVector slope = FloatVector.broadcast(F, a);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = off; i < off + n; i += L) {
            FloatVector xv = FloatVector.fromArray(F, x, i);
            FloatVector g = FloatVector.fromArray(F, gy, i);
            g.mul(slope.blend(one, xv.compare(VectorOperators.GT, 0f))).intoArray(gx, i);
        }
    }

    private static void eluBackward(float[] x, float[] y, float[] gy, float[] gx, int off, int n, float a) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = off; i < off + n; i += L) {
            FloatVector xv = FloatVector.fromArray(F, x, i);
            FloatVector yv = FloatVector.fromArray(F, y, i);
            FloatVector g = FloatVector.fromArray(F, gy, i);
            g.mul(yv.add(a).blend(one, xv.compare(VectorOperators.GT, 0f))).intoArray(gx, i);
        }
    }

    private static void geluBackward(float[] x, float[] gy, float[] gx, int off, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = off; i < off + n; i += L) {
            FloatVector xv = FloatVector.fromArray(F, x, i);
            FloatVector g = FloatVector.fromArray(F, gy, i);
            FloatVector z = xv.mul(INV_SQRT_2);
            FloatVector za = z.abs();
            FloatVector z2 = za.mul(za);
            FloatVector series = z2.mul(-1f / 1320f).add(1f / 216f).mul(z2).add(-1f / 42f).mul(z2).add(1f / 10f).mul(z2)
                    .add(-1f / 3f).mul(z2).add(1f).mul(za).mul(TWO_OVER_SQRT_PI);
            FloatVector t = one.div(za.mul(ERF_P).add(1f));
            FloatVector poly = t.mul(ERF_A5).add(ERF_A4).mul(t).add(ERF_A3).mul(t).add(ERF_A2).mul(t).add(ERF_A1)
                    .mul(t);
            FloatVector tail = one.sub(poly.mul(z2.neg().lanewise(VectorOperators.EXP)));
            FloatVector r = tail.blend(series, za.compare(VectorOperators.LT, 0.5f));
            FloatVector e = r.blend(r.neg(), z.compare(VectorOperators.LT, 0f));
            FloatVector cdf = e.add(1f).mul(0.5f);
            FloatVector pdf = xv.mul(xv).mul(-0.5f).lanewise(VectorOperators.EXP).mul(INV_SQRT_2PI);
            FloatVector d = xv.mul(pdf).add(cdf);
            g.mul(d).intoArray(gx, i);
        }
    }

    private static void geluTanhBackward(float[] x, float[] gy, float[] gx, int off, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = off; i < off + n; i += L) {
            FloatVector xv = FloatVector.fromArray(F, x, i);
            FloatVector g = FloatVector.fromArray(F, gy, i);
            FloatVector x2 = xv.mul(xv);
            FloatVector t = x2.mul(0.044715f).add(1f).mul(xv).mul(K_TANH).lanewise(VectorOperators.TANH);
            FloatVector slope = x2.mul(3f * 0.044715f).add(1f).mul(K_TANH);
            FloatVector d = one.sub(t.mul(t)).mul(slope).mul(xv).add(t).add(1f).mul(0.5f);
            g.mul(d).intoArray(gx, i);
        }
    }

    private static void siluBackward(float[] x, float[] gy, float[] gx, int off, int n, float a) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = off; i < off + n; i += L) {
            FloatVector xv = FloatVector.fromArray(F, x, i);
            FloatVector g = FloatVector.fromArray(F, gy, i);
            FloatVector ax = xv.mul(a);
            FloatVector s = VectorMath.sigmoid(ax);
            FloatVector d = one.sub(s).mul(ax).add(1f).mul(s);
            g.mul(d).intoArray(gx, i);
        }
    }

    private static void mishBackward(float[] x, float[] gy, float[] gx, int off, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = off; i < off + n; i += L) {
            FloatVector xv = FloatVector.fromArray(F, x, i);
            FloatVector g = FloatVector.fromArray(F, gy, i);
            FloatVector t = VectorMath.softplus(xv).lanewise(VectorOperators.TANH);
            FloatVector d = one.sub(t.mul(t)).mul(VectorMath.sigmoid(xv)).mul(xv).add(t);
            g.mul(d).intoArray(gx, i);
        }
    }

    private static void softplusBackward(float[] x, float[] gy, float[] gx, int off, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = off; i < off + n; i += L) {
            FloatVector xv = FloatVector.fromArray(F, x, i);
            FloatVector g = FloatVector.fromArray(F, gy, i);
            FloatVector d = VectorMath.sigmoid(xv).blend(one, xv.compare(VectorOperators.GT, 20f));
            g.mul(d).intoArray(gx, i);
        }
    }
}
