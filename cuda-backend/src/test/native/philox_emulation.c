/*
 * Runs the device Philox code of kernels/src/main/cuda/philox.cuh on the host, for PhiloxEmulationTest.
 * Reads draws from stdin, one per line: "dist seed offset count a b" (seed and offset as unsigned decimals, a and b
 * as floats), and for each prints "count" lines with the bits of the elements in order (8 hex digits), filled by
 * walking every Philox block of the draw exactly as random.cu's kernel does. Compile with -ffp-contract=off.
 */
#include <stdio.h>
#include <stdlib.h>

#include "philox.cuh"

int main(void) {
    int dist;
    unsigned long long seed, off;
    long long count;
    double a, b;
    while (scanf("%d %llu %llu %lld %lf %lf", &dist, &seed, &off, &count, &a, &b) == 6) {
        float *out = calloc((size_t) count, sizeof(float));
        unsigned char *written = calloc((size_t) count, 1);
        unsigned long long blocks = philox_blocks(dist, off, count);
        for (unsigned long long q = 0; q < blocks; q++) {
            long long idx[4];
            float val[4];
            unsigned mask = philox_block_values(dist, seed, off, count, (float) a, (float) b, q, idx, val);
            for (int k = 0; k < 4; k++) {
                if (mask & (1u << k)) {
                    if (written[idx[k]]) {
                        printf("element %lld written twice\n", idx[k]);
                    }
                    written[idx[k]] = 1;
                    out[idx[k]] = val[k];
                }
            }
        }
        for (long long i = 0; i < count; i++) {
            unsigned bits;
            memcpy(&bits, &out[i], 4);
            printf(written[i] ? "%08x\n" : "unwritten %08x\n", bits);
        }
        free(out);
        free(written);
    }
    return 0;
}
