// Reductions of the middle axis of a dense [outer, n, inner] block into [outer, inner]: SUM, MAX, MIN, ARGMAX and
// ARGMIN for f32, f64 and i32. Values are combined as (double value, index) pairs with warp shuffles, so results
// follow the scalar reference: sums accumulate in double, MAX/MIN propagate NaN, arg-reductions return the first
// extreme (the first NaN if any). The order of combination depends only on the launch shape, so results are
// deterministic.
//
// Three kernels: reduce_rows (inner = 1: a warp or a block per row, optionally splitting long rows into partial
// results), reduce_finish (combines those partials), reduce_cols (inner > 1: threads along inner, coalesced).
#include "common.cuh"

// =================================================================================================================
// Launch parameters

// Ordinals of dev.tessera.backend.ReduceOp.
enum ReduceCode {
    R_SUM = 0,
    R_MAX = 1,
    R_MIN = 2,
    R_ARGMAX = 3,
    R_ARGMIN = 4,
};

struct ReduceArgs {
    i64 op;                 // ReduceOp ordinal
    i64 outer;
    i64 n;
    i64 inner;
    i64 splits;             // reduce_rows: > 1 splits each row into this many partial results
    const void* src;        // [outer, n, inner] of T
    void* dst;              // [outer, inner] of T, or of int for ARGMAX/ARGMIN
    double* partialValue;   // [outer, splits] when splits > 1 (reduce_rows writes, reduce_finish reads)
    int* partialIndex;      // [outer, splits]
};
TS_SLOTS(ReduceArgs, 9);

// =================================================================================================================
// Kernels

// A partial result: a value and the index it came from (index < 0: no element yet).
struct Acc {
    double v;
    int i;
};

__device__ __forceinline__ Acc ts_acc_empty() {
    Acc a;
    a.v = 0.0;
    a.i = -1;
    return a;
}

// Combines two partial results of op; commutative and associative (ties go to the smaller index).
__device__ __forceinline__ Acc ts_combine(int op, Acc a, Acc b) {
    if (op == R_SUM) {
        a.v += b.v;
        return a;
    }
    if (b.i < 0) {
        return a;
    }
    if (a.i < 0) {
        return b;
    }
    const bool an = a.v != a.v;
    const bool bn = b.v != b.v;
    if (an || bn) {
        if (an && bn) {
            return a.i < b.i ? a : b;
        }
        return an ? a : b;
    }
    if (a.v == b.v) {
        return a.i < b.i ? a : b;
    }
    const bool larger = a.v > b.v;
    return (op == R_MAX || op == R_ARGMAX) == larger ? a : b;
}

__device__ __forceinline__ Acc ts_acc_of(double v, int i) {
    Acc a;
    a.v = v;
    a.i = i;
    return a;
}

__device__ __forceinline__ Acc ts_warp_combine(int op, Acc a) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) {
        Acc b;
        b.v = __shfl_xor_sync(0xffffffffu, a.v, o);
        b.i = __shfl_xor_sync(0xffffffffu, a.i, o);
        a = ts_combine(op, a, b);
    }
    return a;
}

// ts_warp_combine as the warp step of ts_row_reduce.
struct TsWarpCombine {
    int op;
    __device__ __forceinline__ Acc operator()(Acc a) const {
        return ts_warp_combine(op, a);
    }
};

// Combines over the blockDim.x threads of a block row (blockDim.y is 1 when blockDim.x > 32); lanes past the
// number of warps contribute the empty accumulator.
__device__ __forceinline__ Acc ts_row_combine(int op, Acc a) {
    __shared__ Acc scratch[32];
    return ts_row_reduce(a, scratch, ts_acc_empty(), false, TsWarpCombine{op});
}

// The result in T. An INT32 sum (accumulated in double, exact below 2^53) saturates to the INT32 range, as on the
// CPU and in OpenCL (convert_int_sat_rtz): 2^32 becomes 2147483647, never a wrapped or undefined value.
__device__ __forceinline__ int ts_saturate(double v, int) {
    return v >= 2147483647.0 ? 2147483647 : v <= -2147483648.0 ? (-2147483647 - 1) : static_cast<int>(v);
}

template <typename T>
__device__ __forceinline__ T ts_saturate(double v, T) {
    return static_cast<T>(v);
}

