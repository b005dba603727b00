// Indexing primitives on contiguous blocks (dev.tessera.backend.IndexOp): gather and index-select read one source
// element per output element; scatter-add and index-add accumulate, one work item per (outer, inner) position
// looping over the indices in order, so collisions need no atomics and the summation order is the reference's
// (deterministic).

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
        dst[gid] = src[((long)o * n + index[gid]) * inner + i];
    }
}

// dst[o, j, i] = src[o, index[j], i]
kernel void index_select(global const T* src, global const int* index, global T* dst, int outer, int n, int m,
                         int inner) {
    int gid = get_global_id(0);
    if (gid < outer * m * inner) {
        int i = gid % inner;
        int t = gid / inner;
        int j = t % m;
        int o = t / m;
        dst[gid] = src[((long)o * n + index[j]) * inner + i];
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
            long big = ((long)o * n + index[small]) * inner + i;
            dst[big] = ACCUMULATE(dst[big], src[small]);
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
            long small = ((long)o * m + j) * inner + i;
            long big = ((long)o * n + index[j]) * inner + i;
            dst[big] = ACCUMULATE(dst[big], src[small]);
        }
    }
}
