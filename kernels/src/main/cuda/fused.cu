// Fused kernels of the training step, for f32 and f64: the linear-layer epilogue (bias + activation) with its
// backward pass (activation gradient and bias gradient in one pass), and whole-model optimizer steps (SGD with
// momentum, Adam/AdamW/AMSGrad) that update up to TS_MAX_TENSORS parameters in ONE launch: the parameters' pointers
// travel in the launch parameters, and each block updates one chunk of TS_CHUNK elements of one tensor.
#include "common.cuh"
#include "math.cuh"

// =================================================================================================================
// Launch parameters

// Parameters per optimizer launch (more are split into several launches) and elements per block.
#define TS_MAX_TENSORS 48
#define TS_CHUNK 4096

// The layout of an optimizer step's step-scalar buffer (dev.tessera.backend.StepScalars): doubles the host writes
// before each replay of a captured step. When an optimizer launch's `scalars` is not null, its rate and Adam's bias
// corrections come from there instead of from the launch arguments baked into the graph.
#define TS_SCALAR_LR 0
#define TS_SCALAR_ADAM_STEP_SIZE 2
#define TS_SCALAR_ADAM_SQRT_BIAS_CORRECTION2 3

// The bias + activation structs list the fields of their fused-op descriptors' argument records (engine
// dev.tessera.backend.fused), in the records' order and with their names (packed by DescriptorArgs).

struct BiasActivationArgs {
    void* z;             // [rows, cols]; z += bias (row-broadcast) when bias is not null
    const void* bias;    // [cols] or null
    void* y;             // [rows, cols]; y = act(z), or a copy of z (y may be z when act is -1)
    i64 act;             // UnaryOp ordinal, or -1 for none
    double alpha;
    i64 rows;
    i64 cols;
};
TS_SLOTS(BiasActivationArgs, 7);

struct BiasActivationBackwardArgs {
    const void* pre;     // pre-activation [rows, cols]
    const void* y;       // activation output [rows, cols]
    const void* gy;      // gradient of y
    void* gz;            // gradient of the pre-activation (may be gy)
    void* gradBias;      // [cols] column sums of gz, or null
    i64 act;             // UnaryOp ordinal, or -1 for none
    double alpha;
    i64 rows;
    i64 cols;
};
TS_SLOTS(BiasActivationBackwardArgs, 9);

// bias_activation_backward_rows: the same work split over gridDim.y slices of rows, for matrices with few columns
// (32 of them per block) and many rows; the column sums of each slice go to partials, summed by bias_grad_finish.
struct BiasActivationBackwardRowsArgs {
    const void* pre;     // pre-activation [rows, cols]
    const void* y;       // activation output [rows, cols]
    const void* gy;      // gradient of y
    void* gz;            // gradient of the pre-activation (may be gy)
    double* partials;    // [gridDim.y, cols] column sums per slice of rows, or null (no bias gradient)
    i64 act;             // UnaryOp ordinal, or -1 for none
    double alpha;
    i64 rows;
    i64 cols;
};
TS_SLOTS(BiasActivationBackwardRowsArgs, 9);

struct BiasGradFinishArgs {
    const double* partials;  // [slices, cols]
    void* gradBias;          // [cols]
    i64 slices;
    i64 cols;
};
TS_SLOTS(BiasGradFinishArgs, 4);

struct SgdArgs {
    i64 count;           // tensors in this launch (<= TS_MAX_TENSORS)
    double lr;
    double momentum;
    double dampening;
    i64 nesterov;
    double weightDecay;
    i64 decoupled;       // 1: p *= 1 - lr * weightDecay; 0: g += weightDecay * p
    i64 firstStep;       // 1: the momentum buffer is set to g
    const double* scalars;                // step scalars (TS_SCALAR_*) or null: then lr above
    i64 blockStart[TS_MAX_TENSORS + 1];   // first block of each tensor; blockStart[count] = grid size
    i64 numel[TS_MAX_TENSORS];
    void* params[TS_MAX_TENSORS];
    const void* grads[TS_MAX_TENSORS];
    void* momentumBuffers[TS_MAX_TENSORS]; // unused when momentum is 0
};
TS_SLOTS(SgdArgs, 9 + (TS_MAX_TENSORS + 1) + 4 * TS_MAX_TENSORS);

struct AdamArgs {
    i64 count;
    double lr;
    double beta1;
    double beta2;
    double eps;
    double weightDecay;
    i64 decoupled;       // 1: AdamW
    i64 amsgrad;
    double stepSize;               // lr / (1 - beta1^t)
    double sqrtBiasCorrection2;    // sqrt(1 - beta2^t)
    const double* scalars;         // step scalars (TS_SCALAR_*) or null: then lr, stepSize, sqrtBiasCorrection2
    i64 blockStart[TS_MAX_TENSORS + 1];
    i64 numel[TS_MAX_TENSORS];
    void* params[TS_MAX_TENSORS];
    const void* grads[TS_MAX_TENSORS];
    void* firstMoments[TS_MAX_TENSORS];
    void* secondMoments[TS_MAX_TENSORS];
    void* maxSecondMoments[TS_MAX_TENSORS]; // unused unless amsgrad
};
TS_SLOTS(AdamArgs, 11 + (TS_MAX_TENSORS + 1) + 6 * TS_MAX_TENSORS);

