package dev.tessera.cpu;

import dev.tessera.backend.Gemm;
import dev.tessera.backend.reference.HeapBuffer;
import dev.tessera.cpu.gemm.DoubleGemmKernel;
import dev.tessera.cpu.gemm.GemmKernel;

/**
 * The blocked, multithreaded matrix product {@link Gemm} around a {@link GemmKernel}, in the spirit of Goto's
 * algorithm: for each block of {@code nc} columns, B is packed once for the whole depth (up to
 * {@value #B_BLOCK_ELEMENTS} elements) into {@code kc}-deep blocks of micro-panels; then for each block of {@code mc}
 * rows, every depth block in turn packs A's block (it stays in L2) and the micro-kernel computes each
 * {@code mr x nr} tile of C in registers, reading a B micro-panel from L1. A's blocks are packed once per product
 * when they fit in twice a super-block's size: at the first column block, kept for the others ({@code PackedA}).
 * Running the depth blocks innermost keeps the {@code mc x nc} block of C in L2 from one depth block to the next:
 * with the depth outermost, as in BLIS, each pass over C misses to memory on large products (a fifth of the time at
 * n = 4096 here, where Java cannot prefetch). Transposed operands are read in place by the packing; alpha is folded
 * into the packed A; beta is applied before the first depth block (beta 0 never reads C). An {@link Epilogue} (a
 * linear layer's bias and activation) runs on each {@code mc x nc} block of C right after its last depth block, by
 * the thread that computed it, while the block is in its L2.
 *
 * <p>Threads: the team splits either the rows, packing the shared B block cooperatively (double-buffered, one barrier
 * per block) while each member packs its own A rows, or the columns, each member running independently on its own
 * B columns and all of A; {@link #splitRows} picks the better balanced one. A batch of small
 * products is spread over the team one product per member instead. Work splits are in whole micro-panels, so
 * members never write the same cache line of C except at panel edges of 16-float multiples.
 */
final class GemmDriver {
    /** Products below this many flops run on one thread (a thread hand-off costs a few microseconds). */
    static final double PARALLEL_FLOPS = 4e6;

    /** Elements of a packed B super-block (the B columns of one column block for all of the depth, up to this). */
    static final int B_BLOCK_ELEMENTS = 1 << 22;

    private static final int A_PACK = 0;
    private static final int B_PRIVATE = 1;
    private static final int TILE = 2;
    private static final int B_SHARED0 = 3;
    private static final int B_SHARED1 = 4;
    private static final int SLOTS = 5;

    /**
     * Work on a block of C once its product is complete (all of the depth added), run by the thread that computed
     * the block while it is still in its cache: rows {@code [row0, row0+rows)}, columns {@code [col0, col0+cols)}.
     */
    @FunctionalInterface
    interface Epilogue {
        void apply(int row0, int rows, int col0, int cols);
    }

    private final WorkerPool pool;
    /** Per-thread packing buffers, one set per element type, grown on demand and kept. */
    private final ThreadLocal<Object[]> scratch = ThreadLocal.withInitial(() -> new Object[2 * SLOTS]);

    private final int bBlockElements;

    GemmDriver(WorkerPool pool) {
        this(pool, B_BLOCK_ELEMENTS);
    }

    /** A driver whose packed B super-blocks hold at most {@code bBlockElements} elements (tests use small ones). */
    GemmDriver(WorkerPool pool, int bBlockElements) {
        this.pool = pool;
        this.bBlockElements = bBlockElements;
    }

    /** {@code C[b] = alpha op(A[b]) op(B[b]) + beta C[b]} for every batch entry, as {@link Gemm} specifies. */
    void run(GemmKernel kern, Gemm g, Object a, Object b, Object c) {
        run(kern, g, a, b, c, null);
    }

    /**
     * The product of {@link #run(GemmKernel, Gemm, Object, Object, Object)} for one batch entry, then
     * {@code epilogue} on every block of C as soon as it is complete (each element of C exactly once).
     */
    void run(GemmKernel kern, Gemm g, Object a, Object b, Object c, Epilogue epilogue) {
        if (epilogue != null && g.batch() != 1) {
            throw new IllegalArgumentException("gemm: an epilogue needs a single product, got batch " + g.batch());
        }
        if (g.m() == 0 || g.n() == 0 || g.batch() == 0) {
            return;
        }
        double flopsEach = 2.0 * g.m() * g.n() * Math.max(g.k(), 1);
        if (g.batch() > 1 && flopsEach < PARALLEL_FLOPS && flopsEach * g.batch() >= PARALLEL_FLOPS) {
            pool.team(Math.min(pool.size(), g.batch()), (member, team, barrier) -> {
                for (int bt = member; bt < g.batch(); bt += team) {
                    single(kern, g, bt, a, b, c, 1, null);
                }
            });
            return;
        }
        int threads = flopsEach >= PARALLEL_FLOPS ? pool.size() : 1;
        for (int bt = 0; bt < g.batch(); bt++) {
            single(kern, g, bt, a, b, c, threads, epilogue);
        }
    }

