package dev.tessera.cpu.gemm;

/**
 * The portable FLOAT64 micro-kernel (4 x 16): plain Java loops over C rows held in L1, which C2 vectorizes along the
 * 16 columns. Used without the Vector API module and when fast paths are disabled.
 */
public final class ScalarDoubleGemm extends DoubleGemmKernel {

    /** A kernel with 4 x 16 tiles and blocks for a 32 KiB L1 and a 1 MiB L2 (in doubles). */
    public ScalarDoubleGemm() {
        super(4, 16, 128, 128, 512);
    }

    @Override
    public String describe() {
        return "scalar 4x16 fp64";
    }

    @Override
    public void kernel(int kc, Object apArray, int ao, Object bpArray, int bo, Object cArray, int co, int ldc,
                       boolean accumulate) {
        double[] ap = (double[]) apArray;
        double[] bp = (double[]) bpArray;
        double[] c = (double[]) cArray;
        if (!accumulate) {
            for (int r = 0; r < 4; r++) {
                java.util.Arrays.fill(c, co + r * ldc, co + r * ldc + 16, 0.0);
            }
        }
        int stride = this.kc;
        for (int p = 0; p < kc; p++) {
            int b = bo + p * 16;
            for (int r = 0; r < 4; r++) {
                double a = ap[ao + r * stride + p];
                int row = co + r * ldc;
                for (int j = 0; j < 16; j++) {
                    c[row + j] += a * bp[b + j];
                }
            }
        }
    }
}
