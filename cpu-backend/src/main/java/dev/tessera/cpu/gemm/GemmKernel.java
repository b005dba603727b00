package dev.tessera.cpu.gemm;

/**
 * One element type's part of a blocked matrix product: the register-tiled micro-kernel, the packing of operand
 * blocks into the layout it reads, and the cache-block sizes. {@code GemmDriver} runs the loops around it.
 *
 * <p>Packed layouts. A block of {@code op(A)} rows {@code [i0, i0+mc)} and columns {@code [p0, p0+kc)} is stored as
 * micro-panels of {@link #mr} rows, the rows of each depth step side by side: panel q starts at
 * {@code q * mr * this.kc} and holds {@code op(A)[i0 + q*mr + r][p0 + p]} at {@code p * mr + r} (rows past the last
 * are zero). The micro-kernel's broadcasts then read one sequential stream (with one run per row, as before, the
 * AVX2 kernel reached 40 GFLOP/s of CPU time per core on packed data in L1 against 50-70 this way), and packing a
 * transposed A copies runs of {@link #mr}. A block of {@code op(B)} rows {@code [p0, p0+kc)} and columns {@code [j0, j0+nc)} is stored as micro-panels of
 * {@link #nr} columns: panel t starts at {@code t * nr * kc} and holds {@code op(B)[p0 + p][j0 + t*nr + j]} at
 * {@code p * nr + j}, zero-padded past the last column. Transposed operands are gathered into these layouts.
 *
 * <p>Arrays are passed as {@code Object} (a {@code float[]} or {@code double[]} matching the subclass) so that one
 * driver serves both types.
 */
public abstract class GemmKernel {
    /** Rows of the micro-tile. */
    public final int mr;
    /** Columns of the micro-tile. */
    public final int nr;
    /**
     * Largest depth of a packed block (rows of a packed B block, the stride of packed A rows): sized so a B
     * micro-panel and an A micro-panel stay in L1.
     */
    public final int kc;
    /** Rows of a packed A block: sized so the block stays in L2. A multiple of {@link #mr}. */
    public final int mc;
    /**
     * Columns of a column block: sized so the {@code mc x nc} block of C, the packed A block and one packed B block
     * share L2. A multiple of {@link #nr}.
     */
    public final int nc;

    /**
     * A kernel of this tile and blocking; mc and nc are rounded down to multiples of the tile (at least one tile).
     *
     * @param shape the tile rows and the cache blocks
     * @param nr    columns of the tile
     */
    protected GemmKernel(GemmShape shape, int nr) {
        this.mr = shape.mr();
        this.nr = nr;
        this.kc = shape.kc();
        this.mc = Math.max(mr, shape.mc() / mr * mr);
        this.nc = Math.max(nr, shape.nc() / nr * nr);
    }

    /** A short description for device details, e.g. {@code vector 14x32 fp32}. */
    public abstract String describe();

    /** Whether {@code array} is an array of this kernel's element type with at least {@code length} elements. */
    public abstract boolean fits(Object array, int length);

    /** A new array of this kernel's element type. */
    public abstract Object newArray(int length);

    /**
     * The micro-kernel: {@code C[0..mr)[0..nr) (+)= Apanel * Bpanel} over depth {@code kc <= this.kc}, where the A
     * micro-panel starts at {@code ap[ao]} and the B micro-panel at {@code bp[bo]} (packed layouts above); C element
     * (r, j) is {@code c[co + r*ldc + j]}. With {@code accumulate} the product is added to C, otherwise it replaces C
     * (C is then not read).
     */
    public abstract void kernel(int kc, Object ap, int ao, Object bp, int bo, Object c, int co, int ldc,
                                boolean accumulate);

    /**
     * Packs rows {@code [i0, i0+mc)} and columns {@code [p0, p0+kc)} of {@code op(A)}, multiplied by {@code alpha},
     * into micro-panels at {@code dst[dstOff..]} (panel q at {@code dstOff + q * mr * this.kc}). {@code op(A)[i][p]}
     * is {@code a[aOff + i*lda + p]}, or with {@code trans} {@code a[aOff + p*lda + i]}.
     */
    public abstract void packA(Object a, int aOff, int lda, boolean trans, int i0, int mc, int p0, int kc,
                               double alpha, Object dst, int dstOff);

    /**
     * Packs micro-panels {@code [t0, t1)} of the block of {@code op(B)} with rows {@code [p0, p0+kc)} and columns
     * {@code [j0, j0+nc)} into {@code dst} (the block starting at {@code dst[dstOff]}). {@code op(B)[p][j]} is
     * {@code b[bOff + p*ldb + j]}, or with {@code trans} {@code b[bOff + j*ldb + p]}.
     */
    public abstract void packB(Object b, int bOff, int ldb, boolean trans, int p0, int kc, int j0, int nc,
                               int t0, int t1, Object dst, int dstOff);

    /**
     * {@code C = beta * C} on a {@code rows x cols} block starting at {@code c[co]} with row stride ldc; with
     * {@code beta == 0} the block is set to zero without being read.
     */
    public abstract void scale(Object c, int co, int ldc, int rows, int cols, double beta);

    /**
     * Copies (or with {@code accumulate} adds) the top-left {@code rows x cols} of a dense {@code mr x nr} tile into
     * C at {@code c[co]} with row stride ldc.
     */
    public abstract void storeTile(Object tile, Object c, int co, int ldc, int rows, int cols, boolean accumulate);
}