template <typename T>
__device__ __forceinline__ void ts_write_result(int op, void* dst, i64 k, Acc a) {
    if (op == R_ARGMAX || op == R_ARGMIN) {
        static_cast<int*>(dst)[k] = a.i < 0 ? 0 : a.i;
    } else {
        static_cast<T*>(dst)[k] = ts_saturate(a.v, T());
    }
}

// inner = 1. Block row y (blockDim.x threads) reduces row blockIdx.x * blockDim.y + y, or its slice blockIdx.y of
// `splits` slices, into dst or into the partial arrays.
template <typename T>
__device__ __forceinline__ void ts_reduce_rows(const ReduceArgs& a) {
    const int op = (int) a.op;
    const T* src = static_cast<const T*>(a.src);
    const i64 n = a.n;
    const i64 chunk = (n + a.splits - 1) / a.splits;
    const i64 begin = blockIdx.y * chunk;
    const i64 end = min(n, begin + chunk);
    for (i64 row = (i64) blockIdx.x * blockDim.y + threadIdx.y; row < a.outer; row += (i64) gridDim.x * blockDim.y) {
        const T* r = src + row * n;
        Acc acc = ts_acc_empty();
        for (i64 j = begin + threadIdx.x; j < end; j += blockDim.x) {
            acc = ts_combine(op, acc, ts_acc_of((double) r[j], (int) j));
        }
        acc = ts_row_combine(op, acc);
        if (threadIdx.x == 0) {
            if (a.splits > 1) {
                a.partialValue[row * a.splits + blockIdx.y] = acc.v;
                a.partialIndex[row * a.splits + blockIdx.y] = acc.i;
            } else {
                ts_write_result<T>(op, a.dst, row, acc);
            }
        }
    }
}

// Combines the `splits` partial results of each row (a warp per row, blockDim = (32, rows per block)).
template <typename T>
__device__ __forceinline__ void ts_reduce_finish(const ReduceArgs& a) {
    const int op = (int) a.op;
    for (i64 row = (i64) blockIdx.x * blockDim.y + threadIdx.y; row < a.outer; row += (i64) gridDim.x * blockDim.y) {
        Acc acc = ts_acc_empty();
        for (i64 s = threadIdx.x; s < a.splits; s += 32) {
            acc = ts_combine(op, acc, ts_acc_of(a.partialValue[row * a.splits + s], a.partialIndex[row * a.splits + s]));
        }
        acc = ts_warp_combine(op, acc);
        if (threadIdx.x == 0) {
            ts_write_result<T>(op, a.dst, row, acc);
        }
    }
}

// inner > 1. Thread (x, y) of a block covers column blockIdx.x * blockDim.x + x and rows j = y, y + blockDim.y,
// ...; the blockDim.y partials of a column are then combined in order through shared memory.
template <typename T>
__device__ __forceinline__ void ts_reduce_cols(const ReduceArgs& a) {
    __shared__ Acc partial[512];
    const int op = (int) a.op;
    const T* src = static_cast<const T*>(a.src);
    const i64 col = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    for (i64 o = blockIdx.y; o < a.outer; o += gridDim.y) {
        Acc acc = ts_acc_empty();
        if (col < a.inner) {
            const T* base = src + o * a.n * a.inner + col;
            for (i64 j = threadIdx.y; j < a.n; j += blockDim.y) {
                acc = ts_combine(op, acc, ts_acc_of((double) base[j * a.inner], (int) j));
            }
        }
        partial[threadIdx.y * blockDim.x + threadIdx.x] = acc;
        __syncthreads();
        if (threadIdx.y == 0 && col < a.inner) {
            for (int y = 1; y < (int) blockDim.y; ++y) {
                acc = ts_combine(op, acc, partial[y * blockDim.x + threadIdx.x]);
            }
            ts_write_result<T>(op, a.dst, o * a.inner + col, acc);
        }
        __syncthreads();
    }
}

TS_NUMERIC_ENTRIES(reduce_rows, ReduceArgs, ts_reduce_rows)
TS_NUMERIC_ENTRIES(reduce_finish, ReduceArgs, ts_reduce_finish)
TS_NUMERIC_ENTRIES(reduce_cols, ReduceArgs, ts_reduce_cols)
