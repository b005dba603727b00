package dev.tessera.opencl;

import dev.tessera.DType;
import dev.tessera.backend.RandomDistribution;
import dev.tessera.backend.UnsupportedPrimitiveException;
import dev.tessera.opencl.ProgramCache.Family;

/**
 * Launcher of random.cl: fills a buffer with a Philox draw that matches {@link dev.tessera.random.Philox#fill} bit
 * for bit. Bit-exactness needs correctly rounded float division and square root: from
 * {@code -cl-fp32-correctly-rounded-divide-sqrt} when the device supports it, else rounded through double when it
 * has cl_khr_fp64; a device with neither reports random as unsupported rather than produce different numbers.
 */
final class RandomOps {
    private final ClContext cx;
    private final boolean divideThroughDouble;

    /**
     * @param divideThroughDouble round division and square root through double even when the device has correctly
     *                            rounded float ones (tests use this to check that path)
     */
    RandomOps(ClContext cx, boolean divideThroughDouble) {
        this.cx = cx;
        this.divideThroughDouble = divideThroughDouble || !cx.device.correctlyRoundedDivideSqrt();
    }

    /** See {@link dev.tessera.backend.Backend#random}. */
    void random(RandomDistribution dist, ClBuffer dst, long count, long seed, long streamOffset, double a, double b) {
        if ((streamOffset & 3) != 0 || streamOffset < 0) {
            throw new IllegalArgumentException(cx.spec + ": random stream offset must be a non-negative multiple of "
                    + "4 (a Philox block), got " + streamOffset);
        }
        if (count == 0) {
            return;
        }
        if (divideThroughDouble && !cx.device.fp64()) {
            throw new UnsupportedPrimitiveException(cx.spec, "bit-exact Philox random numbers on " + cx.device.name()
                    + " (it has neither correctly rounded float division/sqrt nor cl_khr_fp64)");
        }
        DType t = dst.dtype();
        String defines = ClContext.typeDefines(t) + (divideThroughDouble ? " -D PHILOX_DIV_DOUBLE -D NEED_FP64" : "");
        String name = switch (dist) {
            case UNIFORM -> "philox_uniform";
            case NORMAL -> "philox_normal_fill";
            case BERNOULLI -> "philox_bernoulli";
        };
        int perBlock = 4 / dist.wordsPerElement();
        long blocks = (count + perBlock - 1) / perBlock;
        ClKernel k = cx.programs.kernel(Family.RANDOM, defines, name);
        cx.launch1d(k, blocks, dst, count, (int) seed, (int) (seed >>> 32), streamOffset >>> 2, (float) a, (float) b);
    }
}
