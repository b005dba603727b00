package dev.tessera.backend;

/**
 * The closed set of indexing primitives on contiguous blocks. {@code n} is the length of the indexed axis of the
 * data block, {@code m} the number of indices along it; {@code outer} and {@code inner} are the sizes before and
 * after that axis. Indices are INT32 in {@code [0, n)} (core checks them).
 */
public enum IndexOp {
    /** {@code dst[o, j, i] = src[o, index[o, j, i], i]}; src is [outer, n, inner], index and dst [outer, m, inner]. */
    GATHER,
    /** {@code dst[o, index[o, j, i], i] += src[o, j, i]}; dst is [outer, n, inner], index and src [outer, m, inner]. */
    SCATTER_ADD,
    /** {@code dst[o, j, i] = src[o, index[j], i]}; src is [outer, n, inner], index [m], dst [outer, m, inner]. */
    INDEX_SELECT,
    /** {@code dst[o, index[j], i] += src[o, j, i]}; dst is [outer, n, inner], index [m], src [outer, m, inner]. */
    INDEX_ADD
}
