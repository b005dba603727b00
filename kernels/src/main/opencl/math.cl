// The math prelude of the generated elementwise ops (ops.cl, from optable/elementwise.ops): the names the table's
// device formulas use. m_<f> is the C math function f for the element type T, K(v) a constant of type T (common.cl),
// and ts_* the helpers several ops share. Integer programs (T_INT) need none of it.

#if T_IS_FLOAT

#define m_exp(x) exp(x)
#define m_expm1(x) expm1(x)
#define m_log(x) log(x)
#define m_log1p(x) log1p(x)
#define m_sqrt(x) sqrt(x)
#define m_tanh(x) tanh(x)
#define m_erf(x) erf(x)
#define m_sin(x) sin(x)
#define m_cos(x) cos(x)
#define m_fabs(x) fabs(x)
#define m_fmin(a, b) fmin(a, b)
#define m_fmax(a, b) fmax(a, b)
#define m_isnan(x) IS_NAN(x)

#define TS_SQRT_2_OVER_PI K(0.79788456080286535588)
#define TS_INV_SQRT_2 K(0.70710678118654752440)
#define TS_INV_SQRT_2PI K(0.39894228040143267794)

// 1/(1+e^-x), in the form that does not overflow for large |x|.
inline T ts_sigmoid(T x) {
    if (x >= 0) {
        return K(1.0) / (K(1.0) + exp(-x));
    }
    T e = exp(x);
    return e / (K(1.0) + e);
}

// ln(1 + e^x), exactly x above the threshold (PyTorch's softplus with beta 1).
inline T ts_softplus(T x, T threshold) {
    return x > threshold ? x : log1p(exp(x));
}

// sign(x) in {-1, 0, 1}, keeping the sign of zero and NaN (Java's Math.signum).
inline T ts_signum(T x) {
    return x > 0 ? K(1.0) : x < 0 ? K(-1.0) : x;
}

// Java's Math.pow: a NaN exponent gives NaN, and so does |a| = 1 with an infinite exponent (C gives 1 for both).
inline T ts_pow(T a, T b) {
    if (IS_NAN(b) || (fabs(a) == K(1.0) && isinf(b))) {
        return (T)NAN;
    }
    return pow(a, b);
}

#endif

// max and min that propagate NaN (common.cl).
#define ts_maximum(a, b) max_nan(a, b)
#define ts_minimum(a, b) min_nan(a, b)