// =================================================================================================================
// Kernels

// z += bias; y = act(z).
template <typename T>
__device__ __forceinline__ void ts_bias_activation(const BiasActivationArgs& a) {
    T* z = static_cast<T*>(a.z);
    const T* bias = static_cast<const T*>(a.bias);
    T* y = static_cast<T*>(a.y);
    const int act = (int) a.act;
    const T alpha = (T) a.alpha;
    TS_GRID_LOOP(i, a.rows * a.cols) {
        T pre = z[i];
        if (bias != nullptr) {
            i64 col;
            ts_divmod(i, a.cols, &col);
            pre = pre + bias[col];
            z[i] = pre;
        }
        if (act >= 0) {
            y[i] = ts_unary<T>(act, pre, alpha);
        } else if (y != z) {
            y[i] = pre;
        }
    }
}

// gz = gy * act'(pre, y) and the column sums of gz. blockDim = (32, 32): block (bx, by) owns columns 32bx .. 32bx+31
// and, of the rows, slice by of gridDim.y (rows 32by + ty, stepping by 32 gridDim.y); the 32 partial sums of a
// column in the block are added in order. The slice's column sums go to gradBias (one slice) or partials[by, col]
// (several; bias_grad_finish adds them in order), so the result does not depend on scheduling.
template <typename T>
__device__ __forceinline__ void ts_bias_activation_backward_slice(const void* preP, const void* yP, const void* gyP,
                                                                  void* gzP, i64 actCode, double alphaD, i64 rows,
                                                                  i64 cols, T* gradBias, double* partials) {
    __shared__ double partial[32][33];
    const T* pre = static_cast<const T*>(preP);
    const T* y = static_cast<const T*>(yP);
    const T* gy = static_cast<const T*>(gyP);
    T* gz = static_cast<T*>(gzP);
    const int act = (int) actCode;
    const T alpha = (T) alphaD;
    const i64 col = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    double sum = 0.0;
    if (col < cols) {
        for (i64 r = (i64) blockIdx.y * blockDim.y + threadIdx.y; r < rows; r += (i64) blockDim.y * gridDim.y) {
            const i64 k = r * cols + col;
            const T g = act >= 0 ? gy[k] * ts_unary_derivative<T>(act, pre[k], y[k], alpha) : gy[k];
            gz[k] = g;
            sum += (double) g;
        }
    }
    if (gradBias == nullptr && partials == nullptr) {
        return;
    }
    partial[threadIdx.y][threadIdx.x] = sum;
    __syncthreads();
    if (threadIdx.y == 0 && col < cols) {
        for (int r = 1; r < (int) blockDim.y; ++r) {
            sum += partial[r][threadIdx.x];
        }
        if (partials != nullptr) {
            partials[(i64) blockIdx.y * cols + col] = sum;
        } else {
            gradBias[col] = (T) sum;
        }
    }
}

// gradBias[c] = sum over the slices s of partials[s, c], in order: one thread per column.
template <typename T>
__device__ __forceinline__ void ts_bias_grad_finish(const BiasGradFinishArgs& a) {
    TS_GRID_LOOP(col, a.cols) {
        double sum = 0.0;
        for (i64 s = 0; s < a.slices; ++s) {
            sum += a.partials[s * a.cols + col];
        }
        static_cast<T*>(a.gradBias)[col] = (T) sum;
    }
}

// The tensor whose chunk block `b` updates (a scan over at most TS_MAX_TENSORS block starts).
__device__ __forceinline__ int ts_tensor_of_block(const i64* blockStart, i64 count, i64 b) {
    int t = 0;
    while (t + 1 < count && blockStart[t + 1] <= b) {
        ++t;
    }
    return t;
}

