// Philox4x32-10 and the mapping from its words to Tessera's random numbers, written once for the device
// (random.cu) and for a host C compiler (the emulation test in cuda-backend), so both follow
// dev.tessera.random.Philox bit for bit. Every float operation is a separately rounded IEEE binary32 operation in
// the order of the Java specification: on the device through __fmul_rn and friends, which nvcc never contracts into
// fused multiply-adds; on the host through plain operators compiled with -ffp-contract=off.
#pragma once

#ifdef __CUDACC__
#define PHILOX_FN __device__ __forceinline__
#define PX_MUL(a, b) __fmul_rn(a, b)
#define PX_ADD(a, b) __fadd_rn(a, b)
#define PX_SUB(a, b) __fsub_rn(a, b)
#define PX_DIV(a, b) __fdiv_rn(a, b)
#define PX_SQRT(a) __fsqrt_rn(a)
#define PX_MULHI(a, b) __umulhi(a, b)
#define PX_FLOAT_BITS(x) __float_as_uint(x)
#define PX_BITS_FLOAT(x) __uint_as_float(x)
#else
#include <math.h>
#include <string.h>
#define PHILOX_FN static inline
#define PX_MUL(a, b) ((float) ((a) * (b)))
#define PX_ADD(a, b) ((float) ((a) + (b)))
#define PX_SUB(a, b) ((float) ((a) - (b)))
#define PX_DIV(a, b) ((float) ((a) / (b)))
#define PX_SQRT(a) sqrtf(a)
#define PX_MULHI(a, b) ((unsigned) (((unsigned long long) (a) * (unsigned long long) (b)) >> 32))
static inline unsigned PX_FLOAT_BITS(float x) { unsigned u; memcpy(&u, &x, 4); return u; }
static inline float PX_BITS_FLOAT(unsigned u) { float x; memcpy(&x, &u, 4); return x; }
#endif

// Ordinals of dev.tessera.backend.RandomDistribution.
#define PX_UNIFORM 0
#define PX_NORMAL 1
#define PX_BERNOULLI 2

// The constants of dev.tessera.random.Philox, as exact binary32 values.
#define PX_TWO_POW_M24 0x1.0p-24f   // 2^-24
#define PX_LN2_HI 0x1.62e4p-1f      // ln 2 rounded to 16 bits (0.693145752f)
#define PX_LN2_LO 0x1.7f7d1cp-20f   // ln 2 - LN2_HI (1.42860677e-06f)
#define PX_TWO_PI 0x1.921fb6p2f     // 6.28318548f
#define PX_SQRT2 0x1.6a09e6p0f      // 1.41421356f
#define PX_LOG_C9 0x1.c71c72p-3f    // 2/9
#define PX_LOG_C7 0x1.24924ap-2f    // 2/7
#define PX_LOG_C5 0x1.99999ap-2f    // 2/5
#define PX_LOG_C3 0x1.555556p-1f    // 2/3
#define PX_SIN_C13 0x1.612462p-33f  // 1/13!
#define PX_SIN_C11 0x1.ae6456p-26f  // 1/11!
#define PX_SIN_C9 0x1.71de3ap-19f   // 1/9!
#define PX_SIN_C7 0x1.a01a02p-13f   // 1/7!
#define PX_SIN_C5 0x1.111112p-7f    // 1/5!
#define PX_SIN_C3 0x1.555556p-3f    // 1/3!

