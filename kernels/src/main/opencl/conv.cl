// Direct 2-D convolution (PyTorch's cross-correlation, dev.tessera.backend.fused.ConvShape) and its two gradients,
// each a gather (no atomics, so results do not depend on scheduling):
//
//   conv2d                  y[n, o, i, j]      = sum_{c, ky, kx} W[o, c, ky, kx] x[n, g Cg + c, iy, ix]
//   conv2d_backward_input   gx[n, g Cg + c, iy, ix] = sum_{o in g, ky, kx} W[o, c, ky, kx] gy[n, o, i, j]
//   conv2d_backward_weight  gW[o, c, ky, kx]   = sum_{n, i, j} gy[n, o, i, j] x[n, g Cg + c, iy, ix]
//
// with iy = i sh + ky dh - ph, ix = j sw + kx dw - pw, g = o / (OUT / groups), Cg = C / groups; positions outside
// the input read 0. The input gradient inverts iy for each tap: i = (iy + ph - ky dh) / sh when divisible and in
// [0, OH). Accumulation is in T. Forward and input gradient: one work item per element written. Weight gradient:
// a work-group per weight element (a row of N OH OW products, KernelGrid.rows) whose items stride over the (n, i)
// output rows and combine in local memory. The parameters are the components of ConvFamily's argument records, in
// order (dev.tessera.backend.fused.KernelArguments); conv_shape is ConvShape field for field.

typedef struct {
    int n, c, h, w, out, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw, groups;
} conv_shape;

// The output position whose window reads input position y at tap k (stride st, dilation d, padding p, out output
// positions): (y + p - k d) / st when that divides and is in [0, out), else -1.
inline int window_at(int y, int k, int st, int d, int p, int out) {
    int t = y + p - k * d;
    return t < 0 || t % st != 0 || t / st >= out ? -1 : t / st;
}

kernel void conv2d(global const T* x, global const T* wt, global T* y, conv_shape s) {
    long gid = get_global_id(0);
    if (gid >= (long)s.n * s.out * s.oh * s.ow) {
        return;
    }
    int j = (int)(gid % s.ow);
    long r = gid / s.ow;
    int i = (int)(r % s.oh);
    r /= s.oh;
    int o = (int)(r % s.out);
    int n = (int)(r / s.out);
    int cg = s.c / s.groups;
    int g = o / (s.out / s.groups);
    T acc = 0;
    for (int c = 0; c < cg; c++) {
        global const T* xp = x + ((long)n * s.c + g * cg + c) * s.h * s.w;
        global const T* wp = wt + ((long)o * cg + c) * s.kh * s.kw;
        for (int ky = 0; ky < s.kh; ky++) {
            int iy = i * s.sh + ky * s.dh - s.ph;
            if (iy < 0 || iy >= s.h) {
                continue;
            }
            for (int kx = 0; kx < s.kw; kx++) {
                int ix = j * s.sw + kx * s.dw - s.pw;
                if (ix >= 0 && ix < s.w) {
                    acc += wp[ky * s.kw + kx] * xp[(long)iy * s.w + ix];
                }
            }
        }
    }
    y[gid] = acc;
}

kernel void conv2d_backward_input(global const T* gy, global const T* wt, global T* gx, conv_shape s) {
    long gid = get_global_id(0);
    if (gid >= (long)s.n * s.c * s.h * s.w) {
        return;
    }
    int ix = (int)(gid % s.w);
    long r = gid / s.w;
    int iy = (int)(r % s.h);
    r /= s.h;
    int ch = (int)(r % s.c);
    int n = (int)(r / s.c);
    int cg = s.c / s.groups;
    int og = s.out / s.groups;
    int g = ch / cg;
    int c = ch % cg;
    T acc = 0;
    for (int ky = 0; ky < s.kh; ky++) {
        int i = window_at(iy, ky, s.sh, s.dh, s.ph, s.oh);
        for (int kx = 0; kx < s.kw && i >= 0; kx++) {
            int j = window_at(ix, kx, s.sw, s.dw, s.pw, s.ow);
            for (int o = g * og; j >= 0 && o < (g + 1) * og; o++) {
                acc += wt[(((long)o * cg + c) * s.kh + ky) * s.kw + kx]
                        * gy[(((long)n * s.out + o) * s.oh + i) * s.ow + j];
            }
        }
    }
    gx[gid] = acc;
}

