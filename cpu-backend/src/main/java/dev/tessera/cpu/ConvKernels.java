package dev.tessera.cpu;

import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.fused.ConvFamily;
import dev.tessera.backend.fused.FusedKernels;
import dev.tessera.ConvShape;
import dev.tessera.backend.reference.HeapBuffer;
import dev.tessera.cpu.gemm.GemmKernel;

/**
 * The CPU's kernels for the {@link ConvFamily} ops: im2col one image and group at a time into a per-thread panel
 * {@code cols [(C/groups) KH KW, OH OW]} that feeds the blocked GEMM ({@link GemmDriver}), so no window matrix of the
 * whole batch is ever built. Per image and group g:
 * <pre>
 *   forward:      y[n, g]  = W[g] cols(x[n, g])                      ([OUT/g, patch] x [patch, OH OW])
 *   input grad:   gx[n, g] = col2im(W[g]^T gy[n, g])                 (the panel scattered back, summed)
 *   weight grad:  gW[g]   += gy[n, g] cols(x[n, g])^T               (summed over the images)
 * </pre>
 * Threads: with at least as many images as threads, the images are spread over the pool and each product runs on
 * its thread (the GEMM sees a busy pool and stays single-threaded); the weight gradient then sums one partial per
 * thread. With fewer images, images run in turn and each product uses the whole pool. A 1x1 kernel with stride 1
 * and no padding reads its windows from x itself (and writes the input gradient in place).
 */
final class ConvKernels {
    private final Kernels k;
    private final WorkerPool pool;
    private final GemmDriver gemm;
    /** Per-thread panels, one per element type (float, double), grown on demand and kept. */
    private final ThreadLocal<Object[]> panels = ThreadLocal.withInitial(() -> new Object[2]);

    ConvKernels(Kernels kernels, WorkerPool pool, GemmDriver gemm) {
        this.k = kernels;
        this.pool = pool;
        this.gemm = gemm;
    }

    /** See {@link ConvFamily.Conv2d}. */
    /** Registers these kernels for the ops of {@link ConvFamily}. */
    void register(FusedKernels.Builder registry) {
        registry.register(ConvFamily.CONV2D, (be, a) -> forward(heap(a.input()), heap(a.weight()), heap(a.output()),
                        a.shape()))
                .register(ConvFamily.CONV2D_BACKWARD_INPUT, (be, a) -> backwardInput(heap(a.gradOutput()),
                        heap(a.weight()), heap(a.gradInput()), a.shape()))
                .register(ConvFamily.CONV2D_BACKWARD_WEIGHT, (be, a) -> backwardWeight(heap(a.input()),
                        heap(a.gradOutput()), heap(a.gradWeight()), a.shape()));
    }

    private static HeapBuffer heap(Buffer b) {
        return (HeapBuffer) b;
    }

    void forward(HeapBuffer x, HeapBuffer w, HeapBuffer y, ConvShape s) {
        GemmKernel kern = gemmKernel(x);
        eachImage(s, n -> {
            for (int g = 0; g < s.groups(); g++) {
                Window cols = windows(kern, x.array(), s, n, g);
                gemm.run(kern, new Gemm(1, s.groupOut(), s.outPlane(), s.patch(), false, false,
                        g * s.groupOut() * s.patch(), s.patch(), 0, cols.offset, s.outPlane(), 0,
                        outputOffset(s, n, g), s.outPlane(), 0, 1.0, 0.0), w.array(), cols.array, y.array());
            }
        });
    }

    /** See {@link ConvFamily.Conv2dBackwardInput}. */
    void backwardInput(HeapBuffer gy, HeapBuffer w, HeapBuffer gx, ConvShape s) {
        GemmKernel kern = gemmKernel(gy);
        boolean direct = readsInputDirectly(s);
        eachImage(s, n -> {
            for (int g = 0; g < s.groups(); g++) {
                Object target = direct ? gx.array() : panel(kern, s);
                int targetOffset = direct ? inputOffset(s, n, g) : 0;
                gemm.run(kern, new Gemm(1, s.patch(), s.outPlane(), s.groupOut(), true, false,
                        g * s.groupOut() * s.patch(), s.patch(), 0, outputOffset(s, n, g), s.outPlane(), 0,
                        targetOffset, s.outPlane(), 0, 1.0, 0.0), w.array(), gy.array(), target);
                if (!direct) {
                    col2im(target, gx.array(), s, n, g);
                }
            }
        });
    }

