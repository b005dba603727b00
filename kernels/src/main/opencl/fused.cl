// Fused fast paths: a linear layer's epilogue (bias + activation) with its backward (activation gradient and bias
// gradient in one pass), and the SGD and Adam updates of one parameter buffer. Each follows the order of operations
// of its default in dev.tessera.backend.FusedDefaults, so results agree to rounding.
//
// rows and cols are ints (axis sizes) but rows * cols may exceed 2^31, so element positions are long; the column of
// a position is found with a 32-bit division while the position fits an int (64-bit division is slow on GPUs).

// The column of flat position gid in a [rows, cols] block.
inline int column_of(long gid, int cols) {
    return gid <= INT_MAX ? (int)gid % cols : (int)(gid % cols);
}

// ================================================================ bias + activation

// z[r, c] += bias[c] (when hasBias), y = act(z; alpha)
#define BIAS_ACT_KERNELS(op)                                                                                 \
kernel void bias_act_##op(global T* z, global const T* bias, int hasBias, global T* y, int rows, int cols,  \
                          T alpha) {                                                                         \
    long gid = get_global_id(0);                                                                             \
    if (gid < (long)rows * cols) {                                                                           \
        T v = z[gid];                                                                                        \
        if (hasBias) {                                                                                       \
            v = v + bias[column_of(gid, cols)];                                                              \
            z[gid] = v;                                                                                      \
        }                                                                                                    \
        y[gid] = u_##op(v, alpha);                                                                           \
    }                                                                                                        \
}                                                                                                            \
/* gz = gy * act'(pre), and partial[p, c] = sum of gz over the rows of chunk p */                            \
kernel void bias_act_backward_##op(global const T* pre, global const T* y, global const T* gy, global T* gz,  \
                                   global T* partial, int rows, int cols, int chunk, T alpha) {              \
    long gid = get_global_id(0);                                                                             \
    int parts = (rows + chunk - 1) / chunk;                                                                  \
    if (gid < (long)parts * cols) {                                                                          \
        int c = column_of(gid, cols);                                                                        \
        int r0 = (int)(gid / cols) * chunk;                                                                  \
        int r1 = min(rows, r0 + chunk);                                                                      \
        T sum = 0;                                                                                           \
        for (int r = r0; r < r1; r++) {                                                                      \
            long at = (long)r * cols + c;                                                                    \
            T g = gy[at] * d_##op(pre[at], y[at], alpha);                                                    \
            gz[at] = g;                                                                                      \
            sum += g;                                                                                        \
        }                                                                                                    \
        partial[gid] = sum;                                                                                  \
    }                                                                                                        \
}

UNARY_OPS(BIAS_ACT_KERNELS)

// z[r, c] += bias[c]; y = z when copy
kernel void bias_only(global T* z, global const T* bias, global T* y, int copy, int rows, int cols) {
    long gid = get_global_id(0);
    if (gid < (long)rows * cols) {
        T v = z[gid] + bias[column_of(gid, cols)];
        z[gid] = v;
        if (copy) {
            y[gid] = v;
        }
    }
}

// gz = gy (written when copy), partial[p, c] = sum of gy over the rows of chunk p
kernel void bias_backward_identity(global const T* gy, global T* gz, int copy, global T* partial, int rows, int cols,
                                   int chunk) {
    long gid = get_global_id(0);
    int parts = (rows + chunk - 1) / chunk;
    if (gid < (long)parts * cols) {
        int c = column_of(gid, cols);
        int r0 = (int)(gid / cols) * chunk;
        int r1 = min(rows, r0 + chunk);
        T sum = 0;
        for (int r = r0; r < r1; r++) {
            long at = (long)r * cols + c;
            T g = gy[at];
            if (copy) {
                gz[at] = g;
            }
            sum += g;
        }
        partial[gid] = sum;
    }
}

// ================================================================ optimizer steps

#define STEP_DECOUPLED 1
#define STEP_NESTEROV 2
#define STEP_FIRST 4
#define STEP_MOMENTUM 8
#define STEP_WEIGHT_DECAY 16
#define STEP_AMSGRAD 32

// Element i's parameter *pv and gradient *g after the weight decay of both steps, when STEP_WEIGHT_DECAY:
// decoupled, the parameter scales by decay (1 - lr * weightDecay); otherwise weightDecay * parameter joins the
// gradient.
inline void decayed(global const T* p, global const T* grad, long i, T weightDecay, T decay, int flags, T* pv,
                    T* g) {
    *pv = p[i];
    *g = grad[i];
    if (flags & STEP_WEIGHT_DECAY) {
        if (flags & STEP_DECOUPLED) {
            *pv = *pv * decay;
        } else {
            *g = *g + *pv * weightDecay;
        }
    }
}

// SgdConfig: decay is 1 - lr * weightDecay, damp is 1 - dampening.
kernel void sgd_step(global T* p, global const T* grad, global T* buf, long n, T lr, T momentum, T damp,
                     T weightDecay, T decay, int flags) {
    long i = get_global_id(0);
    if (i >= n) {
        return;
    }
    T pv, d;
    decayed(p, grad, i, weightDecay, decay, flags, &pv, &d);
    if (flags & STEP_MOMENTUM) {
        T b = (flags & STEP_FIRST) ? d : buf[i] * momentum + d * damp;
        buf[i] = b;
        d = (flags & STEP_NESTEROV) ? d + b * momentum : b;
    }
    p[i] = pv - d * lr;
}

// AdamConfig: decay is 1 - lr * weightDecay, stepSize lr / (1 - beta1^t), sqrtBc2 sqrt(1 - beta2^t).
kernel void adam_step(global T* p, global const T* grad, global T* m, global T* v, global T* vmax, long n, T beta1,
                      T oneMinusBeta1, T beta2, T oneMinusBeta2, T eps, T weightDecay, T decay, T stepSize,
                      T sqrtBc2, int flags) {
    long i = get_global_id(0);
    if (i >= n) {
        return;
    }
    T pv, g;
    decayed(p, grad, i, weightDecay, decay, flags, &pv, &g);
    T mv = m[i] * beta1 + g * oneMinusBeta1;
    T vv = v[i] * beta2 + (g * g) * oneMinusBeta2;
    m[i] = mv;
    v[i] = vv;
    T second = vv;
    if (flags & STEP_AMSGRAD) {
        second = max_nan(vmax[i], vv);
        vmax[i] = second;
    }
    T denom = sqrt(second) / sqrtBc2 + eps;
    p[i] = pv - mv / denom * stepSize;
}
