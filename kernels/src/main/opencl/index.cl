// Indexing primitives on contiguous blocks (dev.tessera.backend.IndexOp): gather and index-select read one source
// element per output element; scatter-add and index-add accumulate, one work item per (outer, inner) position
// looping over the indices in order, so collisions need no atomics and the summation order is the reference's
// (deterministic). An index outside [0, n) (core rejects them unless its checks are off) gathers BAD_INDEX_VALUE
// and scatters nowhere: no access ever leaves the buffers. Sizes and positions are 64-bit (long); an index value is
// an INT32 below n.

#ifdef T_INT
#define ACCUMULATE(a, b) ((T)((uint)(a) + (uint)(b)))
#else
#define ACCUMULATE(a, b) ((a) + (b))
#endif

// dst[o, j, i] = src[o, index[o, j, i], i]
kernel void gather(global const T* src, global const int* index, global T* dst, long outer, long n, long m, long inner) {
    long gid = get_global_id(0);
    if (gid < outer * m * inner) {
        long i = gid % inner;
        long o = gid / (m * inner);
        int which = index[gid];
        dst[gid] = which >= 0 && which < n ? src[(o * n + which) * inner + i] : BAD_INDEX_VALUE;
    }
}

// dst[o, j, i] = src[o, index[j], i]
kernel void index_select(global const T* src, global const int* index, global T* dst, long outer, long n, long m,
                         long inner) {
    long gid = get_global_id(0);
    if (gid < outer * m * inner) {
        long i = gid % inner;
        long t = gid / inner;
        long o = t / m;
        int which = index[t % m];
        dst[gid] = which >= 0 && which < n ? src[(o * n + which) * inner + i] : BAD_INDEX_VALUE;
    }
}

// dst[o, index[o, j, i], i] += src[o, j, i] when perElement, else dst[o, index[j], i] += src[o, j, i]; one work
// item per (o, i) walks j, so no two items write one element.
inline void add_rows(global const T* src, global const int* index, global T* dst, long outer, long n, long m,
                     long inner, bool perElement) {
    long gid = get_global_id(0);
    if (gid < outer * inner) {
        long i = gid % inner;
        long o = gid / inner;
        for (long j = 0; j < m; j++) {
            long small = (o * m + j) * inner + i;
            int which = index[perElement ? small : j];
            if (which >= 0 && which < n) {
                long big = (o * n + which) * inner + i;
                dst[big] = ACCUMULATE(dst[big], src[small]);
            }
        }
    }
}

kernel void scatter_add(global const T* src, global const int* index, global T* dst, long outer, long n, long m,
                        long inner) {
    add_rows(src, index, dst, outer, n, m, inner, true);
}

kernel void index_add(global const T* src, global const int* index, global T* dst, long outer, long n, long m,
                      long inner) {
    add_rows(src, index, dst, outer, n, m, inner, false);
}