    /** See {@link ConvFamily.Conv2dBackwardWeight}. */
    void backwardWeight(HeapBuffer x, HeapBuffer gy, HeapBuffer gw, ConvShape s) {
        GemmKernel kern = gemmKernel(x);
        int members = s.batch() >= pool.size() ? pool.size() : 1;
        Object[] partials = new Object[members];
        pool.team(members, (member, team, barrier) -> {
            int n0 = s.batch() * member / team;
            int n1 = s.batch() * (member + 1) / team;
            Object sum = member == 0 ? gw.array() : kern.newArray(s.weightNumel());
            partials[member] = sum;
            for (int n = n0; n < n1; n++) {
                for (int g = 0; g < s.groups(); g++) {
                    Window cols = windows(kern, x.array(), s, n, g);
                    gemm.run(kern, new Gemm(1, s.groupOut(), s.patch(), s.outPlane(), false, true,
                            outputOffset(s, n, g), s.outPlane(), 0, cols.offset, s.outPlane(), 0,
                            g * s.groupOut() * s.patch(), s.patch(), 0, 1.0, n == n0 ? 0.0 : 1.0),
                            gy.array(), cols.array, sum);
                }
            }
        });
        for (int m = 1; m < members; m++) {
            if (partials[m] != null) { // null when the pool was busy and ran fewer members
                add(gw.array(), 0, 1, partials[m], 0, s.weightNumel());
            }
        }
    }

    // ---------------------------------------------------------------- images, windows, panels

    /** The body of one image. */
    private interface ImageTask {
        void run(int n);
    }

    /** Runs {@code task} for every image: spread over the pool when there are enough images, else in turn. */
    private void eachImage(ConvShape s, ImageTask task) {
        if (s.batch() >= pool.size()) {
            pool.parallelFor(s.batch(), 1, (n0, n1) -> {
                for (int n = n0; n < n1; n++) {
                    task.run(n);
                }
            });
        } else {
            for (int n = 0; n < s.batch(); n++) {
                task.run(n);
            }
        }
    }

    /** Where the windows of one image and group are: x itself for a pointwise convolution, else a filled panel. */
    private record Window(Object array, int offset) {
    }

    private Window windows(GemmKernel kern, Object x, ConvShape s, int n, int g) {
        if (readsInputDirectly(s)) {
            return new Window(x, inputOffset(s, n, g));
        }
        Object cols = panel(kern, s);
        im2col(x, cols, s, n, g);
        return new Window(cols, 0);
    }

    /** Whether the windows are x itself: a 1x1 kernel, stride 1, no padding, output the size of the input. */
    static boolean readsInputDirectly(ConvShape s) {
        return s.taps() == 1 && s.strideH() == 1 && s.strideW() == 1 && s.padH() == 0 && s.padW() == 0
                && s.outH() == s.height() && s.outW() == s.width();
    }

    /** This thread's panel of at least {@code patch OH OW} elements of the kernel's type. */
    private Object panel(GemmKernel kern, ConvShape s) {
        Object[] mine = panels.get();
        int slot = kern == k.floatGemm() ? 0 : 1;
        int length = s.patch() * s.outPlane();
        if (!kern.fits(mine[slot], length)) {
            mine[slot] = kern.newArray(length);
        }
        return mine[slot];
    }

    /**
     * One output row of one panel row: panel elements {@code [d, d + OW)} of the columns; the input element that
     * output column j0 reads is {@code x[src]} ({@code src < 0}: the tap's input row is padding), and output columns
     * {@code [j0, j1)} read inside the input, one input column per {@code strideW}.
     */
    @FunctionalInterface
    private interface PanelRow {
        void visit(int d, int src, int j0, int j1);
    }

