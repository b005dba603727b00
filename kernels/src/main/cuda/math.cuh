// The math prelude of the generated elementwise ops (ops.cuh, generated from optable/elementwise.ops into the build's
// generated-sources and included at the end): m_<f> is the C math function f overloaded for float and double, and
// ts_* the helpers several ops share. Op codes are the ordinals of the Java enums dev.tessera.backend.UnaryOp and
// BinaryOp, generated from the same table.
#pragma once

// ---------------------------------------------------------------------------------------------------------------
// Overloads of the C math functions for float and double

// m_<fn>(x) calls fn's float form (<fn>f) on float and its double form on double.
#define TS_MATH1(fn)                                                                                                \
    __device__ __forceinline__ float m_##fn(float x) { return fn##f(x); }                                           \
    __device__ __forceinline__ double m_##fn(double x) { return fn(x); }
#define TS_MATH2(fn)                                                                                                \
    __device__ __forceinline__ float m_##fn(float a, float b) { return fn##f(a, b); }                               \
    __device__ __forceinline__ double m_##fn(double a, double b) { return fn(a, b); }
TS_MATH1(exp)
TS_MATH1(expm1)
TS_MATH1(log)
TS_MATH1(log1p)
TS_MATH1(sqrt)
TS_MATH1(tanh)
TS_MATH1(erf)
TS_MATH1(sin)
TS_MATH1(cos)
TS_MATH1(fabs)
TS_MATH2(pow)
TS_MATH2(fmin)
TS_MATH2(fmax)
#undef TS_MATH1
#undef TS_MATH2

// Classification, the same on both types.
template <typename T> __device__ __forceinline__ bool m_signbit(T x) { return signbit(x); }
template <typename T> __device__ __forceinline__ bool m_isnan(T x) { return x != x; }
template <typename T> __device__ __forceinline__ bool m_isinf(T x) { return isinf(x); }

// Constants of the element type T (used inside the templates of ops.cuh, where T is the template parameter).
#define TS_SQRT_2_OVER_PI T(0.79788456080286535588)
#define TS_INV_SQRT_2 T(0.70710678118654752440)
#define TS_INV_SQRT_2PI T(0.39894228040143267794)

// ---------------------------------------------------------------------------------------------------------------
// Helpers

// 1/(1+e^-x), in the form that does not overflow for large |x|.
template <typename T>
__device__ __forceinline__ T ts_sigmoid(T x) {
    if (x >= T(0)) {
        return T(1) / (T(1) + m_exp(-x));
    }
    T e = m_exp(x);
    return e / (T(1) + e);
}

// ln(1 + e^x), exactly x above the threshold (PyTorch's softplus with beta 1).
template <typename T>
__device__ __forceinline__ T ts_softplus(T x, T threshold) {
    return x > threshold ? x : m_log1p(m_exp(x));
}

// sign(x) in {-1, 0, 1}, keeping the sign of zero and NaN (Java's Math.signum).
template <typename T>
__device__ __forceinline__ T ts_signum(T x) {
    return x > T(0) ? T(1) : (x < T(0) ? T(-1) : x);
}

// Java's Math.pow where it differs from C: a NaN exponent, or |a| = 1 with an infinite exponent, gives NaN.
template <typename T>
__device__ __forceinline__ T ts_pow(T a, T b) {
    if (m_isnan(b) || (m_fabs(a) == T(1) && m_isinf(b))) {
        return T(NAN);
    }
    return m_pow(a, b);
}

// max(a, b) that propagates NaN and orders -0 below +0.
template <typename T>
__device__ __forceinline__ T ts_maximum(T a, T b) {
    if (m_isnan(a) || m_isnan(b)) {
        return a + b;
    }
    return (a > b || (a == b && !m_signbit(a))) ? a : b;
}

// min(a, b) that propagates NaN and orders -0 below +0.
template <typename T>
__device__ __forceinline__ T ts_minimum(T a, T b) {
    if (m_isnan(a) || m_isnan(b)) {
        return a + b;
    }
    return (a < b || (a == b && m_signbit(a))) ? a : b;
}

#include "ops.cuh"
