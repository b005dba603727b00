// Softmax and log-softmax along the middle axis of [outer, n, inner] (forward and backward), and the fused softmax
// cross-entropy over [rows, classes] logits with INT32 labels, optional class weights and label smoothing
// (forward and backward), for f32 and f64. The max is subtracted before exponentiating, so large logits do not
// overflow.
//
// Rows kernels (inner = 1) give each row to one block row of blockDim.x threads: a warp (blockDim = (32, 8), eight
// rows per block) for short rows, a whole block (blockDim.y = 1) for long ones. Column kernels (inner > 1) give each
// (outer, inner) column to one thread.
#include "common.cuh"
#include "math.cuh"

// =================================================================================================================
// Launch parameters

// Each struct lists the fields of its fused-op descriptor's argument record (engine dev.tessera.backend.fused), in
// the record's order and with its names: the launcher packs the record component by component (DescriptorArgs).

struct SoftmaxArgs {
    const void* x;     // [outer, n, inner]
    void* y;           // [outer, n, inner]
    i64 outer;
    i64 n;
    i64 inner;
    i64 log;           // 1: log-softmax
};
TS_SLOTS(SoftmaxArgs, 6);

struct SoftmaxBackwardArgs {
    const void* y;     // forward output
    const void* gy;    // gradient of y
    void* gx;          // gradient of x
    i64 outer;
    i64 n;
    i64 inner;
    i64 log;           // 1: gradient of log-softmax
};
TS_SLOTS(SoftmaxBackwardArgs, 7);

struct CrossEntropyArgs {
    const void* logits;        // [rows, classes]
    const int* labels;         // [rows], each in [0, classes)
    const void* classWeights;  // [classes] class weights, or null for all 1
    void* loss;                // [rows]
    void* logProbs;            // [rows, classes]
    i64 rows;
    i64 classes;
    double smoothing;          // label smoothing eps in [0, 1]
};
TS_SLOTS(CrossEntropyArgs, 8);

struct CrossEntropyBackwardArgs {
    const void* logProbs;      // [rows, classes] from the forward pass
    const int* labels;         // [rows]
    const void* classWeights;  // [classes] or null
    const void* gradLoss;      // [rows]
    void* gradLogits;          // [rows, classes]
    i64 rows;
    i64 classes;
    double smoothing;
};
TS_SLOTS(CrossEntropyBackwardArgs, 8);

// =================================================================================================================
// Kernels

// The maximum m of row x (n elements; NaN wins) and, in *sum, sum_j exp(x[j] - m), by the whole block row.
template <typename T>
__device__ __forceinline__ T ts_row_max_sum_exp(const T* x, i64 n, T* scratch, T* sum) {
    T m = -INFINITY;
    for (i64 j = threadIdx.x; j < n; j += blockDim.x) {
        T v = x[j];
        m = (v > m || v != v) ? v : m;
    }
    m = ts_row_max(m, scratch);
    T s = 0;
    for (i64 j = threadIdx.x; j < n; j += blockDim.x) {
        s += m_exp(x[j] - m);
    }
    *sum = ts_row_sum(s, scratch);
    return m;
}

template <typename T>
__device__ __forceinline__ void ts_softmax_rows(const SoftmaxArgs& a) {
    __shared__ T scratch[32];
    const i64 n = a.n;
    TS_FOR_ROWS(row, a.outer) {
        const T* x = static_cast<const T*>(a.x) + row * n;
        T* y = static_cast<T*>(a.y) + row * n;
        T s;
        const T m = ts_row_max_sum_exp(x, n, scratch, &s);
        if (a.log) {
            const T ls = m_log(s);
            for (i64 j = threadIdx.x; j < n; j += blockDim.x) {
                y[j] = (x[j] - m) - ls;
            }
        } else {
            for (i64 j = threadIdx.x; j < n; j += blockDim.x) {
                y[j] = m_exp(x[j] - m) / s;
            }
        }
    }
}

template <typename T>
__device__ __forceinline__ void ts_softmax_cols(const SoftmaxArgs& a) {
    const i64 columns = a.outer * a.inner;
    for (i64 c = (i64) blockIdx.x * blockDim.x + threadIdx.x; c < columns; c += (i64) gridDim.x * blockDim.x) {
        const i64 o = c / a.inner;
        const i64 i = c - o * a.inner;
        const T* x = static_cast<const T*>(a.x) + o * a.n * a.inner + i;
        T* y = static_cast<T*>(a.y) + o * a.n * a.inner + i;
        T m = -INFINITY;
        for (i64 j = 0; j < a.n; ++j) {
            T v = x[j * a.inner];
            m = (v > m || v != v) ? v : m;
        }
        T s = 0;
        for (i64 j = 0; j < a.n; ++j) {
            s += m_exp(x[j * a.inner] - m);
        }
        if (a.log) {
            const T ls = m_log(s);
            for (i64 j = 0; j < a.n; ++j) {
                y[j * a.inner] = (x[j * a.inner] - m) - ls;
            }
        } else {
            for (i64 j = 0; j < a.n; ++j) {
                y[j * a.inner] = m_exp(x[j * a.inner] - m) / s;
            }
        }
    }
}

