// Reductions of the middle axis of a contiguous [outer, n, inner] block, in stages.
//
// One stage splits the axis into `parts` chunks of `chunk` elements and reduces each chunk, writing
// [outer, parts, inner]; the host repeats stages until parts is 1. Rows kernels (inner == 1) give each
// (row, chunk) to a work-group, which strides over the chunk and finishes with a tree in local memory; column
// kernels (inner > 1) give each (row, chunk, column) to one work item, so neighbouring items read neighbouring
// columns. Arg-reductions carry (value, index) pairs: the first NaN wins, then the extreme value, ties going to
// the lower index, which makes the combination order-independent.

// ================================================================ sum, max, min

#define ADD_(a, b) ((a) + (b))

#define REDUCE_KERNELS(op, IDENT, COMBINE, WG_REDUCE)                                                        \
kernel void reduce_rows_##op(global const T* src, global T* dst, int n, int chunk, int parts,               \
                             local T* scratch) {                                                             \
    int g = get_group_id(0);                                                                                 \
    int o = g / parts;                                                                                       \
    int start = (g - o * parts) * chunk;                                                                     \
    int end = min(n, start + chunk);                                                                         \
    global const T* row = src + (long)o * n;                                                                 \
    T acc = IDENT;                                                                                           \
    for (int j = start + (int)get_local_id(0); j < end; j += get_local_size(0)) {                            \
        acc = COMBINE(acc, row[j]);                                                                          \
    }                                                                                                        \
    acc = WG_REDUCE(scratch, acc);                                                                           \
    if (get_local_id(0) == 0) {                                                                              \
        dst[g] = acc;                                                                                        \
    }                                                                                                        \
}                                                                                                            \
kernel void reduce_cols_##op(global const T* src, global T* dst, int outer, int n, int inner, int chunk,    \
                             int parts) {                                                                    \
    int gid = get_global_id(0);                                                                              \
    if (gid >= outer * parts * inner) {                                                                      \
        return;                                                                                              \
    }                                                                                                        \
    int i = gid % inner;                                                                                     \
    int t = gid / inner;                                                                                     \
    int o = t / parts;                                                                                       \
    int start = (t - o * parts) * chunk;                                                                     \
    int end = min(n, start + chunk);                                                                         \
    global const T* col = src + (long)o * n * inner + i;                                                     \
    T acc = IDENT;                                                                                           \
    for (int j = start; j < end; j++) {                                                                      \
        acc = COMBINE(acc, col[(long)j * inner]);                                                            \
    }                                                                                                        \
    dst[gid] = acc;                                                                                          \
}

REDUCE_KERNELS(sum, 0, ADD_, wg_sum)
REDUCE_KERNELS(max, T_LOWEST, max_nan, wg_max)
REDUCE_KERNELS(min, T_HIGHEST, min_nan, wg_min)

// ================================================================ argmax, argmin

// Whether candidate (v, j) beats the best so far (bv, bj); index -1 means "none".
inline bool better_max(T v, int j, T bv, int bj) {
    if (j < 0) {
        return false;
    }
    if (bj < 0) {
        return true;
    }
    if (IS_NAN(v)) {
        return !IS_NAN(bv) || j < bj;
    }
    if (IS_NAN(bv)) {
        return false;
    }
    return v > bv || (v == bv && j < bj);
}

inline bool better_min(T v, int j, T bv, int bj) {
    if (j < 0) {
        return false;
    }
    if (bj < 0) {
        return true;
    }
    if (IS_NAN(v)) {
        return !IS_NAN(bv) || j < bj;
    }
    if (IS_NAN(bv)) {
        return false;
    }
    return v < bv || (v == bv && j < bj);
}

// Stage inputs after the first carry indices (hasIdx != 0); the first stage uses the position j itself.
#define ARG_KERNELS(op, BETTER)                                                                              \
kernel void reduce_rows_##op(global const T* src, global const int* srcIdx, int hasIdx, global T* dstVal,   \
                             global int* dstIdx, int n, int chunk, int parts, local T* sv, local int* si) {  \
    int g = get_group_id(0);                                                                                 \
    int lid = get_local_id(0);                                                                               \
    int o = g / parts;                                                                                       \
    int start = (g - o * parts) * chunk;                                                                     \
    int end = min(n, start + chunk);                                                                         \
    long base = (long)o * n;                                                                                 \
    T bv = 0;                                                                                                \
    int bj = -1;                                                                                             \
    for (int j = start + lid; j < end; j += get_local_size(0)) {                                             \
        T v = src[base + j];                                                                                 \
        int idx = hasIdx ? srcIdx[base + j] : j;                                                             \
        if (BETTER(v, idx, bv, bj)) {                                                                        \
            bv = v;                                                                                          \
            bj = idx;                                                                                        \
        }                                                                                                    \
    }                                                                                                        \
    sv[lid] = bv;                                                                                            \
    si[lid] = bj;                                                                                            \
    barrier(CLK_LOCAL_MEM_FENCE);                                                                            \
    for (int s = get_local_size(0) >> 1; s > 0; s >>= 1) {                                                   \
        if (lid < s && BETTER(sv[lid + s], si[lid + s], sv[lid], si[lid])) {                                 \
            sv[lid] = sv[lid + s];                                                                           \
            si[lid] = si[lid + s];                                                                           \
        }                                                                                                    \
        barrier(CLK_LOCAL_MEM_FENCE);                                                                        \
    }                                                                                                        \
    if (lid == 0) {                                                                                          \
        dstVal[g] = sv[0];                                                                                   \
        dstIdx[g] = si[0];                                                                                   \
    }                                                                                                        \
}                                                                                                            \
kernel void reduce_cols_##op(global const T* src, global const int* srcIdx, int hasIdx, global T* dstVal,   \
                             global int* dstIdx, int outer, int n, int inner, int chunk, int parts) {        \
    int gid = get_global_id(0);                                                                              \
    if (gid >= outer * parts * inner) {                                                                      \
        return;                                                                                              \
    }                                                                                                        \
    int i = gid % inner;                                                                                     \
    int t = gid / inner;                                                                                     \
    int o = t / parts;                                                                                       \
    int start = (t - o * parts) * chunk;                                                                     \
    int end = min(n, start + chunk);                                                                         \
    long base = (long)o * n * inner + i;                                                                     \
    T bv = 0;                                                                                                \
    int bj = -1;                                                                                             \
    for (int j = start; j < end; j++) {                                                                      \
        long at = base + (long)j * inner;                                                                    \
        T v = src[at];                                                                                       \
        int idx = hasIdx ? srcIdx[at] : j;                                                                   \
        if (BETTER(v, idx, bv, bj)) {                                                                        \
            bv = v;                                                                                          \
            bj = idx;                                                                                        \
        }                                                                                                    \
    }                                                                                                        \
    dstVal[gid] = bv;                                                                                        \
    dstIdx[gid] = bj;                                                                                        \
}

ARG_KERNELS(argmax, better_max)
ARG_KERNELS(argmin, better_min)
