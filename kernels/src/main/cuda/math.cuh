// The math prelude of the generated elementwise ops (ops.cuh, generated from optable/elementwise.ops into the build's
// generated-sources and included at the end): m_<f> is the C math function f overloaded for float and double, and
// ts_* the helpers several ops share. Op codes are the ordinals of the Java enums dev.tessera.backend.UnaryOp and
// BinaryOp, generated from the same table.
#pragma once

// ---------------------------------------------------------------------------------------------------------------
// Overloads of the C math functions for float and double

__device__ __forceinline__ float m_exp(float x) { return expf(x); }
__device__ __forceinline__ double m_exp(double x) { return exp(x); }
__device__ __forceinline__ float m_expm1(float x) { return expm1f(x); }
__device__ __forceinline__ double m_expm1(double x) { return expm1(x); }
__device__ __forceinline__ float m_log(float x) { return logf(x); }
__device__ __forceinline__ double m_log(double x) { return log(x); }
__device__ __forceinline__ float m_log1p(float x) { return log1pf(x); }
__device__ __forceinline__ double m_log1p(double x) { return log1p(x); }
__device__ __forceinline__ float m_sqrt(float x) { return sqrtf(x); }
__device__ __forceinline__ double m_sqrt(double x) { return sqrt(x); }
__device__ __forceinline__ float m_tanh(float x) { return tanhf(x); }
__device__ __forceinline__ double m_tanh(double x) { return tanh(x); }
__device__ __forceinline__ float m_erf(float x) { return erff(x); }
__device__ __forceinline__ double m_erf(double x) { return erf(x); }
__device__ __forceinline__ float m_pow(float a, float b) { return powf(a, b); }
__device__ __forceinline__ double m_pow(double a, double b) { return pow(a, b); }
__device__ __forceinline__ float m_sin(float x) { return sinf(x); }
__device__ __forceinline__ double m_sin(double x) { return sin(x); }
__device__ __forceinline__ float m_cos(float x) { return cosf(x); }
__device__ __forceinline__ double m_cos(double x) { return cos(x); }
__device__ __forceinline__ float m_fmin(float a, float b) { return fminf(a, b); }
__device__ __forceinline__ double m_fmin(double a, double b) { return fmin(a, b); }
__device__ __forceinline__ float m_fmax(float a, float b) { return fmaxf(a, b); }
__device__ __forceinline__ double m_fmax(double a, double b) { return fmax(a, b); }
__device__ __forceinline__ float m_fabs(float x) { return fabsf(x); }
__device__ __forceinline__ double m_fabs(double x) { return fabs(x); }
__device__ __forceinline__ bool m_signbit(float x) { return signbit(x); }
__device__ __forceinline__ bool m_signbit(double x) { return signbit(x); }
__device__ __forceinline__ bool m_isnan(float x) { return x != x; }
__device__ __forceinline__ bool m_isnan(double x) { return x != x; }
__device__ __forceinline__ bool m_isinf(float x) { return isinf(x); }
__device__ __forceinline__ bool m_isinf(double x) { return isinf(x); }

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
