// Scalar forms of the unary and binary primitives (dev.tessera.backend.UnaryOp and BinaryOp), shared by
// elementwise.cl and fused.cl: u_<op>(x, alpha) is the forward function, d_<op>(x, y, alpha) its derivative at
// input x with output y, b_<op>(a, b) a binary op. Integer programs (T_INT) get only the ops defined on INT32, with
// Java's wrapping arithmetic.

#if T_IS_FLOAT

inline T sigmoid_(T x) {
    if (x >= 0) {
        return K(1.0) / (K(1.0) + exp(-x));
    }
    T e = exp(x);
    return e / (K(1.0) + e);
}

// ln(1 + e^x), exactly x above 20 as in PyTorch.
inline T softplus_(T x) {
    return x > K(20.0) ? x : log1p(exp(x));
}

#define SQRT_2_OVER_PI K(0.79788456080286535588)
#define INV_SQRT_2 K(0.70710678118654752440)
#define INV_SQRT_2PI K(0.39894228040143267794)
#define GELU_C K(0.044715)

inline T u_neg(T x, T a) { return -x; }
inline T u_exp(T x, T a) { return exp(x); }
inline T u_log(T x, T a) { return log(x); }
inline T u_sqrt(T x, T a) { return sqrt(x); }
inline T u_rsqrt(T x, T a) { return K(1.0) / sqrt(x); }
inline T u_abs(T x, T a) { return fabs(x); }
inline T u_sign(T x, T a) { return x > 0 ? K(1.0) : x < 0 ? K(-1.0) : x; }
inline T u_reciprocal(T x, T a) { return K(1.0) / x; }
inline T u_sigmoid(T x, T a) { return sigmoid_(x); }
inline T u_tanh(T x, T a) { return tanh(x); }
inline T u_relu(T x, T a) { return x > 0 ? x : (IS_NAN(x) ? x : K(0.0)); }
inline T u_leaky_relu(T x, T a) { return x > 0 ? x : a * x; }
inline T u_elu(T x, T a) { return x > 0 ? x : a * expm1(x); }
inline T u_gelu(T x, T a) { return K(0.5) * x * (K(1.0) + erf(x * INV_SQRT_2)); }
inline T u_gelu_tanh(T x, T a) { return K(0.5) * x * (K(1.0) + tanh(SQRT_2_OVER_PI * (x + GELU_C * x * x * x))); }
inline T u_silu(T x, T a) { return x * sigmoid_(a * x); }
inline T u_mish(T x, T a) { return x * tanh(softplus_(x)); }
inline T u_softplus(T x, T a) { return softplus_(x); }

inline T d_neg(T x, T y, T a) { return K(-1.0); }
inline T d_exp(T x, T y, T a) { return y; }
inline T d_log(T x, T y, T a) { return K(1.0) / x; }
inline T d_sqrt(T x, T y, T a) { return K(0.5) / y; }
inline T d_rsqrt(T x, T y, T a) { return K(-0.5) * y * y * y; }
inline T d_abs(T x, T y, T a) { return u_sign(x, a); }
inline T d_sign(T x, T y, T a) { return K(0.0); }
inline T d_reciprocal(T x, T y, T a) { return -y * y; }
inline T d_sigmoid(T x, T y, T a) { return y * (K(1.0) - y); }
inline T d_tanh(T x, T y, T a) { return K(1.0) - y * y; }
inline T d_relu(T x, T y, T a) { return x > 0 ? K(1.0) : K(0.0); }
inline T d_leaky_relu(T x, T y, T a) { return x > 0 ? K(1.0) : a; }
inline T d_elu(T x, T y, T a) { return x > 0 ? K(1.0) : y + a; }
inline T d_gelu(T x, T y, T a) {
    return K(0.5) * (K(1.0) + erf(x * INV_SQRT_2)) + x * INV_SQRT_2PI * exp(K(-0.5) * x * x);
}
inline T d_gelu_tanh(T x, T y, T a) {
    T t = tanh(SQRT_2_OVER_PI * (x + GELU_C * x * x * x));
    return K(0.5) * (K(1.0) + t) + K(0.5) * x * (K(1.0) - t * t) * SQRT_2_OVER_PI * (K(1.0) + K(3.0) * GELU_C * x * x);
}
inline T d_silu(T x, T y, T a) {
    T s = sigmoid_(a * x);
    return s + a * x * s * (K(1.0) - s);
}
inline T d_mish(T x, T y, T a) {
    T t = tanh(softplus_(x));
    return t + x * (K(1.0) - t * t) * sigmoid_(x);
}
inline T d_softplus(T x, T y, T a) { return x > K(20.0) ? K(1.0) : sigmoid_(x); }

inline T b_add(T a, T b) { return a + b; }
inline T b_sub(T a, T b) { return a - b; }
inline T b_mul(T a, T b) { return a * b; }
inline T b_div(T a, T b) { return a / b; }
// Java's Math.pow: a NaN exponent gives NaN, and so does |a| = 1 with an infinite exponent (C gives 1 for both).
inline T b_pow(T a, T b) {
    if (IS_NAN(b) || (fabs(a) == K(1.0) && isinf(b))) {
        return (T)NAN;
    }
    return pow(a, b);
}

#else

inline T u_neg(T x, T a) { return (T)(0u - (uint)x); }
inline T u_abs(T x, T a) { return x < 0 ? (T)(0u - (uint)x) : x; }
inline T u_sign(T x, T a) { return (x > 0) - (x < 0); }

inline T b_add(T a, T b) { return (T)((uint)a + (uint)b); }
inline T b_sub(T a, T b) { return (T)((uint)a - (uint)b); }
inline T b_mul(T a, T b) { return (T)((uint)a * (uint)b); }

#endif

inline T b_maximum(T a, T b) { return max_nan(a, b); }
inline T b_minimum(T a, T b) { return min_nan(a, b); }
inline T b_eq(T a, T b) { return a == b ? 1 : 0; }
inline T b_ne(T a, T b) { return a != b ? 1 : 0; }
inline T b_lt(T a, T b) { return a < b ? 1 : 0; }
inline T b_le(T a, T b) { return a <= b ? 1 : 0; }
inline T b_gt(T a, T b) { return a > b ? 1 : 0; }
inline T b_ge(T a, T b) { return a >= b ? 1 : 0; }
