// Batched GEMM C[b] = alpha * op(A[b]) * op(B[b]) + beta * C[b] (see dev.tessera.backend.Gemm), row-major.
//
// A work-group of (BN/TN) x (BM/TM) work items computes a BM x BN block of C; each work item a TM x TN register
// tile. The k axis advances in BK-wide tiles that are staged in local memory, double-buffered: while the tile in
// one buffer is multiplied, the next is fetched from global memory into registers and then stored into the other
// buffer, so each step needs a single barrier. Global loads are 4-wide along the contiguous axis of each matrix
// (aligned vector loads when the host says offsets and leading dimensions allow; otherwise vload4, and scalar
// loads with zero fill at the edges). The local tiles are k-major with rows of BM + 4 (BN + 4) elements and
// 32-byte aligned, so the inner loop reads aligned 4-wide vectors (one 128-bit shared-memory load each on GPUs); a
// work item's rows (and columns) are TM/4 (TN/4) groups of 4 spaced BM/(TM/4) apart, which keeps those reads free
// of bank conflicts.
//
// Compile-time parameters: BM, BN, BK, TM, TN (TM, TN, BK multiples of 4), TRANS_A, TRANS_B (0 or 1).

#define WGX (BN / TN)
#define WGY (BM / TM)
#define WG (WGX * WGY)
#define PAD 4
#define ROW_STEP (BM / (TM / 4))
#define COL_STEP (BN / (TN / 4))
#define VECS_A (BM * BK / 4)
#define VECS_B (BN * BK / 4)
#define LOADS_A ((VECS_A + WG - 1) / WG)
#define LOADS_B ((VECS_B + WG - 1) / WG)

// Four consecutive elements at p (the first `valid` of them; the rest are 0).
inline T4 load4(global const T* p, int valid, int aligned) {
    if (valid >= 4) {
        return aligned ? *(global const T4*)p : vload4(0, p);
    }
    T4 v = (T4)(0);
    if (valid > 0) {
        v.s0 = p[0];
    }
    if (valid > 1) {
        v.s1 = p[1];
    }
    if (valid > 2) {
        v.s2 = p[2];
    }
    return v;
}

// One operand's part of a k tile: the BK x W elements (W = BM rows of A, or BN columns of B) from k index kt and
// extent index first, of a matrix whose elements (e, k) lie at P[e * ld + k], or at P[k * ld + e] when kMajor (A
// transposed, B as stored); ext is the extent (m or n). Work item tid fetches `loads` 4-wide vectors of it into r.
inline void fetch_tile(global const T* P, int ext, int k, int ld, int first, int kt, int tid, int vec, int kMajor,
                       int W, int loads, T4* r) {
    #pragma unroll
    for (int l = 0; l < loads; l++) {
        int v = tid + l * WG;
        if (v < W * BK / 4) {
            if (kMajor) {
                int gk = kt + v / (W / 4);
                int ge = first + (v % (W / 4)) * 4;
                int valid = gk < k ? clamp(ext - ge, 0, 4) : 0;
                r[l] = valid > 0 ? load4(P + (long)gk * ld + ge, valid, vec) : (T4)(0);
            } else {
                int ge = first + v / (BK / 4);
                int gk = kt + (v % (BK / 4)) * 4;
                int valid = ge < ext ? clamp(k - gk, 0, 4) : 0;
                r[l] = valid > 0 ? load4(P + (long)ge * ld + gk, valid, vec) : (T4)(0);
            }
        }
    }
}

// Fetches the A and B tiles starting at k index kt into registers.
inline void fetch(global const T* A, global const T* B, int m, int n, int k, int lda, int ldb, int row0, int col0,
                  int kt, int tid, int vecA, int vecB, T4* ra, T4* rb) {
    fetch_tile(A, m, k, lda, row0, kt, tid, vecA, TRANS_A, BM, LOADS_A, ra);
    fetch_tile(B, n, k, ldb, col0, kt, tid, vecB, !TRANS_B, BN, LOADS_B, rb);
}

// Stores one operand's fetched registers r (as fetch_tile read them) into its k-major local tile[BK][W + PAD].
inline void stash_tile(local T* tile, int tid, const T4* r, int kMajor, int W, int loads) {
    #pragma unroll
    for (int l = 0; l < loads; l++) {
        int v = tid + l * WG;
        if (v < W * BK / 4) {
            if (kMajor) {
                *(local T4*)(tile + (v / (W / 4)) * (W + PAD) + (v % (W / 4)) * 4) = r[l];
            } else {
                int e = v / (BK / 4);
                int c = (v % (BK / 4)) * 4;
                tile[(c + 0) * (W + PAD) + e] = r[l].s0;
                tile[(c + 1) * (W + PAD) + e] = r[l].s1;
                tile[(c + 2) * (W + PAD) + e] = r[l].s2;
                tile[(c + 3) * (W + PAD) + e] = r[l].s3;
            }
        }
    }
}

