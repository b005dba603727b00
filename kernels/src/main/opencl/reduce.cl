// Reductions of the middle axis of a contiguous [outer, n, inner] block, in stages.
//
// One stage splits the axis into `parts` chunks of `chunk` elements and reduces each chunk, writing
// [outer, parts, inner]; the host repeats stages until parts is 1. Rows kernels (inner == 1) give each
// (row, chunk) to a work-group, which strides over the chunk and finishes with a tree in local memory; column
// kernels (inner > 1) give each (row, chunk, column) to one work item, so neighbouring items read neighbouring
// columns. Arg-reductions carry (value, index) pairs: the first NaN wins, then the extreme value, ties going to
// the lower index, which makes the combination order-independent.
//
// Sizes are 64-bit (outer, n, inner and every global position are long); chunk is at most a few million (the host
// bounds it for accuracy), so the loop inside one chunk counts in int.

// Stage item t (a (row, chunk) pair of `parts` chunks per row): its row *o, its first element *start within the
// row, and its length.
inline int stage_chunk(long t, long n, int chunk, long parts, long* o, long* start) {
    *o = t / parts;
    *start = (t - *o * parts) * chunk;
    return (int)(min(n, *start + chunk) - *start);
}

// Column stage item gid (a (row, chunk, column) triple of a columns kernel): -1 past the last item, else the
// chunk's length, with *base the position of its first element and *start that element's index within the row.
inline int stage_column(long gid, long outer, long n, long inner, int chunk, long parts, long* base, long* start) {
    if (gid >= outer * parts * inner) {
        return -1;
    }
    long o;
    int len = stage_chunk(gid / inner, n, chunk, parts, &o, start);
    *base = (o * n + *start) * inner + gid % inner;
    return len;
}

// The start of a columns kernel: this work item's stage (stage_column) as gid, base, start and len; an item past the
// last returns.
#define COLUMN_STAGE                                                                                         \
    long gid = get_global_id(0);                                                                             \
    long base, start;                                                                                        \
    int len = stage_column(gid, outer, n, inner, chunk, parts, &base, &start);                               \
    if (len < 0) {                                                                                           \
        return;                                                                                              \
    }

// ================================================================ sum, max, min

#define REDUCE_KERNELS(op, IDENT, COMBINE, WG_REDUCE)                                                        \
kernel void reduce_rows_##op(global const T* src, global T* dst, long n, int chunk, long parts,             \
                             local T* scratch) {                                                             \
    long g = get_group_id(0);                                                                                \
    long o, start;                                                                                           \
    int len = stage_chunk(g, n, chunk, parts, &o, &start);                                                   \
    global const T* row = src + o * n + start;                                                               \
    T acc = IDENT;                                                                                           \
    for (int j = (int)get_local_id(0); j < len; j += get_local_size(0)) {                                    \
        acc = COMBINE(acc, row[j]);                                                                          \
    }                                                                                                        \
    acc = WG_REDUCE(scratch, acc);                                                                           \
    if (get_local_id(0) == 0) {                                                                              \
        dst[g] = acc;                                                                                        \
    }                                                                                                        \
}                                                                                                            \
kernel void reduce_cols_##op(global const T* src, global T* dst, long outer, long n, long inner, int chunk,  \
                             long parts) {                                                                   \
    COLUMN_STAGE                                                                                             \
    global const T* col = src + base;                                                                        \
    T acc = IDENT;                                                                                           \
    for (int j = 0; j < len; j++) {                                                                          \
        acc = COMBINE(acc, col[j * inner]);                                                                  \
    }                                                                                                        \
    dst[gid] = acc;                                                                                          \
}

REDUCE_KERNELS(sum, 0, add_values, wg_sum)
REDUCE_KERNELS(max, T_LOWEST, max_nan, wg_max)
REDUCE_KERNELS(min, T_HIGHEST, min_nan, wg_min)

// ================================================================ argmax, argmin

// Whether candidate (v, j) beats the best so far (bv, bj), the larger value winning when `larger` (else the
// smaller); index -1 means "none".
inline bool better(T v, int j, T bv, int bj, bool larger) {
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
    return (larger ? v > bv : v < bv) || (v == bv && j < bj);
}

// Folds element `at` of a stage's input into the best (*bv, *bj) so far; its index is srcIdx[at] when hasIdx, else
// pos.
inline void arg_fold(global const T* src, global const int* srcIdx, int hasIdx, long at, int pos, bool larger,
                     T* bv, int* bj) {
    T v = src[at];
    int idx = hasIdx ? srcIdx[at] : pos;
    if (better(v, idx, *bv, *bj, larger)) {
        *bv = v;
        *bj = idx;
    }
}

// Stage inputs after the first carry indices (hasIdx != 0); the first stage uses the position j itself, an int: the
// engine refuses arg-reductions over more than 2^31 - 1 elements, as their INT32 result could not hold the index.
#define ARG_KERNELS(op, LARGER)                                                                              \
kernel void reduce_rows_##op(global const T* src, global const int* srcIdx, int hasIdx, global T* dstVal,   \
                             global int* dstIdx, long n, int chunk, long parts, local T* sv, local int* si) { \
    long g = get_group_id(0);                                                                                \
    int lid = get_local_id(0);                                                                               \
    long o, start;                                                                                           \
    int len = stage_chunk(g, n, chunk, parts, &o, &start);                                                   \
    long base = o * n + start;                                                                               \
    T bv = 0;                                                                                                \
    int bj = -1;                                                                                             \
    for (int j = lid; j < len; j += get_local_size(0)) {                                                     \
        arg_fold(src, srcIdx, hasIdx, base + j, (int)(start + j), LARGER, &bv, &bj);                         \
    }                                                                                                        \
    sv[lid] = bv;                                                                                            \
    si[lid] = bj;                                                                                            \
    barrier(CLK_LOCAL_MEM_FENCE);                                                                            \
    for (int s = get_local_size(0) >> 1; s > 0; s >>= 1) {                                                   \
        if (lid < s && better(sv[lid + s], si[lid + s], sv[lid], si[lid], LARGER)) {                         \
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
                             global int* dstIdx, long outer, long n, long inner, int chunk, long parts) {    \
    COLUMN_STAGE                                                                                             \
    T bv = 0;                                                                                                \
    int bj = -1;                                                                                             \
    for (int j = 0; j < len; j++) {                                                                          \
        arg_fold(src, srcIdx, hasIdx, base + j * inner, (int)(start + j), LARGER, &bv, &bj);                 \
    }                                                                                                        \
    dstVal[gid] = bv;                                                                                        \
    dstIdx[gid] = bj;                                                                                        \
}

ARG_KERNELS(argmax, true)
ARG_KERNELS(argmin, false)
