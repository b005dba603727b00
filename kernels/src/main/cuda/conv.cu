// Direct 2-D convolution (PyTorch's cross-correlation, engine dev.tessera.backend.fused.ConvShape) and its two
// gradients, for f32 and f64, gathers only (no atomics, so results do not depend on scheduling):
//
//   conv2d                  y[n, o, i, j]           = sum_{c, ky, kx} W[o, c, ky, kx] x[n, g Cg + c, iy, ix]
//   conv2d_backward_input   gx[n, g Cg + c, iy, ix] = sum_{o in g, ky, kx} W[o, c, ky, kx] gy[n, o, i, j]
//   conv2d_backward_weight  gW[o, c, ky, kx]        = sum_{n, i, j} gy[n, o, i, j] x[n, g Cg + c, iy, ix]
//
// with iy = i sh + ky dh - ph, ix = j sw + kx dw - pw, g = o / (OUT / groups), Cg = C / groups; positions outside
// the input read 0. The input gradient inverts iy for each tap: i = (iy + ph - ky dh) / sh when divisible and in
// [0, OH). Forward and input gradient: one thread per element written (grid-stride). Weight gradient: each weight
// element is a row of N OH OW products, reduced by a block row like the softmax rows (LaunchConfig.rows).
#include "common.cuh"

// =================================================================================================================
// Launch parameters: the fused-op argument records of ConvFamily and PoolFamily, component by component (DescriptorArgs); the
// ConvShape record is flattened into its own struct.

struct ConvShape {
    i64 batch;
    i64 inChannels;
    i64 height;
    i64 width;
    i64 outChannels;
    i64 kernelH;
    i64 kernelW;
    i64 outH;
    i64 outW;
    i64 strideH;
    i64 strideW;
    i64 padH;
    i64 padW;
    i64 dilationH;
    i64 dilationW;
    i64 groups;
};
TS_SLOTS(ConvShape, 16);

struct Conv2dArgs {
    const void* input;   // x [N, C, H, W]
    const void* weight;  // [OUT, C/groups, KH, KW]
    void* output;        // y [N, OUT, OH, OW]
    ConvShape shape;
};
TS_SLOTS(Conv2dArgs, 19);

struct Conv2dBackwardInputArgs {
    const void* gradOutput;  // gy [N, OUT, OH, OW]
    const void* weight;      // [OUT, C/groups, KH, KW]
    void* gradInput;         // gx [N, C, H, W], every element written
    ConvShape shape;
};
TS_SLOTS(Conv2dBackwardInputArgs, 19);

struct Conv2dBackwardWeightArgs {
    const void* input;       // x [N, C, H, W]
    const void* gradOutput;  // gy [N, OUT, OH, OW]
    void* gradWeight;        // [OUT, C/groups, KH, KW], overwritten
    ConvShape shape;
};
TS_SLOTS(Conv2dBackwardWeightArgs, 19);

// PoolFamily's records: max pooling shares the ConvShape (groups = channels = outChannels).
struct MaxPool2dArgs {
    const void* input;  // x [N, C, H, W]
    void* output;       // y [N, C, OH, OW]
    void* indices;      // int [N, C, OH, OW]: the tap ky KW + kx of each maximum
    ConvShape shape;
};
TS_SLOTS(MaxPool2dArgs, 19);

struct MaxPool2dBackwardArgs {
    const void* gradOutput;  // gy [N, C, OH, OW]
    const void* indices;     // int [N, C, OH, OW]
    void* gradInput;         // gx [N, C, H, W], every element written
    ConvShape shape;
};
TS_SLOTS(MaxPool2dBackwardArgs, 19);

// =================================================================================================================
// Kernels

// The coordinates (a, b, c, d) of flat index e in a row-major [A, B, C, D] array.
struct Coords4 {
    i64 a;
    i64 b;
    i64 c;
    i64 d;
};

__device__ __forceinline__ Coords4 ts_coords4(i64 e, i64 sizeB, i64 sizeC, i64 sizeD) {
    Coords4 r;
    r.d = e % sizeD;
    e /= sizeD;
    r.c = e % sizeC;
    e /= sizeC;
    r.b = e % sizeB;
    r.a = e / sizeB;
    return r;
}

