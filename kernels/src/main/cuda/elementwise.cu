// Elementwise kernels over strided operands: copy/cast/fill, unary, unary backward, binary and where, for FLOAT32
// (f32), FLOAT64 (f64) and INT32 (i32); copy also for FLOAT16 (f16) and BFLOAT16 (bf16), which are stored only. Each kernel walks its iteration with a grid-stride loop; a rank-1
// iteration whose views are dense or broadcast and 16-byte aligned moves 16 bytes per load and store.
#include "common.cuh"
#include "math.cuh"
#include <cuda_fp16.h>
#include <cuda_bf16.h>
#include <type_traits>

// =================================================================================================================
// Launch parameters (one struct per kernel, 8-byte fields; see common.cuh)

struct CopyArgs {
    Iteration it;
    Operand src;      // a view, or a constant (a fill)
    Operand dst;
};
TS_SLOTS(CopyArgs, 11 + 10 + 10);

struct UnaryArgs {
    i64 op;           // UnaryOp ordinal
    double alpha;
    Iteration it;
    Operand x;
    Operand out;      // may alias x element for element
};
TS_SLOTS(UnaryArgs, 2 + 11 + 20);

struct UnaryBackwardArgs {
    i64 op;           // UnaryOp ordinal
    double alpha;
    i64 n;
    const void* x;    // forward input, dense
    const void* y;    // forward output, dense
    const void* gy;   // gradient of y, dense
    void* gx;         // gradient of x, dense
};
TS_SLOTS(UnaryBackwardArgs, 7);

struct BinaryArgs {
    i64 op;           // BinaryOp ordinal
    Iteration it;
    Operand a;
    Operand b;
    Operand out;      // may alias an input element for element
};
TS_SLOTS(BinaryArgs, 1 + 11 + 30);

struct WhereArgs {
    Iteration it;
    Operand cond;     // nonzero selects a
    Operand a;
    Operand b;
    Operand out;
};
TS_SLOTS(WhereArgs, 11 + 40);

// =================================================================================================================
// Conversions of copy: a 16-bit value widens to float exactly; a value narrows to a 16-bit type through float,
// rounding to nearest even (so FLOAT64 rounds twice, as dev.tessera.HalfFloats and PyTorch's c10::Half(double)).

__device__ __forceinline__ float ts_widen(__half v) { return __half2float(v); }
__device__ __forceinline__ float ts_widen(__nv_bfloat16 v) { return __bfloat162float(v); }
template <typename T>
__device__ __forceinline__ T ts_widen(T v) { return v; }

template <typename D, typename S>
__device__ __forceinline__ D ts_convert(S v) {
    if constexpr (std::is_same<D, S>::value) {
        return v;
    } else if constexpr (std::is_same<D, __half>::value) {
        return __float2half_rn(static_cast<float>(ts_widen(v)));
    } else if constexpr (std::is_same<D, __nv_bfloat16>::value) {
        return __float2bfloat16_rn(static_cast<float>(ts_widen(v)));
    } else {
        return static_cast<D>(ts_widen(v));
    }
}

// =================================================================================================================
// Kernels

// out = f(in[0], ..., in[K-1]) over the iteration, reading S and writing D. f takes the K input values as an array.
template <typename S, typename D, int K, typename F>
__device__ __forceinline__ void ts_map(const Iteration& it, const Operand* const (&in)[K], const Operand& out, F f) {
    const i64 n = it.n;
    if constexpr (Pack<S>::N == Pack<D>::N) {
        if (it.vectorized) {
            const int L = Pack<S>::N;
            const i64 packs = n / L;
            TS_GRID_LOOP(p, packs) {
                Pack<S> x[K];
#pragma unroll
                for (int k = 0; k < K; ++k) {
                    x[k] = ts_load_pack<S>(*in[k], p);
                }
                Pack<D> r;
#pragma unroll
                for (int l = 0; l < L; ++l) {
                    S v[K];
#pragma unroll
                    for (int k = 0; k < K; ++k) {
                        v[k] = x[k].v[l];
                    }
                    r.v[l] = f(v);
                }
                ts_store_pack<D>(out, p, r);
            }
            for (i64 i = packs * L + (i64) blockIdx.x * blockDim.x + threadIdx.x; i < n;
                 i += (i64) blockDim.x * gridDim.x) {
                S v[K];
#pragma unroll
                for (int k = 0; k < K; ++k) {
                    v[k] = ts_load<S>(*in[k], i * in[k]->strides[0]);
                }
                ts_store<D>(out, i, f(v));
            }
            return;
        }
    }
    if (it.rank == 1) {
        TS_GRID_LOOP(i, n) {
            S v[K];
#pragma unroll
            for (int k = 0; k < K; ++k) {
                v[k] = ts_load<S>(*in[k], i * in[k]->strides[0]);
            }
            ts_store<D>(out, i * out.strides[0], f(v));
        }
        return;
    }
    TS_GRID_LOOP(i, n) {
        i64 c[TS_MAX_DIMS];
        ts_coords(it, i, c);
        S v[K];
#pragma unroll
        for (int k = 0; k < K; ++k) {
            v[k] = ts_load<S>(*in[k], ts_offset(*in[k], it, c));
        }
        ts_store<D>(out, ts_offset(out, it, c), f(v));
    }
}

