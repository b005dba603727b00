// Philox4x32-10 random streams, bit for bit the ones dev.tessera.random.Philox specifies (read its Javadoc).
//
// Work item t computes block firstBlock + t of the stream (four 32-bit words) and writes the elements that use
// those words: four for uniform and Bernoulli (one word each), two for normal (two words each). Every float
// operation is a single IEEE binary32 operation in the order Philox.java writes it: contraction into FMA is off,
// division and square root are correctly rounded (the host builds with -cl-fp32-correctly-rounded-divide-sqrt, or
// defines PHILOX_DIV_DOUBLE to round through double, which is exact for one float operation), no native_ or
// half_ functions, and the constants are the binary32 values Java computes, written in hex.

#pragma OPENCL FP_CONTRACT OFF

#ifdef PHILOX_DIV_DOUBLE
#define DIV_RN(a, b) ((float)((double)(a) / (double)(b)))
#define SQRT_RN(x) ((float)sqrt((double)(x)))
#else
#define DIV_RN(a, b) ((a) / (b))
#define SQRT_RN(x) sqrt(x)
#endif

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u
#define TWO_POW_M24 0x1.0p-24f
#define LN2_HI 0x1.62e4p-1f
#define LN2_LO 0x1.7f7d1cp-20f
#define TWO_PI 0x1.921fb6p2f
#define SQRT2 0x1.6a09e6p0f

// The 10-round Philox4x32 bijection of counter c under key k.
inline uint4 philox(uint4 c, uint2 k) {
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            k.x += PHILOX_W0;
            k.y += PHILOX_W1;
        }
        uint hi0 = mul_hi(PHILOX_M0, c.x);
        uint lo0 = PHILOX_M0 * c.x;
        uint hi1 = mul_hi(PHILOX_M1, c.z);
        uint lo1 = PHILOX_M1 * c.z;
        c = (uint4)(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
    }
    return c;
}

inline uint4 philox_block(ulong block, uint k0, uint k1) {
    return philox((uint4)((uint)block, (uint)(block >> 32), 0u, 0u), (uint2)(k0, k1));
}

// (word >>> 8) * 2^-24, in [0, 1).
inline float uniform01(uint word) {
    return (float)(word >> 8) * TWO_POW_M24;
}

// Philox.log: exact range reduction and 2 atanh(s) summed to s^9.
inline float philox_log(float x) {
    uint bits = as_uint(x);
    int e = (int)((bits >> 23) & 0xffu) - 127;
    float m = as_float((bits & 0x007fffffu) | 0x3f800000u);
    if (m > SQRT2) {
        m = m * 0.5f;
        e = e + 1;
    }
    float s = DIV_RN(m - 1.0f, m + 1.0f);
    float z = s * s;
    float p = 0x1.c71c72p-3f;
    p = p * z + 0x1.24924ap-2f;
    p = p * z + 0x1.99999ap-2f;
    p = p * z + 0x1.555556p-1f;
    p = p * z + 2.0f;
    float lnM = s * p;
    float ef = (float)e;
    return ef * LN2_HI + (ef * LN2_LO + lnM);
}

// Philox.cos2Pi: reflection to sin(2 pi (1/4 - v)), Taylor polynomial to degree 13.
inline float philox_cos2pi(float u) {
    float v = u < 0.5f ? u : 1.0f - u;
    float w = 0.25f - v;
    float t = w * TWO_PI;
    float z = t * t;
    float p = 0x1.612462p-33f;
    p = p * z - 0x1.ae6456p-26f;
    p = p * z + 0x1.71de3ap-19f;
    p = p * z - 0x1.a01a02p-13f;
    p = p * z + 0x1.111112p-7f;
    p = p * z - 0x1.555556p-3f;
    p = p * z + 1.0f;
    return t * p;
}

inline float philox_normal(uint w0, uint w1) {
    float u1 = (float)((w0 >> 8) + 1u) * TWO_POW_M24;
    float u2 = (float)(w1 >> 8) * TWO_POW_M24;
    float r = SQRT_RN(-2.0f * philox_log(u1));
    return r * philox_cos2pi(u2);
}

// A kernel whose work item t fills the four elements 4t .. 4t+3 (those below count) from the four words of Philox
// block firstBlock + t: element q is VALUE, an expression of u, the uniform [0, 1) draw of word q, and of the
// distribution's parameters A and B.
#define UNIFORM_WORDS_KERNEL(name, A, B, VALUE)                                                               \
kernel void name(global T* dst, long count, uint k0, uint k1, ulong firstBlock, float A, float B) {           \
    long t = get_global_id(0);                                                                                \
    long first = t * 4;                                                                                       \
    if (first < count) {                                                                                      \
        uint4 w = philox_block(firstBlock + t, k0, k1);                                                       \
        uint words[4] = {w.x, w.y, w.z, w.w};                                                                 \
        for (int q = 0; q < 4 && first + q < count; q++) {                                                    \
            float u = uniform01(words[q]);                                                                    \
            dst[first + q] = VALUE;                                                                           \
        }                                                                                                     \
    }                                                                                                         \
}

// a + (b - a) * u
UNIFORM_WORDS_KERNEL(philox_uniform, a, b, (T)(a + (b - a) * u))

// u < p ? 1 : 0 (the second parameter is unused)
UNIFORM_WORDS_KERNEL(philox_bernoulli, p, unused, u < p ? (T)1 : (T)0)

// mean + std * z, z by Box-Muller from two words
kernel void philox_normal_fill(global T* dst, long count, uint k0, uint k1, ulong firstBlock, float mean, float std) {
    long t = get_global_id(0);
    long first = t * 2;
    if (first < count) {
        uint4 w = philox_block(firstBlock + t, k0, k1);
        dst[first] = (T)(mean + std * philox_normal(w.x, w.y));
        if (first + 1 < count) {
            dst[first + 1] = (T)(mean + std * philox_normal(w.z, w.w));
        }
    }
}