// softmax: gx = (gy - sum_j gy y) y; log-softmax: gx = gy - exp(y) sum_j gy.
template <typename T>
__device__ __forceinline__ void ts_softmax_backward_rows(const SoftmaxBackwardArgs& a) {
    __shared__ T scratch[32];
    const i64 n = a.n;
    TS_FOR_ROWS(row, a.outer) {
        const T* y = static_cast<const T*>(a.y) + row * n;
        const T* gy = static_cast<const T*>(a.gy) + row * n;
        T* gx = static_cast<T*>(a.gx) + row * n;
        T s = 0;
        for (i64 j = threadIdx.x; j < n; j += blockDim.x) {
            s += a.log ? gy[j] : gy[j] * y[j];
        }
        s = ts_row_sum(s, scratch);
        for (i64 j = threadIdx.x; j < n; j += blockDim.x) {
            gx[j] = a.log ? gy[j] - m_exp(y[j]) * s : (gy[j] - s) * y[j];
        }
    }
}

template <typename T>
__device__ __forceinline__ void ts_softmax_backward_cols(const SoftmaxBackwardArgs& a) {
    const i64 columns = a.outer * a.inner;
    for (i64 c = (i64) blockIdx.x * blockDim.x + threadIdx.x; c < columns; c += (i64) gridDim.x * blockDim.x) {
        const i64 o = c / a.inner;
        const i64 base = o * a.n * a.inner + (c - o * a.inner);
        const T* y = static_cast<const T*>(a.y) + base;
        const T* gy = static_cast<const T*>(a.gy) + base;
        T* gx = static_cast<T*>(a.gx) + base;
        T s = 0;
        for (i64 j = 0; j < a.n; ++j) {
            s += a.log ? gy[j * a.inner] : gy[j * a.inner] * y[j * a.inner];
        }
        for (i64 j = 0; j < a.n; ++j) {
            const i64 k = j * a.inner;
            gx[k] = a.log ? gy[k] - m_exp(y[k]) * s : (gy[k] - s) * y[k];
        }
    }
}

// Per row r with label t, lp = log_softmax(x[r]) and weights w (1 when absent):
// loss[r] = -(1-eps) w[t] lp[t] - (eps/C) sum_c w[c] lp[c].
template <typename T>
__device__ __forceinline__ void ts_cross_entropy(const CrossEntropyArgs& a) {
    __shared__ T scratch[32];
    const i64 classes = a.classes;
    const T* w = static_cast<const T*>(a.classWeights);
    TS_FOR_ROWS(row, a.rows) {
        const T* x = static_cast<const T*>(a.logits) + row * classes;
        T* lp = static_cast<T*>(a.logProbs) + row * classes;
        T s;
        const T m = ts_row_max_sum_exp(x, classes, scratch, &s);
        const T ls = m_log(s);
        T weighted = 0;
        for (i64 j = threadIdx.x; j < classes; j += blockDim.x) {
            const T v = (x[j] - m) - ls;
            lp[j] = v;
            weighted += w != nullptr ? v * w[j] : v;
        }
        if (a.smoothing != 0) {
            weighted = ts_row_sum(weighted, scratch);
        }
        if (threadIdx.x == 0) {
            const int t = a.labels[row];
            const T picked = (x[t] - m) - ls;
            T loss = (w != nullptr ? picked * w[t] : picked) * (T) (-(1.0 - a.smoothing));
            if (a.smoothing != 0) {
                loss = loss + weighted * (T) (-a.smoothing / (double) classes);
            }
            static_cast<T*>(a.loss)[row] = loss;
        }
    }
}

// gx[r, j] = g[r] (p[r,j]((1-eps) w[t] + (eps/C) W) - (1-eps) w[t] [j = t] - (eps/C) w[j]), p = exp(lp),
// W = sum_c w[c].
template <typename T>
__device__ __forceinline__ void ts_cross_entropy_backward(const CrossEntropyBackwardArgs& a) {
    __shared__ T scratch[32];
    const i64 classes = a.classes;
    const T* w = static_cast<const T*>(a.classWeights);
    const T eps = (T) a.smoothing;
    const T epsOverC = (T) (a.smoothing / (double) classes);
    T total = (T) classes;
    if (w != nullptr) {
        T s = 0;
        for (i64 j = threadIdx.x; j < classes; j += blockDim.x) {
            s += w[j];
        }
        total = ts_row_sum(s, scratch);
    }
    TS_FOR_ROWS(row, a.rows) {
        const T* lp = static_cast<const T*>(a.logProbs) + row * classes;
        T* gx = static_cast<T*>(a.gradLogits) + row * classes;
        const int t = a.labels[row];
        const T g = static_cast<const T*>(a.gradLoss)[row];
        const T labelTerm = (w != nullptr ? w[t] * g : g) * (T(1) - eps);
        const T coef = (w != nullptr ? g * total * epsOverC : g * eps) + labelTerm;
        for (i64 j = threadIdx.x; j < classes; j += blockDim.x) {
            T v = m_exp(lp[j]) * coef;
            if (j == t) {
                v = v - labelTerm;
            }
            if (a.smoothing != 0) {
                v = v - g * (w != nullptr ? w[j] : T(1)) * epsOverC;
            }
            gx[j] = v;
        }
    }
}

TS_FLOAT_ENTRIES(softmax_rows, SoftmaxArgs, ts_softmax_rows)
TS_FLOAT_ENTRIES(softmax_cols, SoftmaxArgs, ts_softmax_cols)
TS_FLOAT_ENTRIES(softmax_backward_rows, SoftmaxBackwardArgs, ts_softmax_backward_rows)
TS_FLOAT_ENTRIES(softmax_backward_cols, SoftmaxBackwardArgs, ts_softmax_backward_cols)
TS_FLOAT_ENTRIES(cross_entropy, CrossEntropyArgs, ts_cross_entropy)
TS_FLOAT_ENTRIES(cross_entropy_backward, CrossEntropyBackwardArgs, ts_cross_entropy_backward)
