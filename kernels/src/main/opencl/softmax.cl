// Softmax, log-softmax and their backward passes along the middle axis of [outer, n, inner], and fused
// cross-entropy from logits (forward and backward), all numerically stable (the row maximum is subtracted).
//
// Rows kernels (inner == 1) give each row to a work-group (power-of-two size) that strides over it and combines
// with trees in local memory; column kernels (inner > 1) give each (outer, inner) column to one work item.
// The output may be the input buffer: every element is read before it is written, by the same work item. A label
// outside [0, C) (core rejects them unless its checks are off) gives NaN for its row instead of reading outside.
// outer, n, inner, rows and classes are ints, but element positions (products of them) are long. The parameters are
// the components of SoftmaxFamily's argument records in order (dev.tessera.backend.fused.KernelArguments: a
// boolean is an int, a double a T, an absent buffer a null pointer), then the local scratch of the rows kernels.

// ================================================================ softmax

// The maximum m of row xr (n elements) and, in *sum, sum_j exp(xr[j] - m), by the whole work-group.
inline T row_max_sum_exp(global const T* xr, int n, local T* scratch, T* sum) {
    int lid = get_local_id(0);
    int ls = get_local_size(0);
    T m = T_LOWEST;
    for (int j = lid; j < n; j += ls) {
        m = max_nan(m, xr[j]);
    }
    m = wg_max(scratch, m);
    T s = 0;
    for (int j = lid; j < n; j += ls) {
        s += exp(xr[j] - m);
    }
    *sum = wg_sum(scratch, s);
    return m;
}

kernel void softmax_rows(global const T* x, global T* y, int outer, int n, int inner, int logMode,
                         local T* scratch) {
    int lid = get_local_id(0);
    int ls = get_local_size(0);
    global const T* xr = x + (long)get_group_id(0) * n;
    global T* yr = y + (long)get_group_id(0) * n;
    T s;
    T m = row_max_sum_exp(xr, n, scratch, &s);
    if (logMode) {
        T logSum = log(s);
        for (int j = lid; j < n; j += ls) {
            yr[j] = (xr[j] - m) - logSum;
        }
    } else {
        for (int j = lid; j < n; j += ls) {
            yr[j] = exp(xr[j] - m) / s;
        }
    }
}

kernel void softmax_cols(global const T* x, global T* y, int outer, int n, int inner, int logMode) {
    long gid = get_global_id(0);
    if (gid >= (long)outer * inner) {
        return;
    }
    long base = (gid / inner) * n * inner + gid % inner;
    T m = T_LOWEST;
    for (int j = 0; j < n; j++) {
        m = max_nan(m, x[base + (long)j * inner]);
    }
    T s = 0;
    for (int j = 0; j < n; j++) {
        s += exp(x[base + (long)j * inner] - m);
    }
    if (logMode) {
        T logSum = log(s);
        for (int j = 0; j < n; j++) {
            long at = base + (long)j * inner;
            y[at] = (x[at] - m) - logSum;
        }
    } else {
        for (int j = 0; j < n; j++) {
            long at = base + (long)j * inner;
            y[at] = exp(x[at] - m) / s;
        }
    }
}

// gx = y (gy - sum_j gy y), or for log-softmax gx = gy - exp(y) sum_j gy
kernel void softmax_backward_rows(global const T* y, global const T* gy, global T* gx, int outer, int n, int inner,
                                  int logMode, local T* scratch) {
    int lid = get_local_id(0);
    int ls = get_local_size(0);
    long base = (long)get_group_id(0) * n;
    T s = 0;
    for (int j = lid; j < n; j += ls) {
        s += logMode ? gy[base + j] : gy[base + j] * y[base + j];
    }
    s = wg_sum(scratch, s);
    for (int j = lid; j < n; j += ls) {
        long at = base + j;
        gx[at] = logMode ? gy[at] - exp(y[at]) * s : (gy[at] - s) * y[at];
    }
}

kernel void softmax_backward_cols(global const T* y, global const T* gy, global T* gx, int outer, int n, int inner,
                                  int logMode) {
    long gid = get_global_id(0);
    if (gid >= (long)outer * inner) {
        return;
    }
    long base = (gid / inner) * n * inner + gid % inner;
    T s = 0;
    for (int j = 0; j < n; j++) {
        long at = base + (long)j * inner;
        s += logMode ? gy[at] : gy[at] * y[at];
    }
    for (int j = 0; j < n; j++) {
        long at = base + (long)j * inner;
        gx[at] = logMode ? gy[at] - exp(y[at]) * s : (gy[at] - s) * y[at];
    }
}

// ================================================================ cross-entropy

// Per row r, with lp = log_softmax(logits[r]), weights w (1 when weights is null), smoothing eps and C classes:
// logProbs[r] = lp, loss[r] = -(1-eps) w[y] lp[y] - (eps/C) sum_c w[c] lp[c].
kernel void cross_entropy(global const T* logits, global const int* labels, global const T* weights,
                          global T* loss, global T* logProbs, int rows, int classes, T smoothing, local T* scratch) {
    bool hasWeights = weights != 0;
    int lid = get_local_id(0);
    int ls = get_local_size(0);
    int row = get_group_id(0);
    global const T* xr = logits + (long)row * classes;
    global T* lp = logProbs + (long)row * classes;
    T s;
    T m = row_max_sum_exp(xr, classes, scratch, &s);
    T logSum = log(s);
    T weighted = 0;
    for (int j = lid; j < classes; j += ls) {
        T v = (xr[j] - m) - logSum;
        lp[j] = v;
        weighted += hasWeights ? weights[j] * v : v;
    }
    weighted = wg_sum(scratch, weighted);
    if (lid == 0) {
        int y = labels[row];
        if (y >= 0 && y < classes) {
            T wy = hasWeights ? weights[y] : (T)1;
            T picked = (xr[y] - m) - logSum;
            loss[row] = picked * wy * -((T)1 - smoothing) + weighted * -(smoothing / classes);
        } else {
            loss[row] = BAD_INDEX_VALUE;
        }
    }
}

// gx[r, j] = g[r] (p[r,j] ((1-eps) w[y] + (eps/C) W) - (1-eps) w[y] [j = y] - (eps/C) w[j]), p = exp(logProbs),
// W = sum_c w[c].
kernel void cross_entropy_backward(global const T* logProbs, global const int* labels, global const T* weights,
                                   global const T* gradLoss, global T* gradLogits, int rows, int classes, T smoothing,
                                   local T* scratch) {
    bool hasWeights = weights != 0;
    int lid = get_local_id(0);
    int ls = get_local_size(0);
    int row = get_group_id(0);
    T total = classes;
    if (hasWeights) {
        T w = 0;
        for (int j = lid; j < classes; j += ls) {
            w += weights[j];
        }
        total = wg_sum(scratch, w);
    }
    int y = labels[row];
    bool valid = y >= 0 && y < classes;
    T g = valid ? gradLoss[row] : BAD_INDEX_VALUE;
    T labelTerm = ((T)1 - smoothing) * (hasWeights && valid ? weights[y] : (T)1);
    T spread = smoothing / classes;
    T coef = labelTerm + spread * total;
    long base = (long)row * classes;
    for (int j = lid; j < classes; j += ls) {
        T wj = hasWeights ? weights[j] : (T)1;
        T v = exp(logProbs[base + j]) * coef - spread * wj;
        if (j == y) {
            v -= labelTerm;
        }
        gradLogits[base + j] = g * v;
    }
}