// dst = (D) src: floats round to nearest, floats to int truncate toward zero (saturating; NaN gives 0). The 16-bit
// types (f16 = __half, bf16 = __nv_bfloat16) convert through float both ways, narrowing to nearest even.
#define TS_COPY(SN, S, DN, D)                                                                  \
    extern "C" __global__ void copy_##SN##_##DN(const __grid_constant__ CopyArgs a) {           \
        const Operand* const in[1] = {&a.src};                                                  \
        ts_map<S, D, 1>(a.it, in, a.dst, [](const S* v) { return ts_convert<D>(v[0]); });       \
    }
#define TS_COPY_FROM(SN, S)                                                                    \
    TS_COPY(SN, S, f32, float)                                                                  \
    TS_COPY(SN, S, f64, double)                                                                 \
    TS_COPY(SN, S, i32, int)                                                                    \
    TS_COPY(SN, S, f16, __half)                                                                 \
    TS_COPY(SN, S, bf16, __nv_bfloat16)
TS_COPY_FROM(f32, float)
TS_COPY_FROM(f64, double)
TS_COPY_FROM(i32, int)
TS_COPY_FROM(f16, __half)
TS_COPY_FROM(bf16, __nv_bfloat16)

// out = op(x; alpha); INT32 supports NEG, ABS and SIGN.
#define TS_UNARY(N, T)                                                                          \
    extern "C" __global__ void unary_##N(const __grid_constant__ UnaryArgs a) {                 \
        const int op = (int) a.op;                                                              \
        const T alpha = (T) a.alpha;                                                            \
        const Operand* const in[1] = {&a.x};                                                    \
        ts_map<T, T, 1>(a.it, in, a.out, [=](const T* v) { return Ops<T>::unary(op, v[0], alpha); }); \
    }
TS_FOR_NUMERIC(TS_UNARY)

// gx = gy * op'(x, y; alpha) over dense buffers.
#define TS_UNARY_BACKWARD(N, T)                                                                 \
    extern "C" __global__ void unary_backward_##N(const __grid_constant__ UnaryBackwardArgs a) { \
        const int op = (int) a.op;                                                              \
        const T alpha = (T) a.alpha;                                                            \
        const T* x = static_cast<const T*>(a.x);                                                \
        const T* y = static_cast<const T*>(a.y);                                                \
        const T* gy = static_cast<const T*>(a.gy);                                              \
        T* gx = static_cast<T*>(a.gx);                                                          \
        TS_GRID_LOOP(i, a.n) {                                                                  \
            gx[i] = gy[i] * ts_unary_derivative<T>(op, x[i], y[i], alpha);                      \
        }                                                                                       \
    }
TS_FOR_FLOATS(TS_UNARY_BACKWARD)

// out = a op b.
#define TS_BINARY(N, T)                                                                         \
    extern "C" __global__ void binary_##N(const __grid_constant__ BinaryArgs a) {               \
        const int op = (int) a.op;                                                              \
        const Operand* const in[2] = {&a.a, &a.b};                                              \
        ts_map<T, T, 2>(a.it, in, a.out, [=](const T* v) { return Ops<T>::binary(op, v[0], v[1]); }); \
    }
TS_FOR_NUMERIC(TS_BINARY)

// out = cond != 0 ? a : b (a NaN condition selects a).
#define TS_WHERE(N, T)                                                                          \
    extern "C" __global__ void where_##N(const __grid_constant__ WhereArgs a) {                 \
        const Operand* const in[3] = {&a.cond, &a.a, &a.b};                                     \
        ts_map<T, T, 3>(a.it, in, a.out, [](const T* v) { return v[0] != T(0) ? v[1] : v[2]; }); \
    }
TS_FOR_NUMERIC(TS_WHERE)
