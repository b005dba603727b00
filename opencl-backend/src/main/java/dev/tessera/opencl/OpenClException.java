package dev.tessera.opencl;

import org.jocl.CL;

/**
 * An OpenCL call that failed: the message names the call (and kernel or buffer involved) and the error code by name,
 * e.g. {@code clEnqueueNDRangeKernel(gemm_nn): CL_INVALID_WORK_GROUP_SIZE (-54)}.
 */
public class OpenClException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The OpenCL error code, or 0 when the failure is not an OpenCL status (for example a build log). */
    private final int code;

    /** An exception for a failed call with status {@code code}. */
    public OpenClException(String call, int code) {
        super(call + ": " + errorName(code) + " (" + code + ")");
        this.code = code;
    }

    /** An exception with a full message and no OpenCL status (e.g. a request larger than the device allows). */
    public OpenClException(String message) {
        super(message);
        this.code = 0;
    }

    /** The OpenCL status code (0 when none). */
    public int code() {
        return code;
    }

    /** Throws an {@link OpenClException} for {@code call} unless {@code code} is {@code CL_SUCCESS}. */
    static void check(int code, String call) {
        if (code != CL.CL_SUCCESS) {
            throw new OpenClException(call, code);
        }
    }

    /** The symbolic name of an OpenCL status, e.g. {@code CL_OUT_OF_RESOURCES}. */
    static String errorName(int code) {
        return CL.stringFor_errorCode(code);
    }
}
