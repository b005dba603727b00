// Elementwise primitives over dense or strided operands: copy/cast/fill, unary, unary backward, binary and where.
//
// Dense kernels (suffix _dense) take each operand as (buffer, element offset) and run one work item per element.
// Strided kernels (_strided) take a layout_t: the iteration shape (rank <= MAX_RANK, row-major), each operand's
// offset and strides (stride 0 broadcasts), and a flag per constant operand, whose value is then a scalar argument.
// The output may alias an input element for element, so no pointer is restrict.

// ================================================================ layout

#define MAX_RANK 8

typedef struct {
    int rank;
    int count;
    int flags;                    // bit k: operand k is a constant
    int shape[MAX_RANK];
    int offset[4];
    int stride[4][MAX_RANK];
} layout_t;

// The element offsets of operands 0..3 for element i of the iteration shape.
inline int4 strided_offsets(layout_t lay, int i) {
    int4 o = (int4)(lay.offset[0], lay.offset[1], lay.offset[2], lay.offset[3]);
    int rem = i;
    for (int d = MAX_RANK - 1; d >= 0; d--) {
        if (d < lay.rank) {
            int size = lay.shape[d];
            int c = rem % size;
            rem /= size;
            o += c * (int4)(lay.stride[0][d], lay.stride[1][d], lay.stride[2][d], lay.stride[3][d]);
        }
    }
    return o;
}

#define CONST_0 1
#define CONST_1 2
#define CONST_2 4

// ================================================================ copy, cast and fill (S to T)

#if defined(T_INT) && !defined(S_INT)
#define CONVERT(v) convert_int_sat_rtz(v)
#else
#define CONVERT(v) ((T)(v))
#endif

kernel void copy_dense(global const S* src, int soff, global T* dst, int doff, int n) {
    int i = get_global_id(0);
    if (i < n) {
        dst[doff + i] = CONVERT(src[soff + i]);
    }
}

kernel void copy_strided(global const S* src, global T* dst, layout_t lay) {
    int i = get_global_id(0);
    if (i < lay.count) {
        int4 o = strided_offsets(lay, i);
        dst[o.y] = CONVERT(src[o.x]);
    }
}

#ifndef CAST_ONLY

kernel void fill_dense(global T* dst, int doff, int n, T value) {
    int i = get_global_id(0);
    if (i < n) {
        dst[doff + i] = value;
    }
}

kernel void fill_strided(global T* dst, layout_t lay, T value) {
    int i = get_global_id(0);
    if (i < lay.count) {
        dst[strided_offsets(lay, i).x] = value;
    }
}

// ================================================================ unary and its backward

#define UNARY_KERNELS(op)                                                                                    \
kernel void unary_##op##_dense(global const T* x, int xoff, global T* out, int ooff, int n, T alpha) {       \
    int i = get_global_id(0);                                                                                \
    if (i < n) {                                                                                             \
        out[ooff + i] = u_##op(x[xoff + i], alpha);                                                          \
    }                                                                                                        \
}                                                                                                            \
kernel void unary_##op##_strided(global const T* x, global T* out, layout_t lay, T alpha) {                 \
    int i = get_global_id(0);                                                                                \
    if (i < lay.count) {                                                                                     \
        int4 o = strided_offsets(lay, i);                                                                    \
        out[o.y] = u_##op(x[o.x], alpha);                                                                    \
    }                                                                                                        \
}

#define UNARY_BACKWARD_KERNEL(op)                                                                            \
kernel void unary_backward_##op(global const T* x, global const T* y, global const T* gy, global T* gx,     \
                                int n, T alpha) {                                                            \
    int i = get_global_id(0);                                                                                \
    if (i < n) {                                                                                             \
        gx[i] = gy[i] * d_##op(x[i], y[i], alpha);                                                           \
    }                                                                                                        \
}

UNARY_KERNELS(neg)
UNARY_KERNELS(abs)
UNARY_KERNELS(sign)