    /** Batch entry {@code bt} on a team of up to {@code threads}, then the epilogue (null: none). */
    private void single(GemmKernel kern, Gemm g, int bt, Object a, Object b, Object c, int threads,
                        Epilogue epilogue) {
        int aOff = HeapBuffer.arrayIndex(g.offsetA() + bt * g.batchStrideA());
        int bOff = HeapBuffer.arrayIndex(g.offsetB() + bt * g.batchStrideB());
        int cOff = HeapBuffer.arrayIndex(g.offsetC() + bt * g.batchStrideC());
        int m = g.m();
        int n = g.n();
        if (g.k() == 0) {
            if (g.beta() != 1) {
                kern.scale(c, cOff, g.ldc(), m, n, g.beta());
            }
            if (epilogue != null) {
                epilogue.apply(0, m, 0, n);
            }
            return;
        }
        int panelsM = (m + kern.mr - 1) / kern.mr;
        int panelsN = (n + kern.nr - 1) / kern.nr;
        Problem p = new Problem(kern, g, a, aOff, b, bOff, c, cOff, epilogue);
        if (threads == 1) {
            p.columns(0, n);
        } else if (splitRows(kern, m, n, panelsM, panelsN, threads)) {
            int ncMax = Math.min(kern.nc, panelsN * kern.nr);
            int bLength = roundUp(Math.min(depthBlock(kern, ncMax), g.k()), kern.kc) * ncMax;
            Object shared0 = buffer(kern, B_SHARED0, bLength);
            Object shared1 = buffer(kern, B_SHARED1, bLength);
            pool.team(threads, (member, team, barrier) -> {
                int r0 = Math.min(m, panelsM * member / team * kern.mr);
                int r1 = Math.min(m, panelsM * (member + 1) / team * kern.mr);
                p.rows(r0, r1, member, team, barrier, shared0, shared1);
            });
        } else {
            pool.team(threads, (member, team, barrier) -> {
                int c0 = Math.min(n, panelsN * member / team * kern.nr);
                int c1 = Math.min(n, panelsN * (member + 1) / team * kern.nr);
                if (c0 < c1) {
                    p.columns(c0, c1);
                }
            });
        }
    }

    /**
     * Whether to split the rows (sharing packed B) rather than the columns (each member packing all of A): the split
     * whose busiest member computes fewer micro-tile cells wins (whole panels per member, so a 19-panel row split of
     * a 256-row product leaves one member 10% more work than a 32-panel column split); on a tie, the split that
     * duplicates the smaller packing (rows duplicate nothing but synchronize, columns duplicate A). Counting A's
     * packing in the work (a row member with kept A packs half as much A) moved square and MLP-sized products to
     * the row split; on the loaded development machine its barrier waits then took 3-15% of the samples, more than
     * the packing saved, so the split stays as measured on the quiet machine.
     */
    static boolean splitRows(GemmKernel kern, int m, int n, int panelsM, int panelsN, int threads) {
        long rowWork = (long) ((panelsM + threads - 1) / threads) * kern.mr * n;
        long colWork = (long) ((panelsN + threads - 1) / threads) * kern.nr * m;
        if (rowWork != colWork) {
            return rowWork < colWork;
        }
        return m >= n;
    }

    /**
     * Whether a member keeps its packed A ({@code PackedA}) for {@code rows} rows against {@code columns} columns
     * and depth {@code k}: when the columns span several column blocks and every packed block of the rows takes at
     * most twice the packed B super-block's size (n = 2048 in FLOAT32 fits).
     */
    private boolean keepsA(GemmKernel kern, int rows, int columns, int k) {
        return columns > kern.nc && keptA(kern, rows, k) <= 2L * bBlockElements;
    }

    /** Elements of the kept packed A of {@code rows} rows and depth {@code k}: every {@code mc x kc} block. */
    private static long keptA(GemmKernel kern, int rows, int k) {
        return (long) ((rows + kern.mc - 1) / kern.mc) * ((k + kern.kc - 1) / kern.kc) * kern.mc * kern.kc;
    }

