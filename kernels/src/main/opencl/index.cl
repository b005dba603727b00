// Indexing primitives on contiguous blocks (dev.tessera.backend.IndexOp): gather and index-select read one source
// element per output element; scatter-add and index-add accumulate, one work item per (outer, inner) position
// looping over the indices in order, so collisions need no atomics and the summation order is the reference's
// (deterministic). An index outside [0, n) (core rejects them unless its checks are off) gathers BAD_INDEX_VALUE
// and scatters nowhere: no access ever leaves the buffers.

#ifdef T_INT
#define ACCUMULATE(a, b) ((T)((uint)(a) + (uint)(b)))
#else
#define ACCUMULATE(a, b) ((a) + (b))
#endif

// dst[o, j, i] = src[o, index[o, j, i], i]
kernel void gather(global const T* src, global const int* index, global T* dst, int outer, int n, int m, int inner) {
    int gid = get_global_id(0);
    if (gid < outer * m * inner) {
        int i = gid % inner;
        int o = gid / (m * inner);
        int which = index[gid];
        dst[gid] = which >= 0 && which < n ? src[((long)o * n + which) * inner + i] : BAD_INDEX_VALUE;
    }
}

// dst[o, j, i] = src[o, index[j], i]
kernel void index_select(global const T* src, global const int* index, global T* dst, int outer, int n, int m,
                         int inner) {
    int gid = get_global_id(0);
    if (gid < outer * m * inner) {
        int i = gid % inner;
        int t = gid / inner;
        int o = t / m;
        int which = index[t % m];
        dst[gid] = which >= 0 && which < n ? src[((long)o * n + which) * inner + i] : BAD_INDEX_VALUE;
    }
}

// dst[o, index[o, j, i], i] += src[o, j, i]
kernel void scatter_add(global const T* src, global const int* index, global T* dst, int outer, int n, int m,
                        int inner) {
    int gid = get_global_id(0);
    if (gid < outer * inner) {
        int i = gid % inner;
        int o = gid / inner;
        for (int j = 0; j < m; j++) {
            long small = ((long)o * m + j) * inner + i;
            int which = index[small];
            if (which >= 0 && which < n) {
                long big = ((long)o * n + which) * inner + i;
                dst[big] = ACCUMULATE(dst[big], src[small]);
            }
        }
    }
}

// dst[o, index[j], i] += src[o, j, i]
kernel void index_add(global const T* src, global const int* index, global T* dst, int outer, int n, int m,
                      int inner) {
    int gid = get_global_id(0);
    if (gid < outer * inner) {
        int i = gid % inner;
        int o = gid / inner;
        for (int j = 0; j < m; j++) {
            int which = index[j];
            if (which >= 0 && which < n) {
                long small = ((long)o * m + j) * inner + i;
                long big = ((long)o * n + which) * inner + i;
                dst[big] = ACCUMULATE(dst[big], src[small]);
            }
        }
    }
}
