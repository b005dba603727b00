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
// Launch parameters: the fused-op argument records of ConvFamily, component by component (DescriptorArgs); the
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
    const i64 total = s.batch * s.outChannels * s.outH * s.outW;
    for (i64 e = (i64) blockIdx.x * blockDim.x + threadIdx.x; e < total; e += (i64) gridDim.x * blockDim.x) {
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

template <typename T>
__device__ __forceinline__ void ts_conv2d_backward_input(const Conv2dBackwardInputArgs& a) {
    const ConvShape& s = a.shape;
    const T* gy = static_cast<const T*>(a.gradOutput);
    const T* w = static_cast<const T*>(a.weight);
    T* gx = static_cast<T*>(a.gradInput);
    const i64 cg = s.inChannels / s.groups;
    const i64 og = s.outChannels / s.groups;
    const i64 total = s.batch * s.inChannels * s.height * s.width;
    for (i64 e = (i64) blockIdx.x * blockDim.x + threadIdx.x; e < total; e += (i64) gridDim.x * blockDim.x) {
        const Coords4 at = ts_coords4(e, s.inChannels, s.height, s.width);
        const i64 n = at.a, iy = at.c, ix = at.d;
        const i64 g = at.b / cg;
        const i64 c = at.b % cg;
        T acc = 0;
        for (i64 ky = 0; ky < s.kernelH; ++ky) {
            const i64 ty = iy + s.padH - ky * s.dilationH;
            if (ty < 0 || ty % s.strideH != 0 || ty / s.strideH >= s.outH) {
                continue;
            }
            const i64 i = ty / s.strideH;
            for (i64 kx = 0; kx < s.kernelW; ++kx) {
                const i64 tx = ix + s.padW - kx * s.dilationW;
                if (tx < 0 || tx % s.strideW != 0 || tx / s.strideW >= s.outW) {
                    continue;
                }
                const i64 j = tx / s.strideW;
                for (i64 o = g * og; o < (g + 1) * og; ++o) {
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

#define TS_CONV(N, T)                                                                                          \
    extern "C" __global__ void conv2d_##N(const __grid_constant__ Conv2dArgs a) {                              \
        ts_conv2d_forward<T>(a);                                                                               \
    }                                                                                                          \
    extern "C" __global__ void conv2d_backward_input_##N(const __grid_constant__ Conv2dBackwardInputArgs a) {  \
        ts_conv2d_backward_input<T>(a);                                                                        \
    }                                                                                                          \
    extern "C" __global__ void conv2d_backward_weight_##N(const __grid_constant__ Conv2dBackwardWeightArgs a) { \
        ts_conv2d_backward_weight<T>(a);                                                                       \
    }
TS_CONV(f32, float)
TS_CONV(f64, double)
