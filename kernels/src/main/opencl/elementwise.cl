// Elementwise primitives over dense or strided operands: copy/cast/fill, unary, unary backward, binary and where.
//
// Dense kernels (suffix _dense) take each operand as (buffer, element offset) and run one work item per element.
// Strided kernels (_strided) take a layout_t: the iteration shape (rank <= MAX_RANK, row-major), each operand's
// offset and strides (stride 0 broadcasts), and a flag per constant operand, whose value is then a scalar argument.
// The output may alias an input element for element, so no pointer is restrict.

// ================================================================ layout

#define MAX_RANK 8

// Every field is a long so the host packs the struct as a long[] with no padding rules; sizes and offsets may exceed
// 2^31 (shape entries are axis sizes, below 2^31).
typedef struct {
    long rank;
    long count;
    long flags;                   // bit k: operand k is a constant
    long shape[MAX_RANK];
    long offset[4];
    long stride[4][MAX_RANK];
} layout_t;

// The element offsets of operands 0..3 for element i of the iteration shape. The division runs in 32 bits while the
// remaining index fits (64-bit division is several times slower on GPUs).
inline long4 strided_offsets(layout_t lay, long i) {
    long4 o = (long4)(lay.offset[0], lay.offset[1], lay.offset[2], lay.offset[3]);
    long rem = i;
    for (int d = MAX_RANK - 1; d >= 0; d--) {
        if (d < lay.rank) {
            int size = (int)lay.shape[d];
            long c;
            if (rem <= INT_MAX) {
                int r = (int)rem;
                c = r % size;
                rem = r / size;
            } else {
                c = rem % size;
                rem /= size;
            }
            o += c * (long4)(lay.stride[0][d], lay.stride[1][d], lay.stride[2][d], lay.stride[3][d]);
        }
    }
    return o;
}

#define CONST_0 1
#define CONST_1 2
#define CONST_2 4

// ================================================================ copy, cast and fill (S to T)
// A half type converts through float: FLOAT16 with vload_half / vstore_half_rte (core OpenCL C, no cl_khr_fp16
// needed, round to nearest even); BFLOAT16, the upper half of a float, by bit arithmetic with the same rounding and
// NaN kept quiet with its sign, as dev.tessera.HalfFloats. FLOAT64 and INT32 reach a half type through float too.

#if defined(T_INT) && !defined(S_INT)
#define CONVERT(v) convert_int_sat_rtz(v)
#else
#define CONVERT(v) ((T)(v))
#endif

inline float bf16_to_float(ushort h) {
    return as_float((uint)h << 16);
}

inline ushort float_to_bf16(float f) {
    uint b = as_uint(f);
    if ((b & 0x7fffffffu) > 0x7f800000u) {
        return (ushort)((b >> 16) | 0x40u);
    }
    return (ushort)((b + 0x7fffu + ((b >> 16) & 1u)) >> 16);
}

// LOAD_S: element i of the source as S, or as float for a half type. STORE_T: a value into element i of the output.
#if defined(S_F16)
#define LOAD_S(p, i) vload_half((i), (global const half*)(p))
#elif defined(S_BF16)
#define LOAD_S(p, i) bf16_to_float((p)[i])
#else
#define LOAD_S(p, i) ((p)[i])
#endif

#if defined(T_F16)
#define STORE_T(p, i, v) vstore_half_rte((float)(v), (i), (global half*)(p))
#elif defined(T_BF16)
#define STORE_T(p, i, v) ((p)[i] = float_to_bf16((float)(v)))
#else
#define STORE_T(p, i, v) ((p)[i] = CONVERT(v))
#endif

kernel void copy_dense(global const S* src, long soff, global T* dst, long doff, long n) {
    long i = get_global_id(0);
    if (i < n) {
        STORE_T(dst, doff + i, LOAD_S(src, soff + i));
    }
}

kernel void copy_strided(global const S* src, global T* dst, layout_t lay) {
    long i = get_global_id(0);
    if (i < lay.count) {
        long4 o = strided_offsets(lay, i);
        STORE_T(dst, o.y, LOAD_S(src, o.x));
    }
}

kernel void fill_dense(global T* dst, long doff, long n, T value) {
    long i = get_global_id(0);
    if (i < n) {
        dst[doff + i] = value;
    }
}

kernel void fill_strided(global T* dst, layout_t lay, T value) {
    long i = get_global_id(0);
    if (i < lay.count) {
        dst[strided_offsets(lay, i).x] = value;
    }
}

#ifndef CAST_ONLY

// ================================================================ unary and its backward
// op is the op code (the ordinal of dev.tessera.backend.UnaryOp / BinaryOp); ops.cl dispatches on it.

kernel void unary_dense(global const T* x, long xoff, global T* out, long ooff, long n, int op, T alpha) {
    long i = get_global_id(0);
    if (i < n) {
        out[ooff + i] = unary_op(op, x[xoff + i], alpha);
    }
}

kernel void unary_strided(global const T* x, global T* out, layout_t lay, int op, T alpha) {
    long i = get_global_id(0);
    if (i < lay.count) {
        long4 o = strided_offsets(lay, i);
        out[o.y] = unary_op(op, x[o.x], alpha);
    }
}

#if T_IS_FLOAT
kernel void unary_backward(global const T* x, global const T* y, global const T* gy, global T* gx, long n, int op,
                           T alpha) {
    long i = get_global_id(0);
    if (i < n) {
        gx[i] = gy[i] * unary_derivative(op, x[i], y[i], alpha);
    }
}
#endif

// ================================================================ binary

kernel void binary_dense(global const T* a, long aoff, global const T* b, long boff, global T* out, long ooff, long n,
                         int flags, int op, T ca, T cb) {
    long i = get_global_id(0);
    if (i < n) {
        T av = (flags & CONST_0) ? ca : a[aoff + i];
        T bv = (flags & CONST_1) ? cb : b[boff + i];
        out[ooff + i] = binary_op(op, av, bv);
    }
}

kernel void binary_strided(global const T* a, global const T* b, global T* out, layout_t lay, int op, T ca, T cb) {
    long i = get_global_id(0);
    if (i < lay.count) {
        long4 o = strided_offsets(lay, i);
        T av = (lay.flags & CONST_0) ? ca : a[o.x];
        T bv = (lay.flags & CONST_1) ? cb : b[o.y];
        out[o.z] = binary_op(op, av, bv);
    }
}

// ================================================================ where

kernel void where_dense(global const T* c, long coff, global const T* a, long aoff, global const T* b, long boff,
                        global T* out, long ooff, long n, int flags, T cc, T ca, T cb) {
    long i = get_global_id(0);
    if (i < n) {
        T cv = (flags & CONST_0) ? cc : c[coff + i];
        T av = (flags & CONST_1) ? ca : a[aoff + i];
        T bv = (flags & CONST_2) ? cb : b[boff + i];
        out[ooff + i] = cv != 0 ? av : bv;
    }
}

kernel void where_strided(global const T* c, global const T* a, global const T* b, global T* out, layout_t lay,
                          T cc, T ca, T cb) {
    long i = get_global_id(0);
    if (i < lay.count) {
        long4 o = strided_offsets(lay, i);
        T cv = (lay.flags & CONST_0) ? cc : c[o.x];
        T av = (lay.flags & CONST_1) ? ca : a[o.y];
        T bv = (lay.flags & CONST_2) ? cb : b[o.z];
        out[o.w] = cv != 0 ? av : bv;
    }
}

#endif
