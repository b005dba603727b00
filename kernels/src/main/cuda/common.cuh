// Definitions shared by every Tessera CUDA kernel family: the argument-slot convention, strided operands and
// iteration shapes, 16-byte packs, and warp/block reductions.
//
// Argument convention: every kernel takes ONE struct by value, declared `const __grid_constant__`, whose fields
// are all 8 bytes wide (i64, double or a pointer). The host writes field k at byte 8*k of a reused buffer and
// launches with a single kernel parameter, so a launch marshals one pointer however many arguments the kernel
// has. Each struct is checked with TS_SLOTS() to contain only 8-byte fields; the Java launchers name the fields
// they write, and a host-side test compares those names with the structs in these files.
#pragma once

typedef long long i64;

// Iteration ranks beyond this are split into several launches by the host.
#define TS_MAX_DIMS 8

// Asserts that a kernel-argument struct is exactly `slots` 8-byte fields.
#define TS_SLOTS(type, slots) static_assert(sizeof(type) == 8 * (slots), #type " must be " #slots " 8-byte slots")

// Kernel entry points that only run a template on their argument struct: extern "C" kernel NAME_<N> (N the dtype
// suffix of T) takes ARGS and runs FN<T>(a). TS_FLOAT_ENTRIES defines NAME_f32 and NAME_f64, TS_NUMERIC_ENTRIES
// NAME_i32 too. The host finds each entry by that name in the PTX (KernelTable).
#define TS_ENTRY(NAME, ARGS, FN, N, T) \
    extern "C" __global__ void NAME##_##N(const __grid_constant__ ARGS a) { FN<T>(a); }
#define TS_FLOAT_ENTRIES(NAME, ARGS, FN) TS_ENTRY(NAME, ARGS, FN, f32, float) TS_ENTRY(NAME, ARGS, FN, f64, double)
#define TS_NUMERIC_ENTRIES(NAME, ARGS, FN) TS_FLOAT_ENTRIES(NAME, ARGS, FN) TS_ENTRY(NAME, ARGS, FN, i32, int)

// Instantiates a dtype macro M(N, T) (N the suffix of T) for f32 and f64 (TS_FOR_FLOATS), and for i32 too
// (TS_FOR_NUMERIC).
#define TS_FOR_FLOATS(M) M(f32, float) M(f64, double)
#define TS_FOR_NUMERIC(M) TS_FOR_FLOATS(M) M(i32, int)

// ---------------------------------------------------------------------------------------------------------------
// Strided operands

// One input or output of an elementwise kernel: element `c` of the iteration lives at
// ptr[sum_k c[k] * strides[k]]. The host has already added the view's offset to ptr. A null ptr is a constant.
struct Operand {
    const void* ptr;           // element 0 of the view, or null for a constant
    double constant;           // the value of a constant operand (converted to the element type)
    i64 strides[TS_MAX_DIMS];  // element strides, innermost axis FIRST (unused axes are 0)
};
TS_SLOTS(Operand, 2 + TS_MAX_DIMS);

// The iteration space of an elementwise kernel.
struct Iteration {
    i64 n;                     // number of elements (may exceed 2^31)
    i64 rank;                  // number of axes in dims (1 .. TS_MAX_DIMS)
    i64 vectorized;            // 1: rank 1, every view has stride 0 or 1, and stride-1 views are 16-byte aligned
    i64 dims[TS_MAX_DIMS];     // sizes, innermost axis FIRST
};
TS_SLOTS(Iteration, 3 + TS_MAX_DIMS);

// x / d, with x % d in *r, for 0 <= x and 0 < d: in 32 bits while both fit (64-bit division is several times slower
// on GPUs, and most indices are below 2^32).
__device__ __forceinline__ i64 ts_divmod(i64 x, i64 d, i64* r) {
    if (x <= 0xffffffffLL && d <= 0xffffffffLL) {
        const unsigned q = (unsigned) x / (unsigned) d;
        *r = (i64) ((unsigned) x - q * (unsigned) d);
        return q;
    }
    const i64 q = x / d;
    *r = x - q * d;
    return q;
}

// The coordinates of linear element i (row-major over the iteration), innermost first.
__device__ __forceinline__ void ts_coords(const Iteration& it, i64 i, i64* c) {
#pragma unroll
    for (int k = 0; k < TS_MAX_DIMS; ++k) {
        if (k < it.rank) {
            i = ts_divmod(i, it.dims[k], &c[k]);
        } else {
            c[k] = 0;
        }
    }
}

// The element offset of operand o at coordinates c.
__device__ __forceinline__ i64 ts_offset(const Operand& o, const Iteration& it, const i64* c) {
    i64 off = 0;
#pragma unroll
    for (int k = 0; k < TS_MAX_DIMS; ++k) {
        if (k < it.rank) {
            off += c[k] * o.strides[k];
        }
    }
    return off;
}

