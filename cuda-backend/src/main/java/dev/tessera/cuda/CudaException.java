package dev.tessera.cuda;

import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * A failed CUDA driver, cuBLAS or kernel call: the message names the call (or kernel) and the error, e.g.
 * {@code cuMemcpyDtoHAsync failed: CUDA_ERROR_ILLEGAL_ADDRESS (an illegal memory access was encountered)}.
 */
public class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The CUresult code, or -1 when the failure has none. */
    private final int code;

    /** An exception for {@code call} failing with driver result {@code code}, plus an optional hint. */
    CudaException(String call, int code, String hint) {
        super(call + " failed: " + describe(code) + (hint == null ? "" : "; " + hint));
        this.code = code;
    }

    /** An exception with a complete message and no driver result. */
    CudaException(String message) {
        super(message);
        this.code = -1;
    }

    /** The CUresult code of the failed call, or -1. */
    public int code() {
        return code;
    }

    /** Throws a {@link CudaException} naming {@code call} unless {@code result} is CUDA_SUCCESS. */
    static void check(int result, String call) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new CudaException(call, result, null);
        }
    }

    /** {@code NAME (description)} of a driver result, from cuGetErrorName / cuGetErrorString. */
    static String describe(int code) {
        String[] name = new String[1];
        String[] text = new String[1];
        boolean named = JCudaDriver.cuGetErrorName(code, name) == CUresult.CUDA_SUCCESS && name[0] != null;
        boolean explained = JCudaDriver.cuGetErrorString(code, text) == CUresult.CUDA_SUCCESS && text[0] != null;
        String n = named ? name[0] : CUresult.stringFor(code);
        return explained ? n + " (" + text[0] + ")" : n;
    }
}