    /**
     * The depth of a packed B super-block of {@code ncPad} columns: as many kc blocks as fit in the super-block size
     * ({@value #B_BLOCK_ELEMENTS} elements by default), at least one.
     */
    int depthBlock(GemmKernel kern, int ncPad) {
        return Math.max(kern.kc, bBlockElements / Math.max(ncPad, 1) / kern.kc * kern.kc);
    }

    private static int roundUp(int x, int step) {
        return (x + step - 1) / step * step;
    }

    /** The calling thread's buffer in {@code slot} for this kernel's type, with at least {@code length} elements. */
    private Object buffer(GemmKernel kern, int slot, int length) {
        Object[] s = scratch.get();
        int i = slot + (kern instanceof DoubleGemmKernel ? SLOTS : 0);
        if (!kern.fits(s[i], length)) {
            s[i] = kern.newArray(length);
        }
        return s[i];
    }

    /** One product with resolved offsets; the two loop nests (row split and column split) over it. */
    private final class Problem {
        final GemmKernel kern;
        final Gemm g;
        final Object a;
        final int aOff;
        final Object b;
        final int bOff;
        final Object c;
        final int cOff;
        final Epilogue epilogue;

        Problem(GemmKernel kern, Gemm g, Object a, int aOff, Object b, int bOff, Object c, int cOff,
                Epilogue epilogue) {
            this.kern = kern;
            this.g = g;
            this.a = a;
            this.aOff = aOff;
            this.b = b;
            this.bOff = bOff;
            this.c = c;
            this.cOff = cOff;
            this.epilogue = epilogue;
        }

        /** Rows {@code [r0, r1)} of C for one member of a row-split team sharing the packed B blocks. */
        void rows(int r0, int r1, int member, int team, WorkerPool.Barrier barrier, Object shared0, Object shared1) {
            int n = g.n();
            int k = g.k();
            boolean scaled = prescale(r0, r1 - r0, 0, n);
            PackedA aPack = new PackedA(r0, r1 - r0, n);
            int depth = depthBlock(kern, Math.min(kern.nc, roundUp(n, kern.nr)));
            int iter = 0;
            for (int jc = 0; jc < n; jc += kern.nc) {
                int nc = Math.min(kern.nc, n - jc);
                int panels = (nc + kern.nr - 1) / kern.nr;
                for (int kk = 0; kk < k; kk += depth) {
                    int kEnd = Math.min(k, kk + depth);
                    Object bPack = (iter++ & 1) == 0 ? shared0 : shared1;
                    for (int pc = kk; pc < kEnd; pc += kern.kc) {
                        kern.packB(b, bOff, g.ldb(), g.transB(), pc, Math.min(kern.kc, kEnd - pc), jc, nc,
                                panels * member / team, panels * (member + 1) / team, bPack,
                                subBlock(pc - kk, panels));
                    }
                    barrier.await();
                    for (int ic = r0; ic < r1; ic += kern.mc) {
                        int mc = Math.min(kern.mc, r1 - ic);
                        depthBlocks(aPack, jc == 0, bPack, kk, kEnd, ic, mc, jc, nc, panels, scaled);
                        finish(kEnd, ic, mc, jc, nc);
                    }
                }
            }
        }

        /** Columns {@code [c0, c1)} of C, all rows, packing A and B privately. */
        void columns(int c0, int c1) {
            int m = g.m();
            int k = g.k();
            boolean scaled = prescale(0, m, c0, c1 - c0);
            PackedA aPack = new PackedA(0, m, c1 - c0);
            int ncMax = Math.min(kern.nc, roundUp(c1 - c0, kern.nr));
            int depth = depthBlock(kern, ncMax);
            Object bPack = buffer(kern, B_PRIVATE, roundUp(Math.min(depth, k), kern.kc) * ncMax);
            for (int jc = c0; jc < c1; jc += kern.nc) {
                int nc = Math.min(kern.nc, c1 - jc);
                int panels = (nc + kern.nr - 1) / kern.nr;
                for (int kk = 0; kk < k; kk += depth) {
                    int kEnd = Math.min(k, kk + depth);
                    for (int pc = kk; pc < kEnd; pc += kern.kc) {
                        kern.packB(b, bOff, g.ldb(), g.transB(), pc, Math.min(kern.kc, kEnd - pc), jc, nc, 0, panels,
                                bPack, subBlock(pc - kk, panels));
                    }
                    for (int ic = 0; ic < m; ic += kern.mc) {
                        int mc = Math.min(kern.mc, m - ic);
                        depthBlocks(aPack, jc == c0, bPack, kk, kEnd, ic, mc, jc, nc, panels, scaled);
                        finish(kEnd, ic, mc, jc, nc);
                    }
                }
            }
        }