template <typename T>
__device__ __forceinline__ void ts_conv2d_forward(const Conv2dArgs& a) {
    const ConvShape& s = a.shape;
    const T* x = static_cast<const T*>(a.input);
    const T* w = static_cast<const T*>(a.weight);
    T* y = static_cast<T*>(a.output);
    const i64 cg = s.inChannels / s.groups;
    const i64 og = s.outChannels / s.groups;
    TS_GRID_LOOP(e, s.batch * s.outChannels * s.outH * s.outW) {
        const Coords4 at = ts_coords4(e, s.outChannels, s.outH, s.outW);
        const i64 n = at.a, o = at.b, i = at.c, j = at.d;
        const i64 g = o / og;
        T acc = 0;
        for (i64 c = 0; c < cg; ++c) {
            const T* xp = x + ((n * s.inChannels + g * cg + c) * s.height) * s.width;
            const T* wp = w + (o * cg + c) * s.kernelH * s.kernelW;
            for (i64 ky = 0; ky < s.kernelH; ++ky) {
                const i64 iy = i * s.strideH + ky * s.dilationH - s.padH;
                if (iy < 0 || iy >= s.height) {
                    continue;
                }
                for (i64 kx = 0; kx < s.kernelW; ++kx) {
                    const i64 ix = j * s.strideW + kx * s.dilationW - s.padW;
                    if (ix >= 0 && ix < s.width) {
                        acc += wp[ky * s.kernelW + kx] * xp[iy * s.width + ix];
                    }
                }
            }
        }
        y[e] = acc;
    }
}

// The output position whose window reads input position y at tap k (stride st, dilation d, padding p, out output
// positions): (y + p - k d) / st when that divides and is in [0, out), else -1.
__device__ __forceinline__ i64 ts_window_at(i64 y, i64 k, i64 st, i64 d, i64 p, i64 out) {
    const i64 t = y + p - k * d;
    return t < 0 || t % st != 0 || t / st >= out ? -1 : t / st;
}

template <typename T>
__device__ __forceinline__ void ts_conv2d_backward_input(const Conv2dBackwardInputArgs& a) {
    const ConvShape& s = a.shape;
    const T* gy = static_cast<const T*>(a.gradOutput);
    const T* w = static_cast<const T*>(a.weight);
    T* gx = static_cast<T*>(a.gradInput);
    const i64 cg = s.inChannels / s.groups;
    const i64 og = s.outChannels / s.groups;
    TS_GRID_LOOP(e, s.batch * s.inChannels * s.height * s.width) {
        const Coords4 at = ts_coords4(e, s.inChannels, s.height, s.width);
        const i64 n = at.a, iy = at.c, ix = at.d;
        const i64 g = at.b / cg;
        const i64 c = at.b % cg;
        T acc = 0;
        for (i64 ky = 0; ky < s.kernelH; ++ky) {
            const i64 i = ts_window_at(iy, ky, s.strideH, s.dilationH, s.padH, s.outH);
            for (i64 kx = 0; kx < s.kernelW && i >= 0; ++kx) {
                const i64 j = ts_window_at(ix, kx, s.strideW, s.dilationW, s.padW, s.outW);
                for (i64 o = g * og; j >= 0 && o < (g + 1) * og; ++o) {
                    acc += w[((o * cg + c) * s.kernelH + ky) * s.kernelW + kx]
                            * gy[((n * s.outChannels + o) * s.outH + i) * s.outW + j];
                }
            }
        }
        gx[e] = acc;
    }
}

template <typename T>
__device__ __forceinline__ void ts_conv2d_backward_weight(const Conv2dBackwardWeightArgs& a) {
    __shared__ T scratch[32];
    const ConvShape& s = a.shape;
    const T* x = static_cast<const T*>(a.input);
    const T* gy = static_cast<const T*>(a.gradOutput);
    T* gw = static_cast<T*>(a.gradWeight);
    const i64 cg = s.inChannels / s.groups;
    const i64 og = s.outChannels / s.groups;
    const i64 plane = s.outH * s.outW;
    const i64 length = s.batch * plane;
    TS_FOR_ROWS(row, s.outChannels * cg * s.kernelH * s.kernelW) {
        const Coords4 at = ts_coords4(row, cg, s.kernelH, s.kernelW);
        const i64 o = at.a, c = at.b, ky = at.c, kx = at.d;
        const i64 g = o / og;
        T acc = 0;
        for (i64 t = threadIdx.x; t < length; t += blockDim.x) {
            const i64 n = t / plane;
            const i64 i = (t % plane) / s.outW;
            const i64 j = t % s.outW;
            const i64 iy = i * s.strideH + ky * s.dilationH - s.padH;
            const i64 ix = j * s.strideW + kx * s.dilationW - s.padW;
            if (iy >= 0 && iy < s.height && ix >= 0 && ix < s.width) {
                acc += gy[(n * s.outChannels + o) * plane + t % plane]
                        * x[((n * s.inChannels + g * cg + c) * s.height + iy) * s.width + ix];
            }
        }
        acc = ts_row_sum(acc, scratch);
        if (threadIdx.x == 0) {
            gw[row] = acc;
        }
    }
}