kernel void conv2d_backward_weight(global const T* x, global const T* gy, global T* gw, conv_shape s,
                                   local T* scratch) {
    long gid = get_group_id(0);
    int lid = get_local_id(0);
    int ls = get_local_size(0);
    int cg = s.c / s.groups;
    int kx = (int)(gid % s.kw);
    long r = gid / s.kw;
    int ky = (int)(r % s.kh);
    r /= s.kh;
    int c = (int)(r % cg);
    int o = (int)(r / cg);
    int g = o / (s.out / s.groups);
    T acc = 0;
    for (long row = lid; row < (long)s.n * s.oh; row += ls) {
        int n = (int)(row / s.oh);
        int i = (int)(row % s.oh);
        int iy = i * s.sh + ky * s.dh - s.ph;
        if (iy < 0 || iy >= s.h) {
            continue;
        }
        global const T* xp = x + (((long)n * s.c + g * cg + c) * s.h + iy) * s.w;
        global const T* gp = gy + (((long)n * s.out + o) * s.oh + i) * s.ow;
        for (int j = 0; j < s.ow; j++) {
            int ix = j * s.sw + kx * s.dw - s.pw;
            if (ix >= 0 && ix < s.w) {
                acc += gp[j] * xp[ix];
            }
        }
    }
    acc = wg_sum(scratch, acc);
    if (lid == 0) {
        gw[gid] = acc;
    }
}

// ================================================================ max pooling

// PoolFamily's ops (their shape has groups = channels = out): y[n, c, i, j] = the window's maximum (padding reads
// -inf) and indices[n, c, i, j] = its tap ky KW + kx, the first maximum in tap order (the first NaN if any); one work
// item per output.
kernel void max_pool2d(global const T* x, global T* y, global int* indices, conv_shape s) {
    long gid = get_global_id(0);
    if (gid >= (long)s.n * s.c * s.oh * s.ow) {
        return;
    }
    int j = (int)(gid % s.ow);
    long r = gid / s.ow;
    int i = (int)(r % s.oh);
    global const T* xp = x + (r / s.oh) * s.h * s.w;
    T best = T_LOWEST;
    int tap = 0;
    for (int ky = 0; ky < s.kh; ky++) {
        int iy = i * s.sh + ky * s.dh - s.ph;
        for (int kx = 0; kx < s.kw && iy >= 0 && iy < s.h; kx++) {
            int ix = j * s.sw + kx * s.dw - s.pw;
            if (ix >= 0 && ix < s.w) {
                T v = xp[(long)iy * s.w + ix];
                if (v > best || (IS_NAN(v) && !IS_NAN(best))) {
                    best = v;
                    tap = ky * s.kw + kx;
                }
            }
        }
    }
    y[gid] = best;
    indices[gid] = tap;
}

// gx[n, c, iy, ix] = the sum of gy over the outputs whose maximum is at (iy, ix): one work item per input element,
// gathering from the windows that read it (no atomics).
kernel void max_pool2d_backward(global const T* gy, global const int* indices, global T* gx, conv_shape s) {
    long gid = get_global_id(0);
    if (gid >= (long)s.n * s.c * s.h * s.w) {
        return;
    }
    int ix = (int)(gid % s.w);
    long r = gid / s.w;
    int iy = (int)(r % s.h);
    long out = (r / s.h) * s.oh * s.ow;
    T acc = 0;
    for (int ky = 0; ky < s.kh; ky++) {
        int i = window_at(iy, ky, s.sh, s.dh, s.ph, s.oh);
        for (int kx = 0; kx < s.kw && i >= 0; kx++) {
            int j = window_at(ix, kx, s.sw, s.dw, s.pw, s.ow);
            long o = out + (long)i * s.ow + j;
            if (j >= 0 && indices[o] == ky * s.kw + kx) {
                acc += gy[o];
            }
        }
    }
    gx[gid] = acc;
}
