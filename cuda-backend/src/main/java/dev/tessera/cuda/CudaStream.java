package dev.tessera.cuda;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import dev.tessera.DType;
import jcuda.driver.CUresult;

/**
 * {@link Stream} on the CUDA driver: launches with the shared {@link KernelArgs} block and precomputed CUfunction
 * handles, copies and memsets on the backend's stream, nothing synchronous. With {@code -Dtessera.cuda.sync=true}
 * every launch is followed by a stream synchronisation, so an asynchronous fault names its kernel.
 */
final class CudaStream implements Stream {
    /** The debugging switch that synchronises after every launch. */
    static final String SYNC_PROPERTY = "tessera.cuda.sync";

    private final CudaContext context;
    private final KernelTable kernels;
    private final CudaBackend backend;
    private final int multiprocessors;
    private final boolean syncEachLaunch;
    private final KernelArgs args = new KernelArgs();
    private long launches;

    CudaStream(CudaContext context, KernelTable kernels, CudaBackend backend, int multiprocessors) {
        this.context = context;
        this.kernels = kernels;
        this.backend = backend;
        this.multiprocessors = multiprocessors;
        this.syncEachLaunch = Boolean.getBoolean(SYNC_PROPERTY);
    }

    @Override
    public KernelArgs args() {
        return args.reset();
    }

    @Override
    public void launch(String name, LaunchConfig c) {
        launches++;
        int r = cuLaunchKernel(kernels.get(name), c.gridX(), c.gridY(), c.gridZ(), c.blockX(), c.blockY(), 1, 0,
                context.stream, args.kernelParams(), null);
        if (r != CUresult.CUDA_SUCCESS) {
            throw new CudaException("launching kernel " + name + " (" + c + ", " + args.size() + " argument bytes)",
                    r, null);
        }
        if (syncEachLaunch) {
            r = cuStreamSynchronize(context.stream);
            if (r != CUresult.CUDA_SUCCESS) {
                throw new CudaException("kernel " + name + " (" + c + ")", r, "reported by the synchronisation after "
                        + "it (-D" + SYNC_PROPERTY + "=true)");
            }
        }
    }

    /** Kernels launched so far (read under the backend's lock). */
    long launches() {
        return launches;
    }

    @Override
    public void copy(CudaBuffer dst, long dstIndex, CudaBuffer src, long srcIndex, long bytes) {
        CudaException.check(cuMemcpyDtoDAsync(dst.pointer(dstIndex), src.pointer(srcIndex), bytes, context.stream),
                "cuMemcpyDtoDAsync(" + bytes + " bytes)");
    }

    @Override
    public void fill32(CudaBuffer dst, long index, int pattern, long count) {
        CudaException.check(cuMemsetD32Async(dst.pointer(index), pattern, count, context.stream),
                "cuMemsetD32Async(" + count + " words)");
    }

    @Override
    public CudaBuffer scratch(DType dtype, long numel) {
        return backend.allocateBuffer(dtype, numel);
    }

    @Override
    public void release(CudaBuffer buffer) {
        backend.free(buffer);
    }

    @Override
    public int multiprocessors() {
        return multiprocessors;
    }
}