#if T_IS_FLOAT
UNARY_KERNELS(exp)
UNARY_KERNELS(log)
UNARY_KERNELS(sqrt)
UNARY_KERNELS(rsqrt)
UNARY_KERNELS(reciprocal)
UNARY_KERNELS(sigmoid)
UNARY_KERNELS(tanh)
UNARY_KERNELS(relu)
UNARY_KERNELS(leaky_relu)
UNARY_KERNELS(elu)
UNARY_KERNELS(gelu)
UNARY_KERNELS(gelu_tanh)
UNARY_KERNELS(silu)
UNARY_KERNELS(mish)
UNARY_KERNELS(softplus)

UNARY_BACKWARD_KERNEL(neg)
UNARY_BACKWARD_KERNEL(abs)
UNARY_BACKWARD_KERNEL(sign)
UNARY_BACKWARD_KERNEL(exp)
UNARY_BACKWARD_KERNEL(log)
UNARY_BACKWARD_KERNEL(sqrt)
UNARY_BACKWARD_KERNEL(rsqrt)
UNARY_BACKWARD_KERNEL(reciprocal)
UNARY_BACKWARD_KERNEL(sigmoid)
UNARY_BACKWARD_KERNEL(tanh)
UNARY_BACKWARD_KERNEL(relu)
UNARY_BACKWARD_KERNEL(leaky_relu)
UNARY_BACKWARD_KERNEL(elu)
UNARY_BACKWARD_KERNEL(gelu)
UNARY_BACKWARD_KERNEL(gelu_tanh)
UNARY_BACKWARD_KERNEL(silu)
UNARY_BACKWARD_KERNEL(mish)
UNARY_BACKWARD_KERNEL(softplus)
#endif

// ================================================================ binary

#define BINARY_KERNELS(op)                                                                                   \
kernel void binary_##op##_dense(global const T* a, int aoff, global const T* b, int boff,                   \
                                global T* out, int ooff, int n, int flags, T ca, T cb) {                     \
    int i = get_global_id(0);                                                                                \
    if (i < n) {                                                                                             \
        T av = (flags & CONST_0) ? ca : a[aoff + i];                                                         \
        T bv = (flags & CONST_1) ? cb : b[boff + i];                                                         \
        out[ooff + i] = b_##op(av, bv);                                                                      \
    }                                                                                                        \
}                                                                                                            \
kernel void binary_##op##_strided(global const T* a, global const T* b, global T* out, layout_t lay,        \
                                  T ca, T cb) {                                                              \
    int i = get_global_id(0);                                                                                \
    if (i < lay.count) {                                                                                     \
        int4 o = strided_offsets(lay, i);                                                                    \
        T av = (lay.flags & CONST_0) ? ca : a[o.x];                                                          \
        T bv = (lay.flags & CONST_1) ? cb : b[o.y];                                                          \
        out[o.z] = b_##op(av, bv);                                                                           \
    }                                                                                                        \
}

BINARY_KERNELS(add)
BINARY_KERNELS(sub)
BINARY_KERNELS(mul)
BINARY_KERNELS(maximum)
BINARY_KERNELS(minimum)
BINARY_KERNELS(eq)
BINARY_KERNELS(ne)
BINARY_KERNELS(lt)
BINARY_KERNELS(le)
BINARY_KERNELS(gt)
BINARY_KERNELS(ge)
#if T_IS_FLOAT
BINARY_KERNELS(div)
BINARY_KERNELS(pow)
#endif

// ================================================================ where

kernel void where_dense(global const T* c, int coff, global const T* a, int aoff, global const T* b, int boff,
                        global T* out, int ooff, int n, int flags, T cc, T ca, T cb) {
    int i = get_global_id(0);
    if (i < n) {
        T cv = (flags & CONST_0) ? cc : c[coff + i];
        T av = (flags & CONST_1) ? ca : a[aoff + i];
        T bv = (flags & CONST_2) ? cb : b[boff + i];
        out[ooff + i] = cv != 0 ? av : bv;
    }
}

kernel void where_strided(global const T* c, global const T* a, global const T* b, global T* out, layout_t lay,
                          T cc, T ca, T cb) {
    int i = get_global_id(0);
    if (i < lay.count) {
        int4 o = strided_offsets(lay, i);
        T cv = (lay.flags & CONST_0) ? cc : c[o.x];
        T av = (lay.flags & CONST_1) ? ca : a[o.y];
        T bv = (lay.flags & CONST_2) ? cb : b[o.z];
        out[o.w] = cv != 0 ? av : bv;
    }
}

#endif