// Stores the fetched registers into the k-major local tiles As[BK][BM + PAD] and Bs[BK][BN + PAD].
inline void stash(local T* As, local T* Bs, int tid, const T4* ra, const T4* rb) {
    stash_tile(As, tid, ra, TRANS_A, BM, LOADS_A);
    stash_tile(Bs, tid, rb, !TRANS_B, BN, LOADS_B);
}

// vecA, vecB, vecC: whether the matrix's offset, leading dimension and batch stride are multiples of 4, so that
// 4-wide accesses are 16-byte aligned. batchBase: the first batch index of this launch (launches cover at most
// 65535 batches). Offsets and batch strides are long (a buffer may exceed 2^31 elements); m, n, k and the row
// strides are ints, and positions inside one matrix are computed in long.
kernel __attribute__((reqd_work_group_size(WGX, WGY, 1)))
void gemm(global const T* A, global const T* B, global T* C, int m, int n, int k,
          long offA, int lda, long strideA, long offB, int ldb, long strideB, long offC, int ldc, long strideC,
          T alpha, T beta, int batchBase, int vecA, int vecB, int vecC) {
    // 32-byte aligned (a double4), so the 4-wide local accesses below are single vector loads and stores
    local T As[2][BK * (BM + PAD)] __attribute__((aligned(32)));
    local T Bs[2][BK * (BN + PAD)] __attribute__((aligned(32)));
    int tx = get_local_id(0);
    int ty = get_local_id(1);
    int tid = ty * WGX + tx;
    int row0 = get_group_id(1) * BM;
    int col0 = get_group_id(0) * BN;
    long batch = batchBase + get_group_id(2);
    A += offA + batch * strideA;
    B += offB + batch * strideB;
    C += offC + batch * strideC;

    T acc[TM][TN];
    #pragma unroll
    for (int i = 0; i < TM; i++) {
        #pragma unroll
        for (int j = 0; j < TN; j++) {
            acc[i][j] = 0;
        }
    }
    T4 ra[LOADS_A];
    T4 rb[LOADS_B];
    fetch(A, B, m, n, k, lda, ldb, row0, col0, 0, tid, vecA, vecB, ra, rb);
    stash(As[0], Bs[0], tid, ra, rb);
    barrier(CLK_LOCAL_MEM_FENCE);

    int tiles = (k + BK - 1) / BK;
    for (int t = 0; t < tiles; t++) {
        int cur = t & 1;
        bool more = t + 1 < tiles;
        if (more) {
            fetch(A, B, m, n, k, lda, ldb, row0, col0, (t + 1) * BK, tid, vecA, vecB, ra, rb);
        }
        local const T* as = As[cur];
        local const T* bs = Bs[cur];
        #pragma unroll
        for (int kk = 0; kk < BK; kk++) {
            T a[TM];
            T b[TN];
            #pragma unroll
            for (int g = 0; g < TM / 4; g++) {
                vstore4(*(local const T4*)(as + kk * (BM + PAD) + g * ROW_STEP + ty * 4), g, a);
            }
            #pragma unroll
            for (int h = 0; h < TN / 4; h++) {
                vstore4(*(local const T4*)(bs + kk * (BN + PAD) + h * COL_STEP + tx * 4), h, b);
            }
            #pragma unroll
            for (int i = 0; i < TM; i++) {
                #pragma unroll
                for (int j = 0; j < TN; j++) {
                    acc[i][j] = fma(a[i], b[j], acc[i][j]);
                }
            }
        }
        if (more) {
            stash(As[cur ^ 1], Bs[cur ^ 1], tid, ra, rb);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }

    #pragma unroll
    for (int g = 0; g < TM / 4; g++) {
        #pragma unroll
        for (int q = 0; q < 4; q++) {
            int gr = row0 + g * ROW_STEP + ty * 4 + q;
            if (gr < m) {
                global T* crow = C + (long)gr * ldc;
                #pragma unroll
                for (int h = 0; h < TN / 4; h++) {
                    int gc = col0 + h * COL_STEP + tx * 4;
                    int i = g * 4 + q;
                    int j = h * 4;
                    T4 v = alpha * (T4)(acc[i][j], acc[i][j + 1], acc[i][j + 2], acc[i][j + 3]);
                    if (vecC && gc + 4 <= n) {
                        global T4* p = (global T4*)(crow + gc);
                        *p = beta == 0 ? v : v + beta * *p;
                    } else {
                        if (gc < n) {
                            crow[gc] = beta == 0 ? v.s0 : v.s0 + beta * crow[gc];
                        }
                        if (gc + 1 < n) {
                            crow[gc + 1] = beta == 0 ? v.s1 : v.s1 + beta * crow[gc + 1];
                        }
                        if (gc + 2 < n) {
                            crow[gc + 2] = beta == 0 ? v.s2 : v.s2 + beta * crow[gc + 2];
                        }
                        if (gc + 3 < n) {
                            crow[gc + 3] = beta == 0 ? v.s3 : v.s3 + beta * crow[gc + 3];
                        }
                    }
                }
            }
        }
    }
}