    /**
     * Visits the panel rows {@code (c KH + ky) KW + kx} of image n, group g, output row by output row, with the
     * input positions they read (see {@link PanelRow}); im2col and col2im are this walk.
     */
    private static void eachPanelRow(ConvShape s, int n, int g, PanelRow visit) {
        int ow = s.outW();
        int row = 0;
        for (int c = 0; c < s.groupIn(); c++) {
            int plane = inputOffset(s, n, g) + c * s.inPlane();
            for (int ky = 0; ky < s.kernelH(); ky++) {
                for (int kx = 0; kx < s.kernelW(); kx++) {
                    int j0 = firstInside(s, kx);
                    int j1 = Math.max(j0, endInside(s, kx));
                    for (int i = 0; i < s.outH(); i++) {
                        int iy = s.inputRow(i, ky);
                        boolean inside = iy >= 0 && iy < s.height();
                        visit.visit((row * s.outH() + i) * ow, inside ? plane + iy * s.width() + s.inputCol(j0, kx)
                                : -1, j0, j1);
                    }
                    row++;
                }
            }
        }
    }

    /**
     * Fills {@code cols[(c KH + ky) KW + kx, i OW + j]} with {@code x[n, g Cg + c, iy, ix]} for the input position
     * of tap (ky, kx) at output (i, j), 0 for padding: per panel row and output row, a zero run, one strided copy
     * of the columns inside the input, and a zero run.
     */
    static void im2col(Object x, Object cols, ConvShape s, int n, int g) {
        Object zero = java.lang.reflect.Array.newInstance(x.getClass().getComponentType(), 1);
        int ow = s.outW();
        eachPanelRow(s, n, g, (d, src, j0, j1) -> {
            if (src < 0) {
                Copies.copy(zero, 0, 0, cols, d, 1, ow);
                return;
            }
            Copies.copy(zero, 0, 0, cols, d, 1, j0);
            if (j0 < j1) {
                Copies.copy(x, src, s.strideW(), cols, d + j0, 1, j1 - j0);
            }
            Copies.copy(zero, 0, 0, cols, d + j1, 1, ow - j1);
        });
    }

    /** The adjoint of {@link #im2col}: zeroes image n, group g of gx and adds every panel element where it was read. */
    private void col2im(Object cols, Object gx, ConvShape s, int n, int g) {
        Object zero = java.lang.reflect.Array.newInstance(gx.getClass().getComponentType(), 1);
        Copies.copy(zero, 0, 0, gx, inputOffset(s, n, g), 1, s.groupIn() * s.inPlane());
        eachPanelRow(s, n, g, (d, src, j0, j1) -> {
            if (src >= 0 && j0 < j1) {
                add(gx, src, s.strideW(), cols, d + j0, j1 - j0);
            }
        });
    }

    /** The first output column whose tap kx reads inside the input ({@code inputCol >= 0}), at most OW. */
    private static int firstInside(ConvShape s, int kx) {
        int before = s.padW() - kx * s.dilationW();
        return Math.min(s.outW(), before <= 0 ? 0 : (before + s.strideW() - 1) / s.strideW());
    }

    /** One past the last output column whose tap kx reads inside the input ({@code inputCol < W}), at least 0. */
    private static int endInside(ConvShape s, int kx) {
        int last = s.width() - 1 + s.padW() - kx * s.dilationW();
        return last < 0 ? 0 : Math.min(s.outW(), last / s.strideW() + 1);
    }

    /** {@code dst[d + i ds] += src[so + i]} for {@code i < count}. */
    private void add(Object dst, int d, int ds, Object src, int so, int count) {
        if (dst instanceof float[] f) {
            k.binary(BinaryOp.ADD, f, d, ds, (float[]) src, so, 1, f, d, ds, count);
        } else {
            double[] o = (double[]) dst;
            k.binary(BinaryOp.ADD, o, d, ds, (double[]) src, so, 1, o, d, ds, count);
        }
    }

    private GemmKernel gemmKernel(HeapBuffer b) {
        return b.f != null ? k.floatGemm() : k.doubleGemm();
    }

    /** Offset of channel {@code g Cg} of image n in x. */
    private static int inputOffset(ConvShape s, int n, int g) {
        return (n * s.inChannels() + g * s.groupIn()) * s.inPlane();
    }

    /** Offset of channel {@code g OUT/groups} of image n in y. */
    private static int outputOffset(ConvShape s, int n, int g) {
        return (n * s.outChannels() + g * s.groupOut()) * s.outPlane();
    }
}
