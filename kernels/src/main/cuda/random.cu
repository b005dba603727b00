// Random fills by Philox4x32-10 for f32, f64 and i32 (f64 values are the f32 draws widened, i32 values truncated
// toward zero), reproducing dev.tessera.random.Philox bit for bit (the arithmetic lives in philox.cuh). Each thread
// computes one Philox block and writes the up to four elements whose first word lies in it.
#include "common.cuh"
#include "philox.cuh"

// =================================================================================================================
// Launch parameters

struct RandomArgs {
    i64 dist;          // RandomDistribution ordinal
    i64 count;         // elements to write
    i64 seed;          // the generator's 64-bit seed: key = (low 32 bits, high 32 bits)
    i64 streamOffset;  // stream word of element 0
    double a;          // UNIFORM low, NORMAL mean, BERNOULLI p (rounded to binary32)
    double b;          // UNIFORM high, NORMAL std
    i64 blocks;        // philox_blocks(dist, streamOffset, count)
    void* dst;
};
TS_SLOTS(RandomArgs, 8);

// =================================================================================================================
// Kernels

template <typename T>
__device__ __forceinline__ void ts_random(const RandomArgs& a) {
    const int dist = (int) a.dist;
    const float fa = (float) a.a;
    const float fb = (float) a.b;
    T* dst = static_cast<T*>(a.dst);
    for (i64 q = (i64) blockIdx.x * blockDim.x + threadIdx.x; q < a.blocks; q += (i64) gridDim.x * blockDim.x) {
        long long idx[4];
        float val[4];
        const unsigned mask = philox_block_values(dist, (unsigned long long) a.seed,
                                                 (unsigned long long) a.streamOffset, a.count, fa, fb,
                                                 (unsigned long long) q, idx, val);
#pragma unroll
        for (int k = 0; k < 4; ++k) {
            if (mask & (1u << k)) {
                dst[idx[k]] = (T) val[k];
            }
        }
    }
}

TS_NUMERIC_ENTRIES(random, RandomArgs, ts_random)