// Reads element `off` of operand o (or its constant) as T.
template <typename T>
__device__ __forceinline__ T ts_load(const Operand& o, i64 off) {
    return o.ptr != nullptr ? static_cast<const T*>(o.ptr)[off] : static_cast<T>(o.constant);
}

// Writes v at element `off` of output operand o.
template <typename T>
__device__ __forceinline__ void ts_store(const Operand& o, i64 off, T v) {
    static_cast<T*>(const_cast<void*>(o.ptr))[off] = v;
}

// ---------------------------------------------------------------------------------------------------------------
// 16-byte packs for vectorized loads and stores

template <typename T>
struct __align__(16) Pack {
    static const int N = 16 / sizeof(T);
    T v[N];
};

// Pack number `p` of a rank-1 operand: a 16-byte load for stride 1, a broadcast for stride 0 or a constant.
template <typename T>
__device__ __forceinline__ Pack<T> ts_load_pack(const Operand& o, i64 p) {
    Pack<T> r;
    if (o.ptr != nullptr && o.strides[0] != 0) {
        r = reinterpret_cast<const Pack<T>*>(o.ptr)[p];
    } else {
        T s = ts_load<T>(o, 0);
#pragma unroll
        for (int l = 0; l < Pack<T>::N; ++l) {
            r.v[l] = s;
        }
    }
    return r;
}

template <typename T>
__device__ __forceinline__ void ts_store_pack(const Operand& o, i64 p, const Pack<T>& v) {
    reinterpret_cast<Pack<T>*>(const_cast<void*>(o.ptr))[p] = v;
}

// Loops `row` over the rows of this block row: block row y of block b takes rows b * blockDim.y + y, then steps by
// the grid. Every thread of a block runs the same number of iterations when blockDim.y is 1, as the block-wide
// reductions require.
#define TS_FOR_ROWS(row, count) \
    for (i64 row = (i64) blockIdx.x * blockDim.y + threadIdx.y; row < (count); row += (i64) gridDim.x * blockDim.y)

// Grid-stride loop over [0, n) with 64-bit indices: n may exceed 2^31 (the host caps the grid, LaunchConfig.linear,
// and each thread strides over the rest).
#define TS_GRID_LOOP(i, n) \
    for (i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x; i < (i64) (n); i += (i64) blockDim.x * gridDim.x)

// ---------------------------------------------------------------------------------------------------------------
// Reductions within a warp and a block

template <typename T>
__device__ __forceinline__ T ts_warp_sum(T v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) {
        v += __shfl_xor_sync(0xffffffffu, v, o);
    }
    return v;
}

template <typename T>
__device__ __forceinline__ T ts_warp_max(T v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) {
        T w = __shfl_xor_sync(0xffffffffu, v, o);
        v = (w > v || w != w) ? w : v;
    }
    return v;
}

// Warp reductions as function objects, for ts_row_reduce.
struct TsWarpSum {
    template <typename T>
    __device__ __forceinline__ T operator()(T v) const {
        return ts_warp_sum(v);
    }
};

struct TsWarpMax {
    template <typename T>
    __device__ __forceinline__ T operator()(T v) const {
        return ts_warp_max(v);
    }
};

// Reduction over the threads of a block row (blockDim.x threads sharing threadIdx.y): a warp reduction, then, when
// the row is wider than a warp (blockDim.y must then be 1), one more step through shared memory, where lanes past
// the number of warps contribute `pad`, or the first warp's result when padWithFirst. Every thread of the row gets
// the result. `scratch` holds at least 32 values.
template <typename T, typename WarpReduce>
__device__ __forceinline__ T ts_row_reduce(T v, T* scratch, T pad, bool padWithFirst, WarpReduce reduce) {
    v = reduce(v);
    if (blockDim.x <= 32) {
        return v;
    }
    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
    __syncthreads();
    if (lane == 0) {
        scratch[warp] = v;
    }
    __syncthreads();
    const int warps = blockDim.x >> 5;
    v = lane < warps ? scratch[lane] : padWithFirst ? scratch[0] : pad;
    return reduce(v);
}

// Sum over a block row (ts_row_reduce).
template <typename T>
__device__ __forceinline__ T ts_row_sum(T v, T* scratch) {
    return ts_row_reduce(v, scratch, T(0), false, TsWarpSum());
}

// Maximum over a block row, like ts_row_sum; NaN wins.
template <typename T>
__device__ __forceinline__ T ts_row_max(T v, T* scratch) {
    return ts_row_reduce(v, scratch, T(0), true, TsWarpMax());
}
