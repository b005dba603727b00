// Indexing kernels on dense blocks, for f32, f64 and i32: GATHER, SCATTER_ADD, INDEX_SELECT and INDEX_ADD (see
// dev.tessera.backend.IndexOp for the shapes). Gathers give each output element a thread; scatters give each source
// element a thread and add with atomicAdd, so duplicate indices accumulate (in an unspecified order for floats).
#include "common.cuh"

// =================================================================================================================
// Launch parameters

// Ordinals of dev.tessera.backend.IndexOp.
enum IndexCode {
    I_GATHER = 0,
    I_SCATTER_ADD = 1,
    I_INDEX_SELECT = 2,
    I_INDEX_ADD = 3,
};

struct IndexArgs {
    i64 op;             // IndexOp ordinal
    i64 outer;
    i64 n;              // length of the indexed axis of the data block
    i64 m;              // number of indices along it
    i64 inner;
    const void* src;
    const int* index;   // [outer, m, inner] for GATHER / SCATTER_ADD, [m] for INDEX_SELECT / INDEX_ADD
    void* dst;
};
TS_SLOTS(IndexArgs, 8);

// =================================================================================================================
// Kernels

template <typename T>
__device__ __forceinline__ void ts_index(const IndexArgs& a) {
    const int op = (int) a.op;
    const T* src = static_cast<const T*>(a.src);
    T* dst = static_cast<T*>(a.dst);
    TS_GRID_LOOP(small, a.outer * a.m * a.inner) {
        i64 i;
        i64 j;
        const i64 o = ts_divmod(ts_divmod(small, a.inner, &i), a.m, &j);
        const int which = (op == I_GATHER || op == I_SCATTER_ADD) ? a.index[small] : a.index[j];
        const i64 big = (o * a.n + which) * a.inner + i;
        if (op == I_GATHER || op == I_INDEX_SELECT) {
            dst[small] = src[big];
        } else {
            atomicAdd(dst + big, src[small]);
        }
    }
}

TS_NUMERIC_ENTRIES(index, IndexArgs, ts_index)
