// The math of Tessera's elementwise primitives on the device: the unary ops with their derivatives and the binary
// ops, for float, double and (where defined) int. Op codes are the ordinals of the Java enums
// dev.tessera.backend.UnaryOp and BinaryOp (a host-side test checks them); the formulas are those enums' FLOAT64
// specifications, evaluated in the element type.
#pragma once

// ---------------------------------------------------------------------------------------------------------------
// Op codes (ordinals of the Java enums)

enum UnaryCode {
    U_NEG = 0,
    U_EXP = 1,
    U_LOG = 2,
    U_SQRT = 3,
    U_RSQRT = 4,
    U_ABS = 5,
    U_SIGN = 6,
    U_RECIPROCAL = 7,
    U_SIGMOID = 8,
    U_TANH = 9,
    U_RELU = 10,
    U_LEAKY_RELU = 11,
    U_ELU = 12,
    U_GELU = 13,
    U_GELU_TANH = 14,
    U_SILU = 15,
    U_MISH = 16,
    U_SOFTPLUS = 17,
};

enum BinaryCode {
    B_ADD = 0,
    B_SUB = 1,
    B_MUL = 2,
    B_DIV = 3,
    B_POW = 4,
    B_MAXIMUM = 5,
    B_MINIMUM = 6,
    B_EQ = 7,
    B_NE = 8,
    B_LT = 9,
    B_LE = 10,
    B_GT = 11,
    B_GE = 12,
};

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
__device__ __forceinline__ float m_fabs(float x) { return fabsf(x); }
__device__ __forceinline__ double m_fabs(double x) { return fabs(x); }
__device__ __forceinline__ bool m_signbit(float x) { return signbit(x); }
__device__ __forceinline__ bool m_signbit(double x) { return signbit(x); }
__device__ __forceinline__ bool m_isnan(float x) { return x != x; }
__device__ __forceinline__ bool m_isnan(double x) { return x != x; }
__device__ __forceinline__ bool m_isinf(float x) { return isinf(x); }
__device__ __forceinline__ bool m_isinf(double x) { return isinf(x); }

#define TS_SQRT_2_OVER_PI 0.79788456080286535588
#define TS_INV_SQRT_2 0.70710678118654752440
#define TS_INV_SQRT_2PI 0.39894228040143267794

// ---------------------------------------------------------------------------------------------------------------
// Unary ops

// 1/(1+e^-x), in the form that does not overflow for large |x|.
template <typename T>
__device__ __forceinline__ T ts_sigmoid(T x) {
    if (x >= T(0)) {
        return T(1) / (T(1) + m_exp(-x));
    }
    T e = m_exp(x);
    return e / (T(1) + e);
}

// ln(1 + e^x), exactly x above 20 (PyTorch's threshold).
template <typename T>
__device__ __forceinline__ T ts_softplus(T x) {
    return x > T(20) ? x : m_log1p(m_exp(x));
}

// sign(x) in {-1, 0, 1}, keeping the sign of zero and NaN (Java's Math.signum).
template <typename T>
__device__ __forceinline__ T ts_signum(T x) {
    return x > T(0) ? T(1) : (x < T(0) ? T(-1) : x);
}

// y = f(x; alpha) of UnaryOp `op`.
template <typename T>
__device__ __forceinline__ T ts_unary(int op, T x, T alpha) {
    switch (op) {
        case U_NEG: return -x;
        case U_EXP: return m_exp(x);
        case U_LOG: return m_log(x);
        case U_SQRT: return m_sqrt(x);
        case U_RSQRT: return T(1) / m_sqrt(x);
        case U_ABS: return m_fabs(x);
        case U_SIGN: return ts_signum(x);
        case U_RECIPROCAL: return T(1) / x;
        case U_SIGMOID: return ts_sigmoid(x);
        case U_TANH: return m_tanh(x);
        case U_RELU: return x > T(0) ? x : (m_isnan(x) ? x : T(0));
        case U_LEAKY_RELU: return x > T(0) ? x : alpha * x;
        case U_ELU: return x > T(0) ? x : alpha * m_expm1(x);
        case U_GELU: return T(0.5) * x * (T(1) + m_erf(x * T(TS_INV_SQRT_2)));
        case U_GELU_TANH:
            return T(0.5) * x * (T(1) + m_tanh(T(TS_SQRT_2_OVER_PI) * (x + T(0.044715) * x * x * x)));
        case U_SILU: return x * ts_sigmoid(alpha * x);
        case U_MISH: return x * m_tanh(ts_softplus(x));
        case U_SOFTPLUS: return ts_softplus(x);
        default: return x;
    }
}

