package dev.tessera.cuda;

/**
 * The grid and block of one kernel launch, and the rules that choose them for each kernel shape. Pure arithmetic
 * on sizes and the device's multiprocessor count, so it is unit-tested without a GPU.
 *
 * @param gridX  blocks along x
 * @param gridY  blocks along y
 * @param gridZ  blocks along z
 * @param blockX threads along x
 * @param blockY threads along y
 */
record LaunchConfig(int gridX, int gridY, int gridZ, int blockX, int blockY) {
    /** Threads per block of the one-dimensional kernels. */
    static final int THREADS = 256;
    /** Grid-stride kernels get at most this many blocks per multiprocessor (several waves of resident blocks). */
    static final int BLOCKS_PER_SM = 32;
    /** Largest grid.y and grid.z. */
    static final int MAX_GRID_YZ = 65535;
    /** Grid.x cap for row-looping kernels (they loop over what does not fit). */
    static final int MAX_GRID_X = 1 << 24;
    /** Rows up to this length get a warp each, eight rows to a block. */
    static final int WARP_ROW_LIMIT = 1024;
    /** Rows of the reduce kernel up to this length get a warp each. */
    static final int REDUCE_WARP_ROW_LIMIT = 256;
    /** Reduce rows are split into partial results when fewer rows than this many per multiprocessor exist. */
    static final int REDUCE_SPLIT_TARGET = 4;
    /** Each partial result of a split row covers at least this many elements. */
    static final int REDUCE_MIN_SLICE = 4096;
    /** At most this many partial results per row. */
    static final int REDUCE_MAX_SPLITS = 1024;
    /** bias_activation_backward aims at this many blocks of 32 x 32 threads per multiprocessor. */
    static final int BIAS_BLOCKS_PER_SM = 2;
    /** Each slice of rows of bias_activation_backward covers at least this many rows (two per thread). */
    static final int BIAS_MIN_SLICE_ROWS = 64;

    LaunchConfig {
        if (gridX < 1 || gridY < 1 || gridZ < 1 || blockX < 1 || blockY < 1 || blockX * blockY > 1024) {
            throw new IllegalArgumentException("invalid launch: grid " + gridX + "x" + gridY + "x" + gridZ
                    + ", block " + blockX + "x" + blockY);
        }
    }

    /** A grid-stride launch over {@code work} items: blocks of 256, at most {@code BLOCKS_PER_SM} per SM. */
    static LaunchConfig linear(long work, int multiprocessors) {
        long blocks = Math.max(1, ceilDiv(work, THREADS));
        return new LaunchConfig((int) Math.min(blocks, (long) BLOCKS_PER_SM * multiprocessors), 1, 1, THREADS, 1);
    }

    /** An elementwise launch over n elements, {@code lanes} per item when vectorized (else 1). */
    static LaunchConfig elementwise(long n, int lanes, int multiprocessors) {
        return linear(ceilDiv(n, lanes), multiprocessors);
    }

    /**
     * Row kernels (softmax, cross-entropy): a warp per row and eight rows per block for rows up to
     * {@link #WARP_ROW_LIMIT}, else one block of 256 (rows up to 4096) or 1024 threads per row.
     */
    static LaunchConfig rows(long rows, long length) {
        int width = length <= WARP_ROW_LIMIT ? 32 : length <= 4096 ? 256 : 1024;
        int perBlock = width == 32 ? 8 : 1;
        return new LaunchConfig(gridFor(ceilDiv(rows, perBlock)), 1, 1, width, perBlock);
    }

    /**
     * How the reduction of a dense [outer, n, inner] block is launched: the kernel, its grid, and how many partial
     * results each row is split into (1 unless few long rows would leave the GPU idle).
     *
     * @param kernel {@code "reduce_rows"} or {@code "reduce_cols"} (without the dtype suffix)
     * @param config the launch
     * @param splits partial results per row ({@code reduce_finish} combines them when > 1)
     */
    record Reduce(String kernel, LaunchConfig config, int splits) {
    }

