package dev.tessera.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;

import jcuda.driver.CUresult;

/** {@link DeviceMemory} through the CUDA driver: cuMemAlloc, cuMemFree and cuMemGetInfo in the device's context. */
final class DriverMemory implements DeviceMemory {
    private final CudaContext context;

    DriverMemory(CudaContext context) {
        this.context = context;
    }

    @Override
    public Block allocate(long bytes) {
        context.makeCurrent();
        DevicePointer p = new DevicePointer();
        int r = cuMemAlloc(p, bytes);
        if (r == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            return null;
        }
        CudaException.check(r, "cuMemAlloc(" + bytes + " bytes)");
        return new Block(bytes, p.address(), p);
    }

    @Override
    public void release(Block block) {
        context.makeCurrent();
        CudaException.check(cuMemFree(block.pointer), "cuMemFree(" + block + ")");
    }

    @Override
    public void synchronize() {
        context.synchronize();
    }

    @Override
    public long[] freeAndTotal() {
        context.makeCurrent();
        long[] free = new long[1];
        long[] total = new long[1];
        CudaException.check(cuMemGetInfo(free, total), "cuMemGetInfo");
        return new long[]{free[0], total[0]};
    }
}