// dy/dx of UnaryOp `op` at input x with forward output y.
template <typename T>
__device__ __forceinline__ T ts_unary_derivative(int op, T x, T y, T alpha) {
    switch (op) {
        case U_NEG: return T(-1);
        case U_EXP: return y;
        case U_LOG: return T(1) / x;
        case U_SQRT: return T(0.5) / y;
        case U_RSQRT: return T(-0.5) * y * y * y;
        case U_ABS: return ts_signum(x);
        case U_SIGN: return T(0);
        case U_RECIPROCAL: return -y * y;
        case U_SIGMOID: return y * (T(1) - y);
        case U_TANH: return T(1) - y * y;
        case U_RELU: return x > T(0) ? T(1) : T(0);
        case U_LEAKY_RELU: return x > T(0) ? T(1) : alpha;
        case U_ELU: return x > T(0) ? T(1) : y + alpha;
        case U_GELU:
            return T(0.5) * (T(1) + m_erf(x * T(TS_INV_SQRT_2))) + x * T(TS_INV_SQRT_2PI) * m_exp(T(-0.5) * x * x);
        case U_GELU_TANH: {
            const T k = T(TS_SQRT_2_OVER_PI);
            T t = m_tanh(k * (x + T(0.044715) * x * x * x));
            return T(0.5) * (T(1) + t) + T(0.5) * x * (T(1) - t * t) * k * (T(1) + T(3.0 * 0.044715) * x * x);
        }
        case U_SILU: {
            T s = ts_sigmoid(alpha * x);
            return s + alpha * x * s * (T(1) - s);
        }
        case U_MISH: {
            T t = m_tanh(ts_softplus(x));
            return t + x * (T(1) - t * t) * ts_sigmoid(x);
        }
        case U_SOFTPLUS: return x > T(20) ? T(1) : ts_sigmoid(x);
        default: return T(0);
    }
}

// The integer unary ops (NEG, ABS, SIGN), wrapping like Java's int arithmetic.
__device__ __forceinline__ int ts_unary_int(int op, int x) {
    switch (op) {
        case U_NEG: return (int) (0u - (unsigned) x);
        case U_ABS: return x < 0 ? (int) (0u - (unsigned) x) : x;
        case U_SIGN: return (x > 0) - (x < 0);
        default: return x;
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Binary ops

// a op b on floating values; comparisons give 1 or 0. MAXIMUM/MINIMUM propagate NaN and order -0 below +0, and
// POW follows Java's Math.pow where it differs from C (a NaN exponent, or |a| = 1 with an infinite exponent,
// gives NaN).
template <typename T>
__device__ __forceinline__ T ts_binary(int op, T a, T b) {
    switch (op) {
        case B_ADD: return a + b;
        case B_SUB: return a - b;
        case B_MUL: return a * b;
        case B_DIV: return a / b;
        case B_POW:
            if (m_isnan(b) || (m_fabs(a) == T(1) && m_isinf(b))) {
                return T(NAN);
            }
            return m_pow(a, b);
        case B_MAXIMUM:
            if (m_isnan(a) || m_isnan(b)) {
                return a + b;
            }
            return (a > b || (a == b && !m_signbit(a))) ? a : b;
        case B_MINIMUM:
            if (m_isnan(a) || m_isnan(b)) {
                return a + b;
            }
            return (a < b || (a == b && m_signbit(a))) ? a : b;
        case B_EQ: return a == b ? T(1) : T(0);
        case B_NE: return a != b ? T(1) : T(0);
        case B_LT: return a < b ? T(1) : T(0);
        case B_LE: return a <= b ? T(1) : T(0);
        case B_GT: return a > b ? T(1) : T(0);
        case B_GE: return a >= b ? T(1) : T(0);
        default: return T(0);
    }
}

// a op b on ints, wrapping like Java's int arithmetic. Core never sends DIV or POW on integers; they are defined
// anyway (x / 0 gives 0, since a kernel cannot throw; POW saturates like Java's (int) cast of Math.pow).
__device__ __forceinline__ int ts_binary_int(int op, int a, int b) {
    switch (op) {
        case B_ADD: return (int) ((unsigned) a + (unsigned) b);
        case B_SUB: return (int) ((unsigned) a - (unsigned) b);
        case B_MUL: return (int) ((unsigned) a * (unsigned) b);
        case B_DIV: return b == 0 ? 0 : (b == -1 ? (int) (0u - (unsigned) a) : a / b);
        case B_POW: return (int) pow((double) a, (double) b);
        case B_MAXIMUM: return a > b ? a : b;
        case B_MINIMUM: return a < b ? a : b;
        case B_EQ: return a == b;
        case B_NE: return a != b;
        case B_LT: return a < b;
        case B_LE: return a <= b;
        case B_GT: return a > b;
        case B_GE: return a >= b;
        default: return 0;
    }
}

// Dispatch on the element type: floating types use ts_binary / ts_unary, int the integer forms.
template <typename T> struct Ops {
    __device__ static __forceinline__ T binary(int op, T a, T b) { return ts_binary<T>(op, a, b); }
    __device__ static __forceinline__ T unary(int op, T x, T alpha) { return ts_unary<T>(op, x, alpha); }
};
template <> struct Ops<int> {
    __device__ static __forceinline__ int binary(int op, int a, int b) { return ts_binary_int(op, a, b); }
    __device__ static __forceinline__ int unary(int op, int x, int) { return ts_unary_int(op, x); }
};