// The 10-round Philox4x32 bijection of counter (c0, c1, c2, c3) under key (k0, k1).
PHILOX_FN void philox_block(unsigned c0, unsigned c1, unsigned c2, unsigned c3, unsigned k0, unsigned k1,
                            unsigned out[4]) {
    for (int round = 0; round < 10; ++round) {
        if (round > 0) {
            k0 += 0x9E3779B9u;
            k1 += 0xBB67AE85u;
        }
        const unsigned hi0 = PX_MULHI(0xD2511F53u, c0);
        const unsigned lo0 = 0xD2511F53u * c0;
        const unsigned hi1 = PX_MULHI(0xCD9E8D57u, c2);
        const unsigned lo1 = 0xCD9E8D57u * c2;
        const unsigned n0 = hi1 ^ c1 ^ k0;
        const unsigned n2 = hi0 ^ c3 ^ k1;
        c0 = n0;
        c1 = lo1;
        c2 = n2;
        c3 = lo0;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

// (word >> 8) * 2^-24, in [0, 1).
PHILOX_FN float philox_uniform(unsigned word) {
    return PX_MUL((float) (word >> 8), PX_TWO_POW_M24);
}

// Philox.log: exact range reduction x = m 2^e, then ln m = 2 atanh(s), s = (m-1)/(m+1), to s^9.
PHILOX_FN float philox_log(float x) {
    const unsigned bits = PX_FLOAT_BITS(x);
    int e = (int) ((bits >> 23) & 0xffu) - 127;
    float m = PX_BITS_FLOAT((bits & 0x007fffffu) | 0x3f800000u);
    if (m > PX_SQRT2) {
        m = PX_MUL(m, 0.5f);
        e = e + 1;
    }
    const float s = PX_DIV(PX_SUB(m, 1.0f), PX_ADD(m, 1.0f));
    const float z = PX_MUL(s, s);
    float p = PX_LOG_C9;
    p = PX_ADD(PX_MUL(p, z), PX_LOG_C7);
    p = PX_ADD(PX_MUL(p, z), PX_LOG_C5);
    p = PX_ADD(PX_MUL(p, z), PX_LOG_C3);
    p = PX_ADD(PX_MUL(p, z), 2.0f);
    const float lnM = PX_MUL(s, p);
    const float ef = (float) e;
    return PX_ADD(PX_MUL(ef, PX_LN2_HI), PX_ADD(PX_MUL(ef, PX_LN2_LO), lnM));
}

// Philox.cos2Pi: cos(2 pi u) = sin(2 pi (1/4 - min(u, 1-u))) by its Taylor polynomial to degree 13.
PHILOX_FN float philox_cos2pi(float u) {
    const float v = u < 0.5f ? u : PX_SUB(1.0f, u);
    const float w = PX_SUB(0.25f, v);
    const float t = PX_MUL(w, PX_TWO_PI);
    const float z = PX_MUL(t, t);
    float p = PX_SIN_C13;
    p = PX_SUB(PX_MUL(p, z), PX_SIN_C11);
    p = PX_ADD(PX_MUL(p, z), PX_SIN_C9);
    p = PX_SUB(PX_MUL(p, z), PX_SIN_C7);
    p = PX_ADD(PX_MUL(p, z), PX_SIN_C5);
    p = PX_SUB(PX_MUL(p, z), PX_SIN_C3);
    p = PX_ADD(PX_MUL(p, z), 1.0f);
    return PX_MUL(t, p);
}

// The value of one element from its word(s): a + (b - a) u, [u < a], or a + b * (Box-Muller normal).
PHILOX_FN float philox_value(int dist, unsigned w0, unsigned w1, float fa, float fb) {
    if (dist == PX_UNIFORM) {
        return PX_ADD(fa, PX_MUL(PX_SUB(fb, fa), philox_uniform(w0)));
    }
    if (dist == PX_BERNOULLI) {
        return philox_uniform(w0) < fa ? 1.0f : 0.0f;
    }
    const float u1 = PX_MUL((float) ((w0 >> 8) + 1u), PX_TWO_POW_M24);
    const float u2 = PX_MUL((float) (w1 >> 8), PX_TWO_POW_M24);
    const float r = PX_SQRT(PX_MUL(-2.0f, philox_log(u1)));
    return PX_ADD(fa, PX_MUL(fb, PX_MUL(r, philox_cos2pi(u2))));
}

// The elements that Philox block number (off / 4 + q) of a draw produces. A draw of `count` elements at stream
// offset `off` gives element i the words off + i*per .. off + i*per + per - 1 (per = 2 for NORMAL, else 1); word w
// is word w % 4 of block w / 4 under the key (low, high 32 bits of seed). This block yields the elements whose
// first word lies in it (a NORMAL pair may take its second word from the next block). Slot j (0..3) describes the
// element whose first word is word j of the block: its index idx[j] and value val[j]. Returns a mask with bit j
// set for each slot that holds an element.
PHILOX_FN unsigned philox_block_values(int dist, unsigned long long seed, unsigned long long off, long long count,
                                       float fa, float fb, unsigned long long q, long long idx[4], float val[4]) {
    const unsigned per = dist == PX_NORMAL ? 2u : 1u;
    const unsigned long long block = (off >> 2) + q;
    const unsigned k0 = (unsigned) seed;
    const unsigned k1 = (unsigned) (seed >> 32);
    unsigned w[4];
    unsigned next[4] = {0u, 0u, 0u, 0u};
    philox_block((unsigned) block, (unsigned) (block >> 32), 0u, 0u, k0, k1, w);
    if (per == 2u && (off & 1u) == 1u) {
        // an odd offset: the pair starting at the block's last word ends in the next block
        philox_block((unsigned) (block + 1u), (unsigned) ((block + 1u) >> 32), 0u, 0u, k0, k1, next);
    }
    unsigned mask = 0u;
    for (int j = 0; j < 4; ++j) {
        const unsigned long long word = block * 4u + (unsigned) j;
        idx[j] = 0;
        val[j] = 0.0f;
        if (word < off || (word - off) % per != 0u) {
            continue;
        }
        const long long e = (long long) ((word - off) / per);
        if (e >= count) {
            continue;
        }
        const unsigned w1 = per == 2u ? (j < 3 ? w[j + 1] : next[0]) : 0u;
        idx[j] = e;
        val[j] = philox_value(dist, w[j], w1, fa, fb);
        mask |= 1u << j;
    }
    return mask;
}

// Number of Philox blocks a draw of `count` elements (count > 0) at stream offset `off` touches with its first words.
PHILOX_FN unsigned long long philox_blocks(int dist, unsigned long long off, long long count) {
    const unsigned long long per = dist == PX_NORMAL ? 2u : 1u;
    const unsigned long long lastFirstWord = off + (unsigned long long) (count - 1) * per;
    return (lastFirstWord >> 2) - (off >> 2) + 1u;
}
