package dev.tessera.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;

/**
 * One device's primary context (shared with cuBLAS) and the single stream all of the backend's work runs on.
 * {@link #makeCurrent()} binds the context to the calling thread the first time that thread touches the device,
 * so any thread (including a Cleaner's) may call in.
 */
final class CudaContext {
    /** The context last made current on each thread (identity), so rebinding costs one ThreadLocal read. */
    private static final ThreadLocal<CUcontext> CURRENT = new ThreadLocal<>();

    final int ordinal;
    final CUdevice device = new CUdevice();
    final CUcontext context = new CUcontext();
    final CUstream stream = new CUstream();

    CudaContext(int ordinal) {
        this.ordinal = ordinal;
        CudaException.check(cuDeviceGet(device, ordinal), "cuDeviceGet(" + ordinal + ")");
        CudaException.check(cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain(" + ordinal + ")");
        makeCurrent();
        CudaException.check(cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
    }

    /** Makes this device's primary context current on the calling thread (a no-op when it already is). */
    void makeCurrent() {
        if (CURRENT.get() != context) {
            CudaException.check(cuCtxSetCurrent(context), "cuCtxSetCurrent(cuda:" + ordinal + ")");
            CURRENT.set(context);
        }
    }

    /** Waits for all work queued on the stream; asynchronous kernel failures surface here. */
    void synchronize() {
        makeCurrent();
        int r = cuStreamSynchronize(stream);
        if (r != 0) {
            throw new CudaException("cuStreamSynchronize", r, "an earlier asynchronous operation on cuda:" + ordinal
                    + " failed; run with -Dtessera.cuda.sync=true to find which kernel");
        }
    }
}