// y = the window's maximum (padding reads -inf), indices = its tap, the first maximum in tap order (the first NaN
// if any): a thread per output.
template <typename T>
__device__ __forceinline__ void ts_max_pool2d(const MaxPool2dArgs& a) {
    const ConvShape& s = a.shape;
    const T* x = static_cast<const T*>(a.input);
    T* y = static_cast<T*>(a.output);
    int* indices = static_cast<int*>(a.indices);
    TS_GRID_LOOP(e, s.batch * s.inChannels * s.outH * s.outW) {
        const Coords4 at = ts_coords4(e, s.inChannels, s.outH, s.outW);
        const T* xp = x + (at.a * s.inChannels + at.b) * s.height * s.width;
        T best = -INFINITY;
        int tap = 0;
        for (i64 ky = 0; ky < s.kernelH; ++ky) {
            const i64 iy = at.c * s.strideH + ky * s.dilationH - s.padH;
            for (i64 kx = 0; kx < s.kernelW && iy >= 0 && iy < s.height; ++kx) {
                const i64 ix = at.d * s.strideW + kx * s.dilationW - s.padW;
                if (ix >= 0 && ix < s.width) {
                    const T v = xp[iy * s.width + ix];
                    if (v > best || (v != v && best == best)) {
                        best = v;
                        tap = (int) (ky * s.kernelW + kx);
                    }
                }
            }
        }
        y[e] = best;
        indices[e] = tap;
    }
}

// gx = the sum of gy over the outputs whose maximum is at the input position: a thread per input element gathers
// from the windows that read it (no atomics).
template <typename T>
__device__ __forceinline__ void ts_max_pool2d_backward(const MaxPool2dBackwardArgs& a) {
    const ConvShape& s = a.shape;
    const T* gy = static_cast<const T*>(a.gradOutput);
    const int* indices = static_cast<const int*>(a.indices);
    T* gx = static_cast<T*>(a.gradInput);
    TS_GRID_LOOP(e, s.batch * s.inChannels * s.height * s.width) {
        const Coords4 at = ts_coords4(e, s.inChannels, s.height, s.width);
        const i64 out = (at.a * s.inChannels + at.b) * s.outH * s.outW;
        T acc = 0;
        for (i64 ky = 0; ky < s.kernelH; ++ky) {
            const i64 i = ts_window_at(at.c, ky, s.strideH, s.dilationH, s.padH, s.outH);
            for (i64 kx = 0; kx < s.kernelW && i >= 0; ++kx) {
                const i64 j = ts_window_at(at.d, kx, s.strideW, s.dilationW, s.padW, s.outW);
                const i64 o = out + i * s.outW + j;
                if (j >= 0 && indices[o] == ky * s.kernelW + kx) {
                    acc += gy[o];
                }
            }
        }
        gx[e] = acc;
    }
}

TS_FLOAT_ENTRIES(conv2d, Conv2dArgs, ts_conv2d_forward)
TS_FLOAT_ENTRIES(conv2d_backward_input, Conv2dBackwardInputArgs, ts_conv2d_backward_input)
TS_FLOAT_ENTRIES(conv2d_backward_weight, Conv2dBackwardWeightArgs, ts_conv2d_backward_weight)
TS_FLOAT_ENTRIES(max_pool2d, MaxPool2dArgs, ts_max_pool2d)
TS_FLOAT_ENTRIES(max_pool2d_backward, MaxPool2dBackwardArgs, ts_max_pool2d_backward)
