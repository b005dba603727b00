// The built-in GEMM, used when no cuBLAS library can be loaded: C[b] = alpha op(A[b]) op(B[b]) + beta C[b] on
// row-major matrices with leading dimensions, transposes and batch strides (see dev.tessera.backend.Gemm), for f32
// and f64. A classic shared-memory tiling: each block computes a 64 x 64 tile of C in steps of 16 along k, each of
// its 256 threads a 4 x 4 sub-tile (rows ty + 16i, columns tx + 16j).
#include "common.cuh"

// =================================================================================================================
// Launch parameters

#define TS_TILE 64
#define TS_TILE_K 16

struct GemmArgs {
    i64 batch;
    i64 m;
    i64 n;
    i64 k;
    i64 transA;      // A stored k x m (else m x k)
    i64 transB;      // B stored n x k (else k x n)
    i64 lda;
    i64 ldb;
    i64 ldc;
    i64 strideA;     // element distance between A[b] and A[b+1] (0 broadcasts)
    i64 strideB;
    i64 strideC;
    double alpha;
    double beta;     // 0: C is not read
    const void* a;   // A[0] (offset applied)
    const void* b;
    void* c;
};
TS_SLOTS(GemmArgs, 17);

// =================================================================================================================
// Kernels

// Element (r, c) of op(M), M stored with leading dimension ld: M[r * ld + c], or M[c * ld + r] when transposed; 0
// outside op(M)'s rows x cols (a tile's overhang).
template <typename T>
__device__ __forceinline__ T ts_op_element(const T* M, bool trans, i64 r, i64 c, i64 rows, i64 cols, i64 ld) {
    return r < rows && c < cols ? (trans ? M[c * ld + r] : M[r * ld + c]) : T(0);
}

// blockDim = (16, 16); grid = (ceil(n / 64), ceil(m / 64), min(batch, 65535)).
template <typename T>
__device__ __forceinline__ void ts_gemm(const GemmArgs& g) {
    __shared__ T As[TS_TILE_K][TS_TILE];
    __shared__ T Bs[TS_TILE_K][TS_TILE];
    const int tx = threadIdx.x;
    const int ty = threadIdx.y;
    const int tid = ty * 16 + tx;
    const i64 row0 = (i64) blockIdx.y * TS_TILE;
    const i64 col0 = (i64) blockIdx.x * TS_TILE;
    const T alpha = (T) g.alpha;
    const T beta = (T) g.beta;
    for (i64 bt = blockIdx.z; bt < g.batch; bt += gridDim.z) {
        const T* A = static_cast<const T*>(g.a) + bt * g.strideA;
        const T* B = static_cast<const T*>(g.b) + bt * g.strideB;
        T* C = static_cast<T*>(g.c) + bt * g.strideC;
        T acc[4][4];
#pragma unroll
        for (int i = 0; i < 4; ++i) {
#pragma unroll
            for (int j = 0; j < 4; ++j) {
                acc[i][j] = T(0);
            }
        }
        for (i64 k0 = 0; k0 < g.k; k0 += TS_TILE_K) {
#pragma unroll
            for (int l = 0; l < 4; ++l) {
                const int e = tid + 256 * l;
                // A tile: 64 rows x 16 k, read along whichever index is contiguous in memory
                const int ar = g.transA ? e % TS_TILE : e / TS_TILE_K;
                const int ak = g.transA ? e / TS_TILE : e % TS_TILE_K;
                As[ak][ar] = ts_op_element(A, g.transA, row0 + ar, k0 + ak, g.m, g.k, g.lda);
                // B tile: 16 k x 64 columns
                const int bc = g.transB ? e / TS_TILE_K : e % TS_TILE;
                const int bk = g.transB ? e % TS_TILE_K : e / TS_TILE;
                Bs[bk][bc] = ts_op_element(B, g.transB, k0 + bk, col0 + bc, g.k, g.n, g.ldb);
            }
            __syncthreads();
#pragma unroll
            for (int kk = 0; kk < TS_TILE_K; ++kk) {
                T a[4];
                T b[4];
#pragma unroll
                for (int i = 0; i < 4; ++i) {
                    a[i] = As[kk][ty + 16 * i];
                    b[i] = Bs[kk][tx + 16 * i];
                }
#pragma unroll
                for (int i = 0; i < 4; ++i) {
#pragma unroll
                    for (int j = 0; j < 4; ++j) {
                        acc[i][j] += a[i] * b[j];
                    }
                }
            }
            __syncthreads();
        }
#pragma unroll
        for (int i = 0; i < 4; ++i) {
            const i64 r = row0 + ty + 16 * i;
#pragma unroll
            for (int j = 0; j < 4; ++j) {
                const i64 c = col0 + tx + 16 * j;
                if (r < g.m && c < g.n) {
                    T* out = C + r * g.ldc + c;
                    *out = g.beta == 0 ? alpha * acc[i][j] : alpha * acc[i][j] + beta * *out;
                }
            }
        }
    }
}

TS_FLOAT_ENTRIES(gemm, GemmArgs, ts_gemm)
