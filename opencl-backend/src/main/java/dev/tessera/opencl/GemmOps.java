package dev.tessera.opencl;

import dev.tessera.DType;
import dev.tessera.backend.DeviceInfo;
import dev.tessera.backend.Gemm;
import dev.tessera.opencl.ProgramCache.Family;

/**
 * Launcher of gemm.cl: picks a block configuration from the problem size and the device's limits (work-group size,
 * local memory, compute units), then launches one work-group per output block and batch (batches in launches of at
 * most 65535, the limit of the third grid dimension on some drivers).
 */
final class GemmOps {
    /** Largest number of batches one launch covers. */
    private static final int MAX_BATCHES_PER_LAUNCH = 65535;

    /**
     * A block configuration of gemm.cl: a bm x bn block of C per work-group of (bn/tn) x (bm/tm) work items, k in
     * steps of bk.
     */
    record Config(int bm, int bn, int bk, int tm, int tn) {
        int wgx() {
            return bn / tn;
        }

        int wgy() {
            return bm / tm;
        }

        /** Local memory of the two double-buffered tiles. */
        long localBytes(DType dtype) {
            return 2L * bk * (bm + 4 + bn + 4) * dtype.byteSize();
        }

        String defines() {
            return "-D BM=" + bm + " -D BN=" + bn + " -D BK=" + bk + " -D TM=" + tm + " -D TN=" + tn;
        }

        /** Work-groups covering an m x n output, per batch. */
        long blocks(int m, int n) {
            return (long) ((m + bm - 1) / bm) * ((n + bn - 1) / bn);
        }
    }

    /** Configurations from the largest (highest arithmetic intensity) to the smallest (most work-groups). */
    static final Config[] GPU_CONFIGS = {
            new Config(128, 128, 8, 8, 8),
            new Config(64, 64, 8, 4, 4),
            new Config(32, 32, 8, 4, 4),
    };

    /**
     * On CPU devices (PoCL) a work-group's items run as loops between barriers, so small groups with big register
     * tiles and few barriers (bk 16) win: 64x64x16 ran 512^3 and 1024^3 at about 37 GFLOP/s on 2 shared Xeon
     * cores, against 4 to 16 GFLOP/s for the GPU shapes.
     */
    static final Config[] CPU_CONFIGS = {
            new Config(64, 64, 16, 8, 8),
            new Config(32, 32, 16, 8, 8),
    };

    private final ClContext cx;

    GemmOps(ClContext cx) {
        this.cx = cx;
    }

    /** See {@link dev.tessera.backend.Backend#matmul}. */
    void matmul(Gemm g, ClBuffer a, ClBuffer b, ClBuffer c) {
        if (g.batch() == 0 || g.m() == 0 || g.n() == 0) {
            return;
        }
        DType t = c.dtype();
        Config[] candidates = cx.device.kind() == DeviceInfo.Kind.CPU ? CPU_CONFIGS : GPU_CONFIGS;
        for (int i = 0; i < candidates.length; i++) {
            Config cfg = candidates[i];
            boolean last = i + 1 == candidates.length;
            if (!last && cfg.blocks(g.m(), g.n()) * g.batch() < cx.device.computeUnits()) {
                continue; // too few work-groups to occupy the device: try a smaller block
            }
            ClKernel k = kernel(g, t, cfg);
            if (k != null) {
                launch(g, a, b, c, cfg, k);
                return;
            }
        }
        for (Config cfg : candidates) {
            ClKernel k = kernel(g, t, cfg);
            if (k != null) {
                launch(g, a, b, c, cfg, k);
                return;
            }
        }
        throw new OpenClException(cx.spec + " (" + cx.device.name() + "): no GEMM block configuration fits this "
                + "device (max work-group " + cx.device.maxWorkGroupSize() + ", local memory "
                + cx.device.localMemBytes() + " bytes)");
    }

    /** Runs the product with block configuration {@code config}, which must fit the device (for tests). */
    void matmul(Gemm g, ClBuffer a, ClBuffer b, ClBuffer c, Config config) {
        ClKernel k = kernel(g, c.dtype(), config);
        if (k == null) {
            throw new IllegalArgumentException(config + " does not fit " + cx.device.name());
        }
        if (g.batch() > 0 && g.m() > 0 && g.n() > 0) {
            launch(g, a, b, c, config, k);
        }
    }

    /** The kernel for this product and configuration, or null when the configuration does not fit the device. */
    private ClKernel kernel(Gemm g, DType t, Config cfg) {
        long wg = (long) cfg.wgx() * cfg.wgy();
        if (wg > cx.device.maxWorkGroupSize() || cfg.localBytes(t) > cx.device.localMemBytes()) {
            return null;
        }
        ClKernel k = cx.programs.kernel(Family.GEMM, ClContext.typeDefines(t) + " " + cfg.defines()
                + " -D TRANS_A=" + (g.transA() ? 1 : 0) + " -D TRANS_B=" + (g.transB() ? 1 : 0), "gemm");
        return cx.programs.maxWorkGroupSize(k) >= wg ? k : null;
    }

    private void launch(Gemm g, ClBuffer a, ClBuffer b, ClBuffer c, Config config, ClKernel kernel) {
        DType t = c.dtype();
        int vecA = aligned(g.offsetA(), g.lda(), g.batchStrideA(), g.batch());
        int vecB = aligned(g.offsetB(), g.ldb(), g.batchStrideB(), g.batch());
        int vecC = aligned(g.offsetC(), g.ldc(), g.batchStrideC(), g.batch());
        long gx = (long) (g.n() + config.bn() - 1) / config.bn() * config.wgx();
        long gy = (long) (g.m() + config.bm() - 1) / config.bm() * config.wgy();
        long[] local = {config.wgx(), config.wgy(), 1};
        for (int first = 0; first < g.batch(); first += MAX_BATCHES_PER_LAUNCH) {
            int batches = Math.min(MAX_BATCHES_PER_LAUNCH, g.batch() - first);
            cx.launcher.launch(kernel, new long[]{gx, gy, batches}, local, a, b, c, g.m(), g.n(), g.k(),
                    g.offsetA(), g.lda(), g.batchStrideA(), g.offsetB(), g.ldb(), g.batchStrideB(), g.offsetC(),
                    g.ldc(), g.batchStrideC(), Launcher.scalar(t, g.alpha()), Launcher.scalar(t, g.beta()), first,
                    vecA, vecB, vecC);
        }
    }

    /** 1 when 4-wide accesses of a matrix are 16-byte aligned: offset, leading dimension and batch stride. */
    private static int aligned(long offset, int ld, long batchStride, int batch) {
        return offset % 4 == 0 && ld % 4 == 0 && (batch == 1 || batchStride % 4 == 0) ? 1 : 0;
    }
}