        /**
         * The rows {@code [ic, ic+mc)} of one column block against the packed B blocks of depth {@code [kk, kEnd)}:
         * C's block stays in L2 while the depth blocks go by. A's blocks are packed unless {@code aPack} kept them
         * from the member's first column block ({@code firstColumns}).
         */
        private void depthBlocks(PackedA aPack, boolean firstColumns, Object bPack, int kk, int kEnd, int ic, int mc,
                                 int jc, int nc, int panels, boolean scaled) {
            for (int pc = kk; pc < kEnd; pc += kern.kc) {
                int kc = Math.min(kern.kc, kEnd - pc);
                int ao = aPack.offset(ic, pc);
                if (firstColumns || !aPack.kept) {
                    kern.packA(a, aOff, g.lda(), g.transA(), ic, mc, pc, kc, g.alpha(), aPack.panels, ao);
                }
                macro(aPack.panels, ao, bPack, subBlock(pc - kk, panels), ic, mc, jc, nc, kc, pc > 0 || scaled);
            }
        }

        /**
         * One member's packed A: for rows {@code [row0, row0+rows)} against {@code columns} columns of C. When
         * {@link #keepsA} says so, every {@code mc x kc} block of the rows and the whole depth is kept (block (i, p)
         * at {@code (i * depthBlocks + p) * mc * kc}), packed at the first column block and read by the others; else
         * one block, repacked at each use. Packing A took 6-8% of a single-thread product at n = 1024 and 2048 (JFR,
         * Zen 3), repeated at each column block.
         */
        private final class PackedA {
            final boolean kept;
            final Object panels;
            private final int row0;
            private final int depthBlocks;

            PackedA(int row0, int rows, int columns) {
                this.row0 = row0;
                this.depthBlocks = (g.k() + kern.kc - 1) / kern.kc;
                this.kept = keepsA(kern, rows, columns, g.k());
                this.panels = buffer(kern, A_PACK, kept ? (int) keptA(kern, rows, g.k()) : kern.mc * kern.kc);
            }

            /** Offset of the packed block of rows from {@code ic} and depth from {@code pc}. */
            int offset(int ic, int pc) {
                return kept ? ((ic - row0) / kern.mc * depthBlocks + pc / kern.kc) * kern.mc * kern.kc : 0;
            }
        }

        /** The epilogue on a block of C once the depth blocks up to {@code kEnd} have covered all of the depth. */
        private void finish(int kEnd, int ic, int mc, int jc, int nc) {
            if (epilogue != null && kEnd == g.k()) {
                epilogue.apply(ic, mc, jc, nc);
            }
        }

        /** Offset of the packed B block at depth {@code offset} (a multiple of kc) in a super-block. */
        private int subBlock(int offset, int panels) {
            return offset * panels * kern.nr;
        }

        /**
         * Applies beta to a block of C before the first depth block; returns whether the kernels must then add to C
         * (beta != 0) rather than overwrite it.
         */
        private boolean prescale(int row, int rows, int col, int cols) {
            double beta = g.beta();
            if (beta != 0 && beta != 1 && rows > 0 && cols > 0) {
                kern.scale(c, cOff + row * g.ldc() + col, g.ldc(), rows, cols, beta);
            }
            return beta != 0;
        }

        /**
         * All micro-tiles of the packed A block at {@code aPack[aBase]} against the packed B block at
         * {@code bPack[bBase]}.
         */
        private void macro(Object aPack, int aBase, Object bPack, int bBase, int ic, int mc, int jc, int nc, int kc,
                           boolean accumulate) {
            int mr = kern.mr;
            int nr = kern.nr;
            int ldc = g.ldc();
            Object tile = null;
            for (int t = 0; t * nr < nc; t++) {
                int cols = Math.min(nr, nc - t * nr);
                int bo = bBase + t * nr * kc;
                for (int q = 0; q * mr < mc; q++) {
                    int rows = Math.min(mr, mc - q * mr);
                    int ci = cOff + (ic + q * mr) * ldc + jc + t * nr;
                    int ao = aBase + q * mr * kern.kc;
                    if (rows == mr && cols == nr) {
                        kern.kernel(kc, aPack, ao, bPack, bo, c, ci, ldc, accumulate);
                    } else {
                        if (tile == null) {
                            tile = buffer(kern, TILE, mr * nr);
                        }
                        kern.kernel(kc, aPack, ao, bPack, bo, tile, 0, nr, false);
                        kern.storeTile(tile, c, ci, ldc, rows, cols, accumulate);
                    }
                }
            }
        }
    }
}