    /** The launch plan of a reduction; see {@link Reduce}. */
    static Reduce reduce(long outer, long n, long inner, int multiprocessors) {
        if (inner == 1) {
            if (n <= REDUCE_WARP_ROW_LIMIT) {
                return new Reduce("reduce_rows", new LaunchConfig(gridFor(ceilDiv(outer, 8)), 1, 1, 32, 8), 1);
            }
            int splits = 1;
            long target = (long) REDUCE_SPLIT_TARGET * multiprocessors;
            if (outer < target) {
                long wanted = ceilDiv(target, outer);
                long bySize = Math.max(1, n / REDUCE_MIN_SLICE);
                splits = (int) Math.min(Math.min(wanted, bySize), REDUCE_MAX_SPLITS);
            }
            return new Reduce("reduce_rows", new LaunchConfig(gridFor(outer), splits, 1, THREADS, 1), splits);
        }
        int bx = (int) Math.min(32, ceilPow2(inner));
        int by = (int) Math.max(1, Math.min(512 / bx, ceilPow2(Math.max(n, 1))));
        long gx = ceilDiv(inner, bx);
        if (gx > MAX_GRID_X) {
            throw new IllegalArgumentException("reduce: inner size " + inner + " is too large");
        }
        return new Reduce("reduce_cols", new LaunchConfig((int) gx, (int) Math.min(outer, MAX_GRID_YZ), 1, bx, by), 1);
    }

    /** The launch of reduce_finish over {@code outer} rows of partial results: a warp per row. */
    static LaunchConfig reduceFinish(long outer) {
        return new LaunchConfig(gridFor(ceilDiv(outer, 8)), 1, 1, 32, 8);
    }

    /**
     * bias_activation_backward: a block of 32 x 32 threads per 32 columns and, along y, {@code slices} blocks
     * sharing the rows ({@link #biasRowSlices}).
     */
    static LaunchConfig columnBlocks(int cols, int slices) {
        return new LaunchConfig((int) ceilDiv(cols, 32), slices, 1, 32, 32);
    }

    /**
     * How many slices of rows bias_activation_backward splits a [rows, cols] gradient into: enough blocks for
     * {@link #BIAS_BLOCKS_PER_SM} per multiprocessor (a 1024-wide layer has only 32 column blocks), with at least
     * {@link #BIAS_MIN_SLICE_ROWS} rows per slice so each thread still walks several rows; 1 runs the single-pass
     * kernel, more the row-sliced one and bias_grad_finish.
     */
    static int biasRowSlices(long rows, int cols, int multiprocessors) {
        long wanted = ceilDiv((long) BIAS_BLOCKS_PER_SM * multiprocessors, ceilDiv(cols, 32));
        long byRows = rows / BIAS_MIN_SLICE_ROWS;
        return (int) Math.max(1, Math.min(Math.min(wanted, byRows), MAX_GRID_YZ));
    }

    /** The built-in GEMM: 64 x 64 tiles of C, 16 x 16 threads, batches along z. */
    static LaunchConfig gemmTiles(int m, int n, int batch) {
        long gy = ceilDiv(m, 64);
        if (gy > MAX_GRID_YZ) {
            throw new IllegalArgumentException("built-in GEMM: m = " + m + " exceeds " + 64L * MAX_GRID_YZ + " rows");
        }
        return new LaunchConfig((int) ceilDiv(n, 64), (int) gy, Math.min(batch, MAX_GRID_YZ), 16, 16);
    }

    /** A grid of {@code blocks} blocks (at least 1) capped at {@link #MAX_GRID_X}; kernels loop over the rest. */
    static int gridFor(long blocks) {
        return (int) Math.max(1, Math.min(blocks, MAX_GRID_X));
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** The smallest power of two >= x (x >= 1). */
    static long ceilPow2(long x) {
        return x <= 1 ? 1 : Long.highestOneBit(x - 1) << 1;
    }

    @Override
    public String toString() {
        return "grid " + gridX + "x" + gridY + "x" + gridZ + ", block " + blockX + "x" + blockY;
    }
}