// p -= lr * d, with d the (momentum, Nesterov) direction of g (+ weight decay); see dev.tessera.backend.SgdConfig.
template <typename T>
__device__ __forceinline__ void ts_sgd_step(const SgdArgs& a) {
    const i64 b = blockIdx.x;
    const int t = ts_tensor_of_block(a.blockStart, a.count, b);
    const i64 begin = (b - a.blockStart[t]) * TS_CHUNK;
    const i64 end = min(begin + TS_CHUNK, a.numel[t]);
    T* p = static_cast<T*>(a.params[t]);
    const T* g = static_cast<const T*>(a.grads[t]);
    T* buf = static_cast<T*>(a.momentumBuffers[t]);
    const double rate = a.scalars != nullptr ? a.scalars[TS_SCALAR_LR] : a.lr;
    const T lr = (T) rate;
    const T momentum = (T) a.momentum;
    const T keep = (T) (1.0 - a.dampening);
    const T wd = (T) a.weightDecay;
    const T shrink = (T) (1.0 - rate * a.weightDecay);
    for (i64 i = begin + threadIdx.x; i < end; i += blockDim.x) {
        T pv = p[i];
        T d = g[i];
        if (a.weightDecay != 0) {
            if (a.decoupled) {
                pv = pv * shrink;
            } else {
                d = d + pv * wd;
            }
        }
        if (a.momentum != 0) {
            T m = a.firstStep ? d : buf[i] * momentum + d * keep;
            buf[i] = m;
            d = a.nesterov ? d + m * momentum : m;
        }
        p[i] = pv - d * lr;
    }
}

// One Adam / AdamW / AMSGrad step; see dev.tessera.backend.AdamConfig for the math and its order.
template <typename T>
__device__ __forceinline__ void ts_adam_step(const AdamArgs& a) {
    const i64 b = blockIdx.x;
    const int t = ts_tensor_of_block(a.blockStart, a.count, b);
    const i64 begin = (b - a.blockStart[t]) * TS_CHUNK;
    const i64 end = min(begin + TS_CHUNK, a.numel[t]);
    T* p = static_cast<T*>(a.params[t]);
    const T* g = static_cast<const T*>(a.grads[t]);
    T* m = static_cast<T*>(a.firstMoments[t]);
    T* v = static_cast<T*>(a.secondMoments[t]);
    T* vmax = static_cast<T*>(a.maxSecondMoments[t]);
    const T beta1 = (T) a.beta1;
    const T beta2 = (T) a.beta2;
    const T oneMinusBeta1 = (T) (1.0 - a.beta1);
    const T oneMinusBeta2 = (T) (1.0 - a.beta2);
    const T eps = (T) a.eps;
    const T wd = (T) a.weightDecay;
    const double* sc = a.scalars;
    const double rate = sc != nullptr ? sc[TS_SCALAR_LR] : a.lr;
    const T shrink = (T) (1.0 - rate * a.weightDecay);
    const T stepSize = (T) (sc != nullptr ? sc[TS_SCALAR_ADAM_STEP_SIZE] : a.stepSize);
    const T sqrtBc2 = (T) (sc != nullptr ? sc[TS_SCALAR_ADAM_SQRT_BIAS_CORRECTION2] : a.sqrtBiasCorrection2);
    for (i64 i = begin + threadIdx.x; i < end; i += blockDim.x) {
        T pv = p[i];
        T gv = g[i];
        if (a.weightDecay != 0) {
            if (a.decoupled) {
                pv = pv * shrink;
            } else {
                gv = gv + pv * wd;
            }
        }
        const T mv = m[i] * beta1 + gv * oneMinusBeta1;
        const T vv = v[i] * beta2 + (gv * gv) * oneMinusBeta2;
        m[i] = mv;
        v[i] = vv;
        T second = vv;
        if (a.amsgrad) {
            const T old = vmax[i];
            second = old > vv ? old : vv;
            vmax[i] = second;
        }
        const T denom = m_sqrt(second) / sqrtBc2 + eps;
        p[i] = pv - (mv / denom) * stepSize;
    }
}

#define TS_BIAS_ACTIVATION_BACKWARD(N, T)                                                               \
    extern "C" __global__ void bias_activation_backward_##N(                                            \
            const __grid_constant__ BiasActivationBackwardArgs a) {                                     \
        ts_bias_activation_backward_slice<T>(a.pre, a.y, a.gy, a.gz, a.act, a.alpha, a.rows, a.cols,     \
                                             static_cast<T*>(a.gradBias), nullptr);                     \
    }                                                                                                   \
    extern "C" __global__ void bias_activation_backward_rows_##N(                                       \
            const __grid_constant__ BiasActivationBackwardRowsArgs a) {                                 \
        ts_bias_activation_backward_slice<T>(a.pre, a.y, a.gy, a.gz, a.act, a.alpha, a.rows, a.cols,     \
                                             nullptr, a.partials);                                      \
    }
TS_FOR_FLOATS(TS_BIAS_ACTIVATION_BACKWARD)
TS_FLOAT_ENTRIES(bias_activation, BiasActivationArgs, ts_bias_activation)
TS_FLOAT_ENTRIES(bias_grad_finish, BiasGradFinishArgs, ts_bias_grad_finish)
TS_FLOAT_ENTRIES(sgd_step, SgdArgs, ts_sgd_step)
TS_FLOAT_ENTRIES(adam_step, AdamArgs, ts_adam_step)
